//! The two ways into the stories: the home page and the search page.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::engine::{Output, Renderer};
use crate::render::pages::boards::board_cards;
use crate::render::review;
use crate::render::views::{self, here, home_crumb, BoardCard, Link};
use crate::site::model::{BoardEntry, StoryId};
use crate::site::urls;
use crate::source::registry::{Entry, Kind};
use crate::text::vietnamese::{compare_syllables, month_title};

/// How many cards of the latest board the home page shows.
const HOME_BOARD_CARDS: usize = 12;

/// The site's size, as the home page states it.
#[derive(Serialize)]
struct Counts {
    stories: usize,
    people: usize,
    units: usize,
    months: usize,
}

/// Featured stories, the start of the latest board, the site's size and
/// every month.
pub(crate) fn home(r: &Renderer) -> Result<Output, Diagnostic> {
    let m = r.model;
    let featured_ids: Vec<StoryId> = (0..m.stories.len())
        .filter(|&i| m.stories[i].featured)
        .take(6)
        .collect();
    let featured = r.card_htmls(featured_ids.iter().copied())?;
    let latest = m.latest_month();
    let board: Vec<BoardCard> = match latest {
        Some(ym) => board_cards(r, &board_preview(&m.groups.months[&ym], &featured_ids))?,
        None => Vec::new(),
    };
    let reviews: Vec<Link> = review::links(m, |y, s| s.title(y));
    let counts = Counts {
        stories: m.stories.len(),
        people: m.people.len(),
        units: m.groups.units.len(),
        months: m.groups.months.len(),
    };
    let months: Vec<Link> = m
        .groups
        .months
        .keys()
        .rev()
        .map(|&ym| views::month_link(m, ym))
        .collect();
    r.page("index.html", "", &m.config.title, &[], |ctx| {
        ctx.insert("featured", &featured);
        ctx.insert("latest_month", &latest.map(|ym| views::month_link(m, ym)));
        ctx.insert("board", &board);
        ctx.insert(
            "board_total",
            &latest.map(|ym| m.groups.months[&ym].len()).unwrap_or(0),
        );
        ctx.insert("counts", &counts);
        ctx.insert("months", &months);
        ctx.insert("reviews", &reviews);
    })
}

/// The start of the latest board on the home page: each story once (a story
/// awarded twice in a month shows at its higher level), none already among
/// the featured cards above it.
fn board_preview(entries: &[BoardEntry], featured: &[StoryId]) -> Vec<BoardEntry> {
    let mut shown: Vec<StoryId> = featured.to_vec();
    let mut preview = Vec::new();
    for e in entries {
        if preview.len() == HOME_BOARD_CARDS {
            break;
        }
        if !shown.contains(&e.story) {
            shown.push(e.story);
            preview.push(*e);
        }
    }
    preview
}

/// An option of a search filter.
#[derive(Serialize)]
struct Opt {
    value: String,
    label: String,
}

/// The search page: the form and its filters are plain HTML; `search.js`
/// does the searching.
pub(crate) fn search_page(r: &Renderer) -> Result<Output, Diagnostic> {
    let m = r.model;
    let months: Vec<Opt> = m
        .groups
        .months
        .keys()
        .rev()
        .map(|ym| Opt {
            value: ym.to_string(),
            label: month_title(ym.year, ym.month),
        })
        .collect();
    let crumbs = [home_crumb(m), here("Tìm kiếm")];
    r.page(
        "search.html",
        &format!("{}/", urls::SEARCH),
        "Tìm kiếm",
        &crumbs,
        |ctx| {
            ctx.insert("months", &months);
            ctx.insert("units", &options(r, Kind::Unit, &m.groups.units));
            ctx.insert("levels", &options(r, Kind::Level, &m.groups.levels));
            ctx.insert("fields", &options(r, Kind::Field, &m.groups.fields));
        },
    )
}

/// The registry entries that have stories: levels in registry order (lowest
/// first), the others in Vietnamese order.
fn options(r: &Renderer, kind: Kind, used: &BTreeMap<String, Vec<StoryId>>) -> Vec<Opt> {
    let entries: Vec<&Entry> = r
        .model
        .registry
        .list(kind)
        .iter()
        .filter(|e| used.contains_key(&e.id))
        .collect();
    // Units of one name (an old ward and the new one) carry their periods.
    let labels = if kind == Kind::Unit {
        views::unit_names(&entries)
    } else {
        entries.iter().map(|e| e.name.clone()).collect()
    };
    let mut list: Vec<Opt> = entries
        .iter()
        .zip(labels)
        .map(|(e, label)| Opt {
            value: e.id.clone(),
            label,
        })
        .collect();
    if kind != Kind::Level {
        list.sort_by(|a, b| compare_syllables(&a.label, &b.label));
    }
    list
}
