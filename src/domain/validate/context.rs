//! What every part of the check of one story shares: the file, where its keys
//! stand, the registry, today, the findings so far, and the registry-id check.

use chrono::NaiveDate;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::source::config::StoryRules;
use crate::source::periods::When;
use crate::source::registry::{Entry, Kind, Registry};
use crate::source::yaml::{Locator, Seg};
use crate::source::yaml_words::{relined, revalued, write_line, GUIDE};
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
    /// The deed date once read: a unit named by its name is looked up among
    /// the units of that day first.
    pub(super) deed: Option<NaiveDate>,
    /// The day the id being checked must hold on, when not the deed's (the
    /// decision date while its issuer is checked): suggestions prefer ids
    /// valid that day, never an ended office when a valid one fits.
    pub(super) on: Option<NaiveDate>,
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
            let at = self.at(seg);
            let (message, hint) = match self.registry.get(kind, id.trim()) {
                Some(e) => (
                    format!("{} «{id}» có dấu cách thừa trong ngoặc kép", kind.label()),
                    format!(
                        "xóa dấu cách ở đầu và cuối mã: mã đúng là {}. {}",
                        e.id,
                        self.line_with(at, seg, &e.id)
                    ),
                ),
                None => (
                    format!(
                        "{} `{id}` không có trong content/registry.yaml",
                        kind.label()
                    ),
                    self.unknown_id_hint(kind, id, at, seg),
                ),
            };
            let d = Diagnostic::error("unknown-id", self.path, message)
                .at_pos(at)
                .hint(hint);
            self.push(d);
        }
        found
    }

    /// The pointer to the guide, then the line at `at` with `id` as its
    /// value, when the id is the value of a key on a line of its own.
    fn line_with(&self, at: Pos, seg: &[Seg], id: &str) -> String {
        let pointer = format!("Xem mục “Các mã lấy từ danh mục” trong {GUIDE}.");
        let (Some(Seg::Key(key)), Some(line)) = (seg.last(), self.loc.line(at.line)) else {
            return pointer;
        };
        let body = line.trim_start();
        let own = body.strip_prefix("- ").unwrap_or(body);
        if own.starts_with(&format!("{key}:")) {
            return format!("{pointer} {}", write_line(&relined(line, key, id)));
        }
        // Inside a one-line `{ … }`: the whole line, only this value fixed.
        match revalued(line, key, at.column, id) {
            Some(fixed) => format!("{pointer} {}", write_line(&fixed)),
            None => pointer,
        }
    }

    /// An id left empty (as `new` leaves the category): say what to choose from.
    fn push_unchosen(&mut self, kind: Kind, seg: &[Seg]) {
        // Units of the deed's day (or of today) only: ended wards and
        // abolished offices are no choice for a new story.
        let ids = self.ids_on_day(kind);
        let d = Diagnostic::error("empty-id", self.path, format!("chưa chọn {}", kind.label()))
            .at_pos(self.at(seg))
            .hint(format!(
                "viết một mã trong mục `{}` của content/registry.yaml: {}",
                kind.key(),
                ids.join(", ")
            ));
        self.push(d);
    }

    fn unknown_id_hint(&self, kind: Kind, id: &str, at: Pos, seg: &[Seg]) -> String {
        let list = self.registry.list(kind);
        // Staff often write the name instead of the id: "Phường Bách Khoa".
        // A name can stand for a dissolved unit and its successor: the one of
        // the deed's day comes first, the other only as a second choice.
        // The short name (the name without its first word) is a name too:
        // matched on its own, the ended unit whose id ends alike came first.
        let slug = slugify(id);
        let mut by_name: Vec<&Entry> = list
            .iter()
            .filter(|e| {
                let name = slugify(&e.name);
                !slug.is_empty() && (name == slug || name.ends_with(&format!("-{slug}")))
            })
            .collect();
        if by_name.is_empty() {
            by_name = named_within(list, &slug);
        }
        let not_of_that_day = |e: &Entry| match self.on.or(self.deed) {
            Some(day) => e.period.when(day) != When::Within,
            None => e.period.to.is_some(),
        };
        by_name.sort_by_key(|e| not_of_that_day(e));
        if let Some(best) = by_name.first() {
            // Only units and issuers begin and end: a date means nothing for
            // a category, and is said only when the entry held on it.
            let day = match (kind, self.on.or(self.deed)) {
                (Kind::Unit, Some(d)) if !not_of_that_day(best) => {
                    format!("Vào ngày làm việc tốt {d}, ")
                }
                (Kind::Issuer, Some(d)) if !not_of_that_day(best) => {
                    format!("Vào ngày ký quyết định {d}, ")
                }
                _ => String::new(),
            };
            // What a date bounds: the deed for a unit, the signing for an issuer.
            let event = match kind {
                Kind::Issuer => "Quyết định ký",
                _ => "Việc tốt",
            };
            let mut hint = format!(
                "«{id}» là tên {}; trong bài phải ghi mã. {day}{} có mã {}.",
                kind.label(),
                best.name,
                best.id
            );
            // Another entry of the same name is told only when the first is
            // not of that day: for a 2026 story, the code of a ward ended in
            // 2025 was noise that sent a tester back to check dates.
            if not_of_that_day(best) {
                hint.push_str(&other_periods(&by_name[1..], event));
            }
            return format!("{hint} {}", self.line_with(at, seg, &best.id));
        }
        let guess = self
            .guess_among(id, &self.valid_on_day(kind))
            .or_else(|| self.guess_among(id, &list.iter().collect::<Vec<_>>()));
        match guess {
            Some(best) => format!(
                "có phải ý bạn là mã {best}? Danh sách mã nằm ở mục {} của content/registry.yaml. {}",
                kind.key(),
                self.line_with(at, seg, best)
            ),
            None => self.codes_to_choose(kind),
        }
    }

    /// The codes to choose from, as `empty-id` lists them: a code that looks
    /// right but is not one is no reason to ask for a new code.
    fn codes_to_choose(&self, kind: Kind) -> String {
        let ids = self.ids_on_day(kind);
        if ids.is_empty() {
            return format!("dùng một mã trong mục {} của content/registry.yaml, hoặc nhờ người quản trị thêm mã mới vào đó. Xem mục “Các mã lấy từ danh mục” trong {GUIDE}", kind.key());
        }
        format!(
            "viết một mã trong mục `{}` của content/registry.yaml: {}; chỉ khi không mã nào đúng mới nhờ người quản trị thêm mã mới. Xem mục “Các mã lấy từ danh mục” trong {GUIDE}",
            kind.key(),
            ids.join(", ")
        )
    }

    /// The ids of `valid_on_day`, as lists of codes to choose from show them.
    fn ids_on_day(&self, kind: Kind) -> Vec<&str> {
        self.valid_on_day(kind)
            .iter()
            .map(|e| e.id.as_str())
            .collect()
    }

    /// The entries of `kind` valid on the day in question (the decision date
    /// for an issuer, else the deed date, else today); categories and the
    /// like have no period and are all valid.
    fn valid_on_day(&self, kind: Kind) -> Vec<&Entry> {
        let day = self.on.or(self.deed).unwrap_or(self.today);
        self.registry
            .list(kind)
            .iter()
            .filter(|e| e.period.when(day) == When::Within)
            .collect()
    }

    fn guess_among<'e>(&self, id: &str, among: &[&'e Entry]) -> Option<&'e str> {
        let slug = slugify(id);
        among
            .iter()
            .find(|e| !slug.is_empty() && e.id.ends_with(&slug))
            .map(|e| e.id.as_str())
            .or_else(|| did_you_mean(id, among.iter().map(|e| e.id.as_str())))
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

/// Entries whose name stands inside what was written, with words around it
/// (`UBND phường Bạch Mai`, `P. Bạch Mai`, `Phường Bạch Mai, Hà Nội`,
/// `Chủ tịch UBND phường Bạch Mai`): the most words of a name in common,
/// two at least, counted from the name's end, since the proper name ends it.
fn named_within<'e>(list: &'e [Entry], written: &str) -> Vec<&'e Entry> {
    let words: Vec<&str> = written.split('-').filter(|w| !w.is_empty()).collect();
    let shared = |e: &Entry| {
        let name = slugify(&e.name);
        let name: Vec<&str> = name.split('-').collect();
        (2..=name.len())
            .rev()
            .find(|&k| words.windows(k).any(|w| w == &name[name.len() - k..]))
            .unwrap_or(0)
    };
    let scored: Vec<(usize, &Entry)> = list.iter().map(|e| (shared(e), e)).collect();
    let best = scored.iter().map(|(n, _)| *n).max().unwrap_or(0);
    scored
        .into_iter()
        .filter(|(n, _)| best >= 2 && *n == best)
        .map(|(_, e)| e)
        .collect()
}

/// The other entries of the same name, each with the days it stands for.
fn other_periods(others: &[&Entry], event: &str) -> String {
    others
        .iter()
        .map(|other| match (other.period.from, other.period.to) {
            (_, Some(to)) => format!(
                " {event} từ ngày {to} trở về trước thì ghi mã {} (cùng tên, đã kết thúc).",
                other.id
            ),
            (Some(from), None) => format!(
                " {event} từ ngày {from} trở đi thì ghi mã {} (cùng tên, lập sau).",
                other.id
            ),
            (None, None) => format!(" Cùng tên còn có mã {}.", other.id),
        })
        .collect()
}
