//! Every organisation fact is data (site.yaml, content/registry.yaml) or
//! template wording, never Rust: a board for a xã, a phường or a city
//! department is made by editing files, not by recompiling. This test reads
//! the library's sources and fails on any organisation word in code, outside
//! comments and `#[cfg(test)]` items (tests may name what they like).

use std::path::{Path, PathBuf};

/// Names of organisation levels and the plan's citation.
const WORDS: &[&str] = &[
    "quận",
    "Quận",
    "phường",
    "Phường",
    "Thành phố",
    "thành phố",
    "124/KH",
];

/// The code of a Rust file with comments and `#[cfg(test)]` items blanked
/// out (each blanked character a space, line breaks kept, so line numbers hold).
fn code_only(src: &str) -> String {
    let blanked = strip_comments(src);
    strip_test_items(&blanked)
}

/// Comments (`//…`, `/*…*/`) become spaces; strings (plain, raw, chars) are kept.
fn strip_comments(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            loop {
                if i >= c.len() {
                    break;
                }
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if c[i] == 'r' && matches!(c.get(i + 1), Some('#') | Some('"')) {
            i = copy_raw_string(&c, i, &mut out);
        } else if c[i] == '"' {
            i = copy_string(&c, i, &mut out);
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Copies `"…"` (with escapes) from `i`; returns the index after it.
fn copy_string(c: &[char], mut i: usize, out: &mut String) -> usize {
    out.push(c[i]);
    i += 1;
    while i < c.len() {
        out.push(c[i]);
        if c[i] == '\\' && i + 1 < c.len() {
            out.push(c[i + 1]);
            i += 2;
            continue;
        }
        i += 1;
        if c[i - 1] == '"' {
            break;
        }
    }
    i
}

/// Copies `r#"…"#` (any number of `#`) from `i`; returns the index after it.
fn copy_raw_string(c: &[char], mut i: usize, out: &mut String) -> usize {
    let start = i;
    i += 1;
    let mut hashes = 0;
    while c.get(i) == Some(&'#') {
        hashes += 1;
        i += 1;
    }
    if c.get(i) != Some(&'"') {
        // An identifier starting with `r`, not a raw string.
        out.push(c[start]);
        return start + 1;
    }
    let end: String = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    let rest: String = c[i + 1..].iter().collect();
    let len = rest.find(&end).map_or(rest.len(), |n| n + end.len());
    out.extend(&c[start..i + 1 + rest[..len].chars().count()]);
    i + 1 + rest[..len].chars().count()
}

/// The item after each `#[cfg(test)]` (a `mod tests { … }`, a helper fn)
/// becomes spaces, up to its closing brace or `;`. Comments are gone already;
/// braces inside strings are rare enough in this crate to count as code.
fn strip_test_items(src: &str) -> String {
    let mut out: Vec<char> = src.chars().collect();
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + marker.len() <= out.len() {
        if out[i..i + marker.len()] != marker[..] {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut depth = 0usize;
        while j < out.len() {
            let ch = out[j];
            let done = match ch {
                '{' => {
                    depth += 1;
                    false
                }
                '}' => {
                    depth = depth.saturating_sub(1);
                    depth == 0
                }
                ';' => depth == 0,
                _ => false,
            };
            if ch != '\n' {
                out[j] = ' ';
            }
            j += 1;
            if done {
                break;
            }
        }
        i = j;
    }
    out.into_iter().collect()
}

/// `path:line:column: word` for every organisation word in code.
fn hits(path: &str, src: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in code_only(src).lines().enumerate() {
        for word in WORDS {
            if let Some(at) = line.find(word) {
                let column = line[..at].chars().count() + 1;
                found.push(format!("{path}:{}:{column}: `{word}`", n + 1));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn no_organisation_word_in_rust_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    assert!(files.len() > 20, "the sources were found: {files:?}");
    let mut found = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(root).unwrap().display().to_string();
        found.extend(hits(&rel, &std::fs::read_to_string(file).unwrap()));
    }
    assert!(
        found.is_empty(),
        "organisation words belong in site.yaml, content/registry.yaml or the templates:\n{}",
        found.join("\n")
    );
}

/// The scanner sees a word in code and in a string, and nothing in comments
/// or test items: without this, the test above could pass by seeing nothing.
#[test]
fn the_scanner_finds_code_and_skips_comments_and_tests() {
    let src = r##"
// quận in a line comment
/* Phường in a block /* nested thành phố */ comment */
fn a() -> &'static str { "ủy ban quận" }
const URL: &str = "https://x.vn/"; const P: &str = "Phường A";
const RAW: &str = r#"124/KH "quoted" "#;
#[cfg(test)]
fn helper() { let _ = "Thành phố"; }
#[cfg(test)]
mod tests {
    fn t() { let _ = "phường { } B"; }
}
const AFTER: &str = "thành phố";
"##;
    assert_eq!(
        hits("x.rs", src),
        [
            "x.rs:4:34: `quận`",
            "x.rs:5:53: `Phường`",
            "x.rs:6:22: `124/KH`",
            "x.rs:13:22: `thành phố`",
        ]
    );
}
