//! A story against the registry of its own date: its unit and the person's
//! residence existed on the deed date, and each award's level existed in its
//! month and is one the unit may use. Wards were merged and split (NQ 1656,
//! 2025), so a 2026 story proposed by a dissolved ward is a mistake to catch,
//! while the 2023 boards stay valid under the units of 2023.

use chrono::{Days, NaiveDate};

use crate::diagnostics::Diagnostic;
use crate::domain::story::YearMonth;
use crate::source::periods::When;
use crate::source::registry::{Entry, Kind};
use crate::source::yaml::Seg;

use super::context::Ctx;
use super::schema::RawStory;

/// Every date check of the story; ids already reported unknown are skipped.
pub(super) fn check_periods(cx: &mut Ctx, raw: &RawStory, deed: Option<NaiveDate>) {
    let Some(deed) = deed else { return };
    check_unit_on(cx, &raw.unit, &[Seg::Key("unit")], deed, "đơn vị đề nghị");
    if let Some(ward) = raw.person.residence.as_deref() {
        let seg = [Seg::Key("person"), Seg::Key("residence")];
        check_unit_on(cx, ward, &seg, deed, "nơi cư trú");
    }
    let unit = cx.registry.get(Kind::Unit, &raw.unit);
    for (i, award) in raw.awards.iter().enumerate() {
        let level = cx.registry.get(Kind::Level, &award.level);
        if let (Some(level), Some(month)) = (level, YearMonth::parse(&award.month)) {
            check_level_in(cx, unit, level, month, i);
        }
    }
}

/// The first and the last day of `month`.
fn days_of(month: YearMonth) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(month.year, month.month, 1)?;
    let last = first.checked_add_months(chrono::Months::new(1))? - Days::new(1);
    Some((first, last))
}

fn check_unit_on(cx: &mut Ctx, id: &str, seg: &[Seg], deed: NaiveDate, role: &str) {
    let Some(unit) = cx.registry.get(Kind::Unit, id) else {
        return;
    };
    let deed_text = deed.format("%Y-%m-%d");
    let d = match unit.period.when(deed) {
        When::Within => return,
        When::Before(from) => Diagnostic::error(
            "unit-not-yet",
            cx.path,
            format!(
                "{role} `{id}` ({}) chỉ có từ ngày {}, chưa có vào ngày làm việc tốt {deed_text}",
                unit.name,
                from.format("%Y-%m-%d")
            ),
        )
        .hint(before_hint(cx, unit, from)),
        When::After(to) => Diagnostic::error(
            "unit-ended",
            cx.path,
            format!(
                "{role} `{id}` ({}) chỉ có đến ngày {}, không còn vào ngày làm việc tốt {deed_text}",
                unit.name,
                to.format("%Y-%m-%d")
            ),
        )
        .hint(after_hint(cx, unit)),
    };
    let d = d.at_pos(cx.at(seg));
    cx.push(d);
}

/// Names the units that went into `unit`: the ones to write for an earlier deed.
fn before_hint(cx: &Ctx, unit: &Entry, from: NaiveDate) -> String {
    let before: Vec<String> = cx
        .registry
        .predecessors(&unit.id)
        .into_iter()
        .map(|(old, link)| named(old, &link.part))
        .collect();
    if before.is_empty() {
        return "kiểm tra lại ngày làm việc tốt, hoặc ngày `from` của đơn vị trong content/registry.yaml".to_string();
    }
    format!(
        "đơn vị này được lập từ {}; việc tốt trước ngày {} ghi đơn vị cũ, hoặc kiểm tra lại ngày",
        before.join(", "),
        from.format("%Y-%m-%d")
    )
}

/// Names the units `unit` went into: the ones to write for a later deed.
fn after_hint(cx: &Ctx, unit: &Entry) -> String {
    let after: Vec<String> = unit
        .successors
        .iter()
        .filter_map(|s| Some(named(cx.registry.get(Kind::Unit, &s.id)?, &s.part)))
        .collect();
    if after.is_empty() {
        return "kiểm tra lại ngày làm việc tốt, hoặc ngày `to` của đơn vị trong content/registry.yaml".to_string();
    }
    format!(
        "đơn vị này đã nhập vào {}; ghi đơn vị mới, hoặc kiểm tra lại ngày",
        after.join(", ")
    )
}

/// "`phuong-bach-mai-2025` (Phường Bạch Mai, một phần)".
fn named(unit: &Entry, part: &str) -> String {
    if part.trim().is_empty() {
        format!("`{}` ({})", unit.id, unit.name)
    } else {
        format!("`{}` ({}, {})", unit.id, unit.name, part.trim())
    }
}

/// Award `i`: its level existed in `month`, and `unit` may use it.
fn check_level_in(cx: &mut Ctx, unit: Option<&Entry>, level: &Entry, month: YearMonth, i: usize) {
    let Some((first, last)) = days_of(month) else {
        return;
    };
    let seg = [Seg::Key("awards"), Seg::Index(i), Seg::Key("level")];
    let allowed = |cx: &Ctx| {
        match unit {
        Some(u) => {
            let ids: Vec<&str> = cx
                .registry
                .levels_for(u, first, last)
                .iter()
                .map(|l| l.id.as_str())
                .collect();
            format!(
                "trong tháng {month}, đơn vị `{}` dùng được các cấp: {}",
                u.id,
                or_none(&ids)
            )
        }
        None => "kiểm tra lại tháng khen thưởng, hoặc ngày `from`, `to` của cấp trong content/registry.yaml".to_string(),
    }
    };
    let d = match level.period.when_span(first, last) {
        When::After(to) => Diagnostic::error(
            "level-ended",
            cx.path,
            format!(
                "cấp khen thưởng `{}` ({}) chỉ có đến ngày {}, không còn trong tháng khen thưởng {month}",
                level.id,
                level.name,
                to.format("%Y-%m-%d")
            ),
        )
        .hint(allowed(cx)),
        When::Before(from) => Diagnostic::error(
            "level-not-yet",
            cx.path,
            format!(
                "cấp khen thưởng `{}` ({}) chỉ có từ ngày {}, chưa có trong tháng khen thưởng {month}",
                level.id,
                level.name,
                from.format("%Y-%m-%d")
            ),
        )
        .hint(allowed(cx)),
        When::Within => match unit {
            Some(u) if !cx.registry.unit_may_use(u, &level.id) => Diagnostic::error(
                "level-not-for-unit",
                cx.path,
                format!(
                    "đơn vị `{}` ({}) không đề nghị hay khen ở cấp `{}` ({})",
                    u.id, u.name, level.id, level.name
                ),
            )
            .hint(format!(
                "{} (mục `levels` của đơn vị trong content/registry.yaml)",
                allowed(cx)
            )),
            _ => return,
        },
    };
    let d = d.at_pos(cx.at(&seg));
    cx.push(d);
}

fn or_none(ids: &[&str]) -> String {
    if ids.is_empty() {
        "không cấp nào".to_string()
    } else {
        ids.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::domain::story::Story;
    use crate::source::registry::Registry;

    /// An old ward that ended on 30/6/2025 and went, in part, into a new one
    /// that may use two of the three levels still in force.
    const REGISTRY: &str = r#"
levels:
  - { id: phuong, name: "Cấp phường" }
  - { id: quan, name: "Cấp trung gian", to: 2025-06-30 }
  - { id: thanh-pho, name: "Cấp thành phố" }
  - { id: trung-uong, name: "Cấp trung ương" }
units:
  - id: phuong-cu
    name: "Phường Cũ"
    ward: true
    to: 2025-06-30
    successors: [{ id: phuong-moi, part: "một phần" }]
  - id: phuong-moi
    name: "Phường Mới"
    ward: true
    from: 2025-07-01
    levels: [phuong, thanh-pho]
fields: [{ id: doi-song, name: "Đời sống" }]
categories: [{ id: lao-dong, name: "Lao động" }]
"#;

    fn story(unit: &str, residence: &str, deed: &str, level: &str) -> Result<Story, Diagnostics> {
        let month = &deed[..7];
        let text = format!(
            "---\ntitle: \"Trả lại ví\"\nperson:\n  name: \"Nguyễn Văn An\"\n  birth_year: 1980\n  category: lao-dong\n  residence: {residence}\ndeed:\n  date: {deed}\n  field: doi-song\nunit: {unit}\nawards:\n  - level: {level}\n    month: {month}\nconsent: {{ by: nguoi-duoc-khen, date: {deed}, channels: [web] }}\n---\nTrả lại ví.\n"
        );
        let registry = Registry::parse(REGISTRY).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        super::super::parse_story("a.md", &text, &registry, &[], today, &Default::default())
    }

    /// The one error of a rejected story: (code, line, message, hint).
    fn error(result: Result<Story, Diagnostics>) -> (&'static str, usize, String, String) {
        let diags = result.expect_err("the story should be rejected").sorted();
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        let line = d.pos.map_or(0, |p| p.line);
        (
            d.code,
            line,
            d.message.clone(),
            d.hint.clone().unwrap_or_default(),
        )
    }

    #[test]
    fn both_last_and_first_days_are_valid() {
        assert!(story("phuong-cu", "phuong-cu", "2025-06-30", "quan").is_ok());
        assert!(story("phuong-moi", "phuong-moi", "2025-07-01", "thanh-pho").is_ok());
    }

    #[test]
    fn an_ended_unit_names_its_successor_and_both_dates() {
        let (code, line, message, hint) =
            error(story("phuong-cu", "phuong-moi", "2025-07-01", "phuong"));
        assert_eq!((code, line), ("unit-ended", 11));
        assert!(
            message.contains("2025-06-30") && message.contains("2025-07-01"),
            "{message}"
        );
        assert!(
            hint.contains("`phuong-moi` (Phường Mới, một phần)"),
            "{hint}"
        );
    }

    #[test]
    fn a_unit_not_yet_there_names_its_predecessor() {
        let (code, line, message, hint) =
            error(story("phuong-moi", "phuong-cu", "2025-06-30", "phuong"));
        assert_eq!((code, line), ("unit-not-yet", 11));
        assert!(
            message.contains("2025-07-01") && message.contains("2025-06-30"),
            "{message}"
        );
        assert!(hint.contains("`phuong-cu` (Phường Cũ, một phần)"), "{hint}");
    }

    #[test]
    fn the_residence_is_checked_on_the_deed_date_too() {
        let (code, line, message, _) =
            error(story("phuong-moi", "phuong-cu", "2025-08-01", "phuong"));
        assert_eq!((code, line), ("unit-ended", 7));
        assert!(message.starts_with("nơi cư trú `phuong-cu`"), "{message}");
    }

    #[test]
    fn an_abolished_level_is_reported_before_the_units_own_list() {
        let (code, line, message, hint) =
            error(story("phuong-moi", "phuong-moi", "2025-07-01", "quan"));
        assert_eq!((code, line), ("level-ended", 13));
        assert!(
            message.contains("2025-06-30") && message.contains("2025-07"),
            "{message}"
        );
        assert!(
            hint.ends_with("các cấp: phuong, thanh-pho. Xem mục “Đơn vị và cấp khen theo thời gian” trong docs/huong-dan-viet-bai.md"),
            "{hint}"
        );
    }

    #[test]
    fn a_level_in_force_but_not_the_units_is_an_error() {
        let (code, _, _, hint) = error(story(
            "phuong-moi",
            "phuong-moi",
            "2025-07-01",
            "trung-uong",
        ));
        assert_eq!(code, "level-not-for-unit");
        assert!(hint.contains("phuong, thanh-pho"), "{hint}");
        // A unit with no `levels` list may use every level in force.
        assert!(story("phuong-cu", "phuong-cu", "2025-06-01", "trung-uong").is_ok());
    }

    #[test]
    fn a_month_has_its_first_and_last_day() {
        let feb = YearMonth {
            year: 2024,
            month: 2,
        };
        let (first, last) = days_of(feb).unwrap();
        assert_eq!(first.format("%F").to_string(), "2024-02-01");
        assert_eq!(last.format("%F").to_string(), "2024-02-29");
        let dec = days_of(YearMonth {
            year: 2025,
            month: 12,
        })
        .unwrap();
        assert_eq!(dec.1.format("%F").to_string(), "2025-12-31");
    }
}
