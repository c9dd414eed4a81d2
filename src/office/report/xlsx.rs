//! `report --format xlsx`: the report's rows as an Excel workbook. Dates are
//! real date cells shown dd/mm/yyyy (months mm/yyyy), years and numbers are
//! numbers, text is text: unlike a CSV, nothing depends on the regional
//! settings of the computer that opens it (list separator, date order).
//! A text cell is never read as a formula, so no `'` is needed here.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::Report;

/// Column widths, in characters, by header; any other column gets `OTHER`.
const WIDTHS: [(&str, f64); 15] = [
    ("STT", 5.0),
    ("Họ và tên", 24.0),
    ("Năm sinh", 9.0),
    ("Giới tính", 8.0),
    ("Nghề nghiệp/chức vụ", 22.0),
    ("Nơi cư trú", 20.0),
    ("Đơn vị đề nghị", 22.0),
    ("Tóm tắt thành tích", 60.0),
    ("Hình thức khen thưởng", 16.0),
    ("Tháng", 9.0),
    ("Số tờ trình", 14.0),
    ("Ngày tờ trình", 12.0),
    ("Số quyết định", 14.0),
    ("Ngày quyết định", 12.0),
    ("Người ký", 30.0),
];
const OTHER: f64 = 12.0;

/// The workbook, one sheet named `sheet` (at most 31 characters, no `/`).
pub fn xlsx(report: &Report, sheet: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation time: the same rows give the same bytes.
    let epoch = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default();
    book.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap();
    let head = border(Format::new().set_bold().set_align(FormatAlign::Center));
    let text = border(Format::new().set_align(FormatAlign::Top));
    let number = border(
        Format::new()
            .set_align(FormatAlign::Top)
            .set_num_format("0"),
    );
    let date = border(
        Format::new()
            .set_align(FormatAlign::Top)
            .set_num_format("dd/mm/yyyy"),
    );
    let month = border(
        Format::new()
            .set_align(FormatAlign::Top)
            .set_num_format("mm/yyyy"),
    );

    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    let headers = report.headers();
    for (c, h) in headers.iter().enumerate() {
        let col = c as u16;
        ws.write_string_with_format(0, col, *h, &head)?;
        let width = WIDTHS
            .iter()
            .find(|(n, _)| n == h)
            .map_or(OTHER, |(_, w)| *w);
        ws.set_column_width(col, width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, row) in report.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row.cells(i + 1).iter().enumerate() {
            let col = c as u16;
            match headers[c] {
                "STT" => ws.write_number_with_format(r, col, (i + 1) as f64, &number)?,
                "Năm sinh" => match row.birth_year {
                    Some(y) => ws.write_number_with_format(r, col, f64::from(y), &number)?,
                    None => ws.write_blank(r, col, &text)?,
                },
                "Tháng" => {
                    let first = NaiveDate::from_ymd_opt(row.month.year, row.month.month, 1);
                    match first {
                        Some(d) => ws.write_datetime_with_format(r, col, d, &month)?,
                        None => ws.write_string_with_format(r, col, cell, &text)?,
                    }
                }
                "Ngày tờ trình" | "Ngày quyết định" => {
                    let day = if headers[c] == "Ngày tờ trình" {
                        row.proposal_date
                    } else {
                        row.decision_date
                    };
                    match day {
                        Some(d) => ws.write_datetime_with_format(r, col, d, &date)?,
                        None => ws.write_blank(r, col, &text)?,
                    }
                }
                _ => ws.write_string_with_format(r, col, cell, &text)?,
            };
        }
    }
    if !report.rows.is_empty() {
        ws.autofilter(0, 0, report.rows.len() as u32, headers.len() as u16 - 1)?;
    }
    book.save_to_buffer()
}
