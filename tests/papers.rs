//! `bangvang papers`: a unit's tờ trình, bản trích ngang and danh sách of a
//! month, as print-ready HTML and as .docx. Each kind is compared with a
//! golden file (`tests/fixtures/papers/`; `UPDATE_EXPECTED=1` rewrites them,
//! read every diff), the .docx by the text Word would show.

mod common;

use std::io::Read;

use common::{bangvang, read, site, tree};

/// The valid site, its 2023-06 proposals of one unit given what papers
/// need for one person and a place name for the heading.
fn office_site() -> tempfile::TempDir {
    let dir = site(&["valid_site"]);
    let root = dir.path();
    let story = root.join("content/stories/dong-du-2.md");
    let text = std::fs::read_to_string(&story)
        .unwrap()
        .replace(
            "  birth_year: 1975\n",
            "  birth_year: 1975\n  gender: nam\n  occupation: \"Bảo vệ hồ | tổ dân phố\"\n",
        )
        .replace(
            "    month: 2023-06\n",
            "    month: 2023-06\n    proposal: { date: 2023-06-20, number: \"7/TTr-UBND\" }\n",
        );
    std::fs::write(&story, text).unwrap();
    let config = root.join("site.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("publisher:\n  name: \"Ủy ban nhân dân phường Mẫu\"\n  place: \"Hà Nội\"\n");
    std::fs::write(&config, text).unwrap();
    dir
}

/// The text of a .docx as Word shows it: a paragraph a line; a table row a
/// line, its cells apart by " | " (a cell's paragraphs apart by " / ").
fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let text = |p: roxmltree::Node| -> String {
        p.descendants()
            .filter(|n| n.tag_name().name() == "t")
            .filter_map(|n| n.text())
            .collect()
    };
    let named = |n: &roxmltree::Node, name: &str| n.is_element() && n.tag_name().name() == name;
    let body = doc.descendants().find(|n| named(n, "body")).unwrap();
    let mut lines = Vec::new();
    for block in body.children() {
        if named(&block, "p") {
            lines.push(text(block));
        } else if named(&block, "tbl") {
            for row in block.children().filter(|n| named(n, "tr")) {
                let cells: Vec<String> = row
                    .children()
                    .filter(|n| named(n, "tc"))
                    .map(|c| {
                        let paras: Vec<String> = c
                            .children()
                            .filter(|n| named(n, "p"))
                            .map(text)
                            .filter(|t| !t.is_empty())
                            .collect();
                        paras.join(" / ")
                    })
                    .collect();
                lines.push(cells.join(" | "));
            }
        }
    }
    lines.join("\n") + "\n"
}

fn golden(name: &str, actual: &str) {
    let path = common::fixtures().join("papers").join(name);
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "{name} differs (UPDATE_EXPECTED=1 to rewrite)"
    );
}

#[test]
fn papers_of_a_unit_month_match_their_golden_files() {
    let dir = office_site();
    let root = dir.path();
    let run = bangvang(
        root,
        &[
            "papers",
            "--month",
            "2023-06",
            "--unit",
            "phuong-dong-tam",
            "-o",
            "giay",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Đã ghi 10 tệp (3 người) vào giay: tờ trình, danh sách và bản trích ngang, mỗi giấy một tệp .html (mở bằng trình duyệt để in) và một tệp .docx (sửa bằng Word)\n"
    );
    // What the stories lack, per person, on stderr.
    assert!(
        run.stderr.ends_with(
            "Còn thiếu trong giấy tờ của Phường Đồng Tâm tháng 06/2023 (để trống, cần điền tay hoặc bổ sung vào bài):\n  \
             Phạm Văn Bình (content/stories/khong-dong-y.md): giới tính, nghề nghiệp/chức vụ, số tờ trình, ngày tờ trình\n  \
             Đỗ Văn Cường (content/stories/nhap.md): giới tính, nghề nghiệp/chức vụ, số tờ trình, ngày tờ trình\n"
        ),
        "{}",
        run.stderr
    );
    let files: Vec<String> = tree(&root.join("giay"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(files.len(), 10, "{files:?}");
    for stem in ["to-trinh", "danh-sach", "trich-ngang-01-le-van-anh"] {
        golden(
            &format!("{stem}.html"),
            &read(root, &format!("giay/{stem}.html")),
        );
        let bytes = std::fs::read(root.join(format!("giay/{stem}.docx"))).unwrap();
        golden(&format!("{stem}.docx.txt"), &docx_text(&bytes));
    }
    // The same papers again: the same bytes, .docx included.
    let again = bangvang(
        root,
        &[
            "papers",
            "--month",
            "2023-06",
            "--unit",
            "phuong-dong-tam",
            "-o",
            "lai",
        ],
    );
    assert_eq!(again.code, 0);
    assert_eq!(tree(&root.join("giay")), tree(&root.join("lai")));
}

#[test]
fn papers_never_land_in_the_published_folder_and_name_a_wrong_unit() {
    let dir = office_site();
    let root = dir.path();
    let run = bangvang(
        root,
        &[
            "papers",
            "--month",
            "2023-06",
            "--unit",
            "phuong-dong-tam",
            "-o",
            "public/giay",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("public/giay: lỗi[report-in-output]: không ghi giấy tờ vào `"),
        "{}",
        run.stderr
    );
    assert!(!root.join("public/giay").exists());

    let run = bangvang(
        root,
        &[
            "papers",
            "--month",
            "2023-06",
            "--unit",
            "phuong-dong-ta",
            "-o",
            "g",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "lỗi: không có đơn vị `phuong-dong-ta` (giá trị của `--unit`) trong content/registry.yaml\n  gợi ý: có phải ý bạn là `phuong-dong-tam`? Danh sách mã nằm ở mục `units` của content/registry.yaml\n");

    let run = bangvang(
        root,
        &[
            "papers",
            "--month",
            "2022-01",
            "--unit",
            "phuong-dong-tam",
            "-o",
            "g",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "lỗi: Phường Đồng Tâm không có lượt đề nghị khen nào trong tháng 01/2022\n  gợi ý: xem các lượt đề nghị của tháng bằng `bangvang report --month 2022-01`\n");
    assert!(!root.join("g").exists());

    let run = bangvang(
        root,
        &["papers", "--month", "06/2023", "--unit", "phuong-dong-tam"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("lỗi: giá trị `06/2023` của `--month` không dùng được"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bar_or_markup_in_a_story_stays_text_in_every_paper() {
    let dir = office_site();
    let root = dir.path();
    let run = bangvang(
        root,
        &[
            "papers",
            "--month",
            "2023-06",
            "--unit",
            "phuong-bach-dang",
            "-o",
            "g",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = read(root, "g/danh-sach.html");
    assert!(!list.contains("<img src=x"), "{list}");
    assert!(list.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let text = docx_text(&std::fs::read(root.join("g/danh-sach.docx")).unwrap());
    assert!(
        text.contains("Tóm tắt: <img src=x onerror=alert(1)>"),
        "{text}"
    );
}
