//! Checks over the whole site, run by every check (so `build` refuses what
//! `check` refuses): links and images inside stories and pages, weak
//! content; and the dossier table the emulation office works from
//! (`bangvang check`). Nothing here writes a file.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::story::{Story, YearMonth};
use crate::site::model::SiteModel;
use crate::source::images;
use crate::source::registry::{Kind, Registry};
use crate::text::markdown::{self, body_images, internal_target};

/// A title longer than this is hard to read in a list and in a share preview.
pub const LONG_TITLE_CHARS: usize = 120;

/// Broken internal links, missing images and images without alt text in
/// every published story and page. Part of the shared check, so `build`
/// refuses what `check` refuses: a published link to a missing page or image
/// is a broken page for every reader.
pub fn link_checks(
    model: &SiteModel,
    theme: &crate::render::theme::Theme,
    assets: &[crate::source::load::Asset],
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    // A story's body is known from its parse to hold no link (and stays
    // packed then); a page's is asked here.
    let story_bodies = model
        .stories
        .iter()
        .filter(|s| s.derived.links_in_body)
        .map(|s| (&s.source, Cow::Owned(s.body.unpack()), s.body_first_line));
    let page_bodies = model
        .pages
        .iter()
        .filter(|p| markdown::may_link(&p.markdown))
        .map(|p| {
            (
                &p.source,
                Cow::Borrowed(p.markdown.as_str()),
                p.body_first_line,
            )
        });
    // Every page's path is only worked out when some body needs it.
    let mut known: Option<BTreeSet<String>> = None;
    for (source, body, first_line) in story_bodies.chain(page_bodies) {
        let known = known.get_or_insert_with(|| {
            let plan = crate::render::pages::site_plan(&theme.tera, model);
            let mut known: BTreeSet<String> = plan.paths().map(str::to_string).collect();
            known.extend(theme.static_files.iter().map(|f| f.path.clone()));
            known.extend(assets.iter().map(|a| a.output_path.clone()));
            known
        });
        check_body(source, &body, first_line, known, &mut diags);
    }
    diags
}

/// Weak content in every published story (warnings: no summary, a long
/// title). Part of the shared check too, so `check` lists them beside any
/// broken link, all at once.
pub fn weak_content(model: &SiteModel) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for story in &model.stories {
        if story.summary.is_none() {
            diags.push(
                Diagnostic::warning("no-summary", &story.source, "bài chưa có tóm tắt (`summary`)")
                    .hint("thêm một câu tóm tắt việc tốt; câu này hiện trong danh sách, kết quả tìm kiếm và khi chia sẻ lên mạng xã hội"),
            );
        }
        let title_chars = story.title.chars().count();
        if title_chars > LONG_TITLE_CHARS {
            diags.push(
                Diagnostic::warning(
                    "long-title",
                    &story.source,
                    format!("tiêu đề dài {title_chars} ký tự"),
                )
                .at(2, 1)
                .hint(format!(
                    "tiêu đề nên ngắn hơn {LONG_TITLE_CHARS} ký tự; đưa chi tiết vào phần tóm tắt"
                )),
            );
        }
    }
    diags
}

/// The images (output paths) that published pages show: allowed story
/// photos, and images inside published stories and free pages.
pub fn images_in_use(model: &crate::site::model::SiteModel) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for story in &model.stories {
        // Worked out when the story was parsed (and cached by `serve`).
        used.extend(story.derived.images.iter().cloned());
        if let Some(photo) = &story.photo {
            used.insert(photo.src.trim_start_matches('/').to_string());
        }
    }
    for page in &model.pages {
        used.extend(body_images(&page.markdown));
    }
    used
}

/// Internal links and images of one Markdown body, located by line.
fn check_body(
    source: &str,
    body: &str,
    first_line: usize,
    known: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let mut image: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        let line = first_line + body[..range.start].matches('\n').count();
        let column = body[..range.start]
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .chars()
            .count()
            + 1;
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(target) = internal_target(&dest_url) {
                    if !resolves(&target, known) {
                        diags.push(
                            Diagnostic::error("broken-link", source, format!("liên kết `{dest_url}` trỏ tới trang không có trong trang web"))
                                .at(line, column)
                                .hint("kiểm tra lại đường dẫn (ví dụ `/gioi-thieu/` hoặc `/truyen/ten-bai.html`), hoặc bỏ liên kết"),
                        );
                    }
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), line, String::new()));
                if let Some(target) = internal_target(&dest_url) {
                    if !known.contains(&target) {
                        diags.push(
                            Diagnostic::error(
                                "missing-image",
                                source,
                                format!("không tìm thấy ảnh `{dest_url}`"),
                            )
                            .at(line, column)
                            .hint(images::missing_image_hint(
                                &target,
                                known.iter().map(String::as_str),
                            )),
                        );
                    } else if let Some((why, hint)) = images::format_problem(&target) {
                        diags.push(
                            Diagnostic::error("image-format", source, format!("ảnh {why}"))
                                .at(line, column)
                                .hint(hint),
                        );
                    }
                }
            }
            Event::Text(t) if image.is_some() => {
                if let Some((_, _, alt)) = image.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((url, at, alt)) = image.take() {
                    if alt.trim().is_empty() {
                        diags.push(
                            Diagnostic::warning("image-without-alt", source, format!("ảnh `{url}` chưa có lời mô tả"))
                                .at(at, 1)
                                .hint("viết mô tả ngắn trong ngoặc vuông: `![Anh Hùng bên hồ Thiền Quang](images/hung.jpg)`; người khiếm thị nghe được lời mô tả này"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn resolves(target: &str, known: &BTreeSet<String>) -> bool {
    known.contains(target)
        || (!target.ends_with(".html") && known.contains(&format!("{target}/index.html")))
}

/// One row of the dossier table: proposals of one unit in one award month.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DossierRow {
    pub unit: String,
    pub unit_name: String,
    pub month: String,
    pub proposals: usize,
    pub complete: usize,
    /// Per document of site.yaml's `dossier` (as `missing_<id>`), the
    /// stories whose dossier lacks it.
    #[serde(flatten)]
    pub missing: BTreeMap<String, Vec<String>>,
    /// The documents' labels, in site.yaml's order, for the text table.
    #[serde(skip)]
    pub labels: Vec<(String, String)>,
}

/// Dossier completeness per unit and award month, over every proposal that
/// parsed (published or not; withdrawn ones left out).
pub fn dossier_table(stories: &[Arc<Story>], registry: &Registry) -> Vec<DossierRow> {
    let mut rows: BTreeMap<(String, YearMonth), DossierRow> = BTreeMap::new();
    for s in stories.iter().filter(|s| !s.publication.withdrawn) {
        let mut months: Vec<YearMonth> = s.awards.iter().map(|a| a.month).collect();
        months.sort();
        months.dedup();
        for month in months {
            let row = rows
                .entry((s.deed.unit.clone(), month))
                .or_insert_with(|| empty_row(s, month, registry));
            row.proposals += 1;
            if s.dossier.complete() {
                row.complete += 1;
            }
            for d in s.dossier.0.iter().filter(|d| !d.present) {
                if let Some(list) = row.missing.get_mut(&missing_key(&d.id)) {
                    list.push(s.source.clone());
                }
            }
        }
    }
    // The office works month by month: months in order, units in Vietnamese order.
    let mut rows: Vec<DossierRow> = rows.into_values().collect();
    rows.sort_by_cached_key(|r| {
        (
            r.month.clone(),
            crate::text::vietnamese::syllable_sort_key(&r.unit_name),
            r.unit.clone(),
        )
    });
    rows
}

fn missing_key(id: &str) -> String {
    format!("missing_{id}")
}

/// A row with no proposal yet, with one empty list per document.
fn empty_row(s: &Story, month: YearMonth, registry: &Registry) -> DossierRow {
    DossierRow {
        unit: s.deed.unit.clone(),
        unit_name: registry
            .get(Kind::Unit, &s.deed.unit)
            .map(|u| u.name.clone())
            .unwrap_or_default(),
        month: month.to_string(),
        proposals: 0,
        complete: 0,
        missing: s
            .dossier
            .0
            .iter()
            .map(|d| (missing_key(&d.id), vec![]))
            .collect(),
        labels: s
            .dossier
            .0
            .iter()
            .map(|d| (missing_key(&d.id), d.label.to_lowercase()))
            .collect(),
    }
}

/// The dossier table as text for a terminal: one line per unit and month.
pub fn dossier_text(rows: &[DossierRow]) -> String {
    let names: Vec<&str> = rows
        .first()
        .map(|r| r.labels.iter().map(|(_, l)| l.as_str()).collect())
        .unwrap_or_default();
    let mut out = if names.is_empty() {
        "Hồ sơ đề nghị theo đơn vị và tháng:\n".to_string()
    } else {
        format!(
            "Hồ sơ đề nghị theo đơn vị và tháng ({}):\n",
            names.join(" / ")
        )
    };
    for r in rows {
        let missing = r.proposals - r.complete;
        let counts: Vec<String> = r
            .labels
            .iter()
            .map(|(key, label)| format!("{label} {}", r.missing.get(key).map_or(0, Vec::len)))
            .collect();
        out.push_str(&format!(
            "  {} {:<32} {:>3} hồ sơ, {:>3} đủ, thiếu: {}{}\n",
            r.month,
            r.unit_name,
            r.proposals,
            r.complete,
            counts.join(", "),
            if missing == 0 {
                ""
            } else {
                "  ← cần bổ sung"
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_targets() {
        assert_eq!(
            internal_target("/gioi-thieu/").as_deref(),
            Some("gioi-thieu/index.html")
        );
        assert_eq!(
            internal_target("images/a.jpg").as_deref(),
            Some("images/a.jpg")
        );
        assert_eq!(
            internal_target("/truyen/a.html#doan-2").as_deref(),
            Some("truyen/a.html")
        );
        assert_eq!(internal_target("https://x.vn/"), None);
        assert_eq!(internal_target("mailto:a@b.vn"), None);
        assert_eq!(internal_target("#tren"), None);
    }
}
