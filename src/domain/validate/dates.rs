//! The deed date (real, not in the future) and the birth date or year
//! (real, agreeing with each other, before the deed).

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::yaml::Seg;

use super::context::Ctx;
use super::schema::RawStory;

/// The dates of a story that passed their checks.
pub(super) struct Dates {
    pub(super) deed: Option<NaiveDate>,
    pub(super) deed_pos: Pos,
    pub(super) birth_date: Option<NaiveDate>,
    /// `birth_year`, or the year of `birth_date`.
    pub(super) birth_year: Option<i32>,
}

pub(super) fn check_dates(cx: &mut Ctx, raw: &RawStory) -> Dates {
    let deed_pos = cx.at(&[Seg::Key("deed"), Seg::Key("date")]);
    let deed = check_deed_date(cx, &raw.deed.date, deed_pos);
    let birth_date = raw.person.birth_date.as_deref().and_then(|text| {
        let date = parse_date(text);
        if date.is_none() {
            let pos = cx.at(&[Seg::Key("person"), Seg::Key("birth_date")]);
            cx.push(bad_date(cx.path, text, pos));
        }
        date
    });
    let birth_year = raw.person.birth_year.or(birth_date.map(|d| d.year()));
    check_birth_year(cx, raw.person.birth_year, birth_date, birth_year, deed);
    Dates {
        deed,
        deed_pos,
        birth_date,
        birth_year,
    }
}

fn check_deed_date(cx: &mut Ctx, text: &str, pos: Pos) -> Option<NaiveDate> {
    match parse_date(text) {
        Some(d) if d > cx.today => {
            cx.push(
                Diagnostic::error(
                    "future-date",
                    cx.path,
                    format!("ngày làm việc tốt `{text}` ở tương lai"),
                )
                .at_pos(pos)
                .hint("kiểm tra lại năm, tháng, ngày"),
            );
            None
        }
        Some(d) => Some(d),
        None => {
            cx.push(bad_date(cx.path, text, pos));
            None
        }
    }
}

/// `written` is `birth_year` as written; `year` also counts `birth_date`.
fn check_birth_year(
    cx: &mut Ctx,
    written: Option<i32>,
    birth_date: Option<NaiveDate>,
    year: Option<i32>,
    deed: Option<NaiveDate>,
) {
    let pos = cx.at(&[Seg::Key("person"), Seg::Key("birth_year")]);
    if let (Some(y), Some(d)) = (written, birth_date) {
        if y != d.year() {
            cx.push(
                Diagnostic::error(
                    "birth-mismatch",
                    cx.path,
                    format!(
                        "năm sinh {y} không khớp với ngày sinh {}",
                        d.format("%Y-%m-%d")
                    ),
                )
                .at_pos(pos)
                .hint("giữ một trong hai, hoặc sửa cho khớp"),
            );
        }
    }
    if let (Some(y), Some(deed)) = (year, deed) {
        if y < 1900 || y > deed.year() {
            cx.push(
                Diagnostic::error(
                    "bad-birth-year",
                    cx.path,
                    format!(
                        "năm sinh {y} không hợp lý với ngày làm việc tốt {}",
                        deed.format("%Y-%m-%d")
                    ),
                )
                .at_pos(pos)
                .hint(birth_year_hint(y, deed.year())),
            );
        }
    }
}

/// What to write instead of birth year `y` for a deed in `deed_year`: a year
/// typed short ("75") is asked in four digits, with the year it likely is.
fn birth_year_hint(y: i32, deed_year: i32) -> String {
    if y > deed_year {
        return "năm sinh phải trước năm làm việc tốt".into();
    }
    let likely = match y {
        0..=99 if 2000 + y <= deed_year => format!(": `{}` hoặc `{}`", 1900 + y, 2000 + y),
        0..=99 => format!(": `{}`", 1900 + y),
        _ => ", từ 1900 trở đi, ví dụ 1975".into(),
    };
    format!("viết năm sinh đủ bốn chữ số{likely}")
}

/// Exactly `YYYY-MM-DD`, a day that exists.
pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|_| text.trim().len() == 10)
}

pub(super) fn bad_date(path: &str, text: &str, pos: Pos) -> Diagnostic {
    if text.trim().is_empty() {
        return Diagnostic::error("bad-date", path, "ngày đang để trống")
            .at_pos(pos)
            .hint("viết ngày theo dạng năm-tháng-ngày, ví dụ `2023-05-02`");
    }
    if text.trim() == "YYYY-MM-DD" {
        // The line `check` gave to copy, its date not yet written.
        return Diagnostic::error("bad-date", path, "ngày vẫn là chữ mẫu `YYYY-MM-DD`, chưa ghi ngày thật")
            .at_pos(pos)
            .hint("thay YYYY-MM-DD bằng ngày thật theo dạng năm-tháng-ngày: với `consent` là ngày ký văn bản đồng ý, vào hoặc sau ngày làm việc tốt");
    }
    let iso = day_month_year(text).or_else(|| padded(text));
    let (message, hint) = match iso {
        // Staff write dates the Vietnamese way: the day is real, only its
        // form is wrong ("không có thật" alarmed a tester); show it rewritten.
        Some(iso) => (
            format!("ngày `{text}` viết sai dạng: trong phần khai báo, ngày viết theo thứ tự năm-tháng-ngày"),
            format!("viết theo dạng năm-tháng-ngày: `{iso}`"),
        ),
        None => (
            format!("ngày `{text}` không có thật hoặc viết sai dạng"),
            "viết theo dạng năm-tháng-ngày, ví dụ `2023-05-02` (tháng từ 01 đến 12, ngày có trong tháng đó)".to_string(),
        ),
    };
    Diagnostic::error("bad-date", path, message)
        .at_pos(pos)
        .hint(hint)
}

/// `2026-11-5` as `2026-11-05`: year first, a number without its zero.
fn padded(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let [y, m, d] = parts[..] else { return None };
    if y.len() != 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// `11/2026` (or `11-2026`, `2026-11`, `2026-5`) as `2026-11`, when it is a month.
pub(super) fn month_rewritten(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
    let (y, m) = match parts[..] {
        [a, b] if a.len() == 4 => (a, b),
        [a, b] if b.len() == 4 => (b, a),
        _ => return None,
    };
    let m: u32 = m.parse().ok()?;
    let y: i32 = y.parse().ok()?;
    (1..=12).contains(&m).then(|| format!("{y}-{m:02}"))
}

/// `15/11/2026` (or `15-11-2026`, `15.11.2026`) as `2026-11-15`, when it is a real day.
fn day_month_year(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts[..] else { return None };
    if y.len() != 4 || d.len() > 2 || m.len() > 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_birth_year_is_asked_in_four_digits() {
        let cases = [
            (75, 2026, "viết năm sinh đủ bốn chữ số: `1975`"),
            (5, 2026, "viết năm sinh đủ bốn chữ số: `1905` hoặc `2005`"),
            (
                1850,
                2026,
                "viết năm sinh đủ bốn chữ số, từ 1900 trở đi, ví dụ 1975",
            ),
            (2030, 2026, "năm sinh phải trước năm làm việc tốt"),
        ];
        for (year, deed, want) in cases {
            assert_eq!(birth_year_hint(year, deed), want, "{year}");
        }
    }

    #[test]
    fn a_vietnamese_date_is_shown_rewritten() {
        assert_eq!(day_month_year("15/11/2026").as_deref(), Some("2026-11-15"));
        assert_eq!(day_month_year("2/9/2023").as_deref(), Some("2023-09-02"));
        assert_eq!(day_month_year("31/2/2023"), None, "no such day");
        assert_eq!(day_month_year("2023-13-40"), None);
        let d = bad_date("a.md", "15/11/2026", Pos::new(8, 9));
        assert_eq!(
            d.hint.as_deref(),
            Some("viết theo dạng năm-tháng-ngày: `2026-11-15`. Xem mục “Cách viết ngày và tháng” trong docs/huong-dan-viet-bai.md")
        );
    }
    use crate::domain::story::YearMonth;

    #[test]
    fn short_dates_and_months_are_shown_rewritten() {
        let d = bad_date("a.md", "2026-11-5", Pos::new(8, 9));
        assert!(d
            .hint
            .unwrap()
            .starts_with("viết theo dạng năm-tháng-ngày: `2026-11-05`"));
        let d = bad_date("a.md", "", Pos::new(8, 9));
        assert_eq!(d.message, "ngày đang để trống");
        assert_eq!(month_rewritten("11/2026").as_deref(), Some("2026-11"));
        assert_eq!(month_rewritten("2026-5").as_deref(), Some("2026-05"));
        assert_eq!(month_rewritten("13/2026"), None);
    }

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2023-13-40").is_none());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-5-2").is_none());
        assert_eq!(
            YearMonth::parse("2023-05"),
            Some(YearMonth {
                year: 2023,
                month: 5
            })
        );
        assert!(YearMonth::parse("2023-13").is_none());
    }
}
