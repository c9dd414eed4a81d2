//! The built site runs under a strict Content-Security-Policy
//! (`default-src 'self'`, no 'unsafe-inline'): no inline script, no inline
//! event handler, no `javascript:` URL and no inline style anywhere in it.

mod common;

use common::*;

/// Every place in one HTML file that a strict policy would block.
fn inline_code(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("<script") {
        let tag_end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
        if !lower[at..tag_end].contains(" src=") {
            found.push(format!("inline <script> at byte {at}"));
        }
    }
    for (at, _) in lower.match_indices(" on") {
        let name: String = lower[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let after = &lower[at + 1 + name.len()..];
        if name.len() > 2 && after.trim_start().starts_with('=') && inside_tag(&lower, at) {
            found.push(format!("inline handler `{name}` at byte {at}"));
        }
    }
    for needle in ["javascript:", "<style", " style="] {
        if let Some(at) = lower.find(needle) {
            found.push(format!("`{needle}` at byte {at}"));
        }
    }
    found
}

/// Whether byte `at` lies inside a tag (after a `<` with no `>` since).
fn inside_tag(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before.rfind('<') > before.rfind('>')
}

#[test]
fn the_detector_sees_what_a_strict_policy_blocks() {
    assert!(inline_code("<button onclick=\"x()\">a</button>").len() == 1);
    assert!(inline_code("<script>alert(1)</script>").len() == 1);
    assert!(inline_code("<a href=\"javascript:x()\">a</a>").len() == 1);
    assert!(inline_code("<p style=\"color:red\">a</p>").len() == 1);
    assert!(inline_code("<script src=\"/a.js\" defer></script><p>nói online = tốt</p>").is_empty());
}

#[test]
fn every_page_of_the_example_site_is_csp_clean() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = bangvang(repo, &["build", "--output", public.to_str().unwrap()]);
    assert_eq!(run.code, 0, "example site must build:\n{}", run.stderr);
    let mut pages = 0;
    let mut problems = Vec::new();
    for (path, bytes) in tree(&public) {
        if path.ends_with(".html") {
            pages += 1;
            for p in inline_code(&String::from_utf8_lossy(&bytes)) {
                problems.push(format!("{path}: {p}"));
            }
        }
    }
    assert!(pages > 100, "the example site has its pages ({pages})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
