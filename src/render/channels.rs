//! The pages of the plan's other channels: feeds for the whole site and per
//! unit, the printable monthly bulletin, the monthly radio script and the
//! yearly review (see `broadcast.rs` for the script and the figures).

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::domain::story::YearMonth;
use crate::render::broadcast;
use crate::render::charts;
use crate::render::engine::{Job, Renderer};
use crate::render::feeds;
use crate::render::radio;
use crate::render::views;
use crate::render::views::{here, home_crumb, section_crumb};
use crate::site::model::{BoardEntry, SiteModel};
use crate::site::urls;
use crate::source::registry::Kind;
use crate::text::markdown;
use crate::text::vietnamese::month_title;

/// Feeds, monthly bulletins and radio scripts, yearly reviews.
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
    for &ym in m.groups.months.keys() {
        jobs.push(Job::new(&urls::bulletin(ym), move |r: &Renderer| {
            bulletin_page(r, ym)
        }));
        jobs.push(Job::new(&urls::radio(ym), move |r: &Renderer| {
            Ok(radio::radio_script(r.model, ym).into_bytes())
        }));
    }
    for year in broadcast::years(m) {
        jobs.push(Job::new(&urls::review(year), move |r: &Renderer| {
            review_page(r, year)
        }));
    }
}

fn feed_bytes(feed: &feeds::Feed, kind: &str) -> Vec<u8> {
    match kind {
        "atom" => feed.atom(),
        "rss" => feed.rss(),
        _ => feed.json(),
    }
}

/// One honoree of the bulletin, with the body printed in full.
#[derive(Serialize)]
struct BulletinItem<'a> {
    card: &'a views::Card,
    level: String,
    decision: Option<String>,
    body: String,
}

/// The honorees of one unit in the bulletin.
#[derive(Serialize)]
struct BulletinGroup<'a> {
    unit: String,
    items: Vec<BulletinItem<'a>>,
}

/// The unit a bulletin lists an award under; a unit that is not named
/// (a minor's school) is "Đơn vị khác".
fn bulletin_unit(m: &SiteModel, e: &BoardEntry) -> String {
    match &m.stories[e.story].unit {
        Some(unit) => m
            .registry
            .get(Kind::Unit, unit)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        None => broadcast::OTHER_UNITS.to_string(),
    }
}

/// A month's honorees by unit in Vietnamese order ("Đơn vị khác" last),
/// each unit's honorees in board order.
fn bulletin_groups<'a>(r: &'a Renderer, ym: YearMonth) -> Vec<BulletinGroup<'a>> {
    let m = r.model;
    // Only honorees whose consent covers the printed bulletin.
    let mut order: Vec<&BoardEntry> = m.groups.months[&ym]
        .iter()
        .filter(|e| m.stories[e.story].in_bulletin)
        .collect();
    order.sort_by_cached_key(|e| {
        let name = bulletin_unit(m, e);
        (
            name == broadcast::OTHER_UNITS,
            crate::text::vietnamese::syllable_sort_key(&name),
        )
    });
    let mut groups: Vec<BulletinGroup> = Vec::new();
    for e in order {
        let name = bulletin_unit(m, e);
        let s = &m.stories[e.story];
        let award = &s.awards[e.award];
        let item = BulletinItem {
            card: r.card(e.story),
            level: m
                .registry
                .get(Kind::Level, &award.level)
                .map(|l| l.name.clone())
                .unwrap_or_default(),
            decision: award.decision.as_ref().map(|d| d.written(&m.registry)),
            body: markdown::render(&s.body, &m.base_path),
        };
        match groups.last_mut() {
            Some(g) if g.unit == name => g.items.push(item),
            _ => groups.push(BulletinGroup {
                unit: name,
                items: vec![item],
            }),
        }
    }
    groups
}

/// The printable monthly bulletin: that month's honorees by unit.
fn bulletin_page(r: &Renderer, ym: YearMonth) -> Result<Vec<u8>, Diagnostic> {
    let m = r.model;
    let groups = bulletin_groups(r, ym);
    let title = format!(
        "Bản tin “Người tốt, việc tốt” {}",
        month_title(ym.year, ym.month).to_lowercase()
    );
    let crumbs = [
        home_crumb(m),
        section_crumb(m, urls::MONTHS, "Bảng vàng"),
        views::month_link(m, ym),
        here("Bản tin"),
    ];
    r.page(
        "bulletin.html",
        &urls::bulletin(ym),
        &title,
        &crumbs,
        |ctx| {
            ctx.insert("heading", &title);
            ctx.insert("month", &views::month_link(m, ym));
            ctx.insert("groups", &groups);
            ctx.insert(
                "total",
                &groups.iter().map(|g| g.items.len()).sum::<usize>(),
            );
            ctx.insert("radio_url", &views::href(m, &urls::radio(ym)));
        },
    )
}

/// The yearly review (tổng kết): totals and charts drawn at build time.
fn review_page(r: &Renderer, year: i32) -> Result<Vec<u8>, Diagnostic> {
    #[derive(Serialize)]
    struct Chart {
        id: String,
        title: String,
        svg: String,
        table: String,
    }
    let m = r.model;
    let review = broadcast::review(m, year);
    let chart = |id: &str, title: &str, header: &str, bars: &[charts::Bar]| Chart {
        id: id.to_string(),
        title: title.to_string(),
        svg: charts::bar_chart(title, bars, &format!("{id}-{year}")),
        table: charts::data_table(title, (header, "Lượt khen"), bars),
    };
    let charts_list = vec![
        chart(
            "theo-thang",
            &format!("Lượt khen theo tháng, năm {year}"),
            "Tháng",
            &review.by_month,
        ),
        chart(
            "theo-don-vi",
            &format!("Lượt khen theo đơn vị, năm {year}"),
            "Đơn vị",
            &review.by_unit,
        ),
        chart(
            "theo-cap",
            &format!("Lượt khen theo cấp, năm {year}"),
            "Cấp",
            &review.by_level,
        ),
        chart(
            "theo-linh-vuc",
            &format!("Lượt khen theo lĩnh vực, năm {year}"),
            "Lĩnh vực",
            &review.by_field,
        ),
        chart(
            "theo-doi-tuong",
            &format!("Lượt khen theo đối tượng, năm {year}"),
            "Đối tượng",
            &review.by_category,
        ),
    ];
    let selected = r.card_htmls(review.city_selected.iter().copied())?;
    let title = format!("Tổng kết phong trào năm {year}");
    let crumbs = [
        home_crumb(m),
        section_crumb(m, urls::MONTHS, "Bảng vàng"),
        here(&title),
    ];
    r.page("review.html", &urls::review(year), &title, &crumbs, |ctx| {
        ctx.insert("heading", &title);
        ctx.insert("year", &year);
        ctx.insert("awards", &review.awards);
        ctx.insert("people", &review.people);
        ctx.insert("charts", &charts_list);
        ctx.insert("selected", &selected);
    })
}
