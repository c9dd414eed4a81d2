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
    let today = chrono::Local::now().date_naive();
    let date = match date {
        None => today,
        Some(text) => match parse_date(text) {
            Ok(d) => d,
            Err(said) => {
                eprintln!("{said}");
                return ExitCode::from(EXIT_USAGE);
            }
        },
    };
    if let Err(said) = known_unit(root, unit, date) {
        eprintln!("{said}");
        return ExitCode::FAILURE;
    }
    match bangvang::new_story(&bangvang::NewStory {
        root,
        unit,
        title,
        date,
        created: today,
    }) {
        Ok(rel) => {
            println!("{}", rel.display());
            // The title makes the address; a story with no title yet has none.
            if title.is_some() {
                if let Some(stem) = rel.file_stem() {
                    let address = bangvang::new_story_address(root, &stem.to_string_lossy());
                    println!("Địa chỉ trên trang (khi bài được đăng): {address}");
                }
            }
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

/// An unknown `--unit` is named with the closest ids of the registry; a
/// unit's name gets the id of that name on the deed's day; a unit that did
/// not exist on that day is refused with the units to write instead. When
/// the registry cannot be read, `new_story` says why, at its place.
fn known_unit(root: &Path, unit: &str, date: NaiveDate) -> Result<(), String> {
    let Some(registry) = bangvang::load_registry(root) else {
        return Ok(());
    };
    let on_day = |from: Option<NaiveDate>, to: Option<NaiveDate>| {
        from.is_none_or(|f| f <= date) && to.is_none_or(|t| date <= t)
    };
    if let Some(found) = registry.units.iter().find(|u| u.id == unit) {
        if on_day(found.period.from, found.period.to) {
            return Ok(());
        }
        let successors: Vec<&str> = found.successors.iter().map(|s| s.id.as_str()).collect();
        let period = (found.period.from, found.period.to);
        return Err(not_on_day((unit, &found.name), period, &successors, date));
    }
    // A full name or just its last words: the unit of that name on the day.
    let typed = bangvang::fold(unit);
    let mut named: Vec<_> = registry
        .units
        .iter()
        .filter(|u| {
            let name = bangvang::fold(&u.name);
            !typed.is_empty() && (name == typed || name.ends_with(&format!(" {typed}")))
        })
        .collect();
    named.sort_by_key(|u| !on_day(u.period.from, u.period.to));
    if let Some(best) = named.first() {
        if !on_day(best.period.from, best.period.to) {
            // Only an ended unit has that name: say it ended, and its successors.
            return known_unit(root, &best.id, date);
        }
        return Err(format!(
            "lỗi: `{unit}` (giá trị của `--unit`) là tên đơn vị; lệnh cần mã đơn vị\n  gợi ý: vào ngày {date}, {} có mã {}: viết `--unit {}`",
            best.name, best.id, best.id
        ));
    }
    known_id(&registry, "units", "--unit", unit)
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

/// `--unit` names a unit that did not exist on the deed's day: when it
/// ended, the units it went into are the ones to write.
fn not_on_day(
    (unit, name): (&str, &str),
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    successors: &[&str],
    date: NaiveDate,
) -> String {
    let check_date = "kiểm tra lại `--date` (ngày làm việc tốt; mặc định là hôm nay)";
    let (when, hint) = match to {
        Some(to) if date > to => (
            format!("chỉ có đến ngày {to}"),
            match successors {
                [] => check_date.to_string(),
                _ => format!(
                    "đơn vị này đã nhập vào đơn vị mới: viết {}, hoặc kiểm tra lại `--date`",
                    successors
                        .iter()
                        .map(|s| format!("`--unit {s}`"))
                        .collect::<Vec<_>>()
                        .join(" hoặc ")
                ),
            },
        ),
        _ => (
            format!(
                "chỉ có từ ngày {}",
                from.map_or(String::new(), |f| f.to_string())
            ),
            check_date.to_string(),
        ),
    };
    format!(
        "lỗi: đơn vị `{unit}` ({name}) {when}, không có vào ngày làm việc tốt {date} (giá trị của `--unit` và `--date`)\n  gợi ý: {hint}"
    )
}

/// `new --unit` with a unit name of several words and no quotes: the shell splits it, and
/// clap says only that the second word is no option. Say what happened, for the flag
/// whose value was split, and how to write it.
pub fn split_value(err: &clap::Error, args: &[String]) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if err.kind() != ErrorKind::UnknownArgument || args.first().map(String::as_str) != Some("new") {
        return None;
    }
    let Some(ContextValue::String(word)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    if word.starts_with('-') {
        return None;
    }
    let at = args.iter().position(|a| a == word)?;
    let flag_at = args[..at].iter().rposition(|a| a.starts_with("--"))?;
    let words: Vec<&str> = args[flag_at + 1..]
        .iter()
        .take_while(|a| !a.starts_with("--"))
        .map(String::as_str)
        .collect();
    let (flag, whole) = (&args[flag_at], words.join(" "));
    let hint = match flag.as_str() {
        "--unit" => format!(
            "ghi mã đơn vị (mục `units` của content/registry.yaml), ví dụ `--unit ma-don-vi`; hoặc đặt cả tên trong ngoặc kép để chương trình tìm mã giúp: `--unit \"{whole}\"`"
        ),
        _ => format!("đặt cả giá trị trong ngoặc kép: `{flag} \"{whole}\"`"),
    };
    Some(format!(
        "lỗi: giá trị `{whole}` của `{flag}` có dấu cách nên bị tách ra, chữ `{word}` bị đọc thành một phần khác của lệnh\n  gợi ý: {hint}"
    ))
}
