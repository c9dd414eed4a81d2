//! Templates to pages. Rendering is planned as a list of jobs (one per output
//! page), run on every core, and each finished page is handed to `emit`
//! at once, so the whole site never has to sit in memory.

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::model::{BoardEntry, SiteModel, StoryId};
use crate::registry::{Entry, Kind};
use crate::urls;
use crate::vietnamese::{compare_syllables, month_title};
use crate::views::{self, BoardCard, Card, IndexGroup, IndexItem, Link, Pager};

/// A file of the finished site: a path under the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Shared by every page.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base: &'a str,
    nav: Vec<Link>,
}

/// What every job may read: the model, the templates and each story's card,
/// built once and shared by every list the story appears in.
struct Renderer<'a> {
    tera: &'a Tera,
    model: &'a SiteModel,
    site: SiteView<'a>,
    cards: Vec<Card>,
    /// Each story's card as HTML (`card.html`), rendered once and reused by
    /// every list the story appears in.
    card_html: Vec<String>,
}

/// One output page, rendered when the job runs.
type Job<'a> = Box<dyn Fn(&Renderer<'a>) -> Result<OutputFile, Diagnostic> + Send + Sync + 'a>;

impl Renderer<'_> {
    fn card(&self, card: &Card) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("c", card);
        ctx.insert("site", &self.site);
        self.tera.render("card.html", &ctx).map_err(|e| {
            Diagnostic::error(
                "template",
                "templates/card.html",
                format!(
                    "không dựng được thẻ bài `{}`: {}",
                    card.url,
                    error_chain(&e)
                ),
            )
            .hint("sửa mẫu trang (Tera) theo thông báo trên")
        })
    }

    fn page(
        &self,
        template: &str,
        path: &str,
        title: &str,
        crumbs: &[Link],
        fill: impl FnOnce(&mut Context),
    ) -> Result<OutputFile, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("page_title", title);
        ctx.insert("breadcrumbs", crumbs);
        ctx.insert("path", path);
        fill(&mut ctx);
        // Straight into bytes: `render` would re-check the whole page as UTF-8.
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| {
                Diagnostic::error(
                    "template",
                    format!("templates/{template}"),
                    format!("không dựng được trang `/{path}`: {}", error_chain(&e)),
                )
                .hint("sửa mẫu trang (Tera) theo thông báo trên")
            })?;
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        Ok(OutputFile {
            path: file,
            bytes: html,
        })
    }
}

fn home_crumb(m: &SiteModel) -> Link {
    Link {
        label: "Trang chủ".into(),
        url: m.base_path.clone(),
    }
}

fn section_crumb(m: &SiteModel, section: &str, label: &str) -> Link {
    Link {
        label: label.into(),
        url: views::href(m, &urls::section(section)),
    }
}

fn here(label: &str) -> Link {
    Link {
        label: label.into(),
        url: String::new(),
    }
}

fn paged_title(title: &str, pager: &Pager) -> String {
    if pager.current > 1 {
        format!("{title} — trang {}", pager.current)
    } else {
        title.to_string()
    }
}

/// Render every page of the site and hand each to `emit`; returns the number
/// of pages, or every error met.
pub fn render_site(
    tera: &Tera,
    model: &SiteModel,
    emit: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
) -> Result<usize, Diagnostics> {
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
    let cards: Vec<Card> = (0..model.stories.len())
        .into_par_iter()
        .map(|i| views::card(model, i))
        .collect();
    let mut r = Renderer {
        tera,
        model,
        site: SiteView {
            title: &model.config.title,
            description: &model.config.description,
            base: &model.base_path,
            nav,
        },
        cards,
        card_html: Vec::new(),
    };
    let card_html: Vec<Result<String, Diagnostic>> =
        r.cards.par_iter().map(|c| r.card(c)).collect();
    let mut diags = Diagnostics::default();
    for html in card_html {
        match html {
            Ok(h) => r.card_html.push(h),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        // One broken card template breaks every card the same way: say it once.
        let first: Vec<Diagnostic> = diags.sorted().into_iter().take(1).collect();
        let mut one = Diagnostics::default();
        one.extend(first);
        return Err(one);
    }

    let mut jobs: Vec<Job> = Vec::new();
    jobs.push(Box::new(home));
    for id in 0..model.stories.len() {
        jobs.push(Box::new(move |r: &Renderer| story_page(r, id)));
    }
    plan_months(model, &mut jobs);
    plan_registry(
        model,
        Kind::Unit,
        urls::UNITS,
        "Đơn vị",
        "Các đơn vị đề nghị khen thưởng.",
        &model.units,
        &mut jobs,
    );
    plan_registry(
        model,
        Kind::Level,
        urls::LEVELS,
        "Cấp khen thưởng",
        "Danh hiệu theo từng cấp xét tặng.",
        &model.levels,
        &mut jobs,
    );
    plan_registry(
        model,
        Kind::Field,
        urls::FIELDS,
        "Lĩnh vực",
        "Việc tốt theo lĩnh vực: công tác, học tập, lao động sản xuất, đời sống xã hội.",
        &model.fields,
        &mut jobs,
    );
    plan_registry(
        model,
        Kind::Topic,
        urls::TOPICS,
        "Chủ đề",
        "Việc tốt theo các chuyên đề của phong trào.",
        &model.topics,
        &mut jobs,
    );
    plan_tags(model, &mut jobs);
    plan_people(model, &mut jobs);
    for page in &model.pages {
        jobs.push(Box::new(move |r: &Renderer| {
            let crumbs = [home_crumb(r.model), here(&page.title)];
            r.page(
                "page.html",
                &format!("{}/", page.slug),
                &page.title,
                &crumbs,
                |ctx| {
                    ctx.insert("content", &page.html);
                    ctx.insert("summary", &page.summary);
                },
            )
        }));
    }
    jobs.push(Box::new(search_page));
    jobs.push(Box::new(|r: &Renderer| {
        r.page(
            "404.html",
            "404.html",
            "Không tìm thấy trang",
            &[home_crumb(r.model)],
            |_| {},
        )
    }));

    let count = jobs.len();
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| job(&r).and_then(emit).err())
        .collect();
    if errors.is_empty() {
        Ok(count)
    } else {
        let mut diags = Diagnostics::default();
        diags.extend(errors);
        Err(diags)
    }
}

fn home(r: &Renderer) -> Result<OutputFile, Diagnostic> {
    let m = r.model;
    let featured: Vec<&str> = (0..m.stories.len())
        .filter(|&i| m.stories[i].featured)
        .map(|i| r.card_html[i].as_str())
        .take(6)
        .collect();
    let latest = m.latest_month();
    let board: Vec<BoardCard> = latest
        .map(|ym| board_cards(r, &m.months[&ym][..m.months[&ym].len().min(12)]))
        .unwrap_or_default();
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
        units: m.units.len(),
        months: m.months.len(),
    };
    let months: Vec<Link> = m
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
            &latest.map(|ym| m.months[&ym].len()).unwrap_or(0),
        );
        ctx.insert("counts", &counts);
        ctx.insert("months", &months);
    })
}

fn story_page(r: &Renderer, id: StoryId) -> Result<OutputFile, Diagnostic> {
    let m = r.model;
    // Bodies are rendered here, page by page, not kept for the whole site.
    let body = markdown::render(&m.stories[id].body, &m.base_path);
    let view = views::story_view(m, &r.cards, &r.card_html, id, &body);
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
fn board_cards<'a>(r: &'a Renderer, entries: &[BoardEntry]) -> Vec<BoardCard<'a>> {
    let level_of = |e: &BoardEntry| r.model.stories[e.story].awards[e.award].level.as_str();
    let mut last_level: Option<&str> = None;
    entries
        .iter()
        .map(|e| {
            let card = r.card_html[e.story].as_str();
            let level = &r.cards[e.story].awards[e.award];
            let id = level_of(e);
            // Every page opens with the heading of the level it shows.
            let heading = (last_level != Some(id)).then(|| level.level.label.clone());
            last_level = Some(id);
            BoardCard {
                card,
                level,
                heading,
            }
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
    let shared = std::sync::Arc::new((base, title, intro, crumbs));
    for n in 1..=total {
        let shared = shared.clone();
        jobs.push(Box::new(move |r: &Renderer| {
            let (base, title, intro, crumbs) = &*shared;
            let pager = views::pager(r.model, base, n, total);
            let chunk: Vec<&str> = ids
                .iter()
                .skip((n - 1) * per)
                .take(per)
                .map(|&i| r.card_html[i].as_str())
                .collect();
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
        }));
    }
}

fn plan_index<'a>(
    m: &SiteModel,
    section: &'static str,
    title: &'static str,
    intro: &'static str,
    groups: Vec<IndexGroup>,
    jobs: &mut Vec<Job<'a>>,
) {
    let crumbs = [home_crumb(m), here(title)];
    jobs.push(Box::new(move |r: &Renderer| {
        r.page(
            "terms.html",
            &urls::section(section),
            title,
            &crumbs,
            |ctx| {
                ctx.insert("heading", title);
                ctx.insert("intro", intro);
                ctx.insert("groups", &groups);
            },
        )
    }));
}

fn plan_months<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    let per = m.config.paginate;
    for (&ym, entries) in &m.months {
        let total = views::page_count(entries.len(), per);
        for n in 1..=total {
            jobs.push(Box::new(move |r: &Renderer| {
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
                let chunk = board_cards(r, &entries[start..(start + per).min(entries.len())]);
                r.page(
                    "board.html",
                    &urls::paginated(&base, n),
                    &paged_title(&title, &pager),
                    &crumbs,
                    |ctx| {
                        ctx.insert("heading", &title);
                        ctx.insert("month", &views::month_link(r.model, ym));
                        ctx.insert("entries", &chunk);
                        ctx.insert("pager", &pager);
                        ctx.insert("total", &entries.len());
                    },
                )
            }));
        }
    }
    let mut groups: Vec<IndexGroup> = Vec::new();
    for (&ym, entries) in m.months.iter().rev() {
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
    groups: &'a std::collections::BTreeMap<String, Vec<StoryId>>,
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
    for (slug, tag) in &m.tags {
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
        jobs.push(Box::new(move |r: &Renderer| {
            let crumbs = [
                home_crumb(r.model),
                section_crumb(r.model, urls::PEOPLE, "Người tốt"),
                here(&p.public_name),
            ];
            let cards: Vec<&str> = p.stories.iter().map(|&i| r.card_html[i].as_str()).collect();
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
    for n in 1..=total {
        jobs.push(Box::new(move |r: &Renderer| {
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
fn search_page(r: &Renderer) -> Result<OutputFile, Diagnostic> {
    #[derive(Serialize)]
    struct Opt {
        value: String,
        label: String,
    }
    let m = r.model;
    let opts = |kind: Kind, used: &std::collections::BTreeMap<String, Vec<StoryId>>| -> Vec<Opt> {
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
            ctx.insert("units", &opts(Kind::Unit, &m.units));
            ctx.insert("levels", &opts(Kind::Level, &m.levels));
            ctx.insert("fields", &opts(Kind::Field, &m.fields));
        },
    )
}
