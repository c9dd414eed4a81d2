//! `build` and `report` never lose or damage what is already on disk: an
//! output that is not our folder (a file, a device, a link) is refused and
//! left as it was, two builds at once publish one complete site, a build
//! killed in the middle of the swap loses nothing, `report -f` never lands in
//! the published folder, and `theme:` cannot reach outside `themes/`.
//! Every case runs the real binary.
#![cfg(unix)]

mod common;

use std::io::BufRead;
use std::os::unix::fs::{symlink, FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;

const WAITING: &str = "Đang chờ lần dựng trang khác vào cùng thư mục xuất kết thúc…";

fn run_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
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

/// A copy of this repository's example site (site.yaml, content/, themes/).
fn example_site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "themes"] {
        copy_dir(&repo.join(sub), &dir.path().join(sub));
    }
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}

/// Names beside the output that only a build in progress (or an interrupted
/// one) leaves: staging, previous copy, lock.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("bangvang-"))
        // The image cache, the list of published addresses (for the next
        // build's address-dropped check) and the spare (the site before the
        // published one, the next build's starting point) are kept on purpose.
        .filter(|n| {
            !n.ends_with(".bangvang-cache")
                && !n.ends_with(".bangvang-dia-chi.txt")
                && !n.ends_with(".bangvang-spare")
        })
        .collect()
}

/// What a clean single build of `root` as it is now publishes.
fn clean_build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let copy = tempfile::tempdir().unwrap();
    for sub in ["content", "themes"] {
        if root.join(sub).is_dir() {
            copy_dir(&root.join(sub), &copy.path().join(sub));
        }
    }
    std::fs::copy(root.join("site.yaml"), copy.path().join("site.yaml")).unwrap();
    let run = bangvang(copy.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    tree(&copy.path().join("public"))
}

fn build_ok(root: &Path) -> Vec<(String, Vec<u8>)> {
    let run = bangvang(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    tree(&root.join("public"))
}

/// A change that alters every page, so two versions of the site differ.
fn retitle(root: &Path, title: &str) {
    let path = root.join("site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().find(|l| l.starts_with("title:")).unwrap();
    std::fs::write(&path, text.replace(line, &format!("title: \"{title}\""))).unwrap();
}

/// A story that fails every check, so the next build stops before writing.
fn break_content(root: &Path) -> PathBuf {
    let bad = root.join("content/stories/hong.md");
    std::fs::write(&bad, "---\ntitle: [\n---\n").unwrap();
    bad
}

fn refused_output(run: &Run, path: &str, code: &str) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!("{path}: lỗi[{code}]: ")),
        "error naming {path} (no line: nothing in it is at fault):\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("\n  gợi ý: "), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn an_output_that_is_a_file_is_refused_and_left_byte_for_byte() {
    let dir = site(&["invalid_base"]);
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "ghi chú quan trọng\n").unwrap();
    let run = bangvang(dir.path(), &["build", "--output", "notes.txt"]);
    refused_output(&run, "notes.txt", "output-not-folder");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        "ghi chú quan trọng\n".as_bytes()
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn dev_null_and_a_fifo_are_never_touched() {
    let dir = site(&["invalid_base"]);
    // A device of its own, made like /dev/null (char 1,3): if this ever
    // regressed, a test against the real /dev/null would break the machine
    // running it (as root in CI). Without root, mknod is refused and the
    // real /dev/null is used, which a non-root build cannot harm.
    let devices = tempfile::tempdir().unwrap();
    let own = devices.path().join("null");
    let made = std::process::Command::new("mknod")
        .args(["-m", "666"])
        .arg(&own)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    let device = if made {
        own
    } else {
        Path::new("/dev/null").to_path_buf()
    };
    let shown = device.to_str().unwrap();
    let before = std::fs::metadata(&device).unwrap();
    assert!(before.file_type().is_char_device());
    let run = bangvang(dir.path(), &["build", "--output", shown]);
    refused_output(&run, shown, "output-not-folder");
    let after = std::fs::metadata(&device).unwrap();
    assert!(after.file_type().is_char_device(), "{shown} replaced");
    assert_eq!((after.ino(), after.rdev()), (before.ino(), before.rdev()));
    let lock = device.with_file_name(".null.bangvang-lock");
    assert!(!lock.exists(), "a lock file appeared beside {shown}");

    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let run = bangvang(dir.path(), &["build", "--output", "pipe"]);
    refused_output(&run, "pipe", "output-not-folder");
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}

#[test]
fn a_symlinked_output_is_refused_and_nothing_goes_through_it() {
    let dir = site(&["invalid_base"]);
    let root = dir.path();
    // A release built by bangvang, plus a file of the webmaster's in it.
    let run = bangvang(root, &["build", "--output", "release-1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::write(root.join("release-1/ghi-chu.txt"), "của tôi").unwrap();
    symlink("release-1", root.join("current")).unwrap();
    let before = tree(&root.join("release-1"));

    // With a trailing slash too, which would make the OS follow the link.
    for spelling in ["current", "current/"] {
        let run = bangvang(root, &["build", "--output", spelling]);
        refused_output(&run, "current", "output-symlink");
    }
    assert_eq!(
        std::fs::read_link(root.join("current")).unwrap(),
        Path::new("release-1")
    );
    assert_eq!(tree(&root.join("release-1")), before);
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
}

#[test]
fn a_folder_not_made_by_bangvang_is_refused_untouched() {
    let dir = site(&["invalid_base"]);
    std::fs::create_dir(dir.path().join("tai-lieu")).unwrap();
    std::fs::write(dir.path().join("tai-lieu/a.txt"), "x").unwrap();
    let run = bangvang(dir.path(), &["build", "--output", "tai-lieu"]);
    refused_output(&run, "tai-lieu", "output-not-ours");
    assert_eq!(
        tree(&dir.path().join("tai-lieu")),
        vec![("a.txt".to_string(), b"x".to_vec())]
    );
}

#[test]
fn a_second_build_waits_for_the_lock_and_says_so_once() {
    let dir = site(&["invalid_base"]);
    let root = dir.path();
    let published = build_ok(root);
    retitle(root, "Bảng vàng mới");
    // This test holds the lock the way a running build does.
    let lock = std::fs::File::create(root.join(".public.bangvang-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .arg("build")
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert_eq!(first.trim_end(), WAITING);
    // While it waits, the published site and its neighbours are untouched.
    assert_eq!(tree(&root.join("public")), published);
    assert!(!root.join(".public.bangvang-new").exists());
    drop(lock);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{rest}");
    assert!(!rest.contains(WAITING), "said once: {rest}");
    assert_eq!(tree(&root.join("public")), clean_build(root));
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
}

#[test]
fn two_builds_at_once_publish_one_complete_site() {
    let dir = example_site();
    let root = dir.path();
    let expected = clean_build(root);
    for round in 0..3 {
        if round == 1 {
            // Also over an existing output, where pages are hard-linked.
            assert_eq!(tree(&root.join("public")), expected);
        }
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_bangvang"))
                .arg("build")
                .current_dir(root)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {stderr}");
            assert!(!stderr.contains("lỗi"), "round {round}: {stderr}");
        }
        assert!(
            tree(&root.join("public")) == expected,
            "round {round}: the output is not a clean build"
        );
        assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
    }
}

#[test]
fn killed_between_renames_the_previous_site_comes_back() {
    let dir = site(&["invalid_base"]);
    let root = dir.path();
    let v1 = build_ok(root);
    retitle(root, "Bảng vàng mới");
    let crash = [("BANGVANG_TEST_CRASH_AT", "between-renames")];
    let run = run_env(root, &["build"], &crash);
    assert_eq!(run.code, -1, "killed by a signal: {}", run.stderr);
    // The state a kill leaves: no output, the only copy under `-old`.
    assert!(!root.join("public").exists());
    assert_eq!(tree(&root.join(".public.bangvang-old")), v1);

    // A build that fails on its content still puts the previous site back.
    let bad = break_content(root);
    let run = bangvang(root, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(tree(&root.join("public")), v1);
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));

    std::fs::remove_file(bad).unwrap();
    assert_eq!(build_ok(root), clean_build(root));
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
}

#[test]
fn killed_before_or_after_the_swap_one_whole_site_stays() {
    let dir = site(&["invalid_base"]);
    let root = dir.path();
    let v1 = build_ok(root);
    retitle(root, "Bảng vàng mới");
    let v2 = clean_build(root);

    let run = run_env(
        root,
        &["build"],
        &[("BANGVANG_TEST_CRASH_AT", "before-swap")],
    );
    assert_eq!(run.code, -1, "{}", run.stderr);
    assert_eq!(tree(&root.join("public")), v1);

    let run = run_env(
        root,
        &["build"],
        &[("BANGVANG_TEST_CRASH_AT", "after-swap")],
    );
    assert_eq!(run.code, -1, "{}", run.stderr);
    assert_eq!(tree(&root.join("public")), v2);
    assert!(!leftovers(root).is_empty(), "the previous copy is left");

    // The next build, even a failed one, clears what the kill left.
    break_content(root);
    let run = bangvang(root, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(tree(&root.join("public")), v2);
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
}

#[test]
fn a_complete_first_build_killed_before_its_rename_is_published() {
    let dir = site(&["invalid_base"]);
    let root = dir.path();
    let expected = clean_build(root);
    let run = run_env(
        root,
        &["build"],
        &[("BANGVANG_TEST_CRASH_AT", "before-swap")],
    );
    assert_eq!(run.code, -1, "{}", run.stderr);
    assert!(!root.join("public").exists());
    break_content(root);
    let run = bangvang(root, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(tree(&root.join("public")), expected);
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
}

#[test]
fn report_through_a_link_never_lands_in_the_published_folder() {
    let dir = site(&["invalid_base"]);
    let root = dir.path();
    let published = build_ok(root);
    symlink("public/bao-cao.csv", root.join("dangling.csv")).unwrap();
    std::fs::write(root.join("public/cu.csv"), "").unwrap();
    symlink("public/cu.csv", root.join("existing.csv")).unwrap();
    symlink("public", root.join("pub")).unwrap();
    let published_now = tree(&root.join("public"));
    for name in ["dangling.csv", "existing.csv", "pub/bao-cao.csv"] {
        let run = bangvang(root, &["report", "--year", "2023", "-f", name]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(
            run.stderr
                .starts_with(&format!("{name}: lỗi[report-in-output]: ")),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("\n  gợi ý: "), "{}", run.stderr);
        assert_eq!(tree(&root.join("public")), published_now, "{name}");
    }
    assert_eq!(published.len() + 1, published_now.len());
    // Outside the published folder, through a link, it is written.
    std::fs::create_dir(root.join("noi-bo")).unwrap();
    symlink("noi-bo/bc.csv", root.join("ok.csv")).unwrap();
    let run = bangvang(root, &["report", "--year", "2023", "-f", "ok.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(root.join("noi-bo/bc.csv").is_file());
}

const THEME_HINT: &str = "  gợi ý: viết tên thư mục, ví dụ `theme: default`; không dùng `/`, `\\`, `..`, đường dẫn tuyệt đối, hay liên kết trỏ ra ngoài themes/. Xem mục “Cấu hình site.yaml” trong docs/quan-tri.md\n";
const NOT_BUILT: &str = "Không dựng trang: 1 lỗi. Thư mục xuất cũ được giữ nguyên.\n";

#[test]
fn a_theme_outside_themes_is_refused_at_its_line() {
    let outside = tempfile::tempdir().unwrap();
    let outside_path = outside.path().to_str().unwrap().to_string();
    let cases: Vec<(&str, Option<&str>, String)> = vec![
        (
            "../content",
            None,
            "`../content` phải là tên một thư mục trong themes/, không phải một đường dẫn".into(),
        ),
        (
            "/etc",
            None,
            "`/etc` phải là tên một thư mục trong themes/, không phải một đường dẫn".into(),
        ),
        (
            "a\\\\b",
            None,
            "`a\\b` phải là tên một thư mục trong themes/, không phải một đường dẫn".into(),
        ),
        (
            "ngoai",
            Some(&outside_path),
            "`ngoai` là liên kết trỏ ra ngoài themes/".into(),
        ),
        (
            "noi-dung",
            Some("../content"),
            "`noi-dung` là liên kết trỏ ra ngoài themes/".into(),
        ),
    ];
    for (theme, link_to, message) in cases {
        let dir = site(&["invalid_base"]);
        let root = dir.path();
        let published = build_ok(root);
        if let Some(target) = link_to {
            std::fs::create_dir_all(root.join("themes")).unwrap();
            symlink(target, root.join("themes").join(theme)).unwrap();
        }
        let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
        let config = config.replace("theme: default", &format!("theme: \"{theme}\""));
        std::fs::write(root.join("site.yaml"), config).unwrap();
        let run = bangvang(root, &["build"]);
        let expected = format!(
            "site.yaml:4:8: lỗi[bad-theme]: chủ đề giao diện {message}\n{THEME_HINT}{NOT_BUILT}"
        );
        assert_eq!(run.stderr, expected, "theme {theme}");
        assert_eq!(run.code, 1);
        assert_eq!(tree(&root.join("public")), published, "theme {theme}");
    }
}

/// A sentence added to one story of the example: a build that writes a few
/// of its files anew, so the site it replaces is kept as the spare.
fn add_a_sentence(root: &Path, sentence: &str) {
    let story = root.join("content/stories/2023-05/bon-muoi-hai-lan-hien-mau-tinh-nguyen.md");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, format!("{text}\n{sentence}\n")).unwrap();
}

#[test]
fn a_build_started_from_the_spare_and_killed_leaves_one_whole_site() {
    let dir = example_site();
    let root = dir.path();
    let spare = root.join(".public.bangvang-spare");
    build_ok(root);
    add_a_sentence(root, "Một câu viết thêm.");
    let v2 = build_ok(root);
    assert!(
        spare.is_dir(),
        "after a small build the previous site is kept aside"
    );
    assert!(
        !spare.join(".bangvang").exists(),
        "a spare is never a complete build"
    );

    // Killed with the staging folder, made from the spare, complete: the
    // published site is the last one, whole.
    add_a_sentence(root, "Một câu nữa.");
    let v3 = clean_build(root);
    let crash = [("BANGVANG_TEST_CRASH_AT", "before-swap")];
    let run = run_env(root, &["build"], &crash);
    assert_eq!(run.code, -1, "killed by a signal: {}", run.stderr);
    assert_eq!(tree(&root.join("public")), v2);
    assert_eq!(build_ok(root), v3, "the next build is a clean one");

    // Killed just after the swap: the new site is published, whole.
    add_a_sentence(root, "Và một câu cuối.");
    let v4 = clean_build(root);
    let crash = [("BANGVANG_TEST_CRASH_AT", "after-swap")];
    let run = run_env(root, &["build"], &crash);
    assert_eq!(run.code, -1, "killed by a signal: {}", run.stderr);
    assert_eq!(tree(&root.join("public")), v4);
    assert_eq!(build_ok(root), v4);
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));

    // The published folder deleted by hand: the spare beside it is not
    // used, and the build is a clean one.
    std::fs::remove_dir_all(root.join("public")).unwrap();
    assert_eq!(build_ok(root), v4);
}
