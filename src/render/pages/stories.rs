//! One page per story and one per person, and the paginated index of people.

use crate::diagnostics::Diagnostic;
use crate::render::deferred::Deferred;
use crate::render::engine::{Job, Output, Renderer};
use crate::render::pages::lists::paged_title;
use crate::render::views::{self, here, home_crumb, section_crumb, IndexItem};
use crate::site::model::{PersonEntry, SiteModel, StoryId};
use crate::site::urls;

pub(crate) fn story_page(r: &Renderer, id: StoryId) -> Result<Output, Diagnostic> {
    let m = r.model;
    // Rendered only if the page is (see `deferred`), page by page, not kept
    // for the whole site.
    let mut deferred = Deferred::default();
    let body = deferred.body_html(m, id);
    let person = &m.people[m.story_person[id]];
    let others = r.card_htmls(person.stories.iter().copied().filter(|&o| o != id))?;
    let card = r.card(id);
    let view = views::story_view(m, &card, others, id, &body);
    let mut crumbs = vec![home_crumb(m), section_crumb(m, urls::MONTHS, "Bảng vàng")];
    if let Some(ym) = m.stories[id].awards.iter().map(|a| a.month).min() {
        crumbs.push(views::month_link(m, ym));
    }
    crumbs.push(here(&view.card.title));
    r.page_with_markdown(
        ("story.html", &urls::story(&m.story_slugs[id])),
        &view.card.title,
        &crumbs,
        deferred,
        |ctx| {
            ctx.insert("story", &view);
            ctx.insert(
                "share_image",
                &m.absolute(&urls::share_card(&m.story_slugs[id])),
            );
        },
    )
}

/// A page per person, then the pages of the index of people.
pub(crate) fn plan_people<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    for p in m.people.iter() {
        jobs.push(Job::new(&urls::person(&p.slug), move |r: &Renderer| {
            person_page(r, p)
        }));
    }
    // The index of people lists more per page than story lists: one line each.
    let per = m.config.paginate * 5;
    let total = views::page_count(m.people.len(), per);
    let base = urls::section(urls::PEOPLE);
    for n in 1..=total {
        jobs.push(Job::new(&urls::paginated(&base, n), move |r: &Renderer| {
            people_page(r, n, per, total)
        }));
    }
}

/// Every deed of one person, however many stories tell them.
fn person_page(r: &Renderer, p: &PersonEntry) -> Result<Output, Diagnostic> {
    let crumbs = [
        home_crumb(r.model),
        section_crumb(r.model, urls::PEOPLE, "Người tốt"),
        here(&p.public_name),
    ];
    let cards = r.card_htmls(p.stories.iter().copied())?;
    r.page(
        "person.html",
        &urls::person(&p.slug),
        &p.public_name,
        &crumbs,
        |ctx| {
            ctx.insert("name", &p.public_name);
            ctx.insert("cards", &cards);
            ctx.insert(
                "award_count",
                &p.stories
                    .iter()
                    .map(|&i| r.model.stories[i].awards.len())
                    .sum::<usize>(),
            );
        },
    )
}

/// Page `n` of `total` of the index of people, `per` people a page.
fn people_page(r: &Renderer, n: usize, per: usize, total: usize) -> Result<Output, Diagnostic> {
    let m = r.model;
    let base = urls::section(urls::PEOPLE);
    let pager = views::pager(m, &base, n, total);
    let items: Vec<IndexItem> = m.people[(n - 1) * per..(n * per).min(m.people.len())]
        .iter()
        .map(|p| IndexItem {
            label: p.public_name.clone(),
            url: views::href(m, &urls::person(&p.slug)),
            count: p.stories.len(),
            note: "việc tốt".into(),
            ..Default::default()
        })
        .collect();
    let crumbs = [home_crumb(m), here("Người tốt")];
    r.page(
        "people.html",
        &urls::paginated(&base, n),
        &paged_title("Người tốt", &pager),
        &crumbs,
        |ctx| {
            ctx.insert("heading", "Người tốt");
            ctx.insert("people", &items);
            ctx.insert("pager", &pager);
            ctx.insert("total", &m.people.len());
        },
    )
}
