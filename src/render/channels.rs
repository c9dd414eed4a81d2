//! The pages of the plan's other channels: feeds for the whole site and per
//! unit, the printable monthly bulletin (`bulletin.rs`), the monthly radio
//! script and the yearly review (see `broadcast.rs` for the figures).

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::broadcast;
use crate::render::bulletin;
use crate::render::charts;
use crate::render::engine::{Job, Renderer};
use crate::render::feeds;
use crate::render::radio;
use crate::render::views::{here, home_crumb, section_crumb};
use crate::site::model::SiteModel;
use crate::site::urls;

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
    bulletin::plan(m, jobs);
    for &ym in m.groups.months.keys() {
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
