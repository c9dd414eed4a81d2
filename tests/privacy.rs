//! Privacy fixtures (issue 10). Each `tests/fixtures/privacy/<case>/site/` is
//! built by the real binary and its WHOLE output tree must equal
//! `<case>/expected/`, byte for byte, so a refactoring cannot change what is
//! published unnoticed. `UPDATE_EXPECTED=1 cargo test --test privacy` rewrites
//! `expected/` (stale files deleted); review the diff.
//!
//! A snapshot can be blessed carelessly, so every case also has assertions a
//! reader relies on, independent of it: what must never be published is
//! searched for in every output file (pages, feeds, sitemap, search index,
//! bulletin, radio script), accents folded and JSON strings unescaped.
//! The images are made by `tests/fixtures/privacy/make_images.py`.

mod common;

use common::*;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

const CASES: [&str; 4] = ["consent", "dossier", "minor", "withdrawal"];

type Tree = Vec<(String, Vec<u8>)>;

fn case_dir(case: &str) -> std::path::PathBuf {
    fixtures().join("privacy").join(case)
}

/// Copies the case's site to a fresh folder (the fixture itself is never
/// written), builds it and returns the folder with the output tree.
fn build_site(site: &Path) -> (tempfile::TempDir, Tree) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(site, dir.path());
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(
        run.code,
        0,
        "{}: build failed\n{}",
        site.display(),
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let out = tree(&dir.path().join("public"));
    (dir, out)
}

fn build(case: &str) -> Tree {
    build_site(&case_dir(case).join("site")).1
}

#[test]
fn whole_output_trees_match_expected_and_are_deterministic() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut failures = Vec::new();
    for case in CASES {
        let got = build(case);
        // A second build in another folder: no time, path or hash order leaks in.
        if build(case) != got {
            failures.push(format!("{case}: two builds differ"));
        }
        let expected_dir = case_dir(case).join("expected");
        if update {
            write_tree(&expected_dir, &got);
        }
        failures.extend(diff_trees(case, &tree(&expected_dir), &got));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn write_tree(dir: &Path, files: &Tree) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Missing, extra and differing files; for text, the first differing line.
fn diff_trees(case: &str, want: &Tree, got: &Tree) -> Vec<String> {
    let want_map: std::collections::BTreeMap<_, _> = want.iter().cloned().collect();
    let got_map: std::collections::BTreeMap<_, _> = got.iter().cloned().collect();
    let mut out = Vec::new();
    for (rel, want_bytes) in &want_map {
        match got_map.get(rel) {
            None => out.push(format!("{case}: missing {rel}")),
            Some(g) if g != want_bytes => out.push(format!(
                "{case}: {rel} differs\n{}",
                first_diff(want_bytes, g)
            )),
            Some(_) => {}
        }
    }
    for rel in got_map.keys().filter(|r| !want_map.contains_key(*r)) {
        out.push(format!("{case}: extra file {rel}"));
    }
    if !out.is_empty() {
        out.push(format!(
            "{case}: if intended: UPDATE_EXPECTED=1 cargo test --test privacy"
        ));
    }
    out
}

fn first_diff(want: &[u8], got: &[u8]) -> String {
    let (Ok(w), Ok(g)) = (std::str::from_utf8(want), std::str::from_utf8(got)) else {
        return format!("binary: {} bytes expected, {} got", want.len(), got.len());
    };
    let (w, g): (Vec<_>, Vec<_>) = (w.lines().collect(), g.lines().collect());
    let at = (0..w.len().max(g.len()))
        .find(|&i| w.get(i) != g.get(i))
        .unwrap_or(0);
    let show = |lines: &[&str]| {
        let end = (at + 3).min(lines.len());
        lines.get(at..end).unwrap_or_default().join("\n+ ")
    };
    format!(
        "line {}:\n- {}\n+ {}",
        at + 1,
        show(&w).replace("\n+ ", "\n- "),
        show(&g)
    )
}

/// Text folded as the search folds it (NFD, marks dropped, đ → d,
/// lowercase), so "Xuyến", "xuyen" and "XUYEN" are one needle.
fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every string in a JSON value (keys too): the index writes "\u1ec5".
fn json_strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => out.push_str(s),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push_str(k);
            out.push('\n');
            json_strings(x, out);
        }),
        other => out.push_str(&other.to_string()),
    }
    out.push('\n');
}

/// What a reader could find in a file: its path, its text and, for JSON,
/// its strings unescaped.
fn searchable(rel: &str, bytes: &[u8]) -> String {
    let mut text = format!("{rel}\n{}\n", String::from_utf8_lossy(bytes));
    if rel.ends_with(".json") {
        let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        json_strings(&value, &mut text);
    }
    text
}

/// Whether `needle` occurs in `hay` as a whole word (so "2011" is not
/// found in "12011", nor "minh" in "minhanh").
fn has_word(hay: &str, needle: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    hay.match_indices(needle).any(|(i, m)| {
        !alnum(hay[..i].chars().next_back()) && !alnum(hay[i + m.len()..].chars().next())
    })
}

/// The files (by path) in which any needle occurs, needle by needle;
/// accents and case ignored when `folded`.
fn occurrences(files: &Tree, needles: &[&str], folded: bool) -> Vec<String> {
    let same = |s: String| if folded { fold(&s) } else { s };
    let texts: Vec<_> = files
        .iter()
        .map(|(r, b)| (r, same(searchable(r, b))))
        .collect();
    let mut found = Vec::new();
    for needle in needles {
        let needle_text = same(needle.to_string());
        for (rel, text) in &texts {
            if has_word(text, &needle_text) {
                found.push(format!("`{needle}` in {rel}"));
            }
        }
    }
    found
}

fn assert_nowhere(files: &Tree, needles: &[&str]) {
    let found = occurrences(files, needles, true);
    assert!(found.is_empty(), "published:\n{}", found.join("\n"));
}

fn file<'a>(files: &'a Tree, rel: &str) -> &'a str {
    let (_, bytes) = files
        .iter()
        .find(|(r, _)| r == rel)
        .unwrap_or_else(|| panic!("{rel} not built"));
    std::str::from_utf8(bytes).unwrap()
}

/// Published images keep no EXIF block, no GPS text, no PNG text chunk and
/// one image only; they are the source's picture, re-encoded at its size.
fn assert_images_clean(files: &Tree, site: &Path) {
    for (rel, bytes) in files.iter().filter(|(r, _)| r.starts_with("images/")) {
        let has = |pat: &[u8]| bytes.windows(pat.len()).any(|w| w == pat);
        assert!(
            !has(b"Exif\0\0") && !has(b"GPS"),
            "{rel}: metadata published"
        );
        assert!(!has(b"tEXt"), "{rel}: PNG text published");
        if rel.ends_with(".jpg") {
            let sois = bytes.windows(2).filter(|w| *w == [0xFF, 0xD8]).count();
            assert_eq!(sois, 1, "{rel}: one image only");
        }
        let source = std::fs::read(site.join("content").join(rel)).unwrap();
        let size = |b: &[u8]| {
            image::load_from_memory(b)
                .map(|i| (i.width(), i.height()))
                .ok()
        };
        assert!(size(bytes).is_some(), "{rel}: not a readable image");
        assert_eq!(
            size(bytes),
            size(&source),
            "{rel}: the picture changed size"
        );
    }
}

#[test]
fn unconsented_person_appears_in_no_file() {
    let files = build("consent");
    assert_nowhere(
        &files,
        &[
            "Phạm Thị Xuyến",
            "Xuyến",
            "quét dọn ngõ phố",
            "ngõ sạch",
            "ngo-sach",
            "46/QĐ-UBND",
            "Thợ may",
            "chổi tre",
        ],
    );
    assert!(!files
        .iter()
        .any(|(r, _)| r == "don-vi/phuong-dong-tam/index.html"));
    let story = file(&files, "truyen/lao-xuong-ho-cuu-chau-be.html");
    assert!(
        story.contains(
            "<img src=\"/images/hung.jpg\" width=\"8\" height=\"8\" alt=\"Anh Hùng bên hồ\""
        ),
        "{story}"
    );
    assert!(files.iter().any(|(r, _)| r == "images/hung.jpg"));
    assert_images_clean(&files, &case_dir("consent").join("site"));
}

#[test]
fn withdrawn_story_appears_in_no_file() {
    let files = build("withdrawal");
    assert_nowhere(
        &files,
        &[
            "Đoàn Thị Quỳnh",
            "Quỳnh",
            "Khuêbích",
            "Lương Yên",
            "tra-lai-tui-tien-cho-du-khach",
            "Trả lại túi tiền",
            "thật thà",
            "that-tha",
            "du khách",
            "quynh.jpg",
        ],
    );
    assert!(!files.iter().any(|(r, _)| r.starts_with("images/")));
    assert!(file(&files, "sitemap.xml").contains("/truyen/lao-xuong-ho-cuu-chau-be.html"));
}

/// Under 16 on the deed date: initials and given name only; no birth date
/// or year, school (field or proposing school unit) or photo, unless allowed.
#[test]
fn minors_are_shown_by_initials_only() {
    let files = build("minor");
    assert_nowhere(
        &files,
        &[
            "Nguyễn Minh Anh",
            "Minh",
            "Trần Khuê Hà",
            "Khuê",
            "2011",
            "2012",
            "lớp 6A",
            "lớp 5B",
            "anh.jpg",
            "anh-lop.png",
            // The parent who agreed (`consent.name`) is kept in the file only.
            "Vũ Thị Nhàn",
            "vu-thi-nhan",
        ],
    );
    // No file may name the school that proposed the two minors: not even
    // the search filters, which list only units a published story names.
    assert_nowhere(&files, &["Ngô Gia Tự", "truong-thcs-ngo-gia-tu"]);
    for (initials, page) in [
        ("N. M. Anh", "truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.html"),
        ("T. K. Hà", "truyen/em-hoc-sinh-dat-cu-gia-qua-duong.html"),
    ] {
        assert!(file(&files, page).contains(initials), "{page}");
        assert!(file(&files, "nguoi/index.html").contains(initials));
        assert!(file(&files, "search/d/0.json").contains(initials));
    }
    // `minor_allow: {photo: true}` publishes that photo, stripped.
    assert!(file(&files, "truyen/em-hoc-sinh-dat-cu-gia-qua-duong.html")
        .contains("src=\"/images/ha.jpg\""));
    assert_images_clean(&files, &case_dir("minor").join("site"));
}

#[test]
fn image_in_a_minors_body_is_not_published() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&case_dir("minor").join("site"), dir.path());
    let story = dir.path().join("content/stories/hoc-sinh-anh.md");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, text + "\n![Lớp của em](images/anh-lop.png)\n").unwrap();
    let (_dir, files) = build_site(dir.path());
    assert_nowhere(&files, &["anh-lop.png", "anh-lop"]);
    // What the image showed is still told, in its words.
    let page = file(&files, "truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.html");
    assert!(page.contains("Lớp của em"), "{page}");
}

/// One person honored at 12 and again at 20: the adult page must not list
/// the story told of the child, or the initials would be joined to the
/// full name; the child's page keeps to the initials.
#[test]
fn a_minors_story_is_not_joined_to_the_same_person_grown_up() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&case_dir("minor").join("site"), dir.path());
    let stories = dir.path().join("content/stories");
    let person = |category: &str| {
        format!("person:\n  name: \"Lý Quốc Bảo\"\n  birth_year: 2003\n  category: {category}\n")
    };
    let story = |title: &str, person: String, date: &str| {
        format!("---\ntitle: \"{title}\"\n{person}deed:\n  date: {date}-05\n  field: hoc-tap\nunit: phuong-bach-khoa\nawards:\n  - level: phuong\n    month: {date}\n    decision: {{ number: \"7/QĐ-UBND\", date: {date}-28, issuer: chu-tich-phuong-bach-khoa }}\nconsent: {{ by: cha-me, name: \"Lý Văn Hải\", date: {date}-05, channels: [web, ban-tin, phat-thanh] }}\n---\nMột việc tốt.\n")
    };
    let child = story("Cứu bạn đuối nước", person("hoc-sinh-sinh-vien"), "2015-07");
    let grown = story(
        "Hiến máu lần thứ mười",
        person("hoc-sinh-sinh-vien"),
        "2023-07",
    );
    std::fs::write(stories.join("bao-nho.md"), child).unwrap();
    std::fs::write(stories.join("bao-lon.md"), grown).unwrap();
    let (_dir, files) = build_site(dir.path());
    let adult = file(&files, "nguoi/ly-quoc-bao.html");
    assert!(adult.contains("hien-mau-lan-thu-muoi"), "{adult}");
    assert!(!adult.contains("cuu-ban-duoi-nuoc"), "{adult}");
    let minor = file(&files, "nguoi/l-q-bao.html");
    assert!(minor.contains("cuu-ban-duoi-nuoc"), "{minor}");
    assert!(!fold(minor).contains("ly quoc bao"), "{minor}");
    assert!(!minor.contains("hien-mau-lan-thu-muoi"), "{minor}");
}

/// The dossier is internal: neither its keys, its Vietnamese names nor its
/// status values, nor a scanned file left in content/, are published; a
/// story chosen for the city is shown as such on the yearly review.
#[test]
fn dossier_is_never_published() {
    let files = build("dossier");
    assert_nowhere(
        &files,
        &[
            "dossier",
            "to_trinh",
            "trich_ngang",
            "xac_nhan",
            "xac_nhan_cu_tru",
            "tờ trình",
            "trích ngang",
            "xác nhận cư trú",
            "hồ sơ",
            "city_selected",
            "to-trinh-le-van-tam",
        ],
    );
    // The report's status words, accents kept: folded, "thiếu" would be
    // the "thiệu" of "giới thiệu" in the radio script.
    let found = occurrences(&files, &["thiếu", "chưa đủ"], false);
    assert!(found.is_empty(), "published:\n{}", found.join("\n"));
    assert!(!files.iter().any(|(r, _)| r.ends_with(".pdf")));
    let review = file(&files, "tong-ket/2023/index.html");
    let city = &review[review.find("id=\"gui-cap-tren\"").expect("city section")..];
    assert!(city.contains("/truyen/dap-tat-dam-chay-o-cho-hom.html"));
}
