//! Following the board without visiting it: the page `/theo-doi/` names the
//! site's feeds and every unit's, and says in plain words what to do with
//! them. The footer of every page links to it; a unit's page links to its
//! own feeds.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::engine::{Output, Renderer};
use crate::render::feeds::FEED_ITEMS;
use crate::render::views::{self, here, home_crumb};
use crate::site::model::SiteModel;
use crate::site::urls;
use crate::source::registry::{Entry, Kind};
use crate::text::vietnamese::compare_syllables;

/// One feed: its format's name, its address and its media type.
#[derive(Clone, Serialize)]
pub(crate) struct Feed {
    label: &'static str,
    url: String,
    mime: &'static str,
}

/// The feeds of one unit.
#[derive(Serialize)]
struct UnitFeeds {
    label: String,
    url: String,
    feeds: Vec<Feed>,
}

/// The three feeds (Atom, RSS, JSON Feed) in the folder `dir` ("" for the
/// site, "don-vi/x/" for a unit).
pub(crate) fn feed_links(m: &SiteModel, dir: &str) -> Vec<Feed> {
    urls::FEED_FILES
        .iter()
        .map(|&(label, file, mime)| Feed {
            label,
            url: views::href(m, &format!("{dir}{file}")),
            mime,
        })
        .collect()
}

/// `/theo-doi/`: the site's feeds, then each unit's in Vietnamese order.
pub(crate) fn follow_page(r: &Renderer) -> Result<Output, Diagnostic> {
    let m = r.model;
    let entries: Vec<&Entry> = m
        .registry
        .list(Kind::Unit)
        .iter()
        .filter(|e| m.groups.units.contains_key(&e.id))
        .collect();
    let mut units: Vec<UnitFeeds> = entries
        .iter()
        .zip(views::unit_names(&entries))
        .map(|(e, label)| {
            let dir = urls::term(urls::UNITS, &e.id);
            UnitFeeds {
                label,
                url: views::href(m, &dir),
                feeds: feed_links(m, &dir),
            }
        })
        .collect();
    units.sort_by(|a, b| compare_syllables(&a.label, &b.label));
    let title = "Theo dõi bảng vàng";
    let path = urls::section(urls::FOLLOW);
    r.page(
        "follow.html",
        &path,
        title,
        &[home_crumb(m), here(title)],
        |ctx| {
            ctx.insert("site_feeds", &feed_links(m, ""));
            ctx.insert("units", &units);
            ctx.insert("items", &FEED_ITEMS);
        },
    )
}
