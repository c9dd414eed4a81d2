//! Shared helpers: copy a fixture site to a temporary folder and run the real
//! `bangvang` binary on it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.path_is_symlink() {
            let link = std::fs::read_link(entry.path()).unwrap();
            std::os::unix::fs::symlink(link, &target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of `tests/fixtures/<name>` (layered over `base` if given).
pub fn site(layers: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for layer in layers {
        copy_dir(&fixtures().join(layer), dir.path());
    }
    dir
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn bangvang(root: &Path, args: &[&str]) -> Run {
    bangvang_with(root, args, &[])
}

/// `bangvang` with these variables set in its environment.
pub fn bangvang_with(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `build --output out --timings` in `root`, which must succeed.
pub fn build_timed(root: &Path) -> Run {
    build_timed_with(root, &[])
}

/// `build_timed` with these variables set in its environment.
pub fn build_timed_with(root: &Path, env: &[(&str, &str)]) -> Run {
    let run = bangvang_with(root, &["build", "--output", "out", "--timings"], env);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

/// What ends the `--timings` line that says `label`, after its last ": ".
fn timings_value<'a>(run: &'a Run, label: &str) -> &'a str {
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_else(|| panic!("no {label:?} in {}", run.stdout));
    line.rsplit(": ").next().unwrap()
}

/// The counts "N trên M" ending the `--timings` line that says `label`.
pub fn timings_counts(run: &Run, label: &str) -> (usize, usize) {
    let (n, m) = timings_value(run, label).split_once(" trên ").unwrap();
    (n.parse().unwrap(), m.parse().unwrap())
}

/// The count ending the `--timings` line that says `label`.
pub fn timings_count(run: &Run, label: &str) -> usize {
    timings_value(run, label).parse().unwrap()
}

/// Replace the first `from` in the file `rel` under `root` with `to`.
pub fn replace_in(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// How many documents a syllable's file of the search index in `out` lists
/// (none when the index has no such file): its postings are triples.
pub fn documents_with(root: &Path, syllable: &str) -> usize {
    let file = root.join(format!("out/search/t/{syllable}.json"));
    let Ok(text) = std::fs::read_to_string(file) else {
        return 0;
    };
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["p"].as_array().unwrap().len() / 3
}

/// Two output trees (`tree`) the same: the search index first, file by
/// file (a failure names the file), then everything else.
pub fn assert_same_output(built: &[(String, Vec<u8>)], clean: &[(String, Vec<u8>)]) {
    let search = |files: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|(path, _)| path.starts_with("search/"))
            .cloned()
            .collect()
    };
    let (a, b) = (search(built), search(clean));
    for ((path, bytes), (clean_path, clean_bytes)) in a.iter().zip(&b) {
        assert_eq!(path, clean_path, "search/ has other files");
        assert!(bytes == clean_bytes, "{path} differs from a clean build's");
    }
    assert_eq!(a.len(), b.len(), "search/ has other files");
    assert!(built == clean, "output differs");
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A copy of the site at `root` without the output `out`, its cache folder
/// or its address record: what a clean build of the site as it is starts from.
pub fn copy_without_output(root: &Path) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(root, copy.path());
    for gone in ["out", ".out.bangvang-cache", ".out.bangvang-dia-chi.txt"] {
        let _ = std::fs::remove_dir_all(copy.path().join(gone));
        let _ = std::fs::remove_file(copy.path().join(gone));
    }
    copy
}

/// Every file under `dir` with its bytes, in a stable order.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Parser English that must never reach a ward officer: words serde_yaml and
/// friends use in their errors, found as whole words in `output`.
#[allow(dead_code)]
pub fn parser_english(output: &str) -> Vec<&'static str> {
    const WORDS: &[&str] = &[
        "expected",
        "found",
        "mapping",
        "invalid",
        "type",
        "unit value",
        "sequence",
        "struct",
        "string",
        "token",
        "missing",
        "unknown",
        "field",
        "error",
        "line",
        "column",
        "while",
        "parsing",
        "scanning",
        "character",
    ];
    // Keys and values the writer typed are quoted in backticks: `field` is
    // their own word, not the parser's.
    // So are the line to copy, on its own line under a hint, and a line
    // shown in «…».
    let own: String = output
        .lines()
        .filter(|l| !l.starts_with("      "))
        .map(|l| {
            l.split('«')
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part
                    } else {
                        part.split_once('»').map_or("", |(_, r)| r)
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let lower: String = own
        .to_lowercase()
        .split('`')
        .step_by(2)
        .collect::<Vec<_>>()
        .join(" ");
    let is_word =
        |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_' && c != '-');
    WORDS
        .iter()
        .copied()
        .filter(|w| {
            lower.match_indices(w).any(|(at, _)| {
                is_word(lower[..at].chars().next_back())
                    && is_word(lower[at + w.len()..].chars().next())
            })
        })
        .collect()
}
