//! The monthly boards: each month's awards, highest level first, paginated,
//! and the index of months by year.

use crate::diagnostics::Diagnostic;
use crate::domain::story::YearMonth;
use crate::render::engine::{Job, Output, Renderer};
use crate::render::pages::lists::{paged_title, plan_index};
use crate::render::views::{
    self, here, home_crumb, section_crumb, BoardCard, IndexGroup, IndexItem, Link,
};
use crate::site::model::{BoardEntry, SiteModel};
use crate::site::urls;
use crate::text::vietnamese::month_title;

/// Board cards for `entries`; a card opens a level group when its level
/// differs from the card before it, and every page opens with a heading.
pub(crate) fn board_cards<'a>(
    r: &'a Renderer,
    entries: &[BoardEntry],
) -> Result<Vec<BoardCard<'a>>, Diagnostic> {
    let mut last_level: Option<&str> = None;
    entries
        .iter()
        .map(|e| {
            let award = &r.model.stories[e.story].awards[e.award];
            let level_id = award.level.as_str();
            let level = views::award_view(r.model, award);
            let heading = (last_level != Some(level_id)).then(|| level.level.label.clone());
            last_level = Some(level_id);
            Ok(BoardCard {
                card: r.card_html(e.story)?,
                level,
                heading,
            })
        })
        .collect()
}

/// Every page of every monthly board, then the index of months.
pub(crate) fn plan_months<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    let per = m.config.paginate;
    for (&ym, entries) in &m.groups.months {
        let total = views::page_count(entries.len(), per);
        for n in 1..=total {
            jobs.push(Job::new(
                &urls::paginated(&urls::month(ym), n),
                move |r: &Renderer| board_page(r, ym, entries, n, total),
            ));
        }
    }
    // The intro names who awards and who proposes: site.yaml's wording.
    let intro = &m.config.wording.months_intro;
    plan_index(
        m,
        urls::MONTHS,
        "Bảng vàng theo tháng",
        intro,
        month_index(m),
        jobs,
    );
}

/// Page `n` of `total` of the board of month `ym`.
fn board_page(
    r: &Renderer,
    ym: YearMonth,
    entries: &[BoardEntry],
    n: usize,
    total: usize,
) -> Result<Output, Diagnostic> {
    let per = r.model.config.paginate;
    let title = format!(
        "Bảng vàng {}",
        month_title(ym.year, ym.month).to_lowercase()
    );
    let crumbs = [
        home_crumb(r.model),
        section_crumb(r.model, urls::MONTHS, "Bảng vàng"),
        here(&month_title(ym.year, ym.month)),
    ];
    let base = urls::month(ym);
    let pager = views::pager(r.model, &base, n, total);
    let start = (n - 1) * per;
    let chunk = board_cards(r, &entries[start..(start + per).min(entries.len())])?;
    r.page(
        "board.html",
        &urls::paginated(&base, n),
        &paged_title(&title, &pager),
        &crumbs,
        |ctx| {
            ctx.insert("heading", &title);
            ctx.insert("month", &views::month_link(r.model, ym));
            ctx.insert("bulletin_url", &views::href(r.model, &urls::bulletin(ym)));
            ctx.insert("radio_url", &views::href(r.model, &urls::radio(ym)));
            ctx.insert("older", &neighbour(r.model, ym, false));
            ctx.insert("newer", &neighbour(r.model, ym, true));
            ctx.insert("entries", &chunk);
            ctx.insert("pager", &pager);
            ctx.insert("total", &entries.len());
        },
    )
}

/// The board of the month before `ym` (or after it, `newer`) that has
/// awards: months without awards have no board and are skipped.
fn neighbour(m: &SiteModel, ym: YearMonth, newer: bool) -> Option<Link> {
    let found = if newer {
        m.groups.months.range(ym..).nth(1)
    } else {
        m.groups.months.range(..ym).next_back()
    };
    found.map(|(&other, _)| views::month_link(m, other))
}

/// The months, newest first, grouped by year.
fn month_index(m: &SiteModel) -> Vec<IndexGroup> {
    let mut groups: Vec<IndexGroup> = Vec::new();
    for (&ym, entries) in m.groups.months.iter().rev() {
        let heading = format!("Năm {}", ym.year);
        if groups.last().is_none_or(|g| g.heading != heading) {
            groups.push(IndexGroup {
                heading,
                ..Default::default()
            });
        }
        let link = views::month_link(m, ym);
        if let Some(g) = groups.last_mut() {
            g.items.push(IndexItem {
                label: link.label,
                url: link.url,
                count: entries.len(),
                note: "lượt khen".into(),
                ..Default::default()
            });
        }
    }
    groups
}
