//! Every bad-input case under `tests/fixtures/invalid/<case>/` is layered over
//! `invalid_base/` and built; the exact stderr must match `expected_errors.txt`
//! (regenerate with `UPDATE_EXPECTED=1 cargo test --test bad_input`), the exit
//! code must be 1, and a previous `public/` must be left exactly as it was.

mod common;

use common::*;

#[test]
fn every_bad_input_case_reports_exact_errors_and_keeps_public() {
    let cases_dir = fixtures().join("invalid");
    let mut cases: Vec<_> = std::fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 14, "bad-input cases went missing: {cases:?}");
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let dir = site(&["invalid_base"]);
        // A good build first, so there is a public/ to protect.
        let first = bangvang(dir.path(), &["build"]);
        assert_eq!(
            first.code, 0,
            "{case}: base site must build: {}",
            first.stderr
        );
        let before = tree(&dir.path().join("public"));
        // The addresses the good build published, kept beside the output on
        // purpose for the next build (pipeline::addresses): not a leftover.
        let list = ".public.bangvang-dia-chi.txt";
        let list_before = read(dir.path(), list);
        copy_dir(&cases_dir.join(case), dir.path());
        let _ = std::fs::remove_file(dir.path().join("expected_errors.txt"));

        let run = bangvang(dir.path(), &["build"]);
        let expected_path = cases_dir.join(case).join("expected_errors.txt");
        if update {
            std::fs::write(&expected_path, &run.stderr).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if run.code != 1 {
            failures.push(format!(
                "{case}: exit code {} (want 1)\n{}",
                run.code, run.stderr
            ));
        }
        if run.stderr != expected {
            failures.push(format!(
                "{case}: stderr differs\n--- want\n{expected}--- got\n{}",
                run.stderr
            ));
        }
        let english = parser_english(&run.stderr);
        if !english.is_empty() {
            failures.push(format!(
                "{case}: English reaches staff: {english:?}\n{}",
                run.stderr
            ));
        }
        if run.stderr.contains("panicked") {
            failures.push(format!("{case}: panicked"));
        }
        if tree(&dir.path().join("public")) != before {
            failures.push(format!("{case}: public/ was changed by a failed build"));
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            // The caches (images, share cards) of the good build before are kept.
            .filter(|n| n.to_string_lossy().contains("bangvang-") && n != list)
            .filter(|n| !n.to_string_lossy().ends_with(".bangvang-cache"))
            .collect();
        if read(dir.path(), list) != list_before {
            failures.push(format!("{case}: a failed build changed {list}"));
        }
        if !leftovers.is_empty() {
            failures.push(format!(
                "{case}: staging folders left behind: {leftovers:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_error_line_has_path_line_column_and_a_hint() {
    let dir = site(&["invalid_base", "invalid/all_at_once"]);
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": lỗi["))
        .collect();
    assert!(
        errors.len() >= 5,
        "all four broken files are reported together:\n{}",
        run.stderr
    );
    for file in ["a-date.md", "b-key.md", "c-group.md", "d-bytes.md"] {
        assert!(
            errors
                .iter()
                .any(|l| l.starts_with(&format!("content/stories/{file}:"))),
            "{file} missing:\n{}",
            run.stderr
        );
    }
    for line in &errors {
        let mut parts = line.splitn(4, ':');
        let (_path, l, c) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert!(
            l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok(),
            "no line:column in {line}"
        );
    }
    assert_eq!(
        run.stderr.matches("\n  gợi ý: ").count(),
        errors.len(),
        "each error has a hint:\n{}",
        run.stderr
    );
}
