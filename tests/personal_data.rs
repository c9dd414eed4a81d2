//! Personal data typed into free text (issue 11): a phone number, an e-mail,
//! an ID number or a house address in any field a visitor would read stops
//! the build, pointed at the very place in the file; the site's own public
//! numbers (`public_numbers` in site.yaml) go through.

mod common;

use common::*;
use std::path::Path;

const STORY: &str = "content/stories/2023-05/lien-he.md";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A story of the base fixture with `extra` front matter and `body`.
fn story(extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"Trả lại ví cho người đánh rơi\"\nperson:\n  name: \"Lê Văn Tâm\"\n  birth_year: 1980\n  category: lao-dong-truc-tiep\ndeed:\n  date: 2023-05-03\n  field: doi-song-xa-hoi\nunit: phuong-bach-khoa\n{extra}consent: {{ by: nguoi-duoc-khen, date: 2023-05-03, channels: [web, ban-tin, phat-thanh] }}\n---\n{body}"
    )
}

const CODES: [&str; 4] = [
    "phone-number",
    "email-address",
    "id-number",
    "house-address",
];

/// The `path:line:column: lỗi[code]` heads of stderr, for the codes above.
fn heads(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| CODES.iter().any(|c| l.contains(&format!(": lỗi[{c}]"))))
        .map(|l| l.split("]: ").next().unwrap_or("").to_string() + "]")
        .collect()
}

#[test]
fn every_field_a_visitor_reads_is_checked_where_the_data_stands() {
    let dir = site(&["invalid_base"]);
    let extra = "awards:\n  - level: phuong\n    month: 2023-05\n    decision: \"QĐ số 12/QĐ-UBND, gửi về ngõ 5\"\ntags: [\"hiến máu\", \"CMND 012345678\"]\nphoto:\n  src: images/tam.jpg\n  alt: \"Anh Tâm, email tam80@yahoo.com\"\n";
    let body = "Anh Tâm trả lại ví.\n\nXem [bài báo](https://bao.vn/tin/0912345678-ngo-5.html) hay\ngọi +84 912 345 678 nhé.\n[viết thư](mailto:tam.le@c.vn)\n";
    write(dir.path(), STORY, &story(extra, body));
    write(dir.path(), "content/images/tam.jpg", "");
    let run = bangvang(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let file = STORY;
    let want = [
        format!("{file}:14:41: lỗi[house-address]"),
        format!("{file}:15:26: lỗi[id-number]"),
        format!("{file}:18:24: lỗi[email-address]"),
        format!("{file}:24:5: lỗi[phone-number]"),
        // A `mailto:` address is shown by every browser: it is checked.
        format!("{file}:25:19: lỗi[email-address]"),
    ];
    let got = heads(&run.stderr);
    for w in &want {
        assert!(got.contains(w), "missing {w} in\n{}", run.stderr);
    }
    // The link's address is no text a visitor reads: its digits are not a phone.
    assert_eq!(got.len(), want.len(), "{}", run.stderr);
    assert!(run.stderr.contains("lời mô tả ảnh (`photo.alt`)"));
    assert!(run.stderr.contains("thẻ thứ 2 (`tags`)"));
}

#[test]
fn free_pages_are_checked_too() {
    let dir = site(&["invalid_base"]);
    write(
        dir.path(),
        "content/pages/gioi-thieu.md",
        "---\ntitle: \"Giới thiệu\"\n---\nMọi góp ý gửi chị Lan, 0987.654.321.\n",
    );
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        heads(&run.stderr),
        ["content/pages/gioi-thieu.md:4:24: lỗi[phone-number]"],
        "{}",
        run.stderr
    );
}

#[test]
fn a_public_number_of_the_site_is_published() {
    let dir = site(&["invalid_base"]);
    let config = read(dir.path(), "site.yaml") + "public_numbers: [\"024 3869 1234\"]\n";
    write(dir.path(), "site.yaml", &config);
    let body = "Anh Tâm trả lại ví. Đường dây nóng của phường: (024) 38691234.\n";
    write(dir.path(), STORY, &story(AWARD, body));
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(
        dir.path(),
        "public/truyen/tra-lai-vi-cho-nguoi-danh-roi.html",
    );
    assert!(page.contains("(024) 38691234"));

    // Any other number is still refused.
    let body = "Gọi (024) 38691235.\n";
    write(dir.path(), STORY, &story(AWARD, body));
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("lỗi[phone-number]"), "{}", run.stderr);
}

const AWARD: &str = "awards:\n  - level: phuong\n    month: 2023-05\n    decision: { number: \"12/QĐ-UBND\", date: 2023-05-31, issuer: chu-tich-phuong-bach-khoa }\n";

/// The short form staff write every day (round-2 user test, i2 and i3): every
/// house address of the body in one run, each with its whole text.
#[test]
fn short_house_addresses_are_all_reported_at_once() {
    let dir = site(&["invalid_base"]);
    let body = "Chị ở số 12/45 Bạch Mai, trả lại 8.350.000 đồng.\nTrước đó chị sống tại 12 Bạch Mai, rồi ở nhà số 12 ngõ 45.\nQuyết định số 52/QĐ-UBND ngày 12/11/2026 khen 3 tổ dân phố.\n";
    write(dir.path(), STORY, &story(AWARD, body));
    let run = bangvang(dir.path(), &["check", STORY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let messages: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("lỗi[house-address]"))
        .collect();
    assert_eq!(
        messages,
        [
            format!(
                "{STORY}:17:7: lỗi[house-address]: nội dung có địa chỉ nhà `số 12/45 Bạch Mai`"
            ),
            format!("{STORY}:18:23: lỗi[house-address]: nội dung có địa chỉ nhà `12 Bạch Mai`"),
            format!(
                "{STORY}:18:42: lỗi[house-address]: nội dung có địa chỉ nhà `nhà số 12 ngõ 45`"
            ),
        ],
        "{}",
        run.stderr
    );
}
