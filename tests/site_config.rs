//! What an organisation writes in site.yaml instead of asking for a new
//! program: who publishes the page, the plan the rules quote, the dossier's
//! documents, the sentences that name it, and how its radio reads numbers.
//! Each test runs the real binary on the test site with a site.yaml of its own.

mod common;

use std::path::Path;

use common::*;

/// The test site with `extra` added to its site.yaml.
fn site_with(extra: &str) -> tempfile::TempDir {
    let dir = site(&["valid_site"]);
    let path = dir.path().join("site.yaml");
    let base = std::fs::read_to_string(&path).unwrap();
    // The fixture has a `radio:` of its own (the abbreviations read aloud):
    // a reading asked for goes into it, not into a second `radio:`.
    let yaml = match extra.strip_suffix("radio: { numbers: nam }\n") {
        Some(rest) => base.replacen("\nradio:\n", "\nradio:\n  numbers: nam\n", 1) + rest,
        None => base + extra,
    };
    std::fs::write(path, yaml).unwrap();
    dir
}

fn replace_in(root: &Path, rel: &str, from: &str, to: &str) {
    let text = read(root, rel);
    assert!(text.contains(from), "{rel} holds {from}");
    std::fs::write(root.join(rel), text.replace(from, to)).unwrap();
}

const XA: &str = r#"
publisher:
  name: "Ủy ban nhân dân xã Tân Lập"
  kind: "cơ quan hành chính nhà nước"
  address: "thôn Đông, xã Tân Lập"
  phone: "0270 3800 000"
  email: "ubnd@tanlap.example.vn"
  responsible: "Chủ tịch UBND xã Tân Lập"
wording:
  months_intro: "Mỗi tháng, Ủy ban nhân dân xã xét tặng danh hiệu cho người tốt trong xã."
  radio_site: "trang thông tin điện tử của xã Tân Lập"
radio: { numbers: nam }
"#;

/// The footer names the publisher as Nghị định 42/2022 asks; the months
/// index and the radio script use the site's own sentences; the radio reads
/// numbers the southern way. Without those keys, nothing names anyone.
#[test]
fn publisher_wording_and_radio_reading_come_from_site_yaml() {
    let dir = site_with(XA);
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = read(dir.path(), "public/index.html");
    for shown in [
        "<strong>Ủy ban nhân dân xã Tân Lập</strong> (cơ quan hành chính nhà nước)",
        "Địa chỉ: thôn Đông, xã Tân Lập",
        "Điện thoại: 0270 3800 000",
        "<a href=\"mailto:ubnd@tanlap.example.vn\">ubnd@tanlap.example.vn</a>",
        "Chịu trách nhiệm nội dung: Chủ tịch UBND xã Tân Lập",
    ] {
        assert!(home.contains(shown), "footer lacks {shown}");
    }
    let months = read(dir.path(), "public/thang/index.html");
    assert!(months.contains("Ủy ban nhân dân xã xét tặng danh hiệu cho người tốt trong xã."));
    let radio = read(dir.path(), "public/ban-tin/2023-06/phat-thanh.txt");
    assert!(radio.contains("trên trang thông tin điện tử của xã Tân Lập."));
    assert!(radio.contains("hai ngàn không trăm hai mươi ba"), "{radio}");
    assert!(!radio.contains("nghìn"), "{radio}");

    let plain = site(&["valid_site"]);
    let run = bangvang(plain.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!read(plain.path(), "public/index.html").contains("class=\"publisher\""));
    let radio = read(plain.path(), "public/ban-tin/2023-06/phat-thanh.txt");
    assert!(radio.contains("hai nghìn không trăm hai mươi ba"));
    assert!(radio.contains("trang thông tin điện tử của đơn vị."));
}

/// A site lists its own dossier documents: a story is checked against them
/// (a document of another site is a located error naming the valid ids),
/// and `check` and `report` show one column per document, in its order.
#[test]
fn dossier_documents_are_the_sites_own() {
    let dir = site_with(
        "dossier:\n  - { id: to_trinh, label: \"Tờ trình\" }\n  - { id: bien_ban, label: \"Biên bản họp xét\" }\n",
    );
    let run = bangvang(dir.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/stories/hoc-sinh.md:25:28: lỗi[unknown-dossier]: giấy tờ `trich_ngang` trong `dossier` không có trong danh sách hồ sơ của site.yaml\n  gợi ý: Các mã hợp lệ: `to_trinh`, `bien_ban` (mục `dossier` của site.yaml)"),
        "{}",
        run.stderr
    );
    for file in std::fs::read_dir(dir.path().join("content/stories")).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let fixed = text
            .replace("trich_ngang: true, xac_nhan_cu_tru: true", "bien_ban: true")
            .replace(", trich_ngang: false, xac_nhan_cu_tru: true", "");
        std::fs::write(&path, fixed).unwrap();
    }
    replace_in(
        dir.path(),
        "content/stories/dong-du-1.md",
        "dossier: { to_trinh: true }",
        "dossier: { to_trinh: false, bien_ban: true }",
    );
    let run = bangvang(dir.path(), &["check", "--format", "json"]);
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["errors"], 0, "{}", run.stdout);
    let row = out["dossier"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "phuong-bach-dang" && r["month"] == "2023-06")
        .unwrap();
    assert_eq!(row["missing_to_trinh"][0], "content/stories/dong-du-1.md");
    assert!(row.get("missing_trich_ngang").is_none(), "{row}");
    let text = bangvang(dir.path(), &["check", "--ho-so"]).stdout;
    assert!(
        text.contains("Hồ sơ đề nghị theo đơn vị và tháng (tờ trình / biên bản họp xét):"),
        "{text}"
    );

    let report = bangvang(dir.path(), &["report", "--year", "2023"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let header = report
        .stdout
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}');
    assert_eq!(
        header,
        "STT,Họ và tên,Năm sinh,Giới tính,Nghề nghiệp/chức vụ,Nơi cư trú,Đơn vị đề nghị,Tóm tắt thành tích,Hình thức khen thưởng,Tháng,Số tờ trình,Ngày tờ trình,Số quyết định,Ngày quyết định,Người ký,Tờ trình,Biên bản họp xét,Hồ sơ,Trạng thái,Tệp"
    );
}

/// A site.yaml problem is located like a story's: the file, line and
/// column, with a hint.
#[test]
fn a_bad_dossier_list_in_site_yaml_is_located() {
    let dir = site_with("dossier:\n  - { id: to_trinh, label: \"Tờ trình\" }\n  - { id: to_trinh, label: \"Tờ trình (bản sao)\" }\n");
    let run = bangvang(dir.path(), &["check"]);
    assert_eq!(run.code, 1);
    let lines = read(dir.path(), "site.yaml").lines().count();
    assert!(
        run.stderr.contains(&format!(
            "\nsite.yaml:{lines}:5: lỗi[bad-config]: giấy tờ thứ 2 của `dossier` có mã trùng với một giấy tờ trước nó\n  gợi ý: "
        )),
        "{}",
        run.stderr
    );
}

/// The plan quoted in hints is the site's: without one, the rule is
/// explained without a source; with one, its citation and clause are quoted.
#[test]
fn hints_quote_the_plan_of_site_yaml() {
    let duplicate = |dir: &Path| {
        let twice = "  - level: phuong\n    month: 2023-06\n";
        let rel = "content/stories/hoc-sinh.md";
        let text = read(dir, rel);
        let at = text.find("awards:\n").unwrap() + "awards:\n".len();
        let doubled = format!("{}{twice}{twice}{}", &text[..at], &text[at..]);
        std::fs::write(dir.join(rel), doubled).unwrap();
        bangvang(dir, &["check"]).stderr
    };
    let plain = site(&["valid_site"]);
    let err = duplicate(plain.path());
    assert!(
        err.contains("gợi ý: Không khen trùng: một thành tích chỉ được đề nghị một lần ở mỗi cấp"),
        "{err}"
    );
    let planned = site_with("plan: { citation: \"Quyết định 33/2024/QĐ-UBND\", clauses: { no_duplicate: \"Điều 5\" } }\n");
    let err = duplicate(planned.path());
    assert!(
        err.contains(
            "gợi ý: Không khen trùng (Quyết định 33/2024/QĐ-UBND, Điều 5): một thành tích"
        ),
        "{err}"
    );
}
