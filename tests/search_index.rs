//! The search index of the example site says what a result needs to state
//! the facts right: each award with its own month and level, the residence,
//! tags and decisions; and the unit kinds and example queries come from the
//! site's data. (The browser behaviour is in tests/browser/search.test.mjs.)

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn build_example() -> (tempfile::TempDir, Value, Vec<Value>) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(["build", "--output"])
        .arg(out.path().join("public"))
        .current_dir(repo)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let search = out.path().join("public/search");
    let read = |p: &Path| -> Value { serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap() };
    let meta = read(&search.join("meta.json"));
    let docs = meta["docs"].as_u64().unwrap() as usize;
    let chunk = meta["chunk"].as_u64().unwrap() as usize;
    let records = (0..docs.div_ceil(chunk))
        .flat_map(|c| {
            read(&search.join(format!("d/{c}.json")))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    (out, meta, records)
}

#[test]
fn every_award_keeps_its_own_month_level_and_decision() {
    let (_dir, meta, records) = build_example();
    let hung = records
        .iter()
        .find(|r| r[1] == "Nguyễn Mạnh Hùng")
        .expect("the example story of Nguyễn Mạnh Hùng is indexed");
    let levels: Vec<&str> = meta["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l[1].as_str().unwrap())
        .collect();
    let awards: Vec<(String, &str, String)> = hung[5]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let level = levels[a[1].as_u64().unwrap() as usize];
            (
                a[0].as_str().unwrap().to_string(),
                level,
                a[2].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        awards,
        [
            (
                "2023-05".into(),
                "Cấp phường",
                "Quyết định số 38/QĐ-UBND ngày 26/5/2023 của Chủ tịch Ủy ban nhân dân phường Nguyễn Du".into()
            ),
            (
                "2023-06".into(),
                "Cấp quận",
                "Quyết định số 2315/QĐ-UBND ngày 28/6/2023 của Chủ tịch Ủy ban nhân dân quận Hai Bà Trưng".into()
            ),
            (
                "2023-09".into(),
                "Cấp thành phố",
                "Quyết định số 3862/QĐ-UBND ngày 22/9/2023 của Chủ tịch Ủy ban nhân dân Thành phố Hà Nội".into()
            ),
        ]
    );
    assert_eq!(
        hung[7], "Phường Nguyễn Du",
        "the residence, to say a match on it"
    );
    assert_eq!(hung[8], serde_json::json!(["cứu người", "đuối nước"]));
}

#[test]
fn unit_kinds_and_examples_come_from_the_data() {
    let (_dir, meta, records) = build_example();
    let prefixes: Vec<(String, String)> = serde_json::from_value(meta["prefixes"].clone()).unwrap();
    for (written, kind) in [
        ("p", "phuong"),
        ("phuong", "phuong"),
        ("q", "quan"),
        ("tp", "thanh pho"),
        ("x", "xa"),
        ("tt", "thi tran"),
    ] {
        assert!(
            prefixes.contains(&(written.to_string(), kind.to_string())),
            "{written} → {kind} missing from {prefixes:?}"
        );
    }
    let examples: Vec<String> = serde_json::from_value(meta["examples"].clone()).unwrap();
    assert_eq!(examples.len(), 3, "a name, a unit, a tag: {examples:?}");
    let folded = |v: &Value| bangvang::fold(v.as_str().unwrap_or(""));
    assert!(
        records.iter().any(|r| folded(&r[1]) == examples[0]),
        "{} is a person's name",
        examples[0]
    );
    assert!(
        meta["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| folded(&u[1]).contains(&format!(" {}", examples[1]))),
        "{} is a unit with stories",
        examples[1]
    );
    assert!(
        records.iter().any(|r| r[8]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| folded(t) == examples[2])),
        "{} is a tag",
        examples[2]
    );
}

#[test]
fn every_vocabulary_letter_and_pair_bucket_has_a_file() {
    // search.js asks for v/<letter>.json for any syllable a query has and for
    // any bucket a pair hashes to: a missing file would be a 404 in the
    // browser's console (an empty one is `[]` or `{}`).
    let (out, meta, _) = build_example();
    let search = out.path().join("public/search");
    for c in std::iter::once('0').chain('a'..='z') {
        assert!(
            search.join(format!("v/{c}.json")).is_file(),
            "no v/{c}.json"
        );
    }
    let buckets = meta["buckets"].as_u64().unwrap();
    for b in 0..buckets {
        assert!(
            search.join(format!("b/{b}.json")).is_file(),
            "no b/{b}.json"
        );
    }
}

#[test]
fn meta_lists_exactly_the_syllables_that_have_a_file() {
    // search.js asks for t/<syllable>.json only when meta.json's front-coded
    // list has the syllable: a listed syllable without a file would be a 404,
    // a file not listed a word never found.
    let (out, meta, _) = build_example();
    let coded = meta["syllables"].as_str().unwrap();
    let mut listed: Vec<String> = Vec::new();
    let mut prev = String::new();
    let starts: Vec<usize> = coded
        .char_indices()
        .filter(|(_, c)| c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .collect();
    for (k, &i) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(coded.len());
        let shared = (coded.as_bytes()[i] - b'A') as usize;
        let term = format!("{}{}", &prev[..shared], &coded[i + 1..end]);
        assert!(term > prev, "not sorted: {prev} then {term}");
        listed.push(term.clone());
        prev = term;
    }
    let t = out.path().join("public/search/t");
    let mut files: Vec<String> = std::fs::read_dir(&t)
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.trim_end_matches(".json").to_string()
        })
        .collect();
    files.sort();
    // A Windows-reserved syllable's file has a `_` (src/site/urls.rs
    // term_file; the example site has "con"); none is over 64 letters.
    let reserved = |s: &str| {
        matches!(s, "con" | "prn" | "aux" | "nul")
            || (s.len() == 4
                && (s.starts_with("com") || s.starts_with("lpt"))
                && matches!(s.as_bytes()[3], b'1'..=b'9'))
    };
    let mut named: Vec<String> = listed
        .iter()
        .map(|s| {
            assert!(s.len() <= 64, "{s}");
            if reserved(s) {
                format!("{s}_")
            } else {
                s.clone()
            }
        })
        .collect();
    named.sort();
    assert_eq!(named, files);
    assert!(listed.iter().any(|s| s == "nguyen") && listed.iter().any(|s| s == "3862"));
}
