//! The radio script is read aloud by an announcer who sees only it: every
//! script of the example site and of the two fixture months (valid_site,
//! 2023-06 and 2023-07, compared exactly in tests/channels.rs) must hold no
//! digit, no abbreviation of the site's table (site.yaml `radio:
//! abbreviations:`) or other Latin abbreviation (two capitals in a word), and
//! no symbol a voice cannot say; and start with a byte-order mark.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

/// Punctuation an announcer reads as a pause or a quote.
const SAID: &[char] = &[
    '.', ',', ';', ':', '!', '?', '…', '“', '”', '"', '(', ')', '–', '—',
];

/// The stage cues, the only lines with brackets.
const CUES: &[&str] = &["[Nhạc hiệu]", "[Nhạc hiệu kết]"];

/// The keys of `radio: abbreviations:` in a site.yaml (one `KEY: "…"` a line).
fn abbreviations(site_yaml: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut inside = false;
    for line in site_yaml.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        if line.trim() == "abbreviations:" {
            inside = true;
        } else if inside && line.starts_with("    ") {
            if let Some((key, _)) = line.trim().split_once(':') {
                keys.insert(key.trim().to_string());
            }
        } else if inside && !line.trim().is_empty() {
            inside = false;
        }
    }
    keys
}

/// Everything wrong with a script for a voice, one line each.
fn unsayable(script: &str, table: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    let Some(script) = script.strip_prefix('\u{feff}') else {
        return vec!["no byte-order mark".into()];
    };
    for (n, line) in script.lines().enumerate() {
        let at = n + 1;
        if CUES.contains(&line) {
            continue;
        }
        for c in line.chars() {
            if c.is_ascii_digit() {
                found.push(format!("{at}: digit {c:?}: {line}"));
            } else if !(c.is_alphabetic() || c == ' ' || SAID.contains(&c)) {
                found.push(format!("{at}: symbol {c:?}: {line}"));
            }
        }
        for word in line.split(|c: char| !c.is_alphanumeric()) {
            if table.contains(word) {
                found.push(format!("{at}: abbreviation {word}: {line}"));
            }
            // The heading is in capitals on purpose.
            let capitals = word.chars().filter(|c| c.is_uppercase()).count();
            if at > 1 && capitals > 1 {
                found.push(format!("{at}: abbreviation {word}: {line}"));
            }
        }
    }
    found
}

/// Every `phat-thanh.txt` under the built site, by month.
fn scripts(public: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(public.join("ban-tin")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_name() == "phat-thanh.txt" {
            let rel = entry
                .path()
                .strip_prefix(public)
                .unwrap()
                .display()
                .to_string();
            out.push((rel, std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    out
}

fn assert_all_sayable(root: &Path, public: &Path, at_least: usize) {
    let table = abbreviations(&read(root, "site.yaml"));
    assert!(table.contains("UBND") && table.contains("SN"), "{table:?}");
    let scripts = scripts(public);
    assert!(scripts.len() >= at_least, "{} scripts", scripts.len());
    let mut problems = Vec::new();
    for (rel, script) in &scripts {
        problems.extend(
            unsayable(script, &table)
                .into_iter()
                .map(|p| format!("{rel}:{p}")),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_radio_script_of_the_example_site_can_be_read_aloud() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = bangvang(root, &["build", "--output", public.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_all_sayable(root, &public, 10);
}

#[test]
fn the_fixture_months_can_be_read_aloud() {
    let dir = site(&["valid_site"]);
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_all_sayable(dir.path(), &dir.path().join("public"), 2);
}

#[test]
fn the_check_finds_what_a_voice_cannot_say() {
    let table: BTreeSet<String> = ["UBND".to_string()].into();
    let bad = "\u{feff}TIÊU ĐỀ\nTheo UBND, SN 1991 <b>.\n[Nhạc hiệu]\n";
    let found = unsayable(bad, &table);
    assert_eq!(found.len(), 9, "{found:#?}");
    assert_eq!(unsayable("TIÊU ĐỀ\n", &table), ["no byte-order mark"]);
    assert!(unsayable("\u{feff}TIÊU ĐỀ\nEm Khôi, “người tốt”.\n", &table).is_empty());
}
