//! A build keeps what checking each story file gave beside its output
//! (`pipeline/stored.rs`), and the next build parses only the files whose
//! bytes changed. Every case runs the real binary and compares with a clean
//! build (a copy of the site without the cache folder): the same files to
//! the byte and the same messages, word for word. `--timings` says how many
//! stories were taken from the record, so each case also shows whether it
//! was used.
#![cfg(unix)]

mod common;

use std::path::Path;

use common::*;

const STORY: &str = "content/stories/hung-1.md";
const RECORD: &str = ".out.bangvang-cache/parse-v4";
/// The first line of each file of the record: its format.
const MAGIC: &[u8] = b"bangvang-parse-v4\n";
const STORIES: usize = 9;

/// How many stories a build took from the record, as `--timings` says.
fn reused(run: &Run) -> usize {
    timings_counts(run, "bài không phải đọc lại").0
}

/// What a clean build of `root` as it is now publishes, and what it says.
fn clean(root: &Path) -> (Vec<(String, Vec<u8>)>, String) {
    let copy = copy_without_output(root);
    let run = build_timed(copy.path());
    assert_eq!(reused(&run), 0, "a clean build has no record");
    (tree(&copy.path().join("out")), run.stderr)
}

fn assert_as_clean(root: &Path, run: &Run) {
    let (files, stderr) = clean(root);
    assert_eq!(run.stderr, stderr);
    assert!(tree(&root.join("out")) == files, "output differs");
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn after_a_one_story_edit_only_that_story_is_parsed_again() {
    let dir = site(&["valid_site"]);
    let first = build_timed(dir.path());
    assert_eq!(reused(&first), 0);
    let story = dir.path().join(STORY);
    let mut text = std::fs::read_to_string(&story).unwrap();
    text.push_str("Một câu viết thêm.\n");
    std::fs::write(&story, &text).unwrap();
    let again = build_timed(dir.path());
    assert_eq!(reused(&again), STORIES - 1);
    assert_as_clean(dir.path(), &again);
    // An edit of the same length, with the file's time put back as it
    // was: a key of time and length would miss it, the bytes' hash does not.
    let before = std::fs::metadata(&story).unwrap().modified().unwrap();
    std::fs::write(&story, text.replace("Nội dung câu", "Nội dung cây")).unwrap();
    let file = std::fs::File::options().write(true).open(&story).unwrap();
    file.set_modified(before).unwrap();
    drop(file);
    let same_time = build_timed(dir.path());
    assert_eq!(reused(&same_time), STORIES - 1);
    let page = read(dir.path(), "out/truyen/lao-xuong-ho-cuu-chau-be.html");
    assert!(page.contains("Nội dung cây"), "{page}");
    assert_as_clean(dir.path(), &same_time);
    // Nothing changed: every outcome comes from the record.
    assert_eq!(reused(&build_timed(dir.path())), STORIES);
}

/// A build that trusts the stamp of a file written just before it, as a
/// real build does once a file has been left alone for a few seconds.
fn build_settled(root: &Path) -> Run {
    build_timed_with(root, &[("BANGVANG_TEST_SETTLE_SECONDS", "0")])
}

/// How many story files a build did not even read, as `--timings` says.
fn unread(run: &Run) -> usize {
    timings_count(run, "không phải mở tệp")
}

#[test]
fn a_file_left_alone_is_not_read_and_an_edit_that_hides_its_time_is_seen() {
    let dir = site(&["valid_site"]);
    assert_eq!(unread(&build_settled(dir.path())), 0, "no record yet");
    let again = build_settled(dir.path());
    assert_eq!((reused(&again), unread(&again)), (STORIES, STORIES));
    assert_as_clean(dir.path(), &again);
    // An edit of the same length, with the file's modification time put
    // back: its change time, which no program sets, still tells.
    let story = dir.path().join(STORY);
    let before = std::fs::metadata(&story).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, text.replace("Nội dung câu", "Nội dung cây")).unwrap();
    let file = std::fs::File::options().write(true).open(&story).unwrap();
    file.set_modified(before).unwrap();
    drop(file);
    let edited = build_settled(dir.path());
    assert_eq!(
        (reused(&edited), unread(&edited)),
        (STORIES - 1, STORIES - 1)
    );
    let page = read(dir.path(), "out/truyen/lao-xuong-ho-cuu-chau-be.html");
    assert!(page.contains("Nội dung cây"), "{page}");
    assert_as_clean(dir.path(), &edited);
    // A file put back in place of another (a restore, `git checkout`) is
    // a new file with its own stamp: read again, and then trusted.
    let saved = dir.path().join("saved.md");
    std::fs::copy(&story, &saved).unwrap();
    std::fs::rename(&saved, &story).unwrap();
    let restored = build_settled(dir.path());
    assert_eq!(
        (reused(&restored), unread(&restored)),
        (STORIES, STORIES - 1)
    );
    assert_eq!(unread(&build_settled(dir.path())), STORIES);
}

/// A second person, whose name without marks is worth a warning.
fn add_person_without_marks(root: &Path) {
    let other = read(root, STORY)
        .replace("Nguyễn Văn Hùng", "Tran Van Binh")
        .replace("Lao xuống hồ cứu cháu bé", "Giúp người già qua đường")
        .replace("2023-05-02", "2023-05-03");
    std::fs::write(root.join("content/stories/binh.md"), other).unwrap();
}

#[test]
fn a_warning_of_an_unchanged_story_is_said_on_every_build() {
    let dir = site(&["valid_site"]);
    add_person_without_marks(dir.path());
    let first = build_timed(dir.path());
    assert!(
        first
            .stderr
            .contains("binh.md:5:9: cảnh báo[name-no-diacritics]"),
        "{}",
        first.stderr
    );
    edit(dir.path(), STORY, "Nội dung", "Nội dung mới");
    let again = build_timed(dir.path());
    assert_eq!(reused(&again), STORIES);
    assert_eq!(again.stderr, first.stderr);
    assert_as_clean(dir.path(), &again);
}

/// How many stories a file of the record holds: after its format, its
/// hash (32 bytes) and its context line, each entry is its length (4 bytes,
/// little endian) and then itself, to the last byte.
fn entries(file: &[u8]) -> usize {
    let rest = file.strip_prefix(MAGIC).expect("a file of the record");
    let context_end = rest[32..].iter().position(|b| *b == b'\n').unwrap();
    let mut rest = &rest[32 + context_end + 1..];
    let mut count = 0;
    while !rest.is_empty() {
        let len = u32::from_le_bytes(rest[..4].try_into().unwrap()) as usize;
        rest = &rest[4 + len..];
        count += 1;
    }
    count
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The file of the record holding `text`, and how many stories it holds.
fn record_file_with(root: &Path, text: &str) -> (std::path::PathBuf, usize) {
    for entry in std::fs::read_dir(root.join(RECORD)).unwrap() {
        let path = entry.unwrap().path();
        let content = std::fs::read(&path).unwrap();
        if find(&content, text.as_bytes()).is_some() {
            return (path, entries(&content));
        }
    }
    panic!("no file of the record holds {text}");
}

/// `bytes` with every `from` made `to`, of the same length: postcard says
/// each string's length, so the entry would still read, story and all.
fn replace_same_length(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = bytes.to_vec();
    while let Some(at) = find(&out, from.as_bytes()) {
        out[at..at + to.len()].copy_from_slice(to.as_bytes());
    }
    out
}

#[test]
fn a_damaged_or_cut_record_is_not_believed() {
    let dir = site(&["valid_site"]);
    build_timed(dir.path());
    // A title changed inside the record, its hash left as it was: believed,
    // it would reach the published page.
    let title = "Lao xuống hồ cứu cháu bé";
    let (file, held) = record_file_with(dir.path(), title);
    assert!(held >= 1);
    let whole = std::fs::read(&file).unwrap();
    let forged = replace_same_length(&whole, "Lao xuống", "Dao xuống");
    std::fs::write(&file, forged).unwrap();
    let damaged = build_timed(dir.path());
    assert_eq!(reused(&damaged), STORIES - held);
    assert!(!read(dir.path(), "out/index.html").contains("Dao xuống"));
    assert_as_clean(dir.path(), &damaged);
    // The build wrote that file whole again; cut it short.
    let whole = std::fs::read(&file).unwrap();
    assert_eq!(reused(&build_timed(dir.path())), STORIES);
    std::fs::write(&file, &whole[..whole.len() / 2]).unwrap();
    let cut = build_timed(dir.path());
    assert_eq!(reused(&cut), STORIES - held);
    assert_as_clean(dir.path(), &cut);
    // Another version's record, or none at all, is only time lost.
    for entry in std::fs::read_dir(dir.path().join(RECORD)).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(MAGIC));
        bytes[..MAGIC.len()].copy_from_slice(b"bangvang-parse-v0\n");
        std::fs::write(&path, bytes).unwrap();
    }
    assert_eq!(reused(&build_timed(dir.path())), 0);
    std::fs::remove_dir_all(dir.path().join(RECORD)).unwrap();
    let none = build_timed(dir.path());
    assert_eq!(reused(&none), 0);
    assert_as_clean(dir.path(), &none);
}

#[test]
fn a_registry_change_means_every_story_is_parsed_again() {
    let dir = site(&["valid_site"]);
    build_timed(dir.path());
    let registry = "content/registry.yaml";
    edit(
        dir.path(),
        registry,
        "Phường Bạch Đằng",
        "Phường Bạch Đằng mới",
    );
    let renamed = build_timed(dir.path());
    assert_eq!(reused(&renamed), 0);
    assert_as_clean(dir.path(), &renamed);
    // A unit gone from the registry: a story naming it, unchanged itself,
    // is now wrong, and the build says so.
    edit(
        dir.path(),
        registry,
        "id: phuong-bach-khoa",
        "id: phuong-bach-khoa-2",
    );
    let broken = bangvang(dir.path(), &["build", "--output", "out"]);
    assert_eq!(broken.code, 1, "{}", broken.stdout);
    let said = format!("{STORY}:12:7: lỗi[unknown-id]");
    assert!(broken.stderr.contains(&said), "{}", broken.stderr);
}

#[test]
fn check_reads_the_record_of_the_default_output_and_says_the_same() {
    let dir = site(&["valid_site"]);
    add_person_without_marks(dir.path());
    let built = bangvang(dir.path(), &["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(dir.path().join(".public.bangvang-cache/parse-v4").is_dir());
    edit(dir.path(), STORY, "Nội dung", "Nội dung mới");
    let fresh = tempfile::tempdir().unwrap();
    copy_dir(dir.path(), fresh.path());
    std::fs::remove_dir_all(fresh.path().join(".public.bangvang-cache")).unwrap();
    for args in [&["check"][..], &["check", "--format", "json"]] {
        let with = bangvang(dir.path(), args);
        let without = bangvang(fresh.path(), args);
        assert!(
            with.stderr.contains("name-no-diacritics")
                || with.stdout.contains("name-no-diacritics")
        );
        assert_eq!(
            (with.code, &with.stdout, &with.stderr),
            (without.code, &without.stdout, &without.stderr)
        );
    }
    // A unit gone from the registry makes the unchanged story wrong: the
    // record, made under the old registry, is not believed.
    edit(
        dir.path(),
        "content/registry.yaml",
        "id: phuong-bach-khoa",
        "id: phuong-bach-khoa-2",
    );
    let broken = bangvang(dir.path(), &["check"]);
    assert_eq!(broken.code, 1);
    let said = format!("{STORY}:12:7: lỗi[unknown-id]");
    assert!(broken.stderr.contains(&said), "{}", broken.stderr);
    // `check` writes nothing, the record included.
    let record = dir.path().join(".public.bangvang-cache/parse-v4");
    let before = tree(&record);
    bangvang(dir.path(), &["check"]);
    assert!(tree(&record) == before, "check wrote the record");
}

/// How many stories the whole record holds.
fn recorded(root: &Path) -> usize {
    std::fs::read_dir(root.join(RECORD))
        .unwrap()
        .map(|entry| entries(&std::fs::read(entry.unwrap().path()).unwrap()))
        .sum()
}

#[test]
fn a_deleted_story_leaves_the_record_too() {
    let dir = site(&["valid_site"]);
    build_timed(dir.path());
    assert_eq!(recorded(dir.path()), STORIES);
    std::fs::remove_file(dir.path().join(STORY)).unwrap();
    let run = build_timed(dir.path());
    assert_eq!(reused(&run), STORIES - 1);
    assert_eq!(recorded(dir.path()), STORIES - 1, "no entry of a file gone");
    assert_as_clean(dir.path(), &run);
}
