//! `bangvang new`: its own arguments are checked here, so that a wrong
//! `--unit` or `--date` is blamed on the command line, not on a file.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::usage::EXIT_USAGE;

/// How many close unit ids a wrong `--unit` suggests.
const SUGGESTIONS: usize = 3;
/// How much less close than the best an id may be and still be suggested.
const NEAR: f64 = 0.05;

pub fn run(root: &Path, unit: &str, title: Option<&str>, date: Option<&str>) -> ExitCode {
    // A space around the id comes from quoting on the command line, never
    // from the registry's ids: it is not worth an error.
    let unit = unit.trim();
    let date = match date {
        None => chrono::Local::now().date_naive(),
        Some(text) => match parse_date(text) {
            Ok(d) => d,
            Err(said) => {
                eprintln!("{said}");
                return ExitCode::from(EXIT_USAGE);
            }
        },
    };
    if let Err(said) = known_unit(root, unit) {
        eprintln!("{said}");
        return ExitCode::FAILURE;
    }
    match bangvang::new_story(&bangvang::NewStory {
        root,
        unit,
        title,
        date,
    }) {
        Ok(rel) => {
            println!("{}", rel.display());
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::FAILURE
        }
    }
}

/// `--date` as year-month-day; a day-first date such as `15/11/2026` (the
/// way dates are written in Vietnam) gets its exact rewrite.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let trimmed = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        return Ok(d);
    }
    let day_first = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(trimmed, f).ok());
    let hint = match day_first {
        Some(d) => format!("viết `--date {}` (năm-tháng-ngày)", d.format("%Y-%m-%d")),
        None => "viết theo dạng năm-tháng-ngày, ví dụ `--date 2025-11-15`".to_string(),
    };
    Err(format!(
        "lỗi: ngày `{text}` của `--date` không đúng dạng năm-tháng-ngày\n  gợi ý: {hint}"
    ))
}

/// An unknown `--unit` is named with the closest ids of the registry. When
/// the registry cannot be read, `new_story` says why, at its place.
fn known_unit(root: &Path, unit: &str) -> Result<(), String> {
    match bangvang::load_registry(root) {
        Some(registry) => known_id(&registry, "units", "--unit", unit),
        None => Ok(()),
    }
}

/// An id of the registry's list `list` (`units`, `levels`) given as `flag`;
/// an unknown one is named with the closest ids.
pub fn known_id(
    registry: &bangvang::Registry,
    list: &str,
    flag: &str,
    id: &str,
) -> Result<(), String> {
    let entries = match list {
        "levels" => &registry.levels,
        _ => &registry.units,
    };
    if entries.iter().any(|u| u.id == id) {
        return Ok(());
    }
    let mut close: Vec<(f64, &str)> = entries
        .iter()
        .map(|u| (strsim::jaro_winkler(id, &u.id), u.id.as_str()))
        .filter(|(score, _)| *score > 0.8)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    // Only ids about as close as the best one: a plain typo gets its one fix,
    // an ambiguous start (`phuong-bach`) gets its few candidates.
    let best = close.first().map(|c| c.0).unwrap_or_default();
    let names: Vec<String> = close
        .iter()
        .filter(|(score, _)| best - score < NEAR)
        .take(SUGGESTIONS)
        .map(|(_, id)| format!("`{id}`"))
        .collect();
    let hint = match names.as_slice() {
        [] => format!("dùng một mã trong mục `{list}` của content/registry.yaml"),
        [one] => format!("có phải ý bạn là {one}? Danh sách mã nằm ở mục `{list}` của content/registry.yaml"),
        many => format!(
            "có phải ý bạn là một trong: {}? Danh sách mã nằm ở mục `{list}` của content/registry.yaml",
            many.join(", ")
        ),
    };
    let what = if list == "levels" {
        "cấp khen"
    } else {
        "đơn vị"
    };
    Err(format!(
        "lỗi: không có {what} `{id}` (giá trị của `{flag}`) trong content/registry.yaml\n  gợi ý: {hint}"
    ))
}
