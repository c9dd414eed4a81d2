//! `content/registry.yaml`: levels, units, fields, categories and topics.
//! Administrative units change (the 2025 two-tier reform), so they are data.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::source::periods::{cycles, Links, Period, When};
use crate::source::yaml::{self, Locator, Seg};

pub const REGISTRY_FILE: &str = "content/registry.yaml";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub name: String,
    /// Units: a label for the kind of unit ("Phường", "Phòng, ban", "Trường học").
    #[serde(default)]
    pub kind: String,
    /// Units: whether this unit is a ward, i.e. can be a person's residence.
    #[serde(default)]
    pub ward: bool,
    /// Units: whether this unit is a school, whose name would tell where a
    /// child studies (hidden for minors unless `minor_allow.school`).
    #[serde(default)]
    pub school: bool,
    /// Categories: one of the plan's priority groups.
    #[serde(default)]
    pub priority: bool,
    #[serde(default)]
    pub description: String,
    /// Units and levels: the first and the last day they existed
    /// (YYYY-MM-DD, both inclusive), as written; `period` holds them read.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(skip)]
    pub period: Period,
    /// Units: the units it went into when it ended (many to many: a ward
    /// split between new wards, several merged into one).
    #[serde(default)]
    pub successors: Vec<Successor>,
    /// Units: the levels it may propose to or award; `None` allows every
    /// level that exists on the day. Issuers: the levels they may give.
    #[serde(default)]
    pub levels: Option<Vec<String>>,
    /// Levels: who signs the decisions ("Chủ tịch UBND …"), for display.
    #[serde(default)]
    pub issuer: String,
}

/// One unit that an ended unit went into, with which part of it when only a
/// part did ("một phần", "phần còn lại").
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Successor {
    pub id: String,
    #[serde(default)]
    pub part: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    /// Lowest level first.
    pub levels: Vec<Entry>,
    pub units: Vec<Entry>,
    pub fields: Vec<Entry>,
    pub categories: Vec<Entry>,
    #[serde(default)]
    pub topics: Vec<Entry>,
    /// Who signs decisions ("Chủ tịch Ủy ban nhân dân …"): the levels each
    /// may give (`levels`) and the days it may (`from`, `to`).
    #[serde(default)]
    pub issuers: Vec<Entry>,
}

/// Which list of the registry an id is looked up in; also names it in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Level,
    Unit,
    Field,
    Category,
    Topic,
    Issuer,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Level,
        Kind::Unit,
        Kind::Field,
        Kind::Category,
        Kind::Topic,
        Kind::Issuer,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Level => "levels",
            Kind::Unit => "units",
            Kind::Field => "fields",
            Kind::Category => "categories",
            Kind::Topic => "topics",
            Kind::Issuer => "issuers",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Level => "cấp khen thưởng",
            Kind::Unit => "đơn vị",
            Kind::Field => "lĩnh vực",
            Kind::Category => "đối tượng",
            Kind::Topic => "chuyên đề",
            Kind::Issuer => "người ký quyết định",
        }
    }
}

impl Registry {
    pub fn parse(text: &str) -> Result<Registry, Diagnostics> {
        let mut registry: Registry = yaml::parse(REGISTRY_FILE, text, 1)?;
        let locator = Locator::new(text, 1);
        let mut problems = Diagnostics::default();
        for kind in Kind::ALL {
            registry.check_ids(kind, &locator, &mut problems);
        }
        registry.check_time_keys(&locator, &mut problems);
        registry.read_periods(&locator, &mut problems);
        registry.check_links(&locator, &mut problems);
        if registry.levels.is_empty() {
            problems.push(
                Diagnostic::error("empty-levels", REGISTRY_FILE, "danh sách `levels` trống")
                    .at_pos(locator.find_key(&[Seg::Key("levels")]))
                    .hint("khai báo ít nhất một cấp khen thưởng, ví dụ `- id: phuong`"),
            );
        }
        if problems.has_errors() {
            Err(problems)
        } else {
            Ok(registry)
        }
    }

    /// Ids of one list: well formed, and each declared once (the second
    /// declaration is the one pointed at).
    fn check_ids(&self, kind: Kind, locator: &Locator, problems: &mut Diagnostics) {
        let mut seen: BTreeMap<&str, Option<Pos>> = BTreeMap::new();
        for (i, entry) in self.list(kind).iter().enumerate() {
            let pos = locator.find_key(&[Seg::Key(kind.key()), Seg::Index(i), Seg::Key("id")]);
            let valid = !entry.id.is_empty()
                && entry
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                problems.push(
                    Diagnostic::error("bad-id", REGISTRY_FILE, format!("mã `{}` trong `{}` không hợp lệ", entry.id, kind.key()))
                        .at_pos(pos)
                        .hint("mã chỉ gồm chữ thường không dấu, chữ số và dấu `-`, ví dụ `phuong-bach-khoa`"),
                );
            }
            if let Some(first) = seen.insert(&entry.id, pos) {
                let mut d = Diagnostic::error(
                    "duplicate-id",
                    REGISTRY_FILE,
                    format!("mã `{}` xuất hiện hai lần trong `{}`", entry.id, kind.key()),
                )
                .at_pos(pos)
                .hint("mỗi mã chỉ được khai báo một lần");
                if let Some(first) = first {
                    d = d.related(format!(
                        "{REGISTRY_FILE}:{}:{}: lần khai báo thứ nhất",
                        first.line, first.column
                    ));
                }
                problems.push(d);
            }
        }
    }

    /// The keys of time belong to units and levels only: a `to` on a field
    /// would be silently ignored, so it is an error where it is written.
    fn check_time_keys(&self, locator: &Locator, problems: &mut Diagnostics) {
        for kind in Kind::ALL {
            let allowed: &[&str] = match kind {
                Kind::Level => &["from", "to", "issuer"],
                Kind::Unit => &["from", "to", "successors", "levels"],
                Kind::Issuer => &["from", "to", "levels"],
                _ => &[],
            };
            for (i, e) in self.list(kind).iter().enumerate() {
                let written = [
                    ("from", e.from.is_some()),
                    ("to", e.to.is_some()),
                    ("successors", !e.successors.is_empty()),
                    ("levels", e.levels.is_some()),
                    ("issuer", !e.issuer.is_empty()),
                ];
                for (key, _) in written
                    .iter()
                    .filter(|(k, set)| *set && !allowed.contains(k))
                {
                    let pos =
                        locator.find_key(&[Seg::Key(kind.key()), Seg::Index(i), Seg::Key(key)]);
                    problems.push(
                        Diagnostic::error("unknown-key", REGISTRY_FILE, format!("khóa `{key}` không dùng được trong `{}`", kind.key()))
                            .at_pos(pos)
                            .hint("`from`, `to` dùng cho đơn vị và cấp khen; `successors`, `levels` chỉ cho đơn vị; `issuer` chỉ cho cấp khen. Xóa dòng này"),
                    );
                }
            }
        }
    }

    /// `from` and `to` of units and levels, read into `period`; a period
    /// with no day in it is an error at its `to`.
    fn read_periods(&mut self, locator: &Locator, problems: &mut Diagnostics) {
        for kind in [Kind::Level, Kind::Unit, Kind::Issuer] {
            let key = kind.key();
            let list = match kind {
                Kind::Level => &mut self.levels,
                Kind::Issuer => &mut self.issuers,
                _ => &mut self.units,
            };
            for (i, entry) in list.iter_mut().enumerate() {
                let at = |end| locator.find_value(&[Seg::Key(key), Seg::Index(i), Seg::Key(end)]);
                let mut day = |end: &'static str, text: &Option<String>| {
                    let text = text.as_deref()?;
                    let parsed = parse_day(text);
                    if parsed.is_none() {
                        problems.push(bad_day(text, at(end)));
                    }
                    parsed
                };
                entry.period = Period {
                    from: day("from", &entry.from),
                    to: day("to", &entry.to),
                };
                if entry.period.is_empty() {
                    problems.push(empty_period(kind, entry, at("to")));
                }
            }
        }
    }

    /// Successors and allowed levels name known ids, and no unit is, through
    /// its successors, its own successor.
    fn check_links(&self, locator: &Locator, problems: &mut Diagnostics) {
        let unit_seg = |i, key, j| {
            locator.find_value(&[
                Seg::Key("units"),
                Seg::Index(i),
                Seg::Key(key),
                Seg::Index(j),
            ])
        };
        let mut links = Links::new();
        for (i, unit) in self.units.iter().enumerate() {
            for (j, next) in unit.successors.iter().enumerate() {
                if self.get(Kind::Unit, &next.id).is_none() {
                    let pos = locator
                        .find_value(&[
                            Seg::Key("units"),
                            Seg::Index(i),
                            Seg::Key("successors"),
                            Seg::Index(j),
                            Seg::Key("id"),
                        ])
                        .or(unit_seg(i, "successors", j));
                    problems.push(self.unknown_successor(unit, &next.id, pos));
                }
            }
            for (j, level) in unit.levels.iter().flatten().enumerate() {
                if self.get(Kind::Level, level).is_none() {
                    // `levels: [a, b]` is written on one line: point into it.
                    let pos = unit_seg(i, "levels", j).or_else(|| {
                        let list = locator.find_value(&[
                            Seg::Key("units"),
                            Seg::Index(i),
                            Seg::Key("levels"),
                        ])?;
                        locator.find_text_from(list, level).or(Some(list))
                    });
                    problems.push(self.unknown_unit_level(unit, level, pos));
                }
            }
            let ids = unit.successors.iter().map(|s| s.id.as_str()).collect();
            links.insert(unit.id.as_str(), ids);
        }
        for (i, issuer) in self.issuers.iter().enumerate() {
            for (j, level) in issuer.levels.iter().flatten().enumerate() {
                if self.get(Kind::Level, level).is_none() {
                    let pos = locator.find_value(&[
                        Seg::Key("issuers"),
                        Seg::Index(i),
                        Seg::Key("levels"),
                        Seg::Index(j),
                    ]);
                    problems.push(self.unknown_unit_level(issuer, level, pos));
                }
            }
        }
        for cycle in cycles(&links) {
            let i = self.index_of(Kind::Unit, cycle[0]).unwrap_or(0);
            let j = self.units[i]
                .successors
                .iter()
                .position(|s| s.id == cycle[1])
                .unwrap_or(0);
            let pos = locator.find_value(&[
                Seg::Key("units"),
                Seg::Index(i),
                Seg::Key("successors"),
                Seg::Index(j),
                Seg::Key("id"),
            ]);
            problems.push(successor_cycle(
                &cycle,
                pos.or(unit_seg(i, "successors", j)),
            ));
        }
    }

    fn unknown_successor(&self, unit: &Entry, id: &str, pos: Option<Pos>) -> Diagnostic {
        let ids = self.units.iter().map(|u| u.id.as_str());
        let hint = match did_you_mean(id, ids) {
            Some(best) => format!("có phải ý bạn là `{best}`? Đơn vị kế tục phải có trong mục `units`"),
            None => "thêm đơn vị mới vào mục `units` (với `from:` là ngày nó bắt đầu), rồi ghi mã của nó ở đây".to_string(),
        };
        Diagnostic::error(
            "unknown-successor",
            REGISTRY_FILE,
            format!(
                "đơn vị kế tục `{id}` của `{}` không có trong `units`",
                unit.id
            ),
        )
        .at_pos(pos)
        .hint(hint)
    }

    fn unknown_unit_level(&self, unit: &Entry, level: &str, pos: Option<Pos>) -> Diagnostic {
        let ids: Vec<&str> = self.levels.iter().map(|l| l.id.as_str()).collect();
        Diagnostic::error(
            "unknown-id",
            REGISTRY_FILE,
            format!(
                "cấp khen thưởng `{level}` (trong `levels` của đơn vị `{}`) không có trong mục `levels`",
                unit.id
            ),
        )
        .at_pos(pos)
        .hint(format!("dùng một mã cấp khen thưởng: {}", ids.join(", ")))
    }

    /// Units that went, wholly or in part, into `id`.
    pub fn predecessors(&self, id: &str) -> Vec<(&Entry, &Successor)> {
        self.units
            .iter()
            .filter_map(|u| u.successors.iter().find(|s| s.id == id).map(|s| (u, s)))
            .collect()
    }

    /// Whether `unit` may propose to or award `level` (its own `levels`, or
    /// any level when it lists none); the level's dates are checked apart.
    pub fn unit_may_use(&self, unit: &Entry, level: &str) -> bool {
        unit.levels
            .as_ref()
            .is_none_or(|allowed| allowed.iter().any(|l| l == level))
    }

    /// Whether `issuer` may give `level` on `day`: the level is one of its
    /// `levels` (all when it lists none) and the day is within its period.
    pub fn issuer_may_give(&self, issuer: &Entry, level: &str, day: NaiveDate) -> bool {
        self.unit_may_use(issuer, level) && issuer.period.when(day) == When::Within
    }

    /// The levels `unit` may use on some day of `first..=last`, lowest first.
    pub fn levels_for(&self, unit: &Entry, first: NaiveDate, last: NaiveDate) -> Vec<&Entry> {
        self.levels
            .iter()
            .filter(|l| self.unit_may_use(unit, &l.id))
            .filter(|l| l.period.when_span(first, last) == When::Within)
            .collect()
    }

    pub fn list(&self, kind: Kind) -> &[Entry] {
        match kind {
            Kind::Level => &self.levels,
            Kind::Unit => &self.units,
            Kind::Field => &self.fields,
            Kind::Category => &self.categories,
            Kind::Topic => &self.topics,
            Kind::Issuer => &self.issuers,
        }
    }

    /// Index of `id` in its list (levels: the rank, lowest first).
    pub fn index_of(&self, kind: Kind, id: &str) -> Option<usize> {
        self.list(kind).iter().position(|e| e.id == id)
    }

    pub fn get(&self, kind: Kind, id: &str) -> Option<&Entry> {
        self.list(kind).iter().find(|e| e.id == id)
    }
}

/// Exactly `YYYY-MM-DD`, a day that exists.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
}

fn bad_day(text: &str, pos: Option<Pos>) -> Diagnostic {
    Diagnostic::error("bad-date", REGISTRY_FILE, format!("ngày `{text}` không có thật hoặc viết sai dạng"))
        .at_pos(pos)
        .hint("viết theo dạng năm-tháng-ngày, ví dụ `2025-07-01` (tháng từ 01 đến 12, ngày có trong tháng đó)")
}

fn empty_period(kind: Kind, entry: &Entry, pos: Option<Pos>) -> Diagnostic {
    let (from, to) = (
        entry.from.as_deref().unwrap_or_default(),
        entry.to.as_deref().unwrap_or_default(),
    );
    Diagnostic::error(
        "empty-period",
        REGISTRY_FILE,
        format!(
            "{} `{}` không tồn tại ngày nào: ngày kết thúc `to: {to}` trước ngày bắt đầu `from: {from}`",
            kind.label(),
            entry.id
        ),
    )
    .at_pos(pos)
    .hint("`from` là ngày đầu tiên và `to` là ngày cuối cùng còn tồn tại (tính cả hai ngày); sửa lại ngày viết nhầm")
}

fn successor_cycle(cycle: &[&str], pos: Option<Pos>) -> Diagnostic {
    let path: Vec<String> = cycle.iter().map(|id| format!("`{id}`")).collect();
    Diagnostic::error(
        "successor-cycle",
        REGISTRY_FILE,
        format!("các đơn vị kế tục nhau thành vòng: {}", path.join(" → ")),
    )
    .at_pos(pos)
    .hint(format!(
        "`successors` của một đơn vị đã kết thúc ghi các đơn vị MỚI mà nó nhập vào, không ghi đơn vị cũ; bỏ `{}` khỏi `successors` của `{}`",
        cycle[1], cycle[0]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "levels:\n  - id: phuong\n    name: \"Cấp phường\"\nfields: []\ncategories: []\nunits:\n";

    /// The codes and lines of a registry's errors, in file order.
    fn problems(units: &str) -> Vec<(&'static str, usize)> {
        let Err(diags) = Registry::parse(&format!("{HEAD}{units}")) else {
            return Vec::new();
        };
        diags
            .sorted()
            .iter()
            .map(|d| (d.code, d.pos.map_or(0, |p| p.line)))
            .collect()
    }

    #[test]
    fn a_split_and_a_merge_give_predecessors_both_ways() {
        let units = "  - id: cu-a\n    name: A\n    to: 2025-06-30\n    successors:\n      - id: moi-1\n        part: \"một phần\"\n      - id: moi-2\n        part: \"phần còn lại\"\n  - id: cu-b\n    name: B\n    to: 2025-06-30\n    successors: [{ id: moi-1 }]\n  - { id: moi-1, name: M1, from: 2025-07-01 }\n  - { id: moi-2, name: M2, from: 2025-07-01 }\n";
        let registry = Registry::parse(&format!("{HEAD}{units}")).unwrap();
        let before: Vec<(&str, &str)> = registry
            .predecessors("moi-1")
            .iter()
            .map(|(u, s)| (u.id.as_str(), s.part.as_str()))
            .collect();
        assert_eq!(before, [("cu-a", "một phần"), ("cu-b", "")]);
        assert_eq!(registry.predecessors("moi-2").len(), 1);
        let end = registry.get(Kind::Unit, "cu-a").unwrap().period.to;
        assert_eq!(end, NaiveDate::from_ymd_opt(2025, 6, 30));
    }

    #[test]
    fn a_period_with_no_day_is_located_at_its_end() {
        let units = "  - id: a\n    name: A\n    from: 2025-07-01\n    to: 2025-06-30\n";
        assert_eq!(problems(units), [("empty-period", 10)]);
        let one_day = "  - id: a\n    name: A\n    from: 2025-07-01\n    to: 2025-07-01\n";
        assert_eq!(problems(one_day), []);
    }

    #[test]
    fn a_date_that_does_not_exist_is_located() {
        assert_eq!(
            problems("  - id: a\n    name: A\n    to: 2025-06-31\n"),
            [("bad-date", 9)]
        );
    }

    #[test]
    fn unknown_successors_and_levels_are_located() {
        let units =
            "  - id: a\n    name: A\n    levels: [phuong, quan]\n    successors:\n      - id: b\n";
        assert_eq!(
            problems(units),
            [("unknown-id", 9), ("unknown-successor", 11)]
        );
    }

    #[test]
    fn keys_of_time_belong_to_units_and_levels_only() {
        let text = "levels:\n  - id: phuong\n    name: P\n    successors: [{ id: a }]\nunits: []\nfields:\n  - id: f\n    name: F\n    to: 2025-06-30\ncategories: []\n";
        let diags = Registry::parse(text).unwrap_err().sorted();
        let found: Vec<(&str, usize)> = diags
            .iter()
            .map(|d| (d.code, d.pos.map_or(0, |p| p.line)))
            .collect();
        assert_eq!(found, [("unknown-key", 4), ("unknown-key", 9)]);
    }

    #[test]
    fn a_cycle_is_reported_once_where_it_closes() {
        let units = "  - id: a\n    name: A\n    successors:\n      - id: b\n  - id: b\n    name: B\n    successors:\n      - id: a\n";
        assert_eq!(problems(units), [("successor-cycle", 10)]);
    }
}
