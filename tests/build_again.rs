//! A build whose inputs and output are as the last build left them writes
//! nothing (`pipeline/unchanged.rs`), yet still checks the site; any change
//! to an input, an option or the output itself makes a whole build again.
//! Every case runs the real binary, and each compares with a clean build.
#![cfg(unix)]

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::*;

const KEPT: &str = "không có gì thay đổi từ lần dựng trước";
const STORY: &str = "content/stories/hung-1.md";

fn build(root: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["build", "--output", "out"];
    args.extend_from_slice(extra);
    let run = bangvang(root, &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

/// What a clean build of `root` as it is now publishes, into a new folder.
fn clean(root: &Path, extra: &[&str]) -> Vec<(String, Vec<u8>)> {
    let copy = copy_without_output(root);
    build(copy.path(), extra);
    tree(&copy.path().join("out"))
}

fn inode(root: &Path, rel: &str) -> u64 {
    std::fs::metadata(root.join("out").join(rel)).unwrap().ino()
}

/// Replace `from` with `to` in the story every test edits.
fn edit_story(root: &Path, from: &str, to: &str) {
    let story = root.join(STORY);
    let text = std::fs::read_to_string(&story).unwrap();
    assert!(text.contains(from), "{from} not in the story");
    std::fs::write(&story, text.replace(from, to)).unwrap();
}

#[test]
fn a_second_build_of_the_same_site_writes_nothing_but_still_checks() {
    let dir = site(&["valid_site"]);
    let first = build(dir.path(), &[]);
    assert!(!first.stdout.contains(KEPT), "{}", first.stdout);
    let before = inode(dir.path(), "index.html");
    let again = build(dir.path(), &[]);
    assert!(again.stdout.contains(KEPT), "{}", again.stdout);
    // Not a shortcut around the check: its warnings are said again.
    assert!(again.stderr.contains("[no-consent]"), "{}", again.stderr);
    assert_eq!(again.stderr, first.stderr);
    assert_eq!(inode(dir.path(), "index.html"), before, "not rewritten");
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

#[test]
fn an_edited_story_is_built_again() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    edit_story(dir.path(), "Nội dung câu chuyện", "Chuyện kể");
    let again = build(dir.path(), &[]);
    assert!(!again.stdout.contains(KEPT), "{}", again.stdout);
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

#[test]
fn the_same_bytes_written_again_are_not_a_change() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    // An editor saving without a change gives the file a new time only.
    let story = dir.path().join(STORY);
    let text = std::fs::read(&story).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&story, text).unwrap();
    assert!(build(dir.path(), &[]).stdout.contains(KEPT));
}

#[test]
fn a_file_deleted_or_edited_in_the_output_is_put_back() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let out = dir.path().join("out");
    std::fs::remove_file(out.join("index.html")).unwrap();
    let again = build(dir.path(), &[]);
    assert!(!again.stdout.contains(KEPT), "{}", again.stdout);
    assert_eq!(tree(&out), clean(dir.path(), &[]));
    std::fs::write(out.join("style.css"), "body{}").unwrap();
    assert!(!build(dir.path(), &[]).stdout.contains(KEPT));
    assert_eq!(tree(&out), clean(dir.path(), &[]));
    // An empty folder added by hand is a change too, and is not published.
    std::fs::create_dir(out.join("rac")).unwrap();
    assert!(!build(dir.path(), &[]).stdout.contains(KEPT));
    assert!(!out.join("rac").exists());
    assert!(build(dir.path(), &[]).stdout.contains(KEPT));
}

#[test]
fn another_option_is_another_build() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let drafts = build(dir.path(), &["--drafts"]);
    assert!(!drafts.stdout.contains(KEPT), "{}", drafts.stdout);
    assert_eq!(
        tree(&dir.path().join("out")),
        clean(dir.path(), &["--drafts"])
    );
    let base = ["--base-url", "https://example.gov.vn/bang-vang/"];
    assert!(!build(dir.path(), &base).stdout.contains(KEPT));
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &base));
    assert!(build(dir.path(), &base).stdout.contains(KEPT));
}

#[test]
fn a_broken_or_missing_record_only_costs_a_whole_build() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let record = dir.path().join(".out.bangvang-cache/build-v1.json");
    std::fs::write(&record, "{ not json").unwrap();
    assert!(!build(dir.path(), &[]).stdout.contains(KEPT));
    // The whole build kept a good record again.
    assert!(build(dir.path(), &[]).stdout.contains(KEPT));
    std::fs::remove_dir_all(dir.path().join(".out.bangvang-cache")).unwrap();
    assert!(!build(dir.path(), &[]).stdout.contains(KEPT));
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

/// The valid site built, then built again with an unknown level in the
/// story: refused. Returns that build, and the level is put right again.
fn built_then_broken_and_mended() -> (tempfile::TempDir, Run) {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    edit_story(dir.path(), "level: phuong", "level: phuongg");
    let broken = bangvang(dir.path(), &["build", "--output", "out"]);
    assert_eq!(broken.code, 1, "{}", broken.stdout);
    edit_story(dir.path(), "level: phuongg", "level: phuong");
    (dir, broken)
}

#[test]
fn a_site_with_errors_is_never_kept_as_is() {
    let (dir, broken) = built_then_broken_and_mended();
    assert!(broken.stderr.contains("phuongg"), "{}", broken.stderr);
    assert!(build(dir.path(), &[]).stdout.contains(KEPT), "fixed back");
}

/// What follows `label` on its line of `build --timings`.
fn timings_value<'a>(run: &'a Run, label: &str) -> &'a str {
    run.stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .unwrap_or_else(|| panic!("no line «{label}»: {}", run.stdout))
}

/// "kept/all" of `build --timings`: pages kept from the last build, not
/// rendered again, of all pages.
fn pages_kept(run: &Run) -> (usize, usize) {
    let line = timings_value(run, "trang giữ từ lần dựng trước, không dựng lại: ");
    let (kept, all) = line.split_once('/').unwrap();
    (kept.parse().unwrap(), all.parse().unwrap())
}

#[test]
fn after_an_edit_only_the_pages_that_show_the_story_are_rendered_again() {
    let dir = site(&["valid_site"]);
    let first = build(dir.path(), &["--timings"]);
    assert_eq!(pages_kept(&first).0, 0, "nothing to keep yet");
    edit_story(dir.path(), "Nội dung câu chuyện", "Chuyện kể");
    let again = build(dir.path(), &["--timings"]);
    let (kept, all) = pages_kept(&again);
    assert!(kept > 0 && kept < all, "{kept}/{all}");
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

#[test]
fn a_build_stopped_by_an_error_leaves_the_last_builds_records() {
    // The records are read while the site is checked: a check that fails
    // must leave them, or the build after the fix would render every page.
    let (dir, _) = built_then_broken_and_mended();
    edit_story(dir.path(), "Nội dung câu chuyện", "Chuyện kể");
    let fixed = build(dir.path(), &["--timings"]);
    let (kept, all) = pages_kept(&fixed);
    assert!(kept > 0 && kept < all, "{kept}/{all}");
    assert!(pages_unmade(&fixed) > 0, "{}", fixed.stdout);
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

/// "kept without being made" of `build --timings`.
fn pages_unmade(run: &Run) -> usize {
    let line = timings_value(run, "trong đó giữ ngay, không phải dựng ");
    let (_, count) = line.rsplit_once(": ").unwrap();
    count.parse().unwrap()
}

#[test]
fn after_an_edit_of_a_body_alone_only_its_pages_are_made() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    // The story has a summary, so its cards do not show its body: only the
    // story's page and the bulletin print it.
    edit_story(dir.path(), "Nội dung câu chuyện", "Chuyện kể");
    let again = build(dir.path(), &["--timings"]);
    let (kept, all) = pages_kept(&again);
    let unmade = pages_unmade(&again);
    assert!(unmade > 0 && unmade <= kept, "{unmade} of {kept}/{all}");
    // Made: the story's page and bulletin, and the radio scripts, whose
    // key is always made from their input (`Job::made_from`).
    assert!(
        all - unmade <= 5,
        "made {} of {all}: {}",
        all - unmade,
        again.stdout
    );
    assert!(all - kept <= 2, "rendered {} of {all}", all - kept);
    let out = tree(&dir.path().join("out"));
    let shown = out.iter().any(|(path, bytes)| {
        path.starts_with("truyen/") && String::from_utf8_lossy(bytes).contains("Chuyện kể về")
    });
    assert_eq!(out, clean(dir.path(), &[]));
    assert!(shown, "the story's page shows the new body");
}

#[test]
fn after_an_edit_of_anything_but_a_body_every_page_is_made_to_be_compared() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    edit_story(dir.path(), "Tóm tắt: Lao", "Tóm tắt mới: Lao");
    let again = build(dir.path(), &["--timings"]);
    assert_eq!(pages_unmade(&again), 0);
    let (kept, all) = pages_kept(&again);
    assert!(kept > 0 && kept < all, "{kept}/{all}");
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
    // And the next edit of a body alone is made from this build's record.
    edit_story(dir.path(), "Nội dung câu chuyện", "Chuyện kể");
    let next = build(dir.path(), &["--timings"]);
    assert!(pages_unmade(&next) > 0, "{}", next.stdout);
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

#[test]
fn a_page_record_damaged_anywhere_keeps_no_page() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let record = dir.path().join(".out.bangvang-cache/pages-v2.bin");
    let mut bytes = std::fs::read(&record).unwrap();
    // Past the hash, in the entries: a byte of a key, a path or a page's
    // list of stories.
    let at = bytes.len() * 2 / 3;
    bytes[at] ^= 1;
    std::fs::write(&record, bytes).unwrap();
    edit_story(dir.path(), "Nội dung câu chuyện", "Chuyện kể");
    let again = build(dir.path(), &["--timings"]);
    assert_eq!(pages_kept(&again).0, 0, "{}", again.stdout);
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

#[test]
fn a_template_change_renders_every_page_again() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let base = include_str!("../themes/default/templates/base.html");
    std::fs::write(
        templates.join("base.html"),
        base.replace("<body", "<body data-x"),
    )
    .unwrap();
    let again = build(dir.path(), &["--timings"]);
    assert_eq!(pages_kept(&again).0, 0);
    assert!(std::fs::read_to_string(dir.path().join("out/index.html"))
        .unwrap()
        .contains("<body data-x"));
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

#[test]
fn a_page_changed_in_the_output_since_is_rendered_again() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let page = dir.path().join("out/404.html");
    let mut bytes = std::fs::read(&page).unwrap();
    bytes.extend_from_slice(b"<!-- sua tay -->");
    std::fs::write(&page, bytes).unwrap();
    let again = build(dir.path(), &["--timings"]);
    let (kept, all) = pages_kept(&again);
    assert!(kept > 0 && kept < all, "{kept}/{all}");
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

#[test]
fn a_template_that_reads_the_environment_is_refused_by_check() {
    // A page must depend on its data only, or a kept page could be stale.
    let dir = site(&["valid_site"]);
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("404.html"),
        "<p>Không thấy</p>\n<p>{{ get_env(name=\"HOME\") }}</p>\n",
    )
    .unwrap();
    let check = bangvang(dir.path(), &["check"]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stderr.contains("templates/404.html:2:7") && check.stderr.contains("get_env"),
        "{}",
        check.stderr
    );
}

/// How many cards the build drew (or found in the cache) since the card
/// cache was emptied: a card kept from the last output is not looked up.
fn cards_in_cache(root: &Path) -> usize {
    std::fs::read_dir(root.join(".out.bangvang-cache/cards-v3")).map_or(0, |d| d.count())
}

fn cards_in_output(root: &Path) -> Vec<String> {
    let mut cards: Vec<String> = tree(&root.join("out"))
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path.starts_with("truyen/") && path.ends_with(".png"))
        .collect();
    cards.sort();
    cards
}

#[test]
fn after_an_edit_the_other_stories_cards_are_kept_from_the_output() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    assert!(cards_in_output(dir.path()).len() >= 3);
    std::fs::remove_dir_all(dir.path().join(".out.bangvang-cache/cards-v3")).unwrap();
    edit_story(dir.path(), "Lao xuống hồ", "Nhảy xuống hồ");
    build(dir.path(), &[]);
    // The site's card is always drawn; of the stories', only the edited one.
    assert_eq!(cards_in_cache(dir.path()), 2);
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

#[test]
fn a_card_changed_in_the_output_since_is_drawn_again() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    std::fs::remove_dir_all(dir.path().join(".out.bangvang-cache/cards-v3")).unwrap();
    let card = dir.path().join("out").join(&cards_in_output(dir.path())[0]);
    let mut bytes = std::fs::read(&card).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&card, bytes).unwrap();
    build(dir.path(), &[]);
    assert_eq!(
        cards_in_cache(dir.path()),
        2,
        "the site's card and the cut one"
    );
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

/// The file numbers of the cards in the card cache.
fn cached_card_files(root: &Path) -> std::collections::HashSet<u64> {
    std::fs::read_dir(root.join(".out.bangvang-cache/cards-v3"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().ino())
        .collect()
}

#[test]
fn every_card_is_on_the_disk_once_the_output_linking_the_caches_file() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let is_cached = |root: &Path| {
        let cached = cached_card_files(root);
        let mut cards = cards_in_output(root);
        cards.push("chia-se.png".into());
        cards
            .into_iter()
            .all(|card| cached.contains(&inode(root, &card)))
    };
    assert!(is_cached(dir.path()), "drawn, stored, then linked");
    // An empty output with the cache kept: every card is found there.
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    build(dir.path(), &[]);
    assert!(is_cached(dir.path()), "found in the cache, then linked");
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}

#[test]
fn a_search_file_or_feed_changed_in_the_output_since_is_written_again() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let out = dir.path().join("out");
    let shard = tree(&out)
        .into_iter()
        .map(|(path, _)| path)
        .find(|p| p.starts_with("search/") && p.ends_with(".json"))
        .expect("a search file");
    for file in [out.join(shard), out.join("atom.xml")] {
        // Same size, other bytes: only the file's time tells it was changed.
        let len = std::fs::metadata(&file).unwrap().len() as usize;
        std::fs::write(&file, vec![b'x'; len]).unwrap();
    }
    build(dir.path(), &[]);
    assert_eq!(tree(&out), clean(dir.path(), &[]));
}

#[test]
fn the_records_of_an_earlier_version_are_removed() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let cache = dir.path().join(".out.bangvang-cache");
    for old in ["pages-v1.json", "cards-kept-v1.json"] {
        std::fs::write(cache.join(old), "{}").unwrap();
    }
    for (folder, file) in [
        ("parse-v1", "00.jsonl"),
        ("parse-v2", "00.bin"),
        ("parse-v3", "00.bin"),
    ] {
        std::fs::create_dir(cache.join(folder)).unwrap();
        std::fs::write(cache.join(folder).join(file), "{}").unwrap();
    }
    // An edit, so the build is not skipped as unchanged.
    edit_story(dir.path(), "Nội dung câu chuyện", "Chuyện kể");
    build(dir.path(), &[]);
    for old in [
        "pages-v1.json",
        "cards-kept-v1.json",
        "parse-v1",
        "parse-v2",
        "parse-v3",
    ] {
        assert!(!cache.join(old).exists(), "{old} still there");
    }
}

#[test]
fn a_level_renamed_in_the_registry_draws_the_cards_that_show_it_again() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let before = tree(&dir.path().join("out"));
    let registry = dir.path().join("content/registry.yaml");
    let text = std::fs::read_to_string(&registry).unwrap();
    std::fs::write(
        &registry,
        text.replace("\"Cấp phường\"", "\"Cấp xã, phường\""),
    )
    .unwrap();
    build(dir.path(), &[]);
    let after = tree(&dir.path().join("out"));
    assert_eq!(after, clean(dir.path(), &[]));
    let card_changed = |(path, bytes): &(String, Vec<u8>)| {
        path.ends_with(".png") && before.iter().any(|(p, b)| p == path && b != bytes)
    };
    assert!(after.iter().any(card_changed), "a card shows the level");
}

/// A radio script is kept from the last build only when what it is made
/// from is the same (`render::radio::Month`): each setting and name it
/// says, edited, makes it again, as a clean build would.
#[test]
fn a_radio_script_is_made_again_when_anything_it_says_changes() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let script = |root: &Path| {
        std::fs::read_to_string(root.join("out/ban-tin/2023-06/phat-thanh.txt")).unwrap()
    };
    let edits = [
        (
            "site.yaml",
            "  abbreviations:\n",
            "  abbreviations:\n    Du: \"Dù\"\n",
        ),
        ("site.yaml", "radio:\n", "radio:\n  numbers: nam\n"),
        (
            "site.yaml",
            "radio:\n",
            "wording:\n  radio_site: \"trang mạng của phường\"\nradio:\n",
        ),
        (
            "content/registry.yaml",
            "\"Chủ tịch Ủy ban nhân dân phường Bạch Đằng\"",
            "\"Chủ tịch Ủy ban nhân dân phường Bạch Đằng (nhiệm kỳ mới)\"",
        ),
        ("content/registry.yaml", "\"Cấp phường\"", "\"Cấp cơ sở\""),
    ];
    for (file, from, to) in edits {
        let before = script(dir.path());
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        build(dir.path(), &[]);
        assert_ne!(script(dir.path()), before, "{file}: {to}");
        assert_eq!(
            tree(&dir.path().join("out")),
            clean(dir.path(), &[]),
            "{to}"
        );
    }
}

/// What a build records of the files it kept (their size and time, taken
/// from the last record) must let the next build keep them again.
#[test]
fn pages_kept_once_are_kept_again_after_the_next_edit() {
    let dir = site(&["valid_site"]);
    build(dir.path(), &[]);
    let edits = [
        ("Nội dung câu chuyện", "Chuyện kể"),
        ("Chuyện kể", "Chuyện kể lại"),
    ];
    for (n, (from, to)) in edits.into_iter().enumerate() {
        edit_story(dir.path(), from, to);
        let again = build(dir.path(), &["--timings"]);
        let (kept, all) = pages_kept(&again);
        assert!(kept + 5 >= all && kept < all, "edit {n}: {kept}/{all}");
    }
    assert_eq!(tree(&dir.path().join("out")), clean(dir.path(), &[]));
}
