//! What pages the site has: the home page, one page per story and per
//! person, boards per month, lists per unit, level, field, topic and tag,
//! index pages, free pages, search and 404. Each is planned as a `Job` with
//! its path; `engine.rs` runs them.
//!
//! - `lists`: the paginated lists and the index page of each section;
//! - `boards`: the monthly boards and the index of months;
//! - `stories`: a page per story and per person, the index of people;
//! - `home`: the home page and the search page;
//! - `follow`: the page that lists the feeds.

mod boards;
mod follow;
mod home;
mod lists;
mod stories;

use crate::render::engine::{Job, Plan, Renderer};
use crate::render::feeds;
use crate::render::pages::boards::plan_months;
use crate::render::pages::home::{home, search_page};
use crate::render::pages::lists::{plan_registries, plan_tags};
use crate::render::pages::stories::{plan_people, story_page};
use crate::render::views::{self, here, home_crumb, section_crumb, Link};
use crate::site::model::SiteModel;
use crate::site::urls;

/// The main navigation, on every page.
pub fn nav(model: &SiteModel) -> Vec<Link> {
    let mut nav = vec![home_crumb(model)];
    // The latest board, the page most visitors come for.
    if let Some(ym) = model.latest_month() {
        nav.push(Link {
            label: "Tháng này".into(),
            url: views::href(model, &urls::month(ym)),
        });
    }
    nav.extend([
        section_crumb(model, urls::MONTHS, "Bảng vàng"),
        section_crumb(model, urls::UNITS, "Đơn vị"),
        section_crumb(model, urls::PEOPLE, "Người tốt"),
        section_crumb(model, urls::TOPICS, "Chủ đề"),
    ]);
    for page in &model.pages {
        nav.push(Link {
            label: page.title.clone(),
            url: views::href(model, &format!("{}/", page.slug)),
        });
    }
    nav
}

/// Every page of the site, ready to render.
pub fn site_plan<'a>(tera: &'a tera::Tera, model: &'a SiteModel) -> Plan<'a> {
    Plan::new(tera, model, nav(model), plan(model))
}

/// Every page of the site with its path. The order is the order of the
/// sitemap, which lists the pages planned before it.
pub fn plan(m: &SiteModel) -> Vec<Job<'_>> {
    let mut jobs: Vec<Job> = Vec::with_capacity(m.stories.len() * 2 + m.people.len() + 64);
    jobs.push(Job::new("", home));
    for id in 0..m.stories.len() {
        jobs.push(Job::new(
            &urls::story(&m.story_slugs[id]),
            move |r: &Renderer| story_page(r, id),
        ));
    }
    plan_months(m, &mut jobs);
    plan_registries(m, &mut jobs);
    plan_tags(m, &mut jobs);
    plan_people(m, &mut jobs);
    plan_free_pages(m, &mut jobs);
    jobs.push(Job::new(&format!("{}/", urls::SEARCH), search_page));
    jobs.push(Job::new(&urls::section(urls::FOLLOW), follow::follow_page));
    crate::render::channels::plan(m, &mut jobs);
    jobs.push(Job::new("404.html", not_found));
    plan_sitemap(&mut jobs);
    jobs.push(Job::new("robots.txt", |r: &Renderer| {
        Ok(feeds::robots(r.model))
    }));
    crate::render::redirects::plan(m, &mut jobs);
    jobs
}

/// `content/pages/x.md` → `/x/`.
fn plan_free_pages<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    for page in &m.pages {
        let path = format!("{}/", page.slug);
        jobs.push(Job::new(&path.clone(), move |r: &Renderer| {
            let crumbs = [home_crumb(r.model), here(&page.title)];
            r.page("page.html", &path, &page.title, &crumbs, |ctx| {
                ctx.insert("content", &page.html);
                ctx.insert("summary", &page.summary);
            })
        }));
    }
}

/// The page a host shows for any missing address: it has no address of its
/// own, so no canonical link (search engines would read it as the page that
/// every broken link stands for).
fn not_found(
    r: &Renderer,
) -> Result<crate::render::engine::Output, crate::diagnostics::Diagnostic> {
    r.page(
        "404.html",
        "404.html",
        "Không tìm thấy trang",
        &[home_crumb(r.model)],
        |ctx| ctx.insert("canonical", ""),
    )
}

/// The sitemap lists every public page planned so far (not the 404 page,
/// not the search page).
fn plan_sitemap(jobs: &mut Vec<Job<'_>>) {
    let public: Vec<String> = jobs
        .iter()
        .map(|j| j.path.clone())
        .filter(|p| p.ends_with(".html") && p != "404.html" && !p.starts_with(urls::SEARCH))
        .collect();
    let public = std::sync::Arc::new(public);
    for (name, part) in feeds::sitemap_plan(public.len()) {
        let public = public.clone();
        jobs.push(Job::new(&name, move |r: &Renderer| {
            Ok(feeds::sitemap(r.model, &public, &part))
        }));
    }
}
