//! `content/registry.yaml`: levels, units, fields, categories and topics.
//! Administrative units change (the 2025 two-tier reform), so they are data.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
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
}

/// Which list of the registry an id is looked up in; also names it in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Level,
    Unit,
    Field,
    Category,
    Topic,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Level => "levels",
            Kind::Unit => "units",
            Kind::Field => "fields",
            Kind::Category => "categories",
            Kind::Topic => "topics",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Level => "cấp khen thưởng",
            Kind::Unit => "đơn vị",
            Kind::Field => "lĩnh vực",
            Kind::Category => "đối tượng",
            Kind::Topic => "chuyên đề",
        }
    }
}

impl Registry {
    pub fn parse(text: &str) -> Result<Registry, Diagnostics> {
        let registry: Registry = yaml::parse(REGISTRY_FILE, text, 1)?;
        let locator = Locator::new(text, 1);
        let mut problems = Diagnostics::default();
        for kind in [
            Kind::Level,
            Kind::Unit,
            Kind::Field,
            Kind::Category,
            Kind::Topic,
        ] {
            registry.check_ids(kind, &locator, &mut problems);
        }
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

    pub fn list(&self, kind: Kind) -> &[Entry] {
        match kind {
            Kind::Level => &self.levels,
            Kind::Unit => &self.units,
            Kind::Field => &self.fields,
            Kind::Category => &self.categories,
            Kind::Topic => &self.topics,
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
