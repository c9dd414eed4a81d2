//! What templates see. These structs are built from the model and are the
//! only contract with themes: renaming an internal field cannot break a theme.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::story::YearMonth;
use crate::site::model::{SiteModel, StoryId};
use crate::site::urls;
use crate::source::images;
use crate::source::periods::Period;
use crate::source::registry::{Entry, Kind};
use crate::text::vietnamese::{long_date, month_title};

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AwardView {
    pub level: Link,
    pub month: Link,
    pub decision: Option<String>,
}

/// A story as shown in lists.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub person: Link,
    /// None when naming the unit would reveal a minor's school.
    pub unit: Option<Link>,
    pub date: String,
    pub awards: Vec<AwardView>,
}

/// A card on a monthly board: one award; `heading` opens a level group.
#[derive(Debug, Clone, Serialize)]
pub struct BoardCard<'a> {
    /// The card's HTML (see `card.html`).
    pub card: &'a str,
    pub level: AwardView,
    pub heading: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub label: &'static str,
    pub value: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Photo {
    /// The largest file (also the one shared: Open Graph).
    pub url: String,
    /// For share previews (Open Graph), which need a full address.
    pub absolute_url: String,
    pub alt: String,
    /// Of the largest file; with them the text does not jump as it loads.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Every width (`images/x-480.jpg 480w, …`): a phone loads the smallest
    /// that fills its screen. Empty when the size is not known.
    pub srcset: String,
}

/// The full story page.
#[derive(Debug, Serialize)]
pub struct StoryView<'a> {
    pub card: &'a Card,
    pub body_html: &'a str,
    pub details: Vec<Detail>,
    pub field: Link,
    pub topics: Vec<Link>,
    pub tags: Vec<Link>,
    pub photo: Option<Photo>,
    pub date_iso: String,
    /// Cards (HTML) of the person's other stories.
    pub other_stories: Vec<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PagerLink>,
}

/// An entry of an index page (all months, all units, …).
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexItem {
    pub label: String,
    pub url: String,
    pub count: usize,
    pub note: String,
    /// Units with dates or successors: their place in time.
    pub time: Option<UnitTime>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexGroup {
    pub heading: String,
    pub items: Vec<IndexItem>,
    /// A heading above this group (the units' "current" and "before"),
    /// set on the first group under it only.
    pub section: String,
    /// Whether `heading` sits under a `section` (one level lower).
    pub nested: bool,
}

/// Where a unit stands in time: its period, the units it went into and the
/// units it came from. Only units with dates or links have one, so a site
/// without dates renders as before.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnitTime {
    /// "đến 30/6/2025", "từ 01/7/2025", or empty.
    pub period: String,
    pub successors: Vec<PartLink>,
    pub predecessors: Vec<PartLink>,
}

/// A unit linked from another, with which part of it moved ("một phần");
/// `url` is empty when the unit has no page (no published story).
#[derive(Debug, Clone, Serialize)]
pub struct PartLink {
    pub label: String,
    pub url: String,
    pub part: String,
}

/// A day as official documents write it in short: a zero before days under
/// 10 and before months 1 and 2 (as in `long_date`), "01/7/2025".
pub fn short_date(date: NaiveDate) -> String {
    let month = if date.month() <= 2 {
        format!("{:02}", date.month())
    } else {
        date.month().to_string()
    };
    format!("{:02}/{month}/{}", date.day(), date.year())
}

/// "từ 01/7/2025", "đến 30/6/2025", both, or empty for no dates.
pub fn period_label(p: &Period) -> String {
    match (p.from, p.to) {
        (None, None) => String::new(),
        (Some(f), None) => format!("từ {}", short_date(f)),
        (None, Some(t)) => format!("đến {}", short_date(t)),
        (Some(f), Some(t)) => format!("từ {} đến {}", short_date(f), short_date(t)),
    }
}

/// The names of units shown together, each with its period when another of
/// them has the same name: the old and the new "Phường Bạch Mai" must not
/// look like one unit in a filter or a chart.
pub fn unit_names(units: &[&Entry]) -> Vec<String> {
    units
        .iter()
        .map(|u| {
            let twin = units.iter().any(|o| o.id != u.id && o.name == u.name);
            let period = period_label(&u.period);
            if twin && !period.is_empty() {
                format!("{} ({period})", u.name)
            } else {
                u.name.clone()
            }
        })
        .collect()
}

/// `unit`'s period and links, or `None` for a unit outside time (no dates,
/// no successors, no predecessors).
pub fn unit_time(m: &SiteModel, unit: &Entry) -> Option<UnitTime> {
    let link = |other: &Entry, part: &str| {
        // A linked unit of the same name needs its period to be told apart.
        let label = if other.name == unit.name {
            unit_names(&[unit, other]).pop().unwrap_or_default()
        } else {
            other.name.clone()
        };
        let url = if m.groups.units.contains_key(&other.id) {
            href(m, &urls::term(urls::UNITS, &other.id))
        } else {
            String::new()
        };
        PartLink {
            label,
            url,
            part: part.to_string(),
        }
    };
    let successors: Vec<PartLink> = unit
        .successors
        .iter()
        .filter_map(|s| {
            let other = m.registry.get(Kind::Unit, &s.id)?;
            Some(link(other, &s.part))
        })
        .collect();
    let predecessors: Vec<PartLink> = m
        .registry
        .predecessors(&unit.id)
        .into_iter()
        .map(|(other, s)| link(other, &s.part))
        .collect();
    let period = period_label(&unit.period);
    if period.is_empty() && successors.is_empty() && predecessors.is_empty() {
        return None;
    }
    Some(UnitTime {
        period,
        successors,
        predecessors,
    })
}

/// Links are absolute paths under the base path.
pub fn href(model: &SiteModel, path: &str) -> String {
    format!("{}{}", model.base_path, path)
}

pub fn month_link(model: &SiteModel, m: YearMonth) -> Link {
    Link {
        label: month_title(m.year, m.month),
        url: href(model, &urls::month(m)),
    }
}

pub fn registry_link(model: &SiteModel, kind: Kind, id: &str) -> Link {
    let section = match kind {
        Kind::Unit => urls::UNITS,
        Kind::Level => urls::LEVELS,
        Kind::Field => urls::FIELDS,
        Kind::Topic => urls::TOPICS,
        Kind::Category | Kind::Issuer => "",
    };
    let label = model
        .registry
        .get(kind, id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string());
    Link {
        label,
        url: href(model, &urls::term(section, id)),
    }
}

pub fn person_link(model: &SiteModel, story: StoryId) -> Link {
    let person = &model.people[model.story_person[story]];
    Link {
        label: person.public_name.clone(),
        url: href(model, &urls::person(&person.slug)),
    }
}

pub fn card(model: &SiteModel, id: StoryId) -> Card {
    let s = &model.stories[id];
    // Same order as the story's `awards`, so a board entry can find its award by index.
    let awards: Vec<AwardView> = s.awards.iter().map(|a| award_view(model, a)).collect();
    Card {
        url: href(model, &urls::story(&model.story_slugs[id])),
        title: s.title.clone(),
        summary: model.excerpt(id).to_string(),
        person: person_link(model, id),
        unit: s.unit.as_ref().map(|u| registry_link(model, Kind::Unit, u)),
        date: long_date(s.deed_date),
        awards,
    }
}

/// One award as a card and a board show it.
pub fn award_view(model: &SiteModel, a: &crate::domain::story::Award) -> AwardView {
    AwardView {
        level: registry_link(model, Kind::Level, &a.level),
        month: month_link(model, a.month),
        decision: a.decision.as_ref().map(|d| d.written(&model.registry)),
    }
}

pub fn story_view<'a>(
    model: &'a SiteModel,
    card: &'a Card,
    other_stories: Vec<&'a str>,
    id: StoryId,
    body_html: &'a str,
) -> StoryView<'a> {
    let s = &model.stories[id];
    StoryView {
        card,
        body_html,
        details: details(model, card, id),
        field: registry_link(model, Kind::Field, &s.field),
        topics: s
            .topics
            .iter()
            .map(|t| registry_link(model, Kind::Topic, t))
            .collect(),
        tags: s.tags.iter().map(|t| tag_link(model, t)).collect(),
        photo: s.photo.as_ref().map(|ph| photo_view(model, ph)),
        date_iso: s.deed_date.format("%Y-%m-%d").to_string(),
        other_stories,
    }
}

/// A photo as pages show it: the largest file, its size and every width.
pub fn photo_view(model: &SiteModel, ph: &crate::domain::story::Photo) -> Photo {
    let src = ph.src.trim_start_matches('/');
    // One width needs no choice: then there is no srcset.
    let srcset = ph
        .size
        .filter(|s| s.width > images::SMALLER_WIDTHS[0])
        .map(|size| {
            let widths = images::widths(size.width);
            let each = widths.iter().map(|w| {
                let url = href(model, &images::variant_path(src, *w, size.width));
                format!("{url} {w}w")
            });
            each.collect::<Vec<_>>().join(", ")
        });
    Photo {
        url: href(model, src),
        absolute_url: model.absolute(src),
        alt: ph.alt.clone(),
        width: ph.size.map(|s| s.width),
        height: ph.size.map(|s| s.height),
        srcset: srcset.unwrap_or_default(),
    }
}

/// A tag as written, linking to the page of its slug.
fn tag_link(model: &SiteModel, tag: &str) -> Link {
    Link {
        label: tag.to_string(),
        url: href(
            model,
            &urls::term(urls::TAGS, &crate::text::vietnamese::slugify(tag)),
        ),
    }
}

/// The "who" box of a story page, in a fixed order; a line appears only
/// when the gate let its value through.
fn details(model: &SiteModel, card: &Card, id: StoryId) -> Vec<Detail> {
    let p = &model.stories[id].person;
    let plain = |label, value: String| Detail {
        label,
        value,
        url: None,
    };
    let linked = |label, link: Link| Detail {
        label,
        value: link.label,
        url: Some(link.url),
    };
    // This story's own spelling of the name, linked to the person's page.
    let name = Link {
        label: p.public_name.clone(),
        url: card.person.url.clone(),
    };
    let mut details = vec![linked("Họ và tên", name)];
    details.extend(p.birth_year.map(|y| plain("Năm sinh", y.to_string())));
    details.extend(p.occupation.clone().map(|o| plain("Nghề nghiệp", o)));
    let category = model.registry.get(Kind::Category, &p.category);
    details.extend(category.map(|c| plain("Đối tượng", c.name.clone())));
    let residence = p.residence.as_ref();
    details.extend(residence.map(|w| linked("Nơi cư trú", registry_link(model, Kind::Unit, w))));
    details.extend(p.school.clone().map(|school| plain("Trường", school)));
    details.extend(card.unit.clone().map(|u| linked("Đơn vị đề nghị", u)));
    details
}

/// Number of pages for `len` items, at least one (an empty list still has a page).
pub fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page).max(1)
}

/// The pager of page `n` (1-based) of `total` for the list whose first page is at `base`.
pub fn pager(model: &SiteModel, base: &str, n: usize, total: usize) -> Pager {
    let url_of = |k: usize| href(model, &urls::paginated(base, k));
    Pager {
        current: n,
        total,
        prev: (n > 1).then(|| url_of(n - 1)),
        next: (n < total).then(|| url_of(n + 1)),
        pages: pager_window(n, total)
            .into_iter()
            .map(|k| PagerLink {
                number: k,
                url: url_of(k),
                current: k == n,
            })
            .collect(),
    }
}

/// First, last, and the two pages either side of the current one; computed
/// directly so a list of thousands of pages costs nothing per page.
fn pager_window(current: usize, total: usize) -> Vec<usize> {
    let mut pages = vec![1];
    for k in current.saturating_sub(2).max(2)..=(current + 2).min(total) {
        pages.push(k);
    }
    if total > 1 && pages.last() != Some(&total) {
        pages.push(total);
    }
    pages
}

/// Breadcrumbs shared by the page lists and the channels.
pub(crate) fn home_crumb(m: &SiteModel) -> Link {
    Link {
        label: "Trang chủ".into(),
        url: m.base_path.clone(),
    }
}

pub(crate) fn section_crumb(m: &SiteModel, section: &str, label: &str) -> Link {
    Link {
        label: label.into(),
        url: href(m, &crate::site::urls::section(section)),
    }
}

pub(crate) fn here(label: &str) -> Link {
    Link {
        label: label.into(),
        url: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{pager_window, period_label, short_date};
    use crate::source::periods::Period;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn periods_are_written_in_official_short_style() {
        // A zero before days under 10 and months 1 and 2, as in `long_date`.
        assert_eq!(short_date(day(2025, 7, 1).unwrap()), "01/7/2025");
        assert_eq!(short_date(day(2026, 2, 14).unwrap()), "14/02/2026");
        assert_eq!(short_date(day(2025, 6, 30).unwrap()), "30/6/2025");
        let both = Period {
            from: day(2024, 11, 15),
            to: day(2025, 6, 30),
        };
        assert_eq!(period_label(&both), "từ 15/11/2024 đến 30/6/2025");
        assert_eq!(period_label(&Period::default()), "");
    }

    #[test]
    fn pager_window_is_small() {
        assert_eq!(pager_window(1, 1), [1]);
        assert_eq!(pager_window(5, 10), [1, 3, 4, 5, 6, 7, 10]);
        assert_eq!(pager_window(1, 2), [1, 2]);
        assert_eq!(pager_window(2, 3), [1, 2, 3]);
        assert_eq!(pager_window(10, 10), [1, 8, 9, 10]);
    }
}
