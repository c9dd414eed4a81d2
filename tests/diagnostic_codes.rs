//! One fixture per diagnostic code. Each `tests/fixtures/codes/<code>/` is
//! layered over `tests/fixtures/invalid_base/`; the paths listed in its
//! `remove` file are then deleted, and `bangvang <args>` runs (the `args` file,
//! default `check`). Its exit code and exact stderr must equal `expected.txt`
//! (regenerate with `UPDATE_EXPECTED=1 cargo test --test diagnostic_codes`),
//! and stderr must carry the fixture's own code, so a fixture cannot pass by
//! failing for another reason. Every code the sources can emit must have a
//! fixture, so a new code arrives with its test.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

/// Codes built from a variable rather than a literal at the constructor; the
/// scan below cannot see them, so they are named here.
const INDIRECT_CODES: &[&str] = &[
    "duplicate-deed",
    "duplicate-deed-units",
    "no-consent",
    "withdrawn",
    "draft",
    // write::WriteError::code
    "output-not-ours",
    "output-not-folder",
    "output-symlink",
];

/// Codes that need a broken machine rather than broken content (a full disk,
/// a failing template engine); they are covered by the tests named here.
const NOT_FROM_CONTENT: &[(&str, &str)] = &[
    // Reading fails only where the OS refuses (permissions), and CI runs as
    // root, which reads everything: load::tests::a_missing_file_is_unreadable.
    ("unreadable", "load::tests"),
    // `new` falls back to it only if the registry fails with no diagnostic,
    // which `Registry::parse` never does: `new` with a broken registry
    // reports the registry's own first error instead.
    ("bad-registry", "unreachable fallback"),
];

/// Codes whose message still quotes an outside error text (the template
/// engine's, the operating system's) for the webmaster; not a writer's
/// mistake, and not translated yet (issue 13, left for the render part).
const ENGLISH_FROM_OUTSIDE: &[&str] = &["template", "write"];

fn codes_dir() -> std::path::PathBuf {
    fixtures().join("codes")
}

/// Every code passed as a literal to `Diagnostic::error(` or `::warning(`.
fn codes_in_sources() -> BTreeSet<String> {
    let mut codes: BTreeSet<String> = INDIRECT_CODES.iter().map(|c| c.to_string()).collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            codes.extend(literal_codes(&text));
        }
    }
    codes
}

fn literal_codes(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for ctor in ["Diagnostic::error(", "Diagnostic::warning("] {
        for (at, _) in text.match_indices(ctor) {
            let rest = text[at + ctor.len()..].trim_start();
            if let Some(quoted) = rest.strip_prefix('"') {
                if let Some(end) = quoted.find('"') {
                    found.push(quoted[..end].to_string());
                }
            }
        }
    }
    found
}

fn fixture_names() -> BTreeSet<String> {
    std::fs::read_dir(codes_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_code_in_the_sources_has_a_fixture() {
    let fixtures = fixture_names();
    let exempt: BTreeSet<&str> = NOT_FROM_CONTENT.iter().map(|(c, _)| *c).collect();
    let missing: Vec<String> = codes_in_sources()
        .into_iter()
        .filter(|c| !fixtures.contains(c) && !exempt.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a fixture in tests/fixtures/codes/: {missing:?}"
    );
    let unknown: Vec<&String> = fixtures
        .iter()
        .filter(|f| !codes_in_sources().contains(*f))
        .collect();
    assert!(
        unknown.is_empty(),
        "fixtures for codes the sources never emit: {unknown:?}"
    );
}

struct Case {
    args: Vec<String>,
    outcome: String,
}

/// The fixture's site in a temporary folder, and the arguments to run.
fn prepare(code: &str) -> (tempfile::TempDir, Vec<String>) {
    let case_dir = codes_dir().join(code);
    let dir = site(&["invalid_base"]);
    copy_dir(&case_dir, dir.path());
    for own in ["expected.txt", "args", "remove"] {
        let _ = std::fs::remove_file(dir.path().join(own));
    }
    let listed = |name: &str| std::fs::read_to_string(case_dir.join(name)).unwrap_or_default();
    for gone in listed("remove").lines().filter(|l| !l.trim().is_empty()) {
        let path = dir.path().join(gone.trim());
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    let args_text = listed("args");
    let mut args: Vec<String> = args_text.split_whitespace().map(String::from).collect();
    if args.is_empty() {
        args.push("check".into());
    }
    (dir, args)
}

fn run_case(code: &str) -> Case {
    let (dir, args) = prepare(code);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = bangvang(dir.path(), &argv);
    // Messages may name the absolute site folder, which differs on each run.
    let site_folder = dir.path().canonicalize().unwrap();
    let stderr = run
        .stderr
        .replace(site_folder.to_str().unwrap(), "[SITE]")
        .replace(dir.path().to_str().unwrap(), "[SITE]");
    Case {
        args,
        outcome: format!("exit: {}\n{stderr}", run.code),
    }
}

#[test]
fn every_code_fixture_gives_its_exact_message() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut failures = Vec::new();
    for code in fixture_names() {
        let case = run_case(&code);
        let expected_path = codes_dir().join(&code).join("expected.txt");
        if update {
            std::fs::write(&expected_path, &case.outcome).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if case.outcome != expected {
            failures.push(format!(
                "{code} ({}): output differs\n--- want\n{expected}--- got\n{}",
                case.args.join(" "),
                case.outcome
            ));
        }
        if !case.outcome.contains(&format!("[{code}]")) {
            failures.push(format!("{code}: the output never shows [{code}]"));
        }
        let english = parser_english(&case.outcome);
        if !english.is_empty() && !ENGLISH_FROM_OUTSIDE.contains(&code.as_str()) {
            failures.push(format!("{code}: English reaches staff: {english:?}"));
        }
        if case.outcome.contains("panicked") {
            failures.push(format!("{code}: panicked"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `check` finds first everything `build` fails on: where `check` reports an
/// error, `build` refuses too, with the same code.
#[test]
fn build_refuses_what_check_reports_as_an_error() {
    let mut failures = Vec::new();
    for code in fixture_names() {
        let case = run_case(&code);
        if case.args != ["check"] || !case.outcome.starts_with("exit: 1\n") {
            continue;
        }
        let (dir, _) = prepare(&code);
        let run = bangvang(dir.path(), &["build"]);
        if run.code == 0 || !run.stderr.contains(&format!("[{code}]")) {
            failures.push(format!(
                "{code}: check says error, build gave exit {}:\n{}",
                run.code, run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `check --format json` gives editors and CI the place of each finding: a
/// number where a line is at fault, `null` where the whole file is (an image
/// that is no image), never a made-up line 1 that sends them to the wrong place.
#[test]
fn json_places_a_finding_only_where_the_file_is_at_fault() {
    for (code, file, located) in [
        ("bad-image", "content/images/anh.jpg", false),
        ("bad-date", "content/stories/bad.md", true),
    ] {
        let (dir, _) = prepare(code);
        let run = bangvang(dir.path(), &["check", "--format", "json"]);
        let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let found = out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{code} missing: {}", run.stdout))
            .clone();
        assert_eq!(found["file"], file, "{found}");
        for key in ["line", "column"] {
            assert_eq!(found[key].as_u64().is_some(), located, "{code}: {found}");
            assert_eq!(found[key].is_null(), !located, "{code}: {found}");
        }
    }
}

/// The guides' tables of codes are where staff (and the administrator) look
/// a code up: every code the sources can emit has a row in the staff guide
/// or the admin guide (a code in the first column).
#[test]
fn the_guide_lists_every_code() {
    let read = |doc: &str| {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap()
    };
    let guide = read("docs/huong-dan-viet-bai.md") + &read("docs/quan-tri.md");
    let listed: BTreeSet<String> = guide
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .flat_map(|cell| cell.split(", "))
        .filter_map(|c| c.strip_prefix('`')?.strip_suffix('`').map(String::from))
        .collect();
    let missing: Vec<String> = codes_in_sources()
        .into_iter()
        .filter(|c| !listed.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from the tables of docs/huong-dan-viet-bai.md and docs/quan-tri.md: {missing:?}"
    );
}
