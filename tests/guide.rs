//! The guides say what the program does. Every code has a section of the
//! staff guide or the admin guide that its hint names and that exists as a
//! heading; every section any message names exists; every code is in a
//! guide's tables; and every sample message in a guide is the program's real
//! output, word for word (the expected outputs it is compared with are
//! themselves checked against the binary by diagnostic_codes and bad_input).

mod common;

use std::path::Path;

use bangvang::diagnostics::guide;
use common::fixtures;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// The headings of a guide, without their `#`s and their numbers ("2. ").
fn headings(doc: &str) -> Vec<String> {
    read(doc)
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .map(|l| match l.split_once(". ") {
            Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => rest.to_string(),
            _ => l.to_string(),
        })
        .collect()
}

fn codes() -> Vec<String> {
    let mut codes: Vec<String> = std::fs::read_dir(fixtures().join("codes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    codes.sort();
    codes
}

/// Every expected output of the message fixtures, with its name.
fn expected_outputs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (dir, file) in [
        ("codes", "expected.txt"),
        ("invalid", "expected_errors.txt"),
    ] {
        for entry in std::fs::read_dir(fixtures().join(dir)).unwrap() {
            let path = entry.unwrap().path().join(file);
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

/// Each "Xem mục “X” trong D" in `text`, as (D, X).
fn pointers(text: &str) -> Vec<(String, String)> {
    text.split("Xem mục “")
        .skip(1)
        .filter_map(|rest| {
            let (heading, after) = rest.split_once('”')?;
            let doc = after.strip_prefix(" trong ")?;
            let doc: String = doc
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '"')
                .collect();
            Some((doc.trim_end_matches('.').to_string(), heading.to_string()))
        })
        .collect()
}

#[test]
fn every_code_points_to_a_heading_of_its_guide() {
    let mut missing = Vec::new();
    for code in codes() {
        match guide::section(&code) {
            Some((doc, heading)) if headings(doc).iter().any(|h| h == heading) => {}
            Some((doc, heading)) => missing.push(format!("{code}: no “{heading}” in {doc}")),
            None => missing.push(format!("{code}: no section in diagnostics::guide")),
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn every_hint_of_every_fixture_names_a_section_that_exists() {
    let mut wrong = Vec::new();
    for (name, text) in expected_outputs() {
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            if !(line.contains(": lỗi[") || line.contains(": cảnh báo[")) {
                continue;
            }
            // Up to the next message: an outside error (the template
            // engine's) may span lines of its own before the hint.
            let mut hint = String::new();
            while let Some(next) = lines.peek() {
                if next.contains(": lỗi[") || next.contains(": cảnh báo[") {
                    break;
                }
                hint.push_str(lines.next().unwrap());
            }
            if !hint.contains("Xem mục “") {
                wrong.push(format!("{name}: no section in the hint of {line}"));
            }
        }
        for (doc, heading) in pointers(&text) {
            if !headings(&doc).contains(&heading) {
                wrong.push(format!("{name}: “{heading}” is no heading of {doc}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn every_section_named_in_the_sources_exists() {
    let mut wrong = Vec::new();
    for entry in walkdir::WalkDir::new(root().join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path())
            .unwrap()
            .replace("{GUIDE}", guide::STAFF);
        // A pointer built from variables (diagnostics::guide) is checked
        // by the test above, code by code.
        for (doc, heading) in pointers(&text) {
            if doc.contains('{') || heading.contains('{') {
                continue;
            }
            if !headings(&doc).contains(&heading) {
                wrong.push(format!("{}: “{heading}” in {doc}", entry.path().display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn every_code_is_in_a_guide() {
    let guides = read(guide::STAFF) + &read(guide::ADMIN);
    let absent: Vec<String> = codes()
        .into_iter()
        .filter(|c| !guides.contains(&format!("`{c}`")))
        .collect();
    assert!(absent.is_empty(), "codes no guide explains: {absent:?}");
}

/// The messages shown in the guides' code blocks: a `file:line:column:`
/// line and the lines under it that start with two spaces.
fn sample_messages(doc: &str) -> Vec<String> {
    let text = read(doc);
    let mut samples = Vec::new();
    let mut in_block = false;
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            samples.extend(current.take());
            continue;
        }
        if !in_block {
            continue;
        }
        let is_message = line.contains(": lỗi[") || line.contains(": cảnh báo[");
        if is_message
            && line
                .split(':')
                .nth(1)
                .is_some_and(|n| n.parse::<u32>().is_ok())
        {
            samples.extend(current.take());
            current = Some(line.to_string());
        } else if let (Some(c), true) = (current.as_mut(), line.starts_with("  ")) {
            c.push('\n');
            c.push_str(line);
        } else {
            samples.extend(current.take());
        }
    }
    samples
}

#[test]
fn every_sample_message_in_the_guides_is_real_output() {
    let outputs = expected_outputs();
    let mut stale = Vec::new();
    let mut seen = 0;
    for doc in [guide::STAFF, guide::ADMIN] {
        for sample in sample_messages(doc) {
            seen += 1;
            if !outputs.iter().any(|(_, out)| out.contains(&sample)) {
                stale.push(format!("{doc}:\n{sample}"));
            }
        }
    }
    assert!(seen >= 5, "the guide's samples went missing: {seen}");
    assert!(
        stale.is_empty(),
        "samples no fixture prints:\n{}",
        stale.join("\n\n")
    );
}
