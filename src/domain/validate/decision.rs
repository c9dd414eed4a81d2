//! Decisions (quyết định) and proposals (tờ trình) of an award, and the
//! decision that selected a story for the city: a number, a real day not in
//! the future and not before the deed or the proposal, and an issuer of the
//! registry allowed to give that level on that day. A decision written as
//! one line of free text (the old form) is an error whose hint is the record
//! to paste instead.

use chrono::NaiveDate;

use crate::diagnostics::Diagnostic;
use crate::domain::story::{Decision, Proposal};
use crate::source::registry::{Entry, Kind, REGISTRY_FILE};
use crate::source::yaml::Seg;
use crate::source::yaml_words::{relined, write_line, GUIDE};

use super::context::Ctx;
use super::dates::{bad_date, parse_date};
use super::schema::{RawDecision, RawProposal};

/// What a decision must not come before: the deed, the proposal.
pub(super) struct Bounds {
    pub(super) deed: Option<NaiveDate>,
    pub(super) proposal: Option<NaiveDate>,
}

/// The proposal of an award, if its day is real; its unit is the story's
/// unless it names another one of the registry.
pub(super) fn check_proposal(
    cx: &mut Ctx,
    raw: &RawProposal,
    at: &[Seg],
    story_unit: &str,
) -> Option<Proposal> {
    let seg = |key| [at, &[Seg::Key(key)]].concat();
    if let Some(unit) = &raw.unit {
        cx.check_id(Kind::Unit, unit, &seg("unit"));
    }
    let number = raw.number.as_ref().map(|n| n.trim().to_string());
    if number.as_deref() == Some("") {
        cx.push(
            Diagnostic::warning(
                "empty-proposal-number",
                cx.path,
                "số tờ trình (`number` trong `proposal`) đang để trống",
            )
            .at_pos(cx.at(&seg("number")))
            .hint("ghi số và ký hiệu của tờ trình, ví dụ `number: \"31/TTr-UBND\"`; tờ trình chưa có số thì xóa cả phần `number: \"\"`"),
        );
    }
    let pos = cx.at(&seg("date"));
    let date = parse_date(&raw.date);
    match (date, cx.deed) {
        (None, _) => cx.push(bad_date(cx.path, &raw.date, pos)),
        (Some(date), Some(deed)) if date < deed => cx.push(
            Diagnostic::error(
                "proposal-before-deed",
                cx.path,
                format!("tờ trình đề nghị ghi ngày {}, trước ngày làm việc tốt {}", long(date), long(deed)),
            )
            .at_pos(pos)
            .hint("tờ trình đề nghị khen chỉ viết được sau khi có việc tốt; kiểm tra lại ngày của tờ trình (`date` trong `proposal`) và ngày làm việc tốt (`date` trong `deed`)"),
        ),
        _ => {}
    }
    Some(Proposal {
        unit: raw.unit.clone().unwrap_or_else(|| story_unit.to_string()),
        date: date?,
        number: number.filter(|n| !n.is_empty()),
    })
}

/// The decision at `at` (`awards[i].decision` or `city_selected`), checked
/// for the award `level` (none for a city selection).
pub(super) fn check_decision(
    cx: &mut Ctx,
    raw: &RawDecision,
    at: &[Seg],
    level: Option<&str>,
    bounds: &Bounds,
) -> Option<Decision> {
    let seg = |key| [at, &[Seg::Key(key)]].concat();
    let number = raw.number.trim().to_string();
    if number.is_empty() {
        cx.push(
            Diagnostic::error(
                "empty-decision-number",
                cx.path,
                "số quyết định (`number`) đang để trống",
            )
            .at_pos(cx.at(&seg("number")))
            .hint("ghi số và ký hiệu của quyết định, ví dụ `number: \"45/QĐ-UBND\"`"),
        );
    }
    cx.on = parse_date(&raw.date);
    let issuer = cx.check_id(Kind::Issuer, &raw.issuer, &seg("issuer"));
    cx.on = None;
    let date_pos = cx.at(&seg("date"));
    let Some(date) = parse_date(&raw.date) else {
        cx.push(bad_date(cx.path, &raw.date, date_pos));
        return None;
    };
    let shown = long(date);
    let mut found = Vec::new();
    if date > cx.today {
        found.push(Diagnostic::error(
            "future-decision",
            cx.path,
            format!("ngày ký quyết định {shown} ở tương lai"),
        )
        .hint("kiểm tra lại năm, tháng, ngày; chưa có quyết định thì bỏ `decision:` (danh hiệu là đề nghị, chưa được công bố)"));
    }
    if let Some(deed) = bounds.deed.filter(|d| date < *d) {
        found.push(Diagnostic::error(
            "decision-before-deed",
            cx.path,
            format!("quyết định ký ngày {shown}, trước ngày làm việc tốt {}", long(deed)),
        )
        .hint("quyết định khen thưởng phải ký vào hoặc sau ngày làm việc tốt; kiểm tra lại ngày của quyết định và của việc tốt"));
    }
    if let Some(proposed) = bounds.proposal.filter(|p| date < *p) {
        found.push(Diagnostic::error(
            "decision-before-proposal",
            cx.path,
            format!("quyết định ký ngày {shown}, trước ngày tờ trình đề nghị {}", long(proposed)),
        )
        .hint("quyết định khen thưởng phải ký vào hoặc sau ngày của tờ trình; kiểm tra lại hai ngày này"));
    }
    for d in found {
        cx.push(d.at_pos(date_pos));
    }
    if let (Some(level), Some(_)) = (level, issuer) {
        check_issuer_level(cx, &raw.issuer, level, date, &seg("issuer"));
    }
    Some(Decision {
        number,
        date,
        issuer: raw.issuer.clone(),
    })
}

/// The issuer may give `level` on `date` (its `levels`, `from` and `to`).
fn check_issuer_level(cx: &mut Ctx, id: &str, level: &str, date: NaiveDate, seg: &[Seg]) {
    let registry = cx.registry;
    let Some(issuer) = registry.get(Kind::Issuer, id) else {
        return;
    };
    // An unknown level is its own error (`unknown-id`); a second one here
    // sent staff to ask for a new signer (user test).
    if registry.get(Kind::Level, level).is_none() {
        return;
    }
    if registry.issuer_may_give(issuer, level, date) {
        return;
    }
    let able: Vec<String> = registry
        .issuers
        .iter()
        .filter(|i| registry.issuer_may_give(i, level, date))
        .map(|i| format!("`{}` ({})", i.id, i.name))
        .collect();
    let hint = if able.is_empty() {
        format!("không có người ký nào trong mục `issuers` của {} được khen cấp `{level}` vào ngày này; kiểm tra lại cấp, ngày, hoặc thêm người ký vào danh mục", REGISTRY_FILE)
    } else {
        format!(
            "người ký được khen cấp `{level}` vào ngày này: {}",
            able.join(", ")
        )
    };
    cx.push(
        Diagnostic::error(
            "issuer-not-allowed",
            cx.path,
            format!(
                "{} (`{id}`) không được ký quyết định khen cấp `{level}` vào ngày {}",
                issuer.name,
                long(date)
            ),
        )
        .at_pos(cx.at(seg))
        .hint(hint),
    );
}

/// A decision written as free text (the old form): an error whose hint is
/// the line to write, with the number and day read from the text and the
/// issuer when one fits: the only one who may give the level that day, or
/// the one of the proposing unit (`chu-tich-<unit>`).
pub(super) fn free_text(cx: &mut Ctx, text: &str, at: &[Seg], level: &str, unit: &str) {
    let (number, date) = read_free_text(text);
    let day = date.map_or("YYYY-MM-DD".to_string(), |d| {
        d.format("%Y-%m-%d").to_string()
    });
    let registry = cx.registry;
    let able: Vec<&Entry> = match date {
        Some(d) => registry
            .issuers
            .iter()
            .filter(|i| registry.issuer_may_give(i, level, d))
            .collect(),
        None => Vec::new(),
    };
    let own: Vec<&Entry> = able
        .iter()
        .copied()
        .filter(|i| i.id.ends_with(unit))
        .collect();
    let issuer = match (&able[..], &own[..]) {
        ([one], _) | (_, [one]) => one.id.clone(),
        _ => "MÃ-NGƯỜI-KÝ".to_string(),
    };
    let record = format!(
        "{{ number: \"{}\", date: {day}, issuer: {issuer} }}",
        number.unwrap_or_else(|| "SỐ/KÝ-HIỆU".to_string())
    );
    let mut hint = String::from("thay cả dòng bằng dòng dưới đây");
    if issuer == "MÃ-NGƯỜI-KÝ" {
        let names: Vec<String> = able
            .iter()
            .map(|i| format!("{} ({})", i.id, i.name))
            .collect();
        match names.len() {
            0 => hint.push_str(
                ", thay MÃ-NGƯỜI-KÝ bằng mã người ký trong mục issuers của content/registry.yaml",
            ),
            _ => hint.push_str(&format!(
                ", thay MÃ-NGƯỜI-KÝ bằng mã của người đã ký, một trong: {}",
                names.join("; ")
            )),
        }
    }
    let line = cx
        .loc
        .line(cx.at(at).line)
        .map(|l| relined(l, "decision", &record));
    hint.push_str(&format!(
        ". Xem mục “Đề nghị và quyết định khen thưởng” trong {GUIDE}."
    ));
    if let Some(line) = line {
        hint.push_str(&format!(" {}", write_line(&line)));
    }
    cx.push(
        Diagnostic::error(
            "decision-text",
            cx.path,
            "quyết định khen thưởng viết thành một dòng chữ: cần ghi riêng số, ngày ký và người ký",
        )
        .at_pos(cx.at(at))
        .hint(hint),
    );
}

/// "Quyết định số 45/QĐ-UBND ngày 30/5/2023" → ("45/QĐ-UBND", 2023-05-30).
fn read_free_text(text: &str) -> (Option<String>, Option<NaiveDate>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let after = |w: &str| {
        words
            .iter()
            .position(|x| x.eq_ignore_ascii_case(w) || x.to_lowercase() == w)
            .and_then(|i| words.get(i + 1))
            .map(|s| s.trim_end_matches([',', '.', ';']))
    };
    let number = after("số").map(str::to_string);
    let date = after("ngày").and_then(|d| {
        let parts: Vec<&str> = d.split(['/', '-', '.']).collect();
        let [day, month, year] = parts[..] else {
            return None;
        };
        NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    });
    (number, date)
}

/// "2023-05-30": a day in a message is shown the way the file must write it,
/// so staff who copy it copy the right form.
pub(super) fn long(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_text_decision_gives_its_number_and_day() {
        let (number, date) = read_free_text("Quyết định số 45/QĐ-UBND ngày 30/5/2023");
        assert_eq!(number.as_deref(), Some("45/QĐ-UBND"));
        assert_eq!(date, NaiveDate::from_ymd_opt(2023, 5, 30));
        assert_eq!(read_free_text("đã khen"), (None, None));
    }
}
