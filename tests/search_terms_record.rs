//! A build keeps each story's search terms (its syllables and pairs) beside
//! the output (`render/search_index/terms_record.rs`), and the next build
//! makes them only for the stories whose inputs changed. Every case runs
//! the real binary and compares with a clean build (a copy of the site
//! without the cache folder): the search index, and the whole output, the
//! same to the byte. `--timings` says how many stories' terms were taken
//! from the record, so each case also shows whether it was used.
#![cfg(unix)]

mod common;

use std::path::Path;

use common::*;

const STORY: &str = "content/stories/hung-1.md";
const RECORD: &str = ".out.bangvang-cache/search-terms-v1.bin";
const POSTINGS: &str = ".out.bangvang-cache/search-postings-v1.bin";

/// (stories whose terms came from the record, published stories), as
/// `--timings` says.
fn reused(run: &Run) -> (usize, usize) {
    timings_counts(run, "bài không phải tách từ lại cho tìm kiếm")
}

/// What a clean build of `root` as it is now publishes.
fn clean(root: &Path) -> Vec<(String, Vec<u8>)> {
    let copy = copy_without_output(root);
    let run = build_timed(copy.path());
    assert_eq!(reused(&run).0, 0, "a clean build has no record");
    tree(&copy.path().join("out"))
}

/// The search index first (what this record feeds), then everything else.
fn assert_as_clean(root: &Path) {
    assert_same_output(&tree(&root.join("out")), &clean(root));
}

/// A change to a draft: the build is a whole one (an input changed) but
/// no published story's terms are.
fn touch_draft(root: &Path, n: usize) {
    let draft = root.join("content/stories/nhap.md");
    let mut text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("draft: true"));
    text.push_str(&format!("Bản nháp, lần sửa {n}.\n"));
    std::fs::write(&draft, text).unwrap();
}

#[test]
fn after_a_one_story_edit_only_that_story_is_split_again() {
    let dir = site(&["valid_site"]);
    let (none, published) = reused(&build_timed(dir.path()));
    assert_eq!(none, 0);
    assert!(published > 2, "{published}");
    assert!(dir.path().join(RECORD).is_file());
    // A word no story has: after the edit, searching it finds the story.
    let story = dir.path().join(STORY);
    let mut text = std::fs::read_to_string(&story).unwrap();
    text.push_str("Anh còn nuôi một con ngựa vằn.\n");
    std::fs::write(&story, &text).unwrap();
    let again = build_timed(dir.path());
    assert_eq!(reused(&again), (published - 1, published));
    assert_eq!(documents_with(dir.path(), "ngua"), 1);
    assert_as_clean(dir.path());
    // The word taken out again: the story's terms of two builds ago are
    // not in the record any more (it holds this build's only), and the
    // index forgets the word.
    std::fs::write(&story, text.replace("Anh còn nuôi một con ngựa vằn.\n", "")).unwrap();
    assert_eq!(reused(&build_timed(dir.path())), (published - 1, published));
    assert_eq!(documents_with(dir.path(), "ngua"), 0);
    assert_as_clean(dir.path());
}

/// Where `--timings` says the search index ran: "alongside" or "after" the pages.
fn index_ran(run: &Run) -> &'static str {
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("of which search index"))
        .unwrap_or_else(|| panic!("no search index in {}", run.stdout));
    ["alongside", "after"]
        .into_iter()
        .find(|when| line.contains(when))
        .unwrap_or_else(|| panic!("{line}"))
}

/// A whole build makes every story's terms, so the index waits for the
/// pages (their peaks of memory apart); a build that reads the record runs
/// it beside them, the shorter wait after an edit. Both give the same output.
#[test]
fn the_index_runs_beside_the_pages_only_when_the_record_feeds_it() {
    let dir = site(&["valid_site"]);
    assert_eq!(index_ran(&build_timed(dir.path())), "after");
    replace_in(
        dir.path(),
        STORY,
        "\n---\n",
        "\n---\nAnh còn trồng cây.\n\n",
    );
    assert_eq!(index_ran(&build_timed(dir.path())), "alongside");
    assert_as_clean(dir.path());
    std::fs::remove_file(dir.path().join(RECORD)).unwrap();
    replace_in(
        dir.path(),
        STORY,
        "Anh còn trồng cây.",
        "Anh còn trồng rau.",
    );
    assert_eq!(index_ran(&build_timed(dir.path())), "after");
    assert_as_clean(dir.path());
}

#[test]
fn a_damaged_cut_or_foreign_record_is_not_believed() {
    let dir = site(&["valid_site"]);
    let (_, published) = reused(&build_timed(dir.path()));
    let record = dir.path().join(RECORD);
    // A syllable changed inside an entry, its checksum left as it was:
    // believed, the index would list "khoz" instead of "khoa".
    let whole = std::fs::read(&record).unwrap();
    let at = whole
        .windows(4)
        .position(|w| w == b"khoa")
        .expect("the record holds the syllable khoa");
    let mut damaged = whole.clone();
    damaged[at + 3] = b'z';
    std::fs::write(&record, &damaged).unwrap();
    // Without the postings record, so that the index reads every entry (it
    // would read only the entries of stories that changed: none here).
    std::fs::remove_file(dir.path().join(POSTINGS)).unwrap();
    touch_draft(dir.path(), 1);
    assert_eq!(reused(&build_timed(dir.path())), (published - 1, published));
    assert_eq!(documents_with(dir.path(), "khoz"), 0);
    assert!(documents_with(dir.path(), "khoa") > 0);
    assert_as_clean(dir.path());
    // Cut in half, of another version, not a record at all: all made again.
    let whole = std::fs::read(&record).unwrap();
    let mut foreign = whole.clone();
    foreign[..24].copy_from_slice(b"bangvang-search-terms-v0");
    let bad: [&[u8]; 3] = [&whole[..whole.len() / 2], &foreign, b"not a record\n"];
    for (n, bad) in bad.into_iter().enumerate() {
        std::fs::write(&record, bad).unwrap();
        touch_draft(dir.path(), n + 2);
        assert_eq!(reused(&build_timed(dir.path())), (0, published));
        assert_as_clean(dir.path());
    }
    // Each of those builds wrote the record whole again.
    touch_draft(dir.path(), 9);
    assert_eq!(reused(&build_timed(dir.path())), (published, published));
}

#[test]
fn a_unit_renamed_in_the_registry_means_its_stories_are_split_again() {
    let dir = site(&["valid_site"]);
    let (_, published) = reused(&build_timed(dir.path()));
    // No story file changes, but every story of the unit, or living in
    // it, now has another syllable in its unit or residence.
    replace_in(
        dir.path(),
        "content/registry.yaml",
        "name: \"Phường Bách Khoa\"",
        "name: \"Phường Bách Khoa Quỳnh\"",
    );
    let renamed = build_timed(dir.path());
    let changed = documents_with(dir.path(), "quynh");
    assert!(
        changed > 1 && changed < published,
        "{changed} of {published}"
    );
    assert_eq!(reused(&renamed), (published - changed, published));
    assert_as_clean(dir.path());
}

#[test]
fn only_a_build_that_swaps_its_output_in_leaves_a_record() {
    let dir = site(&["valid_site"]);
    let (_, published) = reused(&build_timed(dir.path()));
    let record = dir.path().join(RECORD);
    let before = std::fs::read(&record).unwrap();
    replace_in(dir.path(), STORY, "Nội dung", "Nội dung mới");
    // `check` reads the site but writes nothing beside the output.
    let check = bangvang(dir.path(), &["check", "--output", "out"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(std::fs::read(&record).unwrap() == before, "check wrote it");
    // Killed before its output is swapped in: the record it took is gone,
    // and it put none in its place (the output is still the last build's).
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(["build", "--output", "out"])
        .env("BANGVANG_TEST_CRASH_AT", "before-swap")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(killed.status.code(), None, "killed by a signal");
    assert!(
        !record.exists(),
        "a record beside an output it did not make"
    );
    // The next build starts without one and leaves no temporary file.
    assert_eq!(reused(&build_timed(dir.path())), (0, published));
    let cache = dir.path().join(".out.bangvang-cache");
    let names: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("search-terms"))
        .collect();
    assert_eq!(names, ["search-terms-v1.bin"]);
    assert_as_clean(dir.path());
}
