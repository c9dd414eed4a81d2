//! The command line speaks Vietnamese: help, usage errors, `--version`,
//! `new`'s own arguments, and `serve`'s terminal, all run on the real binary.

mod common;

use common::{bangvang, site};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Words of clap's English defaults; none may reach a ward officer.
const ENGLISH: &[&str] = &[
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Print",
    "help",
    "version",
    "error",
    "default",
    "possible values",
    "OPTIONS",
    "COMMAND",
    "[ROOT]",
    "<ROOT>",
    "<FORMAT>",
];

fn english_in(text: &str) -> Vec<&'static str> {
    ENGLISH
        .iter()
        .copied()
        // `--help`, `--version` and `bangvang help` are names, not words to read.
        .filter(|w| {
            text.replace("--help", "")
                .replace("bangvang help", "")
                .replace("--version", "")
                .contains(w)
        })
        .collect()
}

#[test]
fn every_help_is_in_vietnamese_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let commands: &[&[&str]] = &[
        &["--help"],
        &["-h"],
        &["build", "--help"],
        &["serve", "--help"],
        &["check", "--help"],
        &["new", "--help"],
        &["report", "-h"],
        &["papers", "--help"],
        &["licenses", "--help"],
    ];
    for args in commands {
        let run = bangvang(dir.path(), args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.contains("Cách dùng: bangvang"),
            "{args:?}:\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("Tùy chọn:"),
            "{args:?}:\n{}",
            run.stdout
        );
        let found = english_in(&run.stdout);
        assert!(found.is_empty(), "{args:?} says {found:?}:\n{}", run.stdout);
    }
    let top = bangvang(dir.path(), &["--help"]);
    for command in [
        "build", "serve", "check", "new", "report", "papers", "licenses",
    ] {
        assert!(
            top.stdout.contains(&format!("\n  {command} ")),
            "{command}:\n{}",
            top.stdout
        );
    }
}

/// Each usage error: its exact words on stderr, nothing on stdout, exit 2.
#[test]
fn usage_errors_are_exact_vietnamese_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["buid"],
            "lỗi: không có lệnh `buid`\n  gợi ý: có phải ý bạn là `build`?\n",
        ),
        (
            &["kiem-tra"],
            "lỗi: không có lệnh `kiem-tra`\n  gợi ý: có phải ý bạn là `check`?\n",
        ),
        (
            &["xem-thử"],
            "lỗi: không có lệnh `xem-thử`\n  gợi ý: có phải ý bạn là `serve`?\n",
        ),
        (
            &["build", "--rot", "x"],
            "lỗi: không có tùy chọn `--rot`\n  gợi ý: có phải ý bạn là `--root`?\n",
        ),
        (
            &["check", "-x"],
            "lỗi: không có tùy chọn `-x`\n  gợi ý: chạy `bangvang check --help` để xem các tùy chọn của lệnh\n",
        ),
        (
            &["build", "--root"],
            "lỗi: thiếu giá trị sau `--root`\n  gợi ý: viết giá trị ngay sau nó, ví dụ `--root thu-muc-trang`\n",
        ),
        (
            &["check", "--format", "xml"],
            "lỗi: giá trị `xml` của `--format` không dùng được\n  gợi ý: chọn một trong: text, json\n",
        ),
        (
            &["report", "--year", "năm-nay"],
            "lỗi: giá trị `năm-nay` của `--year` không dùng được\n  gợi ý: ví dụ `--year 2025`; chạy `bangvang report --help` để xem thêm\n",
        ),
        (
            &["new"],
            "lỗi: thiếu `--unit`\n  gợi ý: ví dụ: `bangvang new --unit ma-don-vi --title \"Tiêu đề bài\"`\n",
        ),
    ];
    for (args, expected) in cases {
        let run = bangvang(dir.path(), args);
        assert_eq!(run.stderr, *expected, "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(run.code, 2, "{args:?}");
    }
}

#[test]
fn no_arguments_print_a_short_usage_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = bangvang(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("bangvang: dựng trang bảng vàng"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Cách dùng: bangvang <LỆNH> [TÙY_CHỌN]\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("  gợi ý: chạy `bangvang --help`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.lines().count() <= 5, "short:\n{}", run.stderr);
    assert!(english_in(&run.stderr).is_empty(), "{}", run.stderr);
}

#[test]
fn version_prints_the_crate_version_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--version", "-V"] {
        let run = bangvang(dir.path(), &[flag]);
        assert_eq!(run.code, 0, "{flag}: {}", run.stderr);
        assert_eq!(
            run.stdout,
            format!("bangvang {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

/// `new` blames its own argument, never a file, and writes nothing.
#[test]
fn new_names_the_wrong_argument() {
    let dir = site(&["invalid_base"]);
    let unit = bangvang(dir.path(), &["new", "--unit", "phuong-bach-khao"]);
    assert_eq!(
        unit.stderr,
        "lỗi: không có đơn vị `phuong-bach-khao` (giá trị của `--unit`) trong content/registry.yaml\n  \
         gợi ý: có phải ý bạn là `phuong-bach-khoa`? Danh sách mã nằm ở mục `units` của content/registry.yaml\n"
    );
    assert_eq!(unit.code, 1);
    // A few candidates when the start fits several, closest first.
    let start = bangvang(dir.path(), &["new", "--unit", "phuong-bach-k"]);
    assert!(
        start
            .stderr
            .contains("gợi ý: có phải ý bạn là một trong: `phuong-bach-khoa`, `phuong-bach-dang`?"),
        "{}",
        start.stderr
    );

    let day_first = ["new", "--unit", "phuong-bach-khoa", "--date", "15/11/2026"];
    let date = bangvang(dir.path(), &day_first);
    assert_eq!(
        date.stderr,
        "lỗi: ngày `15/11/2026` của `--date` không đúng dạng năm-tháng-ngày\n  \
         gợi ý: viết `--date 2026-11-15` (năm-tháng-ngày)\n"
    );
    assert_eq!(date.code, 2);

    let nonsense = ["new", "--unit", "phuong-bach-khoa", "--date", "hôm qua"];
    let date = bangvang(dir.path(), &nonsense);
    assert_eq!(
        date.stderr,
        "lỗi: ngày `hôm qua` của `--date` không đúng dạng năm-tháng-ngày\n  \
         gợi ý: viết theo dạng năm-tháng-ngày, ví dụ `--date 2025-11-15`\n"
    );
    assert_eq!(date.code, 2);
    assert!(!dir.path().join("content/stories/2026-11").exists());

    // A space pasted around the id is no error.
    let spaced = [
        "new",
        "--unit",
        " phuong-bach-khoa ",
        "--date",
        "2026-11-15",
    ];
    let run = bangvang(dir.path(), &spaced);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "content/stories/2026-11/bai-moi-2026-11-15.md\n"
    );
}

/// `serve` prints each error with its hint, as the overlay shows it.
#[test]
fn serve_prints_each_error_with_its_hint() {
    let dir = site(&["invalid_base", "codes/unknown-id"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let mut said = Vec::new();
    while let Ok(line) = receive.recv_timeout(Duration::from_secs(60)) {
        let done = line.starts_with("Có ");
        said.push(line);
        if done {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        said[..3],
        [
            "content/stories/bad.md:10:7: lỗi[unknown-id]: đơn vị `phuong-bach-khao` không có trong content/registry.yaml",
            "  gợi ý: có phải ý bạn là mã phuong-bach-khoa? Danh sách mã nằm ở mục units của content/registry.yaml. Xem mục “Các mã lấy từ danh mục” trong docs/huong-dan-viet-bai.md. Dòng đúng (chép nguyên dòng dưới đây):",
            "      unit: phuong-bach-khoa",
        ],
        "{said:#?}"
    );
}

#[test]
fn help_as_a_word_prints_the_vietnamese_help() {
    let dir = tempfile::tempdir().unwrap();
    let top = bangvang(dir.path(), &["--help"]);
    let help = bangvang(dir.path(), &["help"]);
    assert_eq!(
        (help.code, &help.stdout),
        (0, &top.stdout),
        "{}",
        help.stderr
    );
    for command in ["build", "serve", "check", "new", "report"] {
        let flag = bangvang(dir.path(), &[command, "--help"]);
        let word = bangvang(dir.path(), &["help", command]);
        assert_eq!(word.code, 0, "{command}: {}", word.stderr);
        assert_eq!(word.stdout, flag.stdout, "{command}");
    }
    assert!(top
        .stdout
        .contains("Xem cách dùng một lệnh: bangvang help <LỆNH> (hoặc bangvang <LỆNH> --help)"));
    let wrong = bangvang(dir.path(), &["help", "buid"]);
    assert_eq!(wrong.code, 2);
    assert_eq!(
        wrong.stderr,
        "lỗi: không có lệnh `buid`\n  gợi ý: có phải ý bạn là `build`?\n"
    );
}

#[test]
fn serve_lan_is_bind_lan_in_help_and_use() {
    let dir = tempfile::tempdir().unwrap();
    let help = bangvang(dir.path(), &["help", "serve"]);
    assert!(help.stdout.contains(
        "Cách dùng: bangvang serve [--root THƯ_MỤC] [--port CỔNG] [--lan | --bind ĐỊA_CHỈ]"
    ));
    assert!(help.stdout.contains(
        "--lan                 Như --bind lan: mở cho điện thoại cùng mạng Wi-Fi của cơ quan, in địa chỉ và mã QR"
    ));
    let both = bangvang(dir.path(), &["serve", "--lan", "--bind", "127.0.0.2"]);
    assert_eq!(both.code, 2);
    assert!(
        both.stderr
            .starts_with("lỗi: không dùng `--lan` cùng với tùy chọn đã viết trước nó"),
        "{}",
        both.stderr
    );
}

/// Staff open a terminal in the story's own folder: `check` finds the site
/// above it, checks the story there and fails on its error. It used to read
/// no site at all and report the story clean.
#[test]
fn check_run_inside_the_site_finds_the_site_above() {
    let dir = site(&["invalid_base", "codes/unknown-id"]);
    let out = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(["check", "bad.md"])
        .current_dir(dir.path().join("content/stories"))
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let root = dir.path().canonicalize().unwrap();
    assert!(
        stderr.contains(&format!(
            "Thư mục của trang: {} (có site.yaml)",
            root.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("content/stories/bad.md:"), "{stderr}");
    assert!(stderr.contains("lỗi[unknown-id]"), "{stderr}");
    assert!(stdout.contains("Kết quả: 1 lỗi"), "{stdout}");
}

/// Where no site is found, the missing site is said in full, never as
/// "errors in other stories" beside a clean result.
#[test]
fn check_outside_any_site_says_so_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "---\ntitle: x\n---\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(["check", "a.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("site.yaml: lỗi[no-config]"), "{stderr}");
    // A story path typed right, in the wrong folder: the folder is named.
    let out = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(["check", "content/stories/2026-11/bai.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "không phải thư mục của trang, và các thư mục bên trên cũng không có site.yaml"
        ),
        "{stderr}"
    );
}

/// A story dragged into a terminal opened elsewhere comes with its whole
/// path: `check` finds the site above that story.
#[test]
fn check_of_a_whole_path_from_elsewhere_finds_the_story_site() {
    let dir = site(&["invalid_base", "codes/unknown-id"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let story = dir.path().join("content/stories/bad.md");
    let out = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .arg("check")
        .arg(&story)
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/stories/bad.md:10:7: lỗi[unknown-id]"),
        "{stderr}"
    );
    assert!(!stderr.contains("no-config"), "{stderr}");
}
