//! Templates to pages. Every page of the site is produced here as an
//! `OutputFile` in memory; nothing is written (see `write.rs`).

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{SiteModel, StoryId};
use crate::registry::Kind;
use crate::urls;
use crate::vietnamese::{compare_syllables, month_title};
use crate::views::{self, BoardCard, Card, IndexGroup, IndexItem, Link};

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

struct Renderer<'a> {
    tera: &'a Tera,
    model: &'a SiteModel,
    site: SiteView<'a>,
    cards: Vec<Card>,
}

impl Renderer<'_> {
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
        let html = self.tera.render(template, &ctx).map_err(|e| {
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
            bytes: html.into_bytes(),
        })
    }

    fn home_crumb(&self) -> Link {
        Link {
            label: "Trang chủ".into(),
            url: self.model.base_path.clone(),
        }
    }

    fn section_crumb(&self, section: &str, label: &str) -> Link {
        Link {
            label: label.into(),
            url: views::href(self.model, &urls::section(section)),
        }
    }

    /// A paginated list of story cards under `base`.
    fn story_list(
        &self,
        base: &str,
        title: &str,
        intro: &str,
        crumbs: Vec<Link>,
        ids: &[StoryId],
    ) -> Vec<Result<OutputFile, Diagnostic>> {
        let cards: Vec<&Card> = ids.iter().map(|&i| &self.cards[i]).collect();
        let per = self.model.config.paginate;
        views::paginate(self.model, base, cards, per)
            .into_iter()
            .map(|(path, chunk, pager)| {
                let page_title = if pager.current > 1 {
                    format!("{title} — trang {}", pager.current)
                } else {
                    title.to_string()
                };
                self.page("list.html", &path, &page_title, &crumbs, |ctx| {
                    ctx.insert("heading", title);
                    ctx.insert("intro", intro);
                    ctx.insert("cards", &chunk);
                    ctx.insert("pager", &pager);
                    ctx.insert("total", &ids.len());
                })
            })
            .collect()
    }

    fn index_page(
        &self,
        section: &str,
        title: &str,
        intro: &str,
        groups: Vec<IndexGroup>,
    ) -> Result<OutputFile, Diagnostic> {
        let crumbs = [
            self.home_crumb(),
            Link {
                label: title.into(),
                url: String::new(),
            },
        ];
        self.page(
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
    }
}

/// Render every page of the site.
pub fn render_site(tera: &Tera, model: &SiteModel) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut nav = vec![
        Link {
            label: "Trang chủ".into(),
            url: model.base_path.clone(),
        },
        Link {
            label: "Bảng vàng".into(),
            url: views::href(model, &urls::section(urls::MONTHS)),
        },
        Link {
            label: "Đơn vị".into(),
            url: views::href(model, &urls::section(urls::UNITS)),
        },
        Link {
            label: "Người tốt".into(),
            url: views::href(model, &urls::section(urls::PEOPLE)),
        },
        Link {
            label: "Chủ đề".into(),
            url: views::href(model, &urls::section(urls::TOPICS)),
        },
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
    let r = Renderer {
        tera,
        model,
        site: SiteView {
            title: &model.config.title,
            description: &model.config.description,
            base: &model.base_path,
            nav,
        },
        cards,
    };

    let mut results: Vec<Result<OutputFile, Diagnostic>> = Vec::new();
    results.push(home(&r));
    results.par_extend(
        (0..model.stories.len())
            .into_par_iter()
            .map(|id| story_page(&r, id)),
    );
    results.extend(month_pages(&r));
    results.extend(registry_pages(
        &r,
        Kind::Unit,
        urls::UNITS,
        "Đơn vị",
        "Các đơn vị đề nghị khen thưởng.",
        &model.units,
    ));
    results.extend(registry_pages(
        &r,
        Kind::Level,
        urls::LEVELS,
        "Cấp khen thưởng",
        "Danh hiệu theo từng cấp xét tặng.",
        &model.levels,
    ));
    results.extend(registry_pages(
        &r,
        Kind::Field,
        urls::FIELDS,
        "Lĩnh vực",
        "Việc tốt theo lĩnh vực: công tác, học tập, lao động sản xuất, đời sống xã hội.",
        &model.fields,
    ));
    results.extend(registry_pages(
        &r,
        Kind::Topic,
        urls::TOPICS,
        "Chủ đề",
        "Việc tốt theo các chuyên đề của phong trào.",
        &model.topics,
    ));
    results.extend(tag_pages(&r));
    results.extend(people_pages(&r));
    for page in &model.pages {
        let crumbs = [
            r.home_crumb(),
            Link {
                label: page.title.clone(),
                url: String::new(),
            },
        ];
        results.push(r.page(
            "page.html",
            &format!("{}/", page.slug),
            &page.title,
            &crumbs,
            |ctx| {
                ctx.insert("content", &page.html);
                ctx.insert("summary", &page.summary);
            },
        ));
    }
    results.push(r.page(
        "404.html",
        "404.html",
        "Không tìm thấy trang",
        &[r.home_crumb()],
        |_| {},
    ));

    let mut diags = Diagnostics::default();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn home(r: &Renderer) -> Result<OutputFile, Diagnostic> {
    let m = r.model;
    let featured: Vec<&Card> = (0..m.stories.len())
        .filter(|&i| m.stories[i].featured)
        .map(|i| &r.cards[i])
        .take(6)
        .collect();
    let latest = m.latest_month();
    let board: Vec<BoardCard> = latest
        .map(|ym| board_cards(r, &m.months[&ym]))
        .unwrap_or_default()
        .into_iter()
        .take(12)
        .collect();
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
    let view = views::story_view(r.model, &r.cards, id);
    let first_month = r.model.stories[id].awards.iter().map(|a| a.month).min();
    let mut crumbs = vec![r.home_crumb(), r.section_crumb(urls::MONTHS, "Bảng vàng")];
    if let Some(ym) = first_month {
        crumbs.push(views::month_link(r.model, ym));
    }
    crumbs.push(Link {
        label: view.card.title.clone(),
        url: String::new(),
    });
    r.page(
        "story.html",
        &urls::story(&r.model.story_slugs[id]),
        &view.card.title,
        &crumbs,
        |ctx| ctx.insert("story", &view),
    )
}

fn board_cards<'a>(r: &'a Renderer, entries: &[crate::model::BoardEntry]) -> Vec<BoardCard<'a>> {
    let mut last_level: Option<&str> = None;
    entries
        .iter()
        .map(|e| {
            let story = &r.model.stories[e.story];
            let level_id = story.awards[e.award].level.as_str();
            let card = &r.cards[e.story];
            let level = &card.awards[e.award];
            let heading = (last_level != Some(level_id)).then(|| level.level.label.clone());
            last_level = Some(level_id);
            BoardCard {
                card,
                level,
                heading,
            }
        })
        .collect()
}

fn month_pages(r: &Renderer) -> Vec<Result<OutputFile, Diagnostic>> {
    let m = r.model;
    let mut out = Vec::new();
    for (&ym, entries) in &m.months {
        let title = format!(
            "Bảng vàng {}",
            month_title(ym.year, ym.month).to_lowercase()
        );
        let crumbs = vec![
            r.home_crumb(),
            r.section_crumb(urls::MONTHS, "Bảng vàng"),
            Link {
                label: month_title(ym.year, ym.month),
                url: String::new(),
            },
        ];
        let cards = board_cards(r, entries);
        let base = urls::month(ym);
        for (path, mut chunk, pager) in views::paginate(m, &base, cards, m.config.paginate) {
            // Each page opens with the heading of the level it continues.
            if let Some(first) = chunk.first_mut() {
                if first.heading.is_none() {
                    first.heading = Some(first.level.level.label.clone());
                }
            }
            let page_title = if pager.current > 1 {
                format!("{title} — trang {}", pager.current)
            } else {
                title.clone()
            };
            out.push(r.page("board.html", &path, &page_title, &crumbs, |ctx| {
                ctx.insert("heading", &title);
                ctx.insert("month", &views::month_link(m, ym));
                ctx.insert("entries", &chunk);
                ctx.insert("pager", &pager);
                ctx.insert("total", &entries.len());
            }));
        }
    }
    let groups = group_months_by_year(r);
    out.push(r.index_page(urls::MONTHS, "Bảng vàng theo tháng", "Mỗi tháng, các phường xét tặng và các đơn vị đề nghị quận khen thưởng danh hiệu \"Người tốt, việc tốt\".", groups));
    out
}

fn group_months_by_year(r: &Renderer) -> Vec<IndexGroup> {
    let mut groups: Vec<IndexGroup> = Vec::new();
    for (&ym, entries) in r.model.months.iter().rev() {
        let heading = format!("Năm {}", ym.year);
        if groups.last().map(|g| g.heading != heading).unwrap_or(true) {
            groups.push(IndexGroup {
                heading,
                items: vec![],
            });
        }
        let link = views::month_link(r.model, ym);
        if let Some(g) = groups.last_mut() {
            g.items.push(IndexItem {
                label: link.label,
                url: link.url,
                count: entries.len(),
                note: "lượt khen".into(),
            });
        }
    }
    groups
}

fn registry_pages(
    r: &Renderer,
    kind: Kind,
    section: &str,
    title: &str,
    intro: &str,
    groups: &std::collections::BTreeMap<String, Vec<StoryId>>,
) -> Vec<Result<OutputFile, Diagnostic>> {
    let m = r.model;
    let mut out = Vec::new();
    // Registry order for levels (lowest first), Vietnamese order otherwise.
    let mut entries: Vec<&crate::registry::Entry> = m
        .registry
        .list(kind)
        .iter()
        .filter(|e| groups.contains_key(&e.id))
        .collect();
    if kind != Kind::Level {
        entries.sort_by(|a, b| compare_syllables(&a.name, &b.name).then_with(|| a.id.cmp(&b.id)));
    }
    for e in &entries {
        let ids = &groups[&e.id];
        let crumbs = vec![
            r.home_crumb(),
            r.section_crumb(section, title),
            Link {
                label: e.name.clone(),
                url: String::new(),
            },
        ];
        let intro = if e.description.is_empty() {
            format!("{} câu chuyện", ids.len())
        } else {
            e.description.clone()
        };
        out.extend(r.story_list(&urls::term(section, &e.id), &e.name, &intro, crumbs, ids));
    }
    // Units are grouped by kind (wards, departments, schools …).
    let mut index: Vec<IndexGroup> = Vec::new();
    for e in entries {
        let heading = if kind == Kind::Unit {
            e.kind.clone()
        } else {
            String::new()
        };
        let item = IndexItem {
            label: e.name.clone(),
            url: views::href(m, &urls::term(section, &e.id)),
            count: groups[&e.id].len(),
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
    out.push(r.index_page(section, title, intro, index));
    out
}

fn tag_pages(r: &Renderer) -> Vec<Result<OutputFile, Diagnostic>> {
    let m = r.model;
    let mut out = Vec::new();
    let mut items = Vec::new();
    for (slug, tag) in &m.tags {
        let crumbs = vec![
            r.home_crumb(),
            r.section_crumb(urls::TAGS, "Từ khóa"),
            Link {
                label: tag.name.clone(),
                url: String::new(),
            },
        ];
        out.extend(r.story_list(
            &urls::term(urls::TAGS, slug),
            &tag.name,
            &format!("{} câu chuyện", tag.stories.len()),
            crumbs,
            &tag.stories,
        ));
        items.push(IndexItem {
            label: tag.name.clone(),
            url: views::href(m, &urls::term(urls::TAGS, slug)),
            count: tag.stories.len(),
            note: "câu chuyện".into(),
        });
    }
    items.sort_by(|a, b| compare_syllables(&a.label, &b.label));
    out.push(r.index_page(
        urls::TAGS,
        "Từ khóa",
        "Các từ khóa gắn với câu chuyện.",
        vec![IndexGroup {
            heading: String::new(),
            items,
        }],
    ));
    out
}

fn people_pages(r: &Renderer) -> Vec<Result<OutputFile, Diagnostic>> {
    let m = r.model;
    let mut out: Vec<Result<OutputFile, Diagnostic>> = m
        .people
        .par_iter()
        .map(|p| {
            let crumbs = [
                r.home_crumb(),
                r.section_crumb(urls::PEOPLE, "Người tốt"),
                Link {
                    label: p.public_name.clone(),
                    url: String::new(),
                },
            ];
            let cards: Vec<&Card> = p.stories.iter().map(|&i| &r.cards[i]).collect();
            r.page(
                "person.html",
                &urls::term(urls::PEOPLE, &p.slug),
                &p.public_name,
                &crumbs,
                |ctx| {
                    ctx.insert("name", &p.public_name);
                    ctx.insert("cards", &cards);
                    ctx.insert(
                        "award_count",
                        &p.stories
                            .iter()
                            .map(|&i| m.stories[i].awards.len())
                            .sum::<usize>(),
                    );
                },
            )
        })
        .collect();
    let items: Vec<IndexItem> = m
        .people
        .iter()
        .map(|p| IndexItem {
            label: p.public_name.clone(),
            url: views::href(m, &urls::term(urls::PEOPLE, &p.slug)),
            count: p.stories.len(),
            note: "việc tốt".into(),
        })
        .collect();
    let crumbs = [
        r.home_crumb(),
        Link {
            label: "Người tốt".into(),
            url: String::new(),
        },
    ];
    for (path, chunk, pager) in views::paginate(
        m,
        &urls::section(urls::PEOPLE),
        items,
        m.config.paginate * 5,
    ) {
        let title = if pager.current > 1 {
            format!("Người tốt — trang {}", pager.current)
        } else {
            "Người tốt".to_string()
        };
        out.push(r.page("people.html", &path, &title, &crumbs, |ctx| {
            ctx.insert("heading", "Người tốt");
            ctx.insert("people", &chunk);
            ctx.insert("pager", &pager);
            ctx.insert("total", &m.people.len());
        }));
    }
    out
}
