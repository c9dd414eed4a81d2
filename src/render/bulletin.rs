//! The printable monthly bulletin (bản tin): a month's honorees by unit,
//! several to an A4 sheet, under the publisher's name. A month of at most
//! `PER_PAGE` honorees is one page at `ban-tin/YYYY-MM/`; a longer month is
//! cut into pages of `PER_PAGE` (`trang-2.html` …), whole units together,
//! the first listing every unit and its page. No page grows with the site
//! (at 10,000 stories one month was one page of most of a megabyte), and a
//! unit still prints alone (`print.js` gathers it from its pages).

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::domain::story::YearMonth;
use crate::render::broadcast;
use crate::render::deferred::Deferred;
use crate::render::engine::{Job, Output, Renderer};
use crate::render::views::{self, here, home_crumb, section_crumb, IndexItem, Pager};
use crate::site::model::{BoardEntry, SiteModel};
use crate::site::urls;
use crate::source::registry::Kind;
use crate::text::vietnamese::{month_title, syllable_sort_key};

/// The most honorees on one bulletin page: ten to fifteen A4 sheets.
pub const PER_PAGE: usize = 30;

/// The part of the honorees whose unit is not named (a minor's school).
const OTHER_PART: &str = "khac";

/// One award of an honoree: its level and written decision.
#[derive(Serialize)]
struct ItemAward {
    level: String,
    decision: Option<String>,
}

/// One honoree of the bulletin, with the body printed once in full and
/// every award of the month (a deed awarded by the ward and the district in
/// the same month is one story on paper).
#[derive(Serialize)]
struct Item {
    card: views::Card,
    awards: Vec<ItemAward>,
    body: String,
    /// Only when the gate lets the bulletin print it (`photo_in_bulletin`).
    photo: Option<views::Photo>,
}

/// The awards of one story in a month, in board order.
type Honoree = Vec<BoardEntry>;

/// The honorees of one unit in a month, in board order.
struct Part {
    slug: String,
    name: String,
    honorees: Vec<Honoree>,
    awards: usize,
}

/// One unit's honorees on one page (a unit longer than a page goes on).
struct Slice {
    slug: String,
    name: String,
    /// The unit's awards in the whole month.
    awards: usize,
    honorees: Vec<Honoree>,
    /// The unit began on an earlier page.
    continued: bool,
    /// The pages the unit is on (1-based), to print it alone.
    pages: Vec<usize>,
}

/// The units on one page, as templates see them.
#[derive(Serialize)]
struct Group<'a> {
    slug: &'a str,
    unit: &'a str,
    awards: usize,
    continued: bool,
    /// Every page the unit is on, when it is on more than this one.
    pages: String,
    items: Vec<Item>,
}

/// Every bulletin page of every month: a month is cut into pages of at
/// most `PER_PAGE` honorees, whole units together; a unit starts a new page
/// when it does not fit the rest of one, and a unit longer than a page
/// goes on over several. The first page lists the units and their pages.
pub fn plan<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    for &ym in m.groups.months.keys() {
        let parts = parts(m, ym);
        let total: usize = parts.iter().map(|p| p.awards).sum();
        let sheets = pack(parts);
        let count = sheets.len();
        let index: Vec<IndexItem> = if count > 1 {
            contents(m, ym, &sheets)
        } else {
            Vec::new()
        };
        for (i, slices) in sheets.into_iter().enumerate() {
            let n = i + 1;
            let sheet = Sheet {
                path: urls::paginated(&urls::bulletin(ym), n),
                page: n,
                pages: count,
                index: if n == 1 { index.clone() } else { Vec::new() },
                pager: (count > 1).then(|| views::pager(m, &urls::bulletin(ym), n, count)),
                slices,
            };
            jobs.push(Job::new(&sheet.path.clone(), move |r: &Renderer| {
                render(r, ym, total, &sheet)
            }));
        }
    }
}

/// What one bulletin page prints.
struct Sheet {
    path: String,
    page: usize,
    pages: usize,
    /// The month's units and where they are, on its first page.
    index: Vec<IndexItem>,
    pager: Option<Pager>,
    slices: Vec<Slice>,
}

/// The units of a month on pages of at most `PER_PAGE` honorees.
fn pack(parts: Vec<Part>) -> Vec<Vec<Slice>> {
    let mut sheets: Vec<Vec<Slice>> = vec![Vec::new()];
    let mut used = 0;
    for part in parts {
        if used > 0 && used + part.honorees.len() > PER_PAGE {
            sheets.push(Vec::new());
            used = 0;
        }
        let first_page = sheets.len();
        let last_page = first_page + part.honorees.len().saturating_sub(1) / PER_PAGE;
        for (k, chunk) in part.honorees.chunks(PER_PAGE).enumerate() {
            if k > 0 {
                sheets.push(Vec::new());
                used = 0;
            }
            used += chunk.len();
            sheets.last_mut().expect("a page").push(Slice {
                slug: part.slug.clone(),
                name: part.name.clone(),
                awards: part.awards,
                honorees: chunk.to_vec(),
                continued: k > 0,
                pages: (first_page..=last_page).collect(),
            });
        }
    }
    sheets
}

/// The contents of a long month: each unit, its awards and its first page.
fn contents(m: &SiteModel, ym: YearMonth, sheets: &[Vec<Slice>]) -> Vec<IndexItem> {
    let mut items = Vec::new();
    for (i, slices) in sheets.iter().enumerate() {
        for s in slices.iter().filter(|s| !s.continued) {
            let page = urls::paginated(&urls::bulletin(ym), i + 1);
            let note = match s.pages.len() {
                1 => format!("trang {}", i + 1),
                _ => format!("trang {}–{}", i + 1, s.pages[s.pages.len() - 1]),
            };
            items.push(IndexItem {
                label: s.name.clone(),
                url: format!("{}#don-vi-{}", views::href(m, &page), s.slug),
                count: s.awards,
                note,
                time: None,
            });
        }
    }
    items
}

/// A month's honorees whose consent covers the bulletin, by unit in
/// Vietnamese order ("Đơn vị khác" last), each unit in board order.
fn parts(m: &SiteModel, ym: YearMonth) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for e in &m.groups.months[&ym] {
        let s = &m.stories[e.story];
        if !s.in_bulletin {
            continue;
        }
        let slug = s.unit.as_deref().unwrap_or(OTHER_PART);
        match parts.iter_mut().find(|p| p.slug == slug) {
            Some(p) => {
                p.awards += 1;
                match p.honorees.iter_mut().find(|h| h[0].story == e.story) {
                    Some(h) => h.push(*e),
                    None => p.honorees.push(vec![*e]),
                }
            }
            None => parts.push(Part {
                slug: slug.to_string(),
                name: match &s.unit {
                    Some(unit) => m
                        .registry
                        .get(Kind::Unit, unit)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                    None => broadcast::OTHER_UNITS.to_string(),
                },
                honorees: vec![vec![*e]],
                awards: 1,
            }),
        }
    }
    parts.sort_by_cached_key(|p| {
        (
            p.slug == OTHER_PART,
            syllable_sort_key(&p.name),
            p.slug.clone(),
        )
    });
    parts
}

fn item(r: &Renderer, h: &Honoree, deferred: &mut Deferred) -> Item {
    let m = r.model;
    let s = &m.stories[h[0].story];
    let award = |e: &BoardEntry| {
        let award = &s.awards[e.award];
        ItemAward {
            level: m
                .registry
                .get(Kind::Level, &award.level)
                .map(|l| l.name.clone())
                .unwrap_or_default(),
            decision: award.decision.as_ref().map(|d| d.written(&m.registry)),
        }
    };
    Item {
        card: r.card(h[0].story),
        awards: h.iter().map(award).collect(),
        // Paper keeps to the one photo the gate allows: images in the body
        // would take a sheet each.
        body: deferred.body_html_without_images(m, h[0].story),
        photo: s
            .photo
            .as_ref()
            .filter(|_| s.photo_in_bulletin)
            .map(|ph| views::photo_view(m, ph)),
    }
}

fn render(r: &Renderer, ym: YearMonth, total: usize, sheet: &Sheet) -> Result<Output, Diagnostic> {
    let m = r.model;
    let heading = format!(
        "Bản tin “Người tốt, việc tốt” {}",
        month_title(ym.year, ym.month).to_lowercase()
    );
    let crumbs = [
        home_crumb(m),
        section_crumb(m, urls::MONTHS, "Bảng vàng"),
        views::month_link(m, ym),
        here("Bản tin"),
    ];
    let title = match sheet.page {
        1 => heading.clone(),
        n => format!("{heading} (trang {n})"),
    };
    let page_url = |n: &usize| views::href(m, &urls::paginated(&urls::bulletin(ym), *n));
    let mut deferred = Deferred::default();
    let groups: Vec<Group> = sheet
        .slices
        .iter()
        .map(|s| Group {
            slug: &s.slug,
            unit: &s.name,
            awards: s.awards,
            continued: s.continued,
            pages: match s.pages.len() {
                1 => String::new(),
                _ => s.pages.iter().map(page_url).collect::<Vec<_>>().join(" "),
            },
            items: s
                .honorees
                .iter()
                .map(|h| item(r, h, &mut deferred))
                .collect(),
        })
        .collect();
    let issuer = match &m.config.publisher {
        Some(p) => p.name.as_str(),
        None => m.config.title.as_str(),
    };
    let at = ("bulletin.html", sheet.path.as_str());
    r.page_with_markdown(at, &title, &crumbs, deferred, |ctx| {
        ctx.insert("heading", &heading);
        ctx.insert("issuer", issuer);
        ctx.insert("month", &views::month_link(m, ym));
        ctx.insert("total", &total);
        ctx.insert("page", &sheet.page);
        ctx.insert("pages", &sheet.pages);
        ctx.insert("groups", &groups);
        ctx.insert("units", &sheet.index);
        ctx.insert("per_page", &PER_PAGE);
        ctx.insert("pager", &sheet.pager);
        ctx.insert("radio_url", &views::href(m, &urls::radio(ym)));
    })
}
