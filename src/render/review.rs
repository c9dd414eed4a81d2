//! The review pages: the yearly tổng kết and the six-month sơ kết, one
//! template, the same charts and tables (figures from `broadcast`).

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::broadcast::{self, Span};
use crate::render::charts;
use crate::render::engine::{Job, Output, Renderer};
use crate::render::views::{self, here, home_crumb, section_crumb, Link};
use crate::site::model::SiteModel;
use crate::site::urls;

/// A page per review of `broadcast::reviews`.
pub fn plan<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    for (year, span) in broadcast::reviews(m) {
        jobs.push(Job::new(&span.url(year), move |r: &Renderer| {
            review_page(r, year, span)
        }));
    }
}

/// Links to every review, newest first, labelled with `label`.
pub fn links(m: &SiteModel, label: impl Fn(i32, Span) -> String) -> Vec<Link> {
    broadcast::reviews(m)
        .into_iter()
        .map(|(year, span)| Link {
            label: label(year, span),
            url: views::href(m, &span.url(year)),
        })
        .collect()
}

#[derive(Serialize)]
struct Chart {
    id: String,
    title: String,
    svg: String,
    table: String,
}

/// People, not awards, by gender.
fn gender_chart(bars: &[charts::Bar], period: &str, suffix: &str) -> Chart {
    let title = format!("Người được khen theo giới tính, {period}");
    Chart {
        id: "theo-gioi-tinh".to_string(),
        svg: charts::bar_chart(&title, bars, &format!("theo-gioi-tinh-{suffix}")),
        table: charts::data_table(&title, ("Giới tính", "Số người"), bars),
        title,
    }
}

/// Totals and charts drawn at build time, for the months of `span`.
fn review_page(r: &Renderer, year: i32, span: Span) -> Result<Output, Diagnostic> {
    let m = r.model;
    let review = broadcast::review(m, year, span);
    let period = span.period(year);
    let suffix = match span {
        Span::Year => year.to_string(),
        Span::FirstHalf => format!("{year}-6-thang-dau"),
    };
    let chart = |id: &str, what: &str, header: &str, bars: &[charts::Bar]| {
        let title = format!("{what}, {period}");
        Chart {
            id: id.to_string(),
            svg: charts::bar_chart(&title, bars, &format!("{id}-{suffix}")),
            table: charts::data_table(&title, (header, "Lượt khen"), bars),
            title,
        }
    };
    let charts_list = vec![
        chart(
            "theo-thang",
            "Lượt khen theo tháng",
            "Tháng",
            &review.by_month,
        ),
        chart(
            "theo-don-vi",
            "Lượt khen theo đơn vị",
            "Đơn vị",
            &review.by_unit,
        ),
        chart("theo-cap", "Lượt khen theo cấp", "Cấp", &review.by_level),
        chart(
            "theo-linh-vuc",
            "Lượt khen theo lĩnh vực",
            "Lĩnh vực",
            &review.by_field,
        ),
        chart(
            "theo-doi-tuong",
            "Lượt khen theo đối tượng",
            "Đối tượng",
            &review.by_category,
        ),
        gender_chart(&review.by_gender, &period, &suffix),
    ];
    let selected = r.card_htmls(review.city_selected.iter().copied())?;
    let title = span.title(year);
    // Each review leads to the other of its year.
    let other = links(m, |y, s| s.title(y))
        .into_iter()
        .zip(broadcast::reviews(m))
        .filter(|(_, (y, s))| *y == year && *s != span)
        .map(|(link, _)| link)
        .collect::<Vec<Link>>();
    let crumbs = [
        home_crumb(m),
        section_crumb(m, urls::MONTHS, "Bảng vàng"),
        here(&title),
    ];
    r.page("review.html", &span.url(year), &title, &crumbs, |ctx| {
        ctx.insert("heading", &title);
        ctx.insert("period", &period);
        ctx.insert("awards", &review.awards);
        ctx.insert("people", &review.people);
        ctx.insert("charts", &charts_list);
        ctx.insert("selected", &selected);
        ctx.insert("other_reviews", &other);
    })
}
