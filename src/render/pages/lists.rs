//! Lists of stories and their index pages: one paginated list per unit,
//! level, field, topic and tag, and the index page of each section.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::render::broadcast::Span;
use crate::render::engine::{Job, Renderer};
use crate::render::pages::follow::{feed_links, Feed};
use crate::render::review;
use crate::render::views::{
    self, here, home_crumb, section_crumb, IndexGroup, IndexItem, Link, Pager, UnitTime,
};
use crate::site::model::{SiteModel, StoryId};
use crate::site::urls;
use crate::source::registry::{Entry, Kind};
use crate::text::vietnamese::compare_syllables;

/// The title of page `n` of a list: the first page keeps the plain title.
pub(crate) fn paged_title(title: &str, pager: &Pager) -> String {
    if pager.current > 1 {
        format!("{title} — trang {}", pager.current)
    } else {
        title.to_string()
    }
}

/// The head of a list: title, intro, for a unit in time its period and
/// links, for a unit its feeds.
type ListHead = (String, String, Option<UnitTime>, Vec<Feed>);

/// A paginated list of story cards: one job per page, each with the head.
fn plan_list<'a>(
    m: &SiteModel,
    base: String,
    (title, intro, time, feeds): ListHead,
    crumbs: Vec<Link>,
    ids: &'a [StoryId],
    jobs: &mut Vec<Job<'a>>,
) {
    let per = m.config.paginate;
    let total = views::page_count(ids.len(), per);
    let shared = Arc::new((base, title, intro, crumbs, time, feeds));
    for n in 1..=total {
        let shared = shared.clone();
        jobs.push(Job::new(
            &urls::paginated(&shared.0, n),
            move |r: &Renderer| {
                let (base, title, intro, crumbs, time, feeds) = &*shared;
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
                        ctx.insert("time", time);
                        ctx.insert("feeds", feeds);
                    },
                )
            },
        ));
    }
}

/// The index page of a section: its entries in groups.
pub(crate) fn plan_index<'a>(
    m: &'a SiteModel,
    section: &'static str,
    title: &'static str,
    intro: &'a str,
    groups: Vec<IndexGroup>,
    jobs: &mut Vec<Job<'a>>,
) {
    let crumbs = [home_crumb(m), here(title)];
    // The months index also leads to the reviews.
    let reviews: Vec<Link> = if section == urls::MONTHS {
        review::links(m, |y, s| match s {
            Span::Year => format!("Năm {y}"),
            Span::FirstHalf => format!("6 tháng đầu năm {y}"),
        })
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

/// The sections whose entries come from the registry, in the order their
/// pages are planned.
pub(crate) fn plan_registries<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    let g = &m.groups;
    let sections = [
        (
            Kind::Unit,
            urls::UNITS,
            "Đơn vị",
            "Các đơn vị đề nghị khen thưởng.",
            &g.units,
        ),
        (
            Kind::Level,
            urls::LEVELS,
            "Cấp khen thưởng",
            "Danh hiệu theo từng cấp xét tặng.",
            &g.levels,
        ),
        (
            Kind::Field,
            urls::FIELDS,
            "Lĩnh vực",
            "Việc tốt theo lĩnh vực: công tác, học tập, lao động sản xuất, đời sống xã hội.",
            &g.fields,
        ),
        (
            Kind::Topic,
            urls::TOPICS,
            "Chủ đề",
            "Việc tốt theo các chuyên đề của phong trào.",
            &g.topics,
        ),
    ];
    for (kind, section, title, intro, groups) in sections {
        plan_registry(m, kind, section, title, intro, groups, jobs);
    }
}

/// One list per registry entry that has stories, and the section's index.
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
    let times: Vec<Option<UnitTime>> = entries
        .iter()
        .map(|e| {
            (kind == Kind::Unit)
                .then(|| views::unit_time(m, e))
                .flatten()
        })
        .collect();
    // A site whose units have no dates keeps its page as it was.
    let in_time = times.iter().any(Option::is_some);
    let mut index: Vec<IndexGroup> = Vec::new();
    for (e, time) in entries.into_iter().zip(times) {
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
        let base = urls::term(section, &e.id);
        let era = match (in_time, e.period.to) {
            (false, _) => "",
            (true, Some(_)) => "ended",
            (true, None) => "current",
        };
        // Each unit has its own feeds (`channels.rs`).
        let feeds = match kind {
            Kind::Unit => feed_links(m, &base),
            _ => Vec::new(),
        };
        plan_list(
            m,
            base,
            (e.name.clone(), page_intro, time.clone(), feeds),
            crumbs,
            ids,
            jobs,
        );
        add_to_index(m, &mut index, (kind, era), section, e, ids.len(), time);
    }
    index.sort_by(|a, b| {
        ended_first(a)
            .cmp(&ended_first(b))
            .then_with(|| compare_syllables(&a.heading, &b.heading))
    });
    if index.iter().any(|g| g.nested) {
        open_sections(m, &mut index);
    }
    plan_index(m, section, title, intro, index, jobs);
}

/// Groups of ended units sort after the current ones.
fn ended_first(g: &IndexGroup) -> bool {
    g.section == "ended"
}

/// Units in time are split into "current" and "before" (wording from
/// site.yaml), each heading shown once above its first group.
fn open_sections(m: &SiteModel, index: &mut [IndexGroup]) {
    let wording = &m.config.wording;
    let mut previous = String::new();
    for g in index.iter_mut() {
        g.nested = true;
        let this = std::mem::take(&mut g.section);
        if this != previous {
            g.section = if this == "ended" {
                wording.units_before.clone()
            } else {
                wording.units_current.clone()
            };
        }
        previous = this;
    }
}

/// Units are grouped by kind (wards, departments, schools …); the other
/// sections have one group without a heading.
fn add_to_index(
    m: &SiteModel,
    index: &mut Vec<IndexGroup>,
    (kind, section): (Kind, &str),
    section_url: &str,
    e: &Entry,
    count: usize,
    time: Option<UnitTime>,
) {
    let heading = if kind == Kind::Unit {
        e.kind.clone()
    } else {
        String::new()
    };
    // Units in time are grouped by whether they ended, then by kind; the
    // section's words are filled in by `open_sections`.
    let item = IndexItem {
        label: e.name.clone(),
        url: views::href(m, &urls::term(section_url, &e.id)),
        count,
        note: "câu chuyện".into(),
        time,
    };
    let nested = !section.is_empty();
    match index
        .iter_mut()
        .find(|g| g.heading == heading && g.section == section)
    {
        Some(g) => {
            g.nested |= nested;
            g.items.push(item)
        }
        None => index.push(IndexGroup {
            heading,
            items: vec![item],
            section: section.to_string(),
            nested,
        }),
    }
}

/// One list per tag, and the tags' index in Vietnamese order.
pub(crate) fn plan_tags<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
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
            (
                tag.name.clone(),
                format!("{} câu chuyện", tag.stories.len()),
                None,
                Vec::new(),
            ),
            crumbs,
            &tag.stories,
            jobs,
        );
        items.push(IndexItem {
            label: tag.name.clone(),
            url: views::href(m, &urls::term(urls::TAGS, slug)),
            count: tag.stories.len(),
            note: "câu chuyện".into(),
            ..Default::default()
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
            ..Default::default()
        }],
        jobs,
    );
}
