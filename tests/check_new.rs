//! `bangvang check` (exact JSON for a bad site, exit codes) and `bangvang new`.

mod common;

use common::*;

#[test]
fn check_json_is_exact_for_a_bad_site() {
    let dir = site(&["invalid_base", "check_site"]);
    let run = bangvang(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "errors give exit code 1\n{}", run.stderr);
    let expected_path = fixtures().join("check_site/expected.json");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&expected_path, &run.stdout).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert_eq!(run.stdout, expected);
    assert!(!dir.path().join("public").exists(), "check writes nothing");
}

#[test]
fn check_reports_links_images_weak_content_and_dossier_once_errors_are_fixed() {
    let dir = site(&["invalid_base", "check_site"]);
    std::fs::remove_file(dir.path().join("content/stories/broken.md")).unwrap();
    let run = bangvang(dir.path(), &["check", "--format", "json"]);
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in [
        "broken-link",
        "missing-image",
        "image-without-alt",
        "no-summary",
        "long-title",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let broken: Vec<&serde_json::Value> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .collect();
    assert_eq!(
        broken.len(),
        1,
        "/gioi-thieu/ exists; only /truyen/khong-co.html is broken"
    );
    assert_eq!(
        (broken[0]["line"].as_u64(), broken[0]["column"].as_u64()),
        (Some(20), Some(62))
    );
    let row = out["dossier"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "phuong-bach-dang")
        .unwrap();
    assert_eq!(row["proposals"], 1);
    assert_eq!(row["complete"], 0);
    assert_eq!(row["missing_trich_ngang"][0], "content/stories/weak.md");
    assert_eq!(run.code, 1);
}

#[test]
fn check_exit_codes_clean_and_strict() {
    let dir = site(&["invalid_base", "check_ok"]);
    // The base story has no summary; without it the site is clean.
    std::fs::remove_file(dir.path().join("content/stories/good.md")).unwrap();
    let run = bangvang(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Kết quả: 0 lỗi, 0 cảnh báo."),
        "{}",
        run.stdout
    );
    let run = bangvang(dir.path(), &["check", "--strict"]);
    assert_eq!(run.code, 0, "a clean site passes --strict");
    // `--timings`, as for `build`: each stage of the check, then the total.
    let run = bangvang(dir.path(), &["check", "--timings"]);
    for stage in [
        "read files",
        "parse and validate stories",
        "site model",
        "tổng",
    ] {
        assert!(
            run.stdout.contains(&format!(" ms  {stage}\n")),
            "{stage}: {}",
            run.stdout
        );
    }
    assert!(!bangvang(dir.path(), &["check"]).stdout.contains(" ms  "));
    // A story without a summary: a warning, which --strict turns into exit 3.
    let path = dir.path().join("content/stories/weak.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "summary: \"Anh Nam nhặt được ví và trả lại người mất.\"\n",
            "",
        ),
    )
    .unwrap();
    let run = bangvang(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "warnings alone pass without --strict");
    assert!(
        run.stderr.contains("cảnh báo[no-summary]"),
        "{}",
        run.stderr
    );
    let run = bangvang(dir.path(), &["check", "--strict"]);
    assert_eq!(run.code, 3, "{}", run.stdout);
}

#[test]
fn new_creates_a_story_in_the_right_place_and_never_overwrites() {
    let dir = site(&["invalid_base"]);
    let args = [
        "new",
        "--unit",
        "phuong-bach-khoa",
        "--title",
        "Cứu người đuối nước",
        "--date",
        "2023-07-09",
    ];
    let run = bangvang(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "content/stories/2023-07/cuu-nguoi-duoi-nuoc.md\n\
         Địa chỉ trên trang (khi bài được đăng): /truyen/cuu-nguoi-duoi-nuoc.html\n"
    );
    let text = read(dir.path(), "content/stories/2023-07/cuu-nguoi-duoi-nuoc.md");
    assert!(text.contains("title: \"Cứu người đuối nước\""));
    assert!(text.contains("unit: phuong-bach-khoa"));
    assert!(text.contains("  - level: phuong\n    month: 2023-07"));
    assert!(text.contains("date: 2023-07-09"));
    // Its blanks are named one by one until they are filled: a story still
    // saying "Họ Đệm Tên" is never published.
    let check = bangvang(dir.path(), &["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let blanks = check.stderr.matches("lỗi[placeholder]").count();
    assert_eq!(
        blanks, 4,
        "summary, name, occupation, body:\n{}",
        check.stderr
    );
    for unchosen in ["đối tượng", "lĩnh vực"] {
        let wanted = format!("lỗi[empty-id]: chưa chọn {unchosen}");
        assert!(check.stderr.contains(&wanted), "{}", check.stderr);
    }

    std::fs::write(
        dir.path()
            .join("content/stories/2023-07/cuu-nguoi-duoi-nuoc.md"),
        "đã viết dở",
    )
    .unwrap();
    let again = bangvang(dir.path(), &args);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("không ghi đè"), "{}", again.stderr);
    assert_eq!(
        read(dir.path(), "content/stories/2023-07/cuu-nguoi-duoi-nuoc.md"),
        "đã viết dở"
    );

    let unknown = bangvang(dir.path(), &["new", "--unit", "phuong-bach-khao"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown
            .stderr
            .contains("có phải ý bạn là `phuong-bach-khoa`?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn check_of_named_files_prints_only_theirs_and_counts_the_rest() {
    let dir = site(&["invalid_base", "check_site"]);
    let broken = "content/stories/broken.md:7:9: lỗi[bad-date]: ngày `2023-02-30` không có thật hoặc viết sai dạng\n  gợi ý: viết theo dạng năm-tháng-ngày, ví dụ `2023-05-02` (tháng từ 01 đến 12, ngày có trong tháng đó). Xem mục “Cách viết ngày và tháng” trong docs/huong-dan-viet-bai.md\n";
    let run = bangvang(dir.path(), &["check", "content/stories/broken.md"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, broken);
    assert_eq!(
        run.stdout,
        "0 lỗi, 0 cảnh báo ở các bài khác.\nKết quả: 1 lỗi, 0 cảnh báo trong các tệp đã nêu.\n"
    );
    // The whole site is still checked: another story's error is counted.
    let run = bangvang(dir.path(), &["check", "content/stories/good.md"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        run.stdout,
        "1 lỗi, 0 cảnh báo ở các bài khác.\nKết quả: 0 lỗi, 0 cảnh báo trong các tệp đã nêu.\n"
    );
    let run = bangvang(dir.path(), &["check", "content/stories/khong-co.md"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "lỗi: không thấy tệp `content/stories/khong-co.md`\n  gợi ý: thư mục này có các bài: `content/stories/broken.md`, `content/stories/good.md`, `content/stories/weak.md`; chép đúng tên tệp của bài cần kiểm tra\n"
    );
    // A name typed a little wrong: the story it likely is.
    let run = bangvang(dir.path(), &["check", "content/stories/brokn.md"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "lỗi: không thấy tệp `content/stories/brokn.md`\n  gợi ý: có phải ý bạn là `content/stories/broken.md`? Chép đúng tên tệp như trong thư mục\n"
    );
    // In another folder, or with Windows' `\\`: still found by its name.
    let run = bangvang(
        dir.path(),
        &["check", "content\\stories\\2026-09\\weak-story.md"],
    );
    assert_eq!(
        run.stderr,
        "lỗi: không thấy tệp `content\\stories\\2026-09\\weak-story.md`\n  gợi ý: có phải ý bạn là `content/stories/weak.md`? Chép đúng tên tệp như trong thư mục\n"
    );
    // Nothing near: where a path starts.
    let run = bangvang(dir.path(), &["check", "bai-moi.md"]);
    assert_eq!(
        run.stderr,
        "lỗi: không thấy tệp `bai-moi.md`\n  gợi ý: ghi đường dẫn của bài tính từ thư mục của trang, ví dụ content/stories/2025-11/ten-bai.md; kiểm tra lại tên tệp (chữ hoa, chữ thường, dấu gạch ngang)\n"
    );
}

#[test]
fn the_dossier_table_is_printed_when_asked() {
    let dir = site(&["invalid_base", "check_site"]);
    let plain = bangvang(dir.path(), &["check"]);
    assert!(!plain
        .stdout
        .contains("Hồ sơ đề nghị theo đơn vị và tháng ("));
    assert_eq!(
        plain.stdout,
        "Bảng hồ sơ đề nghị theo đơn vị và tháng: chạy lại với --ho-so.\nKết quả: 1 lỗi, 0 cảnh báo.\n"
    );
    for flag in ["--ho-so", "--dossier"] {
        let run = bangvang(dir.path(), &["check", flag]);
        assert!(
            run.stdout.starts_with(
                "\nHồ sơ đề nghị theo đơn vị và tháng (tờ trình / trích ngang / xác nhận cư trú):\n  2023-05 Phường Bách Khoa"
            ),
            "{flag}: {}",
            run.stdout
        );
        assert!(run.stdout.ends_with("\n\nKết quả: 1 lỗi, 0 cảnh báo.\n"));
    }
}

/// `check <file>` tells the writer where the story stands on the site; a
/// Tab typed after a colon (`birth_year:<Tab>1978`) is read as a space.
#[test]
fn check_of_a_file_prints_its_address_and_a_tab_after_a_colon_is_harmless() {
    let dir = site(&["invalid_base"]);
    let story = "content/stories/good.md";
    let text = read(dir.path(), story).replace("birth_year: 1978", "birth_year:\t1978");
    std::fs::write(dir.path().join(story), text).unwrap();
    let run = bangvang(dir.path(), &["check", story]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "0 lỗi, 0 cảnh báo ở các bài khác.\n\
         Địa chỉ trên trang: /truyen/lao-xuong-ho-cuu-chau-be.html\n\
         Kết quả: 0 lỗi, 1 cảnh báo trong các tệp đã nêu.\n"
    );
    let build = bangvang(dir.path(), &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = read(dir.path(), "public/truyen/lao-xuong-ho-cuu-chau-be.html");
    assert!(page.contains("1978"), "the year is read: {page}");
}
