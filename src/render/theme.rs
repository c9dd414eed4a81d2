//! Themes: Tera templates plus static files. A site uses `themes/<name>/`
//! from its own folder; the default theme is also built into the binary, so a
//! site without a `themes/` folder still builds. The site's own `templates/`
//! override the theme's templates by name.

use std::path::Path;

use tera::Tera;

use crate::diagnostics::{display_path, Diagnostic};
use crate::fsio;
use crate::render::output::{error_chain, escape_html, OutputFile};

pub struct Theme {
    pub tera: Tera,
    pub static_files: Vec<OutputFile>,
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "macros.html",
    "index.html",
    "story.html",
    "list.html",
    "board.html",
    "terms.html",
    "people.html",
    "person.html",
    "page.html",
    "404.html",
    "search.html",
    "card.html",
    "bulletin.html",
    "review.html",
    "follow.html"
);
const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "print.js",
        include_str!("../../themes/default/static/print.js"),
    ),
];

/// Whether `themes/<name>` stays inside `themes/` once links are followed
/// (a missing folder does: the loader reports it, or uses the built-in
/// default). `SiteConfig::parse` already refused names that are paths.
pub fn is_confined(root: &Path, name: &str) -> bool {
    let themes = root.join("themes");
    match std::fs::canonicalize(themes.join(name)) {
        Err(_) => true,
        Ok(real) => {
            std::fs::canonicalize(&themes).is_ok_and(|base| real.starts_with(&base) && real != base)
        }
    }
}

pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let dir = root.join("themes").join(name);
    let (mut tera, static_files) = if dir.is_dir() {
        from_dir(root, &dir)?
    } else if name == "default" {
        let mut tera = Tera::default();
        tera.add_raw_templates(DEFAULT_TEMPLATES.iter().copied())
            .map_err(|e| template_error("themes/default", &e))?;
        let files = DEFAULT_STATIC
            .iter()
            .map(|(p, s)| OutputFile {
                path: p.to_string(),
                bytes: s.as_bytes().to_vec(),
            })
            .collect();
        (tera, files)
    } else {
        return Err(Diagnostic::error(
            "no-theme",
            display_path(root, &dir),
            format!("không tìm thấy chủ đề giao diện `{name}`"),
        )
        .hint("kiểm tra `theme:` trong site.yaml, hoặc dùng `theme: default`"));
    };
    // The site's own templates replace the theme's of the same name.
    let site_templates = root.join("templates");
    if site_templates.is_dir() {
        let files: Vec<(std::path::PathBuf, Option<String>)> =
            walkdir::WalkDir::new(&site_templates)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html")
                })
                .map(|e| {
                    (
                        e.path().to_path_buf(),
                        Some(display_path(&site_templates, e.path())),
                    )
                })
                .collect();
        tera.add_template_files(files)
            .map_err(|e| template_error(&display_path(root, &site_templates), &e))?;
    }
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    Ok(Theme { tera, static_files })
}

fn from_dir(root: &Path, dir: &Path) -> Result<(Tera, Vec<OutputFile>), Diagnostic> {
    let templates = dir.join("templates");
    let tera = Tera::new(&format!("{}/**/*.html", templates.display()))
        .map_err(|e| template_error(&display_path(root, &templates), &e))?;
    if tera.get_template_names().next().is_none() {
        return Err(Diagnostic::error(
            "no-templates",
            display_path(root, &templates),
            "chủ đề giao diện không có mẫu trang nào",
        )
        .hint("đặt các tệp .html (Tera) vào themes/<tên>/templates/"));
    }
    let mut files = Vec::new();
    let static_dir = dir.join("static");
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                Diagnostic::error("unreadable", display_path(root, &static_dir), e.to_string())
            })?;
            if entry.file_type().is_file() {
                let bytes = fsio::read(entry.path()).map_err(|e| {
                    Diagnostic::error(
                        "unreadable",
                        display_path(root, entry.path()),
                        e.to_string(),
                    )
                })?;
                files.push(OutputFile {
                    path: display_path(&static_dir, entry.path()),
                    bytes,
                });
            }
        }
    }
    Ok((tera, files))
}

fn template_error(path: &str, err: &tera::Error) -> Diagnostic {
    Diagnostic::error("template", path, error_chain(err))
        .hint("sửa mẫu trang (Tera) theo thông báo trên")
}
