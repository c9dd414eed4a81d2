//! The reviews of the repository's own example site: the six-month sơ kết
//! counts exactly the awards of January to June, and its figures agree
//! with `bangvang report` (the office files one, the public reads the
//! other: the two must never disagree). The site is built by the real
//! binary into a temporary folder; the report is read with the csv crate.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::*;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the example site; returns the temporary folder and the output.
fn build() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let run = bangvang(
        &repo(),
        &["build", "--root", ".", "--output", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "the example site builds: {}", run.stderr);
    (tmp, out)
}

/// The rows of the data table whose caption is `caption`: label, value.
fn table(html: &str, caption: &str) -> Vec<(String, u64)> {
    let start = html
        .find(&format!("<caption>{caption}</caption>"))
        .unwrap_or_else(|| panic!("no table “{caption}”"));
    let body = &html[start..];
    let body = &body[..body.find("</tbody>").unwrap()];
    body.split("<tr><th scope=\"row\">")
        .skip(1)
        .map(|row| {
            let (label, rest) = row.split_once("</th><td class=\"num\">").unwrap();
            let value = rest.split_once("</td>").unwrap().0;
            (label.to_string(), value.parse().unwrap())
        })
        .collect()
}

/// The published awards of 2023 in the office's report: (person, birth
/// year, gender, month "MM/2023").
fn report_2023() -> Vec<(String, String, String, String)> {
    let run = bangvang(
        &repo(),
        &["report", "--year", "2023", "--status", "da-dang"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = run.stdout.strip_prefix('\u{feff}').expect("a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (name, year, gender, month) = (
        col("Họ và tên"),
        col("Năm sinh"),
        col("Giới tính"),
        col("Tháng"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[name].to_string(),
                r[year].to_string(),
                r[gender].to_string(),
                r[month].to_string(),
            )
        })
        .collect()
}

#[test]
fn the_six_month_review_agrees_with_the_report_for_january_to_june() {
    let (_tmp, out) = build();
    let html = read(&out, "tong-ket/2023/6-thang-dau/index.html");
    assert!(html.contains("<h1>Sơ kết 6 tháng đầu năm 2023</h1>"));
    let first_half: Vec<_> = report_2023()
        .into_iter()
        .filter(|r| r.3.as_str() <= "06/2023")
        .collect();
    assert!(
        !first_half.is_empty(),
        "the example has awards in May and June"
    );

    // Month by month, exactly the report's rows; no July in a sơ kết.
    let by_month = table(&html, "Lượt khen theo tháng, 6 tháng đầu năm 2023");
    let expected: Vec<(String, u64)> = (1..=6)
        .map(|mo| {
            let key = format!("{mo:02}/2023");
            let n = first_half.iter().filter(|r| r.3 == key).count() as u64;
            (format!("Tháng {mo}"), n)
        })
        .collect();
    assert_eq!(by_month, expected);

    let awards = first_half.len();
    let people: BTreeSet<(&str, &str)> = first_half
        .iter()
        .map(|r| (r.0.as_str(), r.1.as_str()))
        .collect();
    assert!(html.contains(&format!(
        "Trong 6 tháng đầu năm 2023: <strong>{awards}</strong> lượt khen thưởng danh hiệu \
         “Người tốt, việc tốt” cho <strong>{}</strong> người.",
        people.len()
    )));

    // People by gender (no child in these months, so the gate hides none).
    let mut genders: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for r in &first_half {
        let g = genders.entry((r.0.as_str(), r.1.as_str())).or_default();
        if g.is_empty() {
            *g = r.2.as_str();
        }
    }
    let count = |g: &str| genders.values().filter(|&&v| v == g).count() as u64;
    let by_gender = table(
        &html,
        "Người được khen theo giới tính, 6 tháng đầu năm 2023",
    );
    assert_eq!(
        by_gender,
        [
            ("Nam".to_string(), count("nam")),
            ("Nữ".to_string(), count("nữ")),
            ("Chưa ghi".to_string(), count("")),
        ]
    );
    assert_eq!(count("nữ"), 1, "the example names one woman in June 2023");
}

#[test]
fn the_yearly_review_counts_the_whole_year_and_links_the_six_month_one_if_any() {
    let (_tmp, out) = build();
    let html = read(&out, "tong-ket/2023/index.html");
    assert!(html.contains("<h1>Tổng kết năm 2023</h1>"));
    let report = report_2023();
    let by_month = table(&html, "Lượt khen theo tháng, năm 2023");
    assert_eq!(by_month.len(), 12);
    assert_eq!(
        by_month.iter().map(|b| b.1).sum::<u64>(),
        report.len() as u64
    );
    let by_gender = table(&html, "Người được khen theo giới tính, năm 2023");
    assert_eq!(
        by_gender.iter().map(|b| b.0.as_str()).collect::<Vec<_>>(),
        ["Nam", "Nữ", "Chưa ghi"]
    );
    assert!(html.contains(">Sơ kết 6 tháng đầu năm 2023</a>"));
    // The sơ kết leads back; the home page and the months index list both.
    let half = read(&out, "tong-ket/2023/6-thang-dau/index.html");
    assert!(half.contains(">Tổng kết năm 2023</a>"));
    let home = read(&out, "index.html");
    assert!(home.contains(">Sơ kết 6 tháng đầu năm 2023</a>"));
    let months = read(&out, "thang/index.html");
    assert!(months.contains(">6 tháng đầu năm 2023</a>"));
    // A year whose awards start in July has no sơ kết (the example's 2025).
    assert!(out.join("tong-ket/2025/index.html").exists());
    assert!(!out.join("tong-ket/2025/6-thang-dau").exists());
}
