//! The printable monthly bulletin (bản tin): a month's honorees by unit,
//! several to an A4 sheet, under the publisher's name. A month of at most
//! `PER_PAGE` honorees is one page at `ban-tin/YYYY-MM/`. A longer month
//! gets an index there and one part per unit (`ban-tin/YYYY-MM/<unit>/`),
//! cut into pages of `PER_PAGE`: no page grows with the site (at 10,000
//! stories one month was one page of most of a megabyte), and a unit still
//! prints its whole part at once (`print.js` gathers its pages).

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::domain::story::YearMonth;
use crate::render::broadcast;
use crate::render::engine::{Job, Renderer};
use crate::render::views::{self, here, home_crumb, section_crumb, IndexItem, Link, Pager};
use crate::site::model::{BoardEntry, SiteModel};
use crate::site::urls;
use crate::source::registry::Kind;
use crate::text::markdown;
use crate::text::vietnamese::{month_title, syllable_sort_key};

/// The most honorees on one bulletin page: ten to fifteen A4 sheets.
pub const PER_PAGE: usize = 30;

/// The part of the honorees whose unit is not named (a minor's school).
const OTHER_PART: &str = "don-vi-khac";

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
struct Item<'a> {
    card: &'a views::Card,
    awards: Vec<ItemAward>,
    body: String,
    /// Only when the gate lets the bulletin print it (`photo_in_bulletin`).
    photo: Option<views::Photo>,
}

/// The honorees of one unit on a page.
#[derive(Serialize)]
struct Group<'a> {
    unit: String,
    items: Vec<Item<'a>>,
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

/// Which part of the month a page prints.
#[derive(Serialize)]
struct PartView {
    name: String,
    count: usize,
    page: usize,
    pages: usize,
}

/// What one bulletin page shows besides the shared header.
struct Sheet {
    path: String,
    /// The unit part and page, on a part's page.
    part: Option<PartView>,
    /// The honorees printed here, as (unit name, honorees).
    groups: Vec<(String, Vec<Honoree>)>,
    /// The parts of a long month, on its index page.
    index: Vec<IndexItem>,
    pager: Option<Pager>,
    /// Every page of the part, when it has more than one (to print it all).
    part_pages: Vec<String>,
}

/// Every bulletin page of every month.
pub fn plan<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    for &ym in m.groups.months.keys() {
        let parts = parts(m, ym);
        let total: usize = parts.iter().map(|p| p.awards).sum();
        if parts.iter().map(|p| p.honorees.len()).sum::<usize>() <= PER_PAGE {
            let sheet = Sheet {
                path: urls::bulletin(ym),
                part: None,
                groups: parts.into_iter().map(|p| (p.name, p.honorees)).collect(),
                index: Vec::new(),
                pager: None,
                part_pages: Vec::new(),
            };
            jobs.push(Job::new(&sheet.path.clone(), move |r: &Renderer| {
                render(r, ym, total, &sheet)
            }));
            continue;
        }
        let index = Sheet {
            path: urls::bulletin(ym),
            part: None,
            groups: Vec::new(),
            index: parts.iter().map(|p| index_item(m, ym, p)).collect(),
            pager: None,
            part_pages: Vec::new(),
        };
        jobs.push(Job::new(&index.path.clone(), move |r: &Renderer| {
            render(r, ym, total, &index)
        }));
        for part in parts {
            plan_part(m, ym, total, part, jobs);
        }
    }
}

/// The pages of one unit's part of a long month.
fn plan_part<'a>(m: &SiteModel, ym: YearMonth, total: usize, part: Part, jobs: &mut Vec<Job<'a>>) {
    let base = urls::bulletin_part(ym, &part.slug);
    let pages = views::page_count(part.honorees.len(), PER_PAGE);
    let part_pages: Vec<String> = (1..=pages)
        .map(|n| views::href(m, &urls::paginated(&base, n)))
        .collect();
    for (i, chunk) in part.honorees.chunks(PER_PAGE).enumerate() {
        let n = i + 1;
        let sheet = Sheet {
            path: urls::paginated(&base, n),
            part: Some(PartView {
                name: part.name.clone(),
                count: part.awards,
                page: n,
                pages,
            }),
            groups: vec![(part.name.clone(), chunk.to_vec())],
            index: Vec::new(),
            pager: (pages > 1).then(|| views::pager(m, &base, n, pages)),
            part_pages: if pages > 1 {
                part_pages.clone()
            } else {
                Vec::new()
            },
        };
        jobs.push(Job::new(&sheet.path.clone(), move |r: &Renderer| {
            render(r, ym, total, &sheet)
        }));
    }
}

fn index_item(m: &SiteModel, ym: YearMonth, p: &Part) -> IndexItem {
    let pages = views::page_count(p.honorees.len(), PER_PAGE);
    IndexItem {
        label: p.name.clone(),
        url: views::href(m, &urls::bulletin_part(ym, &p.slug)),
        count: p.awards,
        note: if pages > 1 {
            format!("{pages} trang")
        } else {
            String::new()
        },
        time: None,
    }
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

fn item<'a>(r: &'a Renderer, h: &Honoree) -> Item<'a> {
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
        body: markdown::render(&markdown::without_images(&s.body), &m.base_path),
        photo: s
            .photo
            .as_ref()
            .filter(|_| s.photo_in_bulletin)
            .map(|ph| views::photo_view(m, ph)),
    }
}

fn render(r: &Renderer, ym: YearMonth, total: usize, sheet: &Sheet) -> Result<Vec<u8>, Diagnostic> {
    let m = r.model;
    let heading = format!(
        "Bản tin “Người tốt, việc tốt” {}",
        month_title(ym.year, ym.month).to_lowercase()
    );
    let mut crumbs = vec![
        home_crumb(m),
        section_crumb(m, urls::MONTHS, "Bảng vàng"),
        views::month_link(m, ym),
    ];
    let title = match &sheet.part {
        Some(part) => {
            crumbs.push(Link {
                label: "Bản tin".into(),
                url: views::href(m, &urls::bulletin(ym)),
            });
            crumbs.push(here(&part.name));
            match part.pages {
                1 => format!("{heading}: {}", part.name),
                _ => format!("{heading}: {} (trang {})", part.name, part.page),
            }
        }
        None => {
            crumbs.push(here("Bản tin"));
            heading.clone()
        }
    };
    let groups: Vec<Group> = sheet
        .groups
        .iter()
        .map(|(unit, honorees)| Group {
            unit: unit.clone(),
            items: honorees.iter().map(|h| item(r, h)).collect(),
        })
        .collect();
    let issuer = match &m.config.publisher {
        Some(p) => p.name.as_str(),
        None => m.config.title.as_str(),
    };
    r.page("bulletin.html", &sheet.path, &title, &crumbs, |ctx| {
        ctx.insert("heading", &heading);
        ctx.insert("issuer", issuer);
        ctx.insert("month", &views::month_link(m, ym));
        ctx.insert("total", &total);
        ctx.insert("part", &sheet.part);
        ctx.insert("groups", &groups);
        ctx.insert("units", &sheet.index);
        ctx.insert("per_page", &PER_PAGE);
        ctx.insert("pager", &sheet.pager);
        ctx.insert("part_pages", &sheet.part_pages.join(" "));
        ctx.insert("radio_url", &views::href(m, &urls::radio(ym)));
    })
}
