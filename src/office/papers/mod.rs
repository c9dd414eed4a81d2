//! `bangvang papers`: the documents a unit files for a month's proposals,
//! written from the stories: the tờ trình, one bản trích ngang per person
//! and the danh sách đề nghị khen thưởng, each as a print-ready HTML page
//! (A4, the layout of Nghị định 30/2020/NĐ-CP) and as a .docx.
//!
//! The words of the national forms are in the theme's `papers/` templates;
//! the organisations are data (the registry's unit, site.yaml's publisher
//! and `publisher.place`). What a paper needs and a story lacks is listed
//! per person (`Papers::missing`), never guessed.

mod context;
pub mod docx;
pub mod html;
pub mod layout;

use std::path::Path;
use std::sync::Arc;

use tera::Tera;

use crate::domain::story::{Story, YearMonth};
use crate::source::config::SiteConfig;
use crate::source::registry::{Kind, Registry};

pub use context::{Missing, Person};

/// One file to write, by its name in the chosen folder.
#[derive(Debug, Clone)]
pub struct Paper {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The papers of one unit and month.
#[derive(Debug, Clone)]
pub struct Papers {
    pub unit: String,
    pub month: String,
    pub people: usize,
    pub files: Vec<Paper>,
    /// Per person, what the papers leave blank.
    pub missing: Vec<Missing>,
    /// What site.yaml lacks for every paper (the place name).
    pub missing_site: Vec<String>,
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../themes/default/papers/", $name)))),*]
    };
}

/// The default theme's papers, built in; a site's `themes/<theme>/papers/`
/// overrides them by name.
const TEMPLATES: &[(&str, &str)] = embedded!(
    "to-trinh.txt",
    "trich-ngang.txt",
    "danh-sach.txt",
    "page.html"
);

fn template(root: &Path, theme: &str, name: &str) -> Result<String, String> {
    let own = root.join("themes").join(theme).join("papers").join(name);
    if own.is_file() {
        return std::fs::read_to_string(&own)
            .map_err(|e| format!("không đọc được {}: {e}", own.display()));
    }
    TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.to_string())
        .ok_or_else(|| format!("thiếu mẫu giấy tờ {name}"))
}

/// "……" for a value the story does not give: a blank to fill by hand.
fn blank(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let empty = match value {
        tera::Value::Null => true,
        tera::Value::String(s) => s.trim().is_empty(),
        _ => false,
    };
    Ok(if empty {
        "……".into()
    } else {
        value.clone()
    })
}

/// The two engines: the layouts, whose values are escaped for the layout,
/// and the HTML page, escaped for HTML.
fn engines(root: &Path, theme: &str) -> Result<(Tera, Tera), String> {
    let mut layouts = Tera::default();
    layouts.autoescape_on(vec![".txt"]);
    layouts.set_escape_fn(layout::escape);
    layouts.register_filter("blank", blank);
    for name in ["to-trinh.txt", "trich-ngang.txt", "danh-sach.txt"] {
        layouts
            .add_raw_template(name, &template(root, theme, name)?)
            .map_err(|e| {
                format!(
                    "mẫu giấy tờ {name}: {}",
                    crate::render::output::error_chain(&e)
                )
            })?;
    }
    let mut page = Tera::default();
    page.set_escape_fn(crate::render::output::escape_html);
    page.add_raw_template("page.html", &template(root, theme, "page.html")?)
        .map_err(|e| {
            format!(
                "mẫu giấy tờ page.html: {}",
                crate::render::output::error_chain(&e)
            )
        })?;
    Ok((layouts, page))
}

/// One paper as HTML and .docx, named `stem.html` and `stem.docx`.
fn render(
    engines: &(Tera, Tera),
    name: &str,
    cx: &tera::Context,
    stem: &str,
    missing: &[Missing],
    site: &[String],
) -> Result<[Paper; 2], String> {
    let text = engines.0.render(name, cx).map_err(|e| {
        format!(
            "mẫu giấy tờ {name}: {}",
            crate::render::output::error_chain(&e)
        )
    })?;
    let layout = layout::parse(&text).map_err(|e| format!("mẫu giấy tờ {name}, {e}"))?;
    let mut page = cx.clone();
    page.insert("body", &html::body(&layout));
    page.insert("landscape", &layout.landscape);
    page.insert("missing", missing);
    page.insert("missing_site", site);
    let html = engines.1.render("page.html", &page).map_err(|e| {
        format!(
            "mẫu giấy tờ page.html: {}",
            crate::render::output::error_chain(&e)
        )
    })?;
    Ok([
        Paper {
            name: format!("{stem}.html"),
            bytes: html.into_bytes(),
        },
        Paper {
            name: format!("{stem}.docx"),
            bytes: docx::docx(&layout)?,
        },
    ])
}

/// The papers of `unit` for `month`, from every parsed story (published or
/// not: the office files proposals). An error says why nothing was made.
pub fn make(
    root: &Path,
    stories: &[Arc<Story>],
    registry: &Registry,
    unit: &str,
    month: YearMonth,
) -> Result<Papers, String> {
    let config = std::fs::read_to_string(root.join(crate::source::config::CONFIG_FILE))
        .ok()
        .and_then(|t| SiteConfig::parse(&t).ok())
        .ok_or("không đọc được site.yaml (chạy `bangvang check` để xem lỗi)")?;
    let unit_entry = registry
        .get(Kind::Unit, unit)
        .ok_or_else(|| format!("không có đơn vị `{unit}` trong content/registry.yaml"))?;
    let people = context::people(stories, registry, unit, month);
    let written_month = crate::office::report::month(month);
    if people.is_empty() {
        return Err(format!(
            "{} không có lượt đề nghị khen nào trong tháng {written_month}",
            unit_entry.name
        ));
    }
    let doc = context::document(&config, registry, unit_entry, month, &people);
    let missing: Vec<Missing> = people.iter().filter_map(Missing::of).collect();
    let mut site = Vec::new();
    if doc.place.is_empty() {
        site.push("địa danh (`place:` trong mục `publisher` của site.yaml)".to_string());
    }
    let engines = engines(root, &config.theme)?;
    let mut cx = tera::Context::from_serialize(&doc).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    files.extend(render(
        &engines,
        "to-trinh.txt",
        &cx,
        "to-trinh",
        &missing,
        &site,
    )?);
    files.extend(render(
        &engines,
        "danh-sach.txt",
        &cx,
        "danh-sach",
        &missing,
        &site,
    )?);
    for p in &people {
        cx.insert("person", p);
        let own: Vec<Missing> = Missing::of(p).into_iter().collect();
        let stem = format!(
            "trich-ngang-{:02}-{}",
            p.stt,
            crate::text::vietnamese::slugify(&p.name)
        );
        files.extend(render(
            &engines,
            "trich-ngang.txt",
            &cx,
            &stem,
            &own,
            &site,
        )?);
    }
    Ok(Papers {
        unit: unit_entry.name.clone(),
        month: written_month,
        people: people.len(),
        files,
        missing,
        missing_site: site,
    })
}

/// What the papers leave blank, per person, for stderr (like the dossier
/// table of `check`); empty when nothing is missing.
pub fn missing_text(papers: &Papers) -> String {
    if papers.missing.is_empty() && papers.missing_site.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "Còn thiếu trong giấy tờ của {} tháng {} (để trống, cần điền tay hoặc bổ sung vào bài):\n",
        papers.unit, papers.month
    );
    for m in &papers.missing {
        out.push_str(&format!(
            "  {} ({}): {}\n",
            m.name,
            m.source,
            m.what.join(", ")
        ));
    }
    for s in &papers.missing_site {
        out.push_str(&format!("  site.yaml: {s}\n"));
    }
    out
}
