//! What every part of the check of one story shares: the file, where its keys
//! stand, the registry, today, the findings so far, and the registry-id check.

use chrono::NaiveDate;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::source::config::StoryRules;
use crate::source::registry::{Kind, Registry};
use crate::source::yaml::{Locator, Seg};
use crate::text::vietnamese::slugify;

use super::schema::RawStory;

pub(super) struct Ctx<'a> {
    pub(super) path: &'a str,
    pub(super) loc: Locator<'a>,
    pub(super) registry: &'a Registry,
    /// Bounds deed dates and award months.
    pub(super) today: NaiveDate,
    /// What site.yaml says: public numbers, the plan quoted, the dossier.
    pub(super) rules: &'a StoryRules,
    pub(super) diags: Diagnostics,
}

impl Ctx<'_> {
    /// Where the value at `path` stands (see `Locator::value`).
    pub(super) fn at(&self, path: &[Seg]) -> Pos {
        self.loc.value(path)
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The index of `id` in its registry list, or an `unknown-id` error at
    /// `seg` with the id staff most likely meant.
    pub(super) fn check_id(&mut self, kind: Kind, id: &str, seg: &[Seg]) -> Option<usize> {
        if id.trim().is_empty() {
            self.push_unchosen(kind, seg);
            return None;
        }
        let found = self.registry.index_of(kind, id);
        if found.is_none() {
            let d = Diagnostic::error(
                "unknown-id",
                self.path,
                format!(
                    "{} `{id}` không có trong content/registry.yaml",
                    kind.label()
                ),
            )
            .at_pos(self.at(seg))
            .hint(self.unknown_id_hint(kind, id));
            self.push(d);
        }
        found
    }

    /// An id left empty (as `new` leaves the category): say what to choose from.
    fn push_unchosen(&mut self, kind: Kind, seg: &[Seg]) {
        let ids: Vec<&str> = self
            .registry
            .list(kind)
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        let d = Diagnostic::error("empty-id", self.path, format!("chưa chọn {}", kind.label()))
            .at_pos(self.at(seg))
            .hint(format!(
                "viết một mã trong mục `{}` của content/registry.yaml: {}",
                kind.key(),
                ids.join(", ")
            ));
        self.push(d);
    }

    fn unknown_id_hint(&self, kind: Kind, id: &str) -> String {
        let list = self.registry.list(kind);
        // Staff often write the name instead of the id: "Phường Bách Khoa".
        let by_name = list
            .iter()
            .find(|e| slugify(&e.name) == slugify(id) || e.id.ends_with(&slugify(id)));
        let ids = list.iter().map(|e| e.id.as_str());
        match by_name
            .map(|e| e.id.as_str())
            .or_else(|| did_you_mean(id, ids))
        {
            Some(best) => format!(
                "có phải ý bạn là `{best}`? Danh sách mã nằm ở mục `{}` của content/registry.yaml",
                kind.key()
            ),
            None => format!(
                "dùng một mã trong mục `{}` của content/registry.yaml, hoặc thêm mã mới vào đó",
                kind.key()
            ),
        }
    }

    /// The ids outside the person's residence and the awards' levels.
    pub(super) fn check_ids(&mut self, raw: &RawStory) {
        self.check_id(Kind::Unit, &raw.unit, &[Seg::Key("unit")]);
        self.check_id(
            Kind::Category,
            &raw.person.category,
            &[Seg::Key("person"), Seg::Key("category")],
        );
        self.check_id(
            Kind::Field,
            &raw.deed.field,
            &[Seg::Key("deed"), Seg::Key("field")],
        );
        for (i, topic) in raw.topics.iter().enumerate() {
            self.check_id(Kind::Topic, topic, &[Seg::Key("topics"), Seg::Index(i)]);
        }
    }
}
