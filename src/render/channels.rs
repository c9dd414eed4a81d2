//! The pages of the plan's other channels: feeds for the whole site and per
//! unit, the printable monthly bulletin (`bulletin.rs`), the monthly radio
//! script and the reviews (`review.rs`; `broadcast.rs` has the figures).

use crate::render::bulletin;
use crate::render::engine::{Job, Renderer};
use crate::render::feeds;
use crate::render::radio;
use crate::render::review;
use crate::site::model::SiteModel;
use crate::site::urls;

/// Feeds, monthly bulletins and radio scripts, reviews.
pub fn plan<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    for (kind, file) in [
        ("atom", "atom.xml"),
        ("rss", "rss.xml"),
        ("json", "feed.json"),
    ] {
        jobs.push(Job::new(file, move |r: &Renderer| {
            Ok(feed_bytes(&feeds::Feed::site(r.model), kind))
        }));
        for (unit, ids) in &m.groups.units {
            let path = format!("{}{file}", urls::term(urls::UNITS, unit));
            jobs.push(Job::new(&path, move |r: &Renderer| {
                Ok(feed_bytes(&feeds::Feed::unit(r.model, unit, ids), kind))
            }));
        }
    }
    bulletin::plan(m, jobs);
    for &ym in m.groups.months.keys() {
        jobs.push(Job::made_from(
            &urls::radio(ym),
            move |r: &Renderer<'a>| radio::Month::of(r.model, ym),
            |month| month.script().into_bytes(),
        ));
    }
    review::plan(m, jobs);
}

fn feed_bytes(feed: &feeds::Feed, kind: &str) -> Vec<u8> {
    match kind {
        "atom" => feed.atom(),
        "rss" => feed.rss(),
        _ => feed.json(),
    }
}
