//! `bangvang report` as the emulation office uses it: the filters (month,
//! unit, level, status), the columns of a danh sách đề nghị khen thưởng,
//! and the .xlsx workbook read back with a spreadsheet reader (calamine):
//! real date cells, numbers as numbers, a frozen header row.

mod common;

use std::io::Read;

use calamine::{Data, Reader, Xlsx};
use common::{bangvang, site};

/// The valid site with one award only proposed (a tờ trình, no decision).
fn office_site() -> tempfile::TempDir {
    let dir = site(&["valid_site"]);
    let story = dir.path().join("content/stories/dong-du-2.md");
    let text = std::fs::read_to_string(&story).unwrap().replace(
        "    decision: { number: \"12/QĐ-UBND\", date: 2023-06-30, issuer: chu-tich-phuong-dong-tam }\n",
        "    proposal: { date: 2023-06-20, number: \"7/TTr-UBND\" }\n",
    );
    std::fs::write(&story, text).unwrap();
    dir
}

/// Header and rows of a CSV report (with its BOM).
fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(body);
    let headers = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

/// The (name, month, status) of each row `args` gives.
fn picked(root: &std::path::Path, args: &[&str]) -> Vec<(String, String, String)> {
    let run = bangvang(root, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    let (h, rows) = csv_rows(run.stdout.as_bytes());
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    rows.iter()
        .map(|r| {
            (
                r[col("Họ và tên")].clone(),
                r[col("Tháng")].clone(),
                r[col("Trạng thái")].clone(),
            )
        })
        .collect()
}

fn row(name: &str, month: &str, status: &str) -> (String, String, String) {
    (name.into(), month.into(), status.into())
}

#[test]
fn report_filters_by_month_unit_level_and_status() {
    let dir = office_site();
    let root = dir.path();
    let month_unit = picked(
        root,
        &["report", "--month", "2023-06", "--unit", "phuong-dong-tam"],
    );
    assert_eq!(
        month_unit,
        [
            row("Lê Văn Anh", "06/2023", "đề nghị"),
            row(
                "Phạm Văn Bình",
                "06/2023",
                "đã quyết định, chưa đăng (chưa đồng ý)"
            ),
            row("Đỗ Văn Cường", "06/2023", "đã quyết định, chưa đăng (nháp)"),
        ]
    );
    let proposed = picked(root, &["report", "--year", "2023", "--status", "de-nghi"]);
    assert_eq!(proposed, [row("Lê Văn Anh", "06/2023", "đề nghị")]);
    let all = picked(root, &["report", "--year", "2023"]).len();
    let decided = picked(
        root,
        &["report", "--year", "2023", "--status", "da-quyet-dinh"],
    );
    assert_eq!(decided.len(), all - 1);
    let on_site = picked(root, &["report", "--year", "2023", "--status", "da-dang"]);
    let off_site = picked(root, &["report", "--year", "2023", "--status", "chua-dang"]);
    assert_eq!(on_site.len() + off_site.len(), all);
    assert!(on_site.iter().all(|r| r.2 == "đã đăng"));
    assert_eq!(off_site.len(), 3, "{off_site:?}");
    let district = picked(root, &["report", "--year", "2023", "--level", "quan"]);
    assert_eq!(district, [row("Nguyễn Minh Anh", "07/2023", "đã đăng")]);

    // A wrong id is named with the closest one; --year and --month clash.
    let run = bangvang(root, &["report", "--year", "2023", "--level", "quann"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "lỗi: không có cấp khen `quann` (giá trị của `--level`) trong content/registry.yaml\n  gợi ý: có phải ý bạn là `quan`? Danh sách mã nằm ở mục `levels` của content/registry.yaml\n");
    let run = bangvang(root, &["report", "--year", "2023", "--month", "2023-06"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = bangvang(root, &["report"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = bangvang(root, &["report", "--month", "2023-6"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("lỗi: giá trị `2023-6` của `--month` không dùng được"),
        "{}",
        run.stderr
    );
}

#[test]
fn report_as_xlsx_has_date_cells_numbers_and_a_frozen_header() {
    let dir = office_site();
    let root = dir.path();
    let run = bangvang(root, &["report", "--month", "2023-06", "-f", "r.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = bangvang(root, &["report", "--month", "2023-06"]);
    let (headers, rows) = csv_rows(csv.stdout.as_bytes());

    let mut book: Xlsx<_> = calamine::open_workbook(root.join("r.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["tháng 06-2023"]);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<&[Data]> = range.rows().collect();
    let head: Vec<String> = cells[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(head, headers);
    assert_eq!(cells.len(), rows.len() + 1);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for (i, (x, c)) in cells[1..].iter().zip(&rows).enumerate() {
        assert_eq!(x[col("STT")], Data::Float((i + 1) as f64));
        assert_eq!(x[col("Họ và tên")].to_string(), c[col("Họ và tên")]);
        // The month is a date cell (the first day), shown mm/yyyy.
        let Data::DateTime(month) = &x[col("Tháng")] else {
            panic!("month is not a date: {:?}", x[col("Tháng")]);
        };
        let month = month.as_datetime().unwrap().format("%m/%Y").to_string();
        assert_eq!(month, c[col("Tháng")]);
        match (
            &x[col("Ngày quyết định")],
            c[col("Ngày quyết định")].as_str(),
        ) {
            (Data::DateTime(d), text) => {
                assert_eq!(
                    d.as_datetime().unwrap().format("%d/%m/%Y").to_string(),
                    text
                )
            }
            (Data::Empty, "") => {}
            (other, text) => panic!("decision day {other:?} for {text:?}"),
        }
        match c[col("Năm sinh")].as_str() {
            "" => assert_eq!(x[col("Năm sinh")], Data::Empty),
            y => assert_eq!(x[col("Năm sinh")], Data::Float(y.parse().unwrap())),
        }
    }
    // Markup in a text cell stays the text as written.
    let title = rows
        .iter()
        .position(|r| r[col("Tóm tắt thành tích")].contains("<img"))
        .unwrap();
    assert_eq!(
        cells[title + 1][col("Tóm tắt thành tích")].to_string(),
        rows[title][col("Tóm tắt thành tích")]
    );
    // The header row stays in view while scrolling.
    let bytes = std::fs::read(root.join("r.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains(
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        ),
        "{sheet}"
    );
    assert!(sheet.contains("<autoFilter "), "{sheet}");

    // The same rows give the same bytes.
    let again = bangvang(root, &["report", "--month", "2023-06", "-f", "r2.xlsx"]);
    assert_eq!(again.code, 0);
    assert_eq!(
        std::fs::read(root.join("r.xlsx")).unwrap(),
        std::fs::read(root.join("r2.xlsx")).unwrap()
    );
}
