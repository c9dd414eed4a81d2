//! After an edit of a few stories, a build patches the last build's search
//! postings (`render/search_index/postings_record.rs`, `patch.rs`) instead
//! of collecting every story's, and keeps the index files no changed story
//! touches without making them. Every case runs the real binary on a site
//! of 240 stories, enough for the index to leave out syllables too common
//! in bodies, and compares with a clean build (a copy of the site without
//! the cache folder): the search index, and the whole output, the same to
//! the byte. `--timings` says how many index files were kept unmade, so
//! each case also shows whether the patch was used.
#![cfg(unix)]

mod common;

use std::path::Path;

use common::*;

const RECORD: &str = ".out.bangvang-cache/search-postings-v1.bin";
const STORIES: usize = 240;
/// A made-up syllable in the body of a quarter of the stories; the test
/// tops it up to the most the index keeps (`at_the_limit`): one more, and
/// the index leaves out its body postings as too common.
const COMMON: &str = "mocxich";
/// A pair in the body lead of a tenth of the stories: the same for pairs.
const PAIR: &str = "lanhbe hoavang";

fn story(i: usize) -> String {
    let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"][i % 6];
    let middle = ["Văn", "Thị", "Đức", "Minh"][i / 6 % 4];
    // A story past the first 240 is someone else again.
    let given = [
        "Hùng", "Lan", "Mai", "Bình", "An", "Hòa", "Tâm", "Long", "Hải", "Sơn", "Phúc",
    ][(i / 24).min(10)];
    let mut body = format!("Câu chuyện về {family} {middle} {given}, người thứ {i}.");
    if i < STORIES / 4 {
        body.push_str(&format!(" Bà con gọi anh là {COMMON}."));
    }
    if i < STORIES / 10 {
        body = format!("{PAIR}. {body}");
    }
    format!(
        "---\ntitle: \"Giúp đỡ bà con lần {i}\"\nsummary: \"Tóm tắt lần {i}\"\nperson:\n  \
         name: \"{family} {middle} {given}\"\n  birth_year: {year}\n  category: lao-dong-truc-tiep\n  \
         residence: phuong-bach-khoa\ndeed:\n  date: 2023-05-{day:02}\n  field: doi-song-xa-hoi\n\
         unit: phuong-bach-khoa\nawards:\n  - level: phuong\n    month: 2023-05\n    \
         decision: {{ number: \"12/QĐ-UBND\", date: 2023-05-31, issuer: chu-tich-phuong-bach-khoa }}\n\
         consent:\n  by: nguoi-duoc-khen\n  date: 2023-05-30\n  channels: [web, ban-tin, phat-thanh]\n\
         ---\n{body}\n",
        year = 1960 + i % 7,
        day = 3 + i % 20,
    )
}

fn story_file(i: usize) -> String {
    format!("content/stories/nhieu-{i}.md")
}

/// The site with 240 stories more, in which `COMMON` and `PAIR` are in
/// as many bodies as the index keeps, and no more; built. Made once for
/// every test (a first build draws 245 share cards: 15 s in a debug build),
/// and copied for each, then built again: the copy's files are not those
/// its records name, so that build makes the index whole and records it.
fn many_stories() -> tempfile::TempDir {
    static MADE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let made = MADE.get_or_init(many_stories_once);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(made.path(), dir.path());
    let (kept, _) = unmade(&build_timed(dir.path()));
    assert_eq!(kept, 0, "a copied output is not the one its records name");
    dir
}

fn many_stories_once() -> tempfile::TempDir {
    let dir = site(&["valid_site"]);
    let root = dir.path();
    for i in 0..STORIES {
        std::fs::write(root.join(story_file(i)), story(i)).unwrap();
    }
    build_timed(root);
    let meta = std::fs::read_to_string(root.join("out/search/meta.json")).unwrap();
    let docs = serde_json::from_str::<serde_json::Value>(&meta).unwrap()["docs"]
        .as_u64()
        .unwrap() as f64;
    // As `postings::BODY_STOP_SHARE` and `PAIR_BODY_STOP_SHARE`.
    let (limit, pair_limit) = ((docs * 0.25) as usize, (docs * 0.10) as usize);
    for i in STORIES / 4..limit {
        append(root, &story_file(i), &format!("\nGọi là {COMMON}.\n"));
    }
    for i in STORIES / 10..pair_limit {
        replace_in(
            root,
            &story_file(i),
            "Câu chuyện",
            &format!("{PAIR}. Câu chuyện"),
        );
    }
    build_timed(root);
    assert_eq!(documents_with(root, COMMON), limit, "at the limit: kept");
    assert!(pair_listed(root), "the pair at its limit is kept");
    dir
}

/// Whether `PAIR` is in its bucket.
fn pair_listed(root: &Path) -> bool {
    let meta = std::fs::read_to_string(root.join("out/search/meta.json")).unwrap();
    let bucket = root.join(format!("out/search/b/{}.json", bucket_of(PAIR, &meta)));
    std::fs::read_to_string(bucket).unwrap().contains(PAIR)
}

/// The pair bucket `pair` is in, as search.js finds it (FNV-1a).
fn bucket_of(pair: &str, meta: &str) -> u32 {
    let buckets = serde_json::from_str::<serde_json::Value>(meta).unwrap()["buckets"]
        .as_u64()
        .unwrap() as u32;
    let mut hash: u32 = 0x811c9dc5;
    for byte in pair.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x01000193);
    }
    hash % buckets
}

/// (index files kept without being made, index files), as `--timings` says.
fn unmade(run: &Run) -> (usize, usize) {
    timings_counts(run, "tệp chỉ mục tìm kiếm giữ ngay")
}

/// The index files that read no body, the results and the filters: after
/// an edit of bodies alone they are kept unmade whether or not the
/// postings were patched, so only what `unmade` counts beyond them tells.
fn reading_no_body(root: &Path) -> usize {
    ["out/search/d", "out/search/f"]
        .iter()
        .map(|dir| std::fs::read_dir(root.join(dir)).unwrap().count())
        .sum()
}

/// Index files kept unmade beyond the results and filters (see
/// `reading_no_body`): more than none only when the postings were patched.
fn patched_kept(root: &Path, run: &Run) -> usize {
    let (kept, _) = unmade(run);
    let no_body = reading_no_body(root);
    assert!(
        kept >= no_body,
        "results and filters kept: {kept} of {no_body}"
    );
    kept - no_body
}

/// The search index first (what the record feeds), then everything else.
/// The clean build keeps the share cards' image cache: each card is kept
/// under the hash of what it shows, not as part of any record, and drawing
/// 245 of them is most of a clean build's time in a debug build.
fn assert_as_clean(root: &Path) {
    let copy = copy_without_output(root);
    let cards = ".out.bangvang-cache/cards-v3";
    copy_dir(&root.join(cards), &copy.path().join(cards));
    let run = build_timed(copy.path());
    assert_eq!(unmade(&run).0, 0, "a clean build has no record");
    let clean = tree(&copy.path().join("out"));
    assert_same_output(&tree(&root.join("out")), &clean);
}

fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let mut story = std::fs::read_to_string(&path).unwrap();
    story.push_str(text);
    std::fs::write(path, story).unwrap();
}

/// One story more with `COMMON` in its body, built: it is now too common,
/// and its body postings are left out.
fn one_too_many(root: &Path) -> Run {
    let story = story_file(STORIES - 1);
    append(root, &story, &format!("\nThêm {COMMON}.\n"));
    let run = build_timed(root);
    assert_eq!(documents_with(root, COMMON), 0, "too common now");
    run
}

#[test]
fn after_body_edits_the_index_is_patched_and_is_a_clean_builds() {
    let dir = many_stories();
    let root = dir.path();

    let run = one_too_many(root);
    let (kept, files) = unmade(&run);
    assert!(kept > files / 2, "patched: {kept} of {files} kept unmade");
    assert!(patched_kept(root, &run) > 0, "patched: term files kept");
    assert_as_clean(root);

    // The same story again: its old terms are those the patch added.
    append(
        root,
        &story_file(STORIES - 1),
        "\nMột câu nữa về xóm trọ.\n",
    );
    assert!(patched_kept(root, &build_timed(root)) > 0, "patched again");
    assert_as_clean(root);

    // One pair more in a body lead (too common now), and a new syllable.
    replace_in(
        root,
        &story_file(STORIES - 2),
        "Câu chuyện",
        &format!("{PAIR}. Câu"),
    );
    append(root, &story_file(STORIES - 3), "\nTừ mới toanh: quaxoai.\n");
    assert!(patched_kept(root, &build_timed(root)) > 0, "patched");
    assert!(!pair_listed(root), "the pair is too common now");
    assert_as_clean(root);
}

#[test]
fn a_list_that_was_too_common_and_is_no_longer_is_collected_whole() {
    let dir = many_stories();
    let root = dir.path();
    one_too_many(root);
    // Back to a quarter: the body postings left out are not in the record,
    // so the index is collected from every story, as a clean build does.
    replace_in(root, &story_file(0), COMMON, "ai");
    assert_eq!(patched_kept(root, &build_timed(root)), 0, "not patched");
    assert!(documents_with(root, COMMON) > 0, "kept again");
    assert_as_clean(root);
}

#[test]
fn a_damaged_or_cut_postings_record_is_not_believed() {
    let dir = many_stories();
    let root = dir.path();
    let whole = std::fs::read(root.join(RECORD)).unwrap();
    for (n, damage) in ["flip", "cut"].iter().enumerate() {
        let mut bytes = whole.clone();
        match *damage {
            "flip" => bytes[whole.len() / 2] ^= 1,
            _ => bytes.truncate(whole.len() - 7),
        }
        // The story changes each time, so the record is the one just built.
        append(root, &story_file(5), &format!("\nCâu {n} về {COMMON}.\n"));
        build_timed(root);
        std::fs::write(root.join(RECORD), &bytes).unwrap();
        append(root, &story_file(6), &format!("\nCâu {n} nữa.\n"));
        let run = build_timed(root);
        assert_eq!(patched_kept(root, &run), 0, "{damage}: not patched");
        assert_as_clean(root);
    }
}

#[test]
fn a_story_added_or_removed_means_a_whole_index() {
    let dir = many_stories();
    let root = dir.path();
    std::fs::write(root.join(story_file(STORIES)), story(STORIES)).unwrap();
    let (kept, _) = unmade(&build_timed(root));
    assert_eq!(kept, 0, "a story more: every id after it moves");
    assert_as_clean(root);
    std::fs::remove_file(root.join(story_file(3))).unwrap();
    let (kept, _) = unmade(&build_timed(root));
    assert_eq!(kept, 0, "a story less");
    assert_as_clean(root);
}

/// A build whose templates cannot be read (here a dangling link, as an
/// editor's lock file is) keeps no page record, so it keeps no postings
/// record either: the next build would keep the index's files through the
/// page record of the build before, which are not those of this record.
#[test]
fn a_build_without_a_page_record_leaves_no_postings_record() {
    let dir = site(&["valid_site"]);
    let root = dir.path();
    build_timed(root);
    std::fs::create_dir(root.join("templates")).unwrap();
    std::os::unix::fs::symlink("/nonexistent", root.join("templates/.#x.html")).unwrap();
    append(
        root,
        "content/stories/hung-1.md",
        "\nAnh còn nuôi một con ngựa vằn.\n",
    );
    build_timed(root);
    assert!(
        !root.join(RECORD).exists(),
        "no page record, no postings record"
    );
    std::fs::remove_dir_all(root.join("templates")).unwrap();
    append(
        root,
        "content/stories/hung-2.md",
        "\nChị có con mèo tam thể.\n",
    );
    build_timed(root);
    assert!(documents_with(root, "ngua") > 0);
    assert_as_clean(root);
}
