//! What pages the site has: the home page, one page per story and per
//! person, boards per month, lists per unit, level, field, topic and tag,
//! index pages, free pages, search and 404. Each is planned as a `Job` with
//! its path; `render.rs` runs them.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::broadcast;
use crate::render::engine::{Job, Plan, Renderer};
use crate::render::feeds;
use crate::render::views::{
    self, here, home_crumb, section_crumb, BoardCard, IndexGroup, IndexItem, Link, Pager,
};
use crate::site::model::{BoardEntry, SiteModel, StoryId};
use crate::site::urls;
use crate::source::registry::{Entry, Kind};
use crate::text::markdown;
use crate::text::vietnamese::{compare_syllables, month_title};

fn paged_title(title: &str, pager: &Pager) -> String {
    if pager.current > 1 {
        format!("{title} — trang {}", pager.current)
    } else {
        title.to_string()
    }
}

/// The main navigation, on every page.
pub fn nav(model: &SiteModel) -> Vec<Link> {
    let mut nav = vec![
        home_crumb(model),
        section_crumb(model, urls::MONTHS, "Bảng vàng"),
        section_crumb(model, urls::UNITS, "Đơn vị"),
        section_crumb(model, urls::PEOPLE, "Người tốt"),
        section_crumb(model, urls::TOPICS, "Chủ đề"),
    ];
    for page in &model.pages {
        nav.push(Link {
            label: page.title.clone(),
            url: views::href(model, &format!("{}/", page.slug)),
        });
    }
    nav
}

/// Every page of the site.
/// Every page of the site, ready to render.
pub fn site_plan<'a>(tera: &'a tera::Tera, model: &'a SiteModel) -> Plan<'a> {
    Plan::new(tera, model, nav(model), plan(model))
}

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
    plan_registry(
        m,
        Kind::Unit,
        urls::UNITS,
        "Đơn vị",
        "Các đơn vị đề nghị khen thưởng.",
        &m.groups.units,
        &mut jobs,
    );
    plan_registry(
        m,
        Kind::Level,
        urls::LEVELS,
        "Cấp khen thưởng",
        "Danh hiệu theo từng cấp xét tặng.",
        &m.groups.levels,
        &mut jobs,
    );
    plan_registry(
        m,
        Kind::Field,
        urls::FIELDS,
        "Lĩnh vực",
        "Việc tốt theo lĩnh vực: công tác, học tập, lao động sản xuất, đời sống xã hội.",
        &m.groups.fields,
        &mut jobs,
    );
    plan_registry(
        m,
        Kind::Topic,
        urls::TOPICS,
        "Chủ đề",
        "Việc tốt theo các chuyên đề của phong trào.",
        &m.groups.topics,
        &mut jobs,
    );
    plan_tags(m, &mut jobs);
    plan_people(m, &mut jobs);
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
    jobs.push(Job::new(&format!("{}/", urls::SEARCH), search_page));
    crate::render::channels::plan(m, &mut jobs);
    jobs.push(Job::new("404.html", |r: &Renderer| {
        r.page(
            "404.html",
            "404.html",
            "Không tìm thấy trang",
            &[home_crumb(r.model)],
            |_| {},
        )
    }));
    // The sitemap lists every public page planned above.
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
    jobs.push(Job::new("robots.txt", |r: &Renderer| {
        Ok(feeds::robots(r.model))
    }));
    jobs
}

fn home(r: &Renderer) -> Result<Vec<u8>, Diagnostic> {
    let m = r.model;
    let featured = r.card_htmls(
        (0..m.stories.len())
            .filter(|&i| m.stories[i].featured)
            .take(6),
    )?;
    let latest = m.latest_month();
    let board: Vec<BoardCard> = match latest {
        Some(ym) => board_cards(
            r,
            &m.groups.months[&ym][..m.groups.months[&ym].len().min(12)],
        )?,
        None => Vec::new(),
    };
    #[derive(Serialize)]
    struct Counts {
        stories: usize,
        people: usize,
        units: usize,
        months: usize,
    }
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
    })
}

fn story_page(r: &Renderer, id: StoryId) -> Result<Vec<u8>, Diagnostic> {
    let m = r.model;
    // Bodies are rendered here, page by page, not kept for the whole site.
    let body = markdown::render(&m.stories[id].body, &m.base_path);
    let person = &m.people[m.story_person[id]];
    let others = r.card_htmls(person.stories.iter().copied().filter(|&o| o != id))?;
    let view = views::story_view(m, r.card(id), others, id, &body);
    let mut crumbs = vec![home_crumb(m), section_crumb(m, urls::MONTHS, "Bảng vàng")];
    if let Some(ym) = m.stories[id].awards.iter().map(|a| a.month).min() {
        crumbs.push(views::month_link(m, ym));
    }
    crumbs.push(here(&view.card.title));
    r.page(
        "story.html",
        &urls::story(&m.story_slugs[id]),
        &view.card.title,
        &crumbs,
        |ctx| ctx.insert("story", &view),
    )
}

/// Board cards for `entries`; a card opens a level group when its level
/// differs from the card before it, and every page opens with a heading.
fn board_cards<'a>(
    r: &'a Renderer,
    entries: &[BoardEntry],
) -> Result<Vec<BoardCard<'a>>, Diagnostic> {
    let mut last_level: Option<&str> = None;
    entries
        .iter()
        .map(|e| {
            let level_id = r.model.stories[e.story].awards[e.award].level.as_str();
            let level = &r.card(e.story).awards[e.award];
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

/// A paginated list of story cards: one job per page.
fn plan_list<'a>(
    m: &SiteModel,
    base: String,
    title: String,
    intro: String,
    crumbs: Vec<Link>,
    ids: &'a [StoryId],
    jobs: &mut Vec<Job<'a>>,
) {
    let per = m.config.paginate;
    let total = views::page_count(ids.len(), per);
    let shared = Arc::new((base, title, intro, crumbs));
    for n in 1..=total {
        let shared = shared.clone();
        jobs.push(Job::new(
            &urls::paginated(&shared.0, n),
            move |r: &Renderer| {
                let (base, title, intro, crumbs) = &*shared;
                let pager = views::pager(r.model, base, n, total);
                let chunk = r.card_htmls(ids.iter().copied().skip((n - 1) * per).take(per))?;
                r.page(
                    "list.html",
                    &urls::paginated(base, n),
                    &paged_title(title, &pager),
                    crumbs,
                    |ctx| {
                        ctx.insert("heading", title);
                        ctx.insert("intro", intro);
                        ctx.insert("cards", &chunk);
                        ctx.insert("pager", &pager);
                        ctx.insert("total", &ids.len());
                    },
                )
            },
        ));
    }
}

fn plan_index(
    m: &SiteModel,
    section: &'static str,
    title: &'static str,
    intro: &'static str,
    groups: Vec<IndexGroup>,
    jobs: &mut Vec<Job<'_>>,
) {
    let crumbs = [home_crumb(m), here(title)];
    // The months index also leads to the yearly reviews.
    let reviews: Vec<Link> = if section == urls::MONTHS {
        broadcast::years(m)
            .into_iter()
            .rev()
            .map(|y| Link {
                label: format!("Năm {y}"),
                url: views::href(m, &urls::review(y)),
            })
            .collect()
    } else {
        Vec::new()
    };
    jobs.push(Job::new(&urls::section(section), move |r: &Renderer| {
        r.page(
            "terms.html",
            &urls::section(section),
            title,
            &crumbs,
            |ctx| {
                ctx.insert("heading", title);
                ctx.insert("intro", intro);
                ctx.insert("groups", &groups);
                ctx.insert("reviews", &reviews);
            },
        )
    }));
}

fn plan_months<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    let per = m.config.paginate;
    for (&ym, entries) in &m.groups.months {
        let total = views::page_count(entries.len(), per);
        for n in 1..=total {
            jobs.push(Job::new(
                &urls::paginated(&urls::month(ym), n),
                move |r: &Renderer| {
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
                            ctx.insert("entries", &chunk);
                            ctx.insert("pager", &pager);
                            ctx.insert("total", &entries.len());
                        },
                    )
                },
            ));
        }
    }
    let mut groups: Vec<IndexGroup> = Vec::new();
    for (&ym, entries) in m.groups.months.iter().rev() {
        let heading = format!("Năm {}", ym.year);
        if groups.last().is_none_or(|g| g.heading != heading) {
            groups.push(IndexGroup {
                heading,
                items: vec![],
            });
        }
        let link = views::month_link(m, ym);
        if let Some(g) = groups.last_mut() {
            g.items.push(IndexItem {
                label: link.label,
                url: link.url,
                count: entries.len(),
                note: "lượt khen".into(),
            });
        }
    }
    plan_index(m, urls::MONTHS, "Bảng vàng theo tháng", "Mỗi tháng, các phường xét tặng và các đơn vị đề nghị quận khen thưởng danh hiệu “Người tốt, việc tốt”.", groups, jobs);
}

fn plan_registry<'a>(
    m: &'a SiteModel,
    kind: Kind,
    section: &'static str,
    title: &'static str,
    intro: &'static str,
    groups: &'a BTreeMap<String, Vec<StoryId>>,
    jobs: &mut Vec<Job<'a>>,
) {
    // Registry order for levels (lowest first), Vietnamese order otherwise.
    let mut entries: Vec<&Entry> = m
        .registry
        .list(kind)
        .iter()
        .filter(|e| groups.contains_key(&e.id))
        .collect();
    if kind != Kind::Level {
        entries.sort_by(|a, b| compare_syllables(&a.name, &b.name).then_with(|| a.id.cmp(&b.id)));
    }
    let mut index: Vec<IndexGroup> = Vec::new();
    for e in entries {
        let ids = &groups[&e.id];
        let crumbs = vec![
            home_crumb(m),
            section_crumb(m, section, title),
            here(&e.name),
        ];
        let page_intro = if e.description.is_empty() {
            format!("{} câu chuyện", ids.len())
        } else {
            e.description.clone()
        };
        plan_list(
            m,
            urls::term(section, &e.id),
            e.name.clone(),
            page_intro,
            crumbs,
            ids,
            jobs,
        );
        // Units are grouped by kind (wards, departments, schools …).
        let heading = if kind == Kind::Unit {
            e.kind.clone()
        } else {
            String::new()
        };
        let item = IndexItem {
            label: e.name.clone(),
            url: views::href(m, &urls::term(section, &e.id)),
            count: ids.len(),
            note: "câu chuyện".into(),
        };
        match index.iter_mut().find(|g| g.heading == heading) {
            Some(g) => g.items.push(item),
            None => index.push(IndexGroup {
                heading,
                items: vec![item],
            }),
        }
    }
    index.sort_by(|a, b| compare_syllables(&a.heading, &b.heading));
    plan_index(m, section, title, intro, index, jobs);
}

fn plan_tags<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    let mut items = Vec::new();
    for (slug, tag) in &m.groups.tags {
        let crumbs = vec![
            home_crumb(m),
            section_crumb(m, urls::TAGS, "Từ khóa"),
            here(&tag.name),
        ];
        plan_list(
            m,
            urls::term(urls::TAGS, slug),
            tag.name.clone(),
            format!("{} câu chuyện", tag.stories.len()),
            crumbs,
            &tag.stories,
            jobs,
        );
        items.push(IndexItem {
            label: tag.name.clone(),
            url: views::href(m, &urls::term(urls::TAGS, slug)),
            count: tag.stories.len(),
            note: "câu chuyện".into(),
        });
    }
    items.sort_by(|a, b| compare_syllables(&a.label, &b.label));
    plan_index(
        m,
        urls::TAGS,
        "Từ khóa",
        "Các từ khóa gắn với câu chuyện.",
        vec![IndexGroup {
            heading: String::new(),
            items,
        }],
        jobs,
    );
}

fn plan_people<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    for p in &m.people {
        jobs.push(Job::new(&urls::person(&p.slug), move |r: &Renderer| {
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
        }));
    }
    // The index of people lists more per page than story lists: one line each.
    let per = m.config.paginate * 5;
    let total = views::page_count(m.people.len(), per);
    let base = urls::section(urls::PEOPLE);
    for n in 1..=total {
        jobs.push(Job::new(&urls::paginated(&base, n), move |r: &Renderer| {
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
        }));
    }
}

/// The search page: the form and its filters are plain HTML; `search.js`
/// does the searching.
fn search_page(r: &Renderer) -> Result<Vec<u8>, Diagnostic> {
    #[derive(Serialize)]
    struct Opt {
        value: String,
        label: String,
    }
    let m = r.model;
    let opts = |kind: Kind, used: &BTreeMap<String, Vec<StoryId>>| -> Vec<Opt> {
        let mut list: Vec<Opt> = m
            .registry
            .list(kind)
            .iter()
            .filter(|e| used.contains_key(&e.id))
            .map(|e| Opt {
                value: e.id.clone(),
                label: e.name.clone(),
            })
            .collect();
        if kind != Kind::Level {
            list.sort_by(|a, b| compare_syllables(&a.label, &b.label));
        }
        list
    };
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
            ctx.insert("units", &opts(Kind::Unit, &m.groups.units));
            ctx.insert("levels", &opts(Kind::Level, &m.groups.levels));
            ctx.insert("fields", &opts(Kind::Field, &m.groups.fields));
        },
    )
}
