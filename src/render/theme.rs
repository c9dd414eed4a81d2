//! Themes: Tera templates plus static files. A site uses `themes/<name>/`
//! from its own folder; the default theme is also built into the binary, so a
//! site without a `themes/` folder still builds. The site's own `templates/`
//! override the theme's templates by name.

use std::path::Path;

use tera::Tera;

use crate::diagnostics::{display_path, Diagnostic};
use crate::fsio;
use crate::render::output::{error_chain, escape_html, OutputFile};
use crate::render::raster::{self, Fonts};
use crate::render::share_card::card::{bad_image, check_template, TEMPLATE};

pub struct Theme {
    pub tera: Tera,
    pub static_files: Vec<OutputFile>,
    /// The fonts of share cards and the favicon (`fonts/` of the theme, else
    /// the built-in Be Vietnam Pro, OFL: themes/default/fonts/OFL.txt).
    pub fonts: Fonts,
    /// The hash of `share-card.svg` and the fonts: part of every card's key.
    pub share_key: String,
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
const DEFAULT_SHARE_CARD: &str = include_str!("../../themes/default/templates/share-card.svg");
const DEFAULT_FAVICON: &str = include_str!("../../themes/default/static/favicon.svg");
const DEFAULT_FONTS: &[&[u8]] = &[
    include_bytes!("../../themes/default/fonts/BeVietnamPro-Regular.ttf"),
    include_bytes!("../../themes/default/fonts/BeVietnamPro-Bold.ttf"),
];
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
    (
        "share.js",
        include_str!("../../themes/default/static/share.js"),
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
    refuse_environment(root, &[dir.join("templates"), root.join("templates")])?;
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
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    let mut static_files = static_files;
    let (fonts, share_key) = images(root, &dir, &mut tera, &mut static_files)?;
    Ok(Theme {
        tera,
        static_files,
        fonts,
        share_key,
    })
}

/// The theme's share card template and fonts (else the built-in ones), and
/// its favicon (else the built-in one) with the `.ico` and the touch icon
/// drawn from it. A template or favicon that cannot be drawn is an error
/// here, so `check` finds what `build` would fail on.
fn images(
    root: &Path,
    dir: &Path,
    tera: &mut Tera,
    files: &mut Vec<OutputFile>,
) -> Result<(Fonts, String), Diagnostic> {
    let card_path = dir.join("templates").join(TEMPLATE);
    let card_name = display_path(root, &card_path);
    let card = match fsio::read(&card_path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => DEFAULT_SHARE_CARD.to_string(),
    };
    tera.add_raw_template(TEMPLATE, &card)
        .map_err(|e| template_error(&card_name, &e))?;
    let own_fonts = theme_fonts(root, &dir.join("fonts"))?;
    let fonts: Vec<&[u8]> = if own_fonts.is_empty() {
        DEFAULT_FONTS.to_vec()
    } else {
        own_fonts.iter().map(Vec::as_slice).collect()
    };
    let mut hasher = blake3::Hasher::new();
    hasher.update(card.as_bytes());
    for f in &fonts {
        hasher.update(blake3::hash(f).as_bytes());
    }
    let share_key = hasher.finalize().to_hex().to_string();
    let fonts = Fonts::new(&fonts);
    check_template(tera, &fonts, &card_name)?;
    favicons(files, &fonts)
        .map_err(|why| bad_image(&display_path(root, &dir.join("static/favicon.svg")), &why))?;
    Ok((fonts, share_key))
}

/// `favicon.svg`, and from it `favicon.ico` (32 px) and
/// `apple-touch-icon.png` (180 px), unless the theme has its own.
fn favicons(files: &mut Vec<OutputFile>, fonts: &Fonts) -> Result<(), String> {
    let svg = match files.iter().find(|f| f.path == "favicon.svg") {
        Some(f) => String::from_utf8_lossy(&f.bytes).into_owned(),
        None => {
            files.push(OutputFile {
                path: "favicon.svg".into(),
                bytes: DEFAULT_FAVICON.as_bytes().to_vec(),
            });
            DEFAULT_FAVICON.to_string()
        }
    };
    let has = |files: &[OutputFile], path: &str| files.iter().any(|f| f.path == path);
    if !has(files, "favicon.ico") {
        let png = raster::png(&svg, fonts, None, 32, 32)?;
        files.push(OutputFile {
            path: "favicon.ico".into(),
            bytes: raster::ico(&png, 32),
        });
    }
    if !has(files, "apple-touch-icon.png") {
        files.push(OutputFile {
            path: "apple-touch-icon.png".into(),
            bytes: raster::png(&svg, fonts, None, 180, 180)?,
        });
    }
    Ok(())
}

/// The font files (`.ttf`, `.otf`) of a theme's `fonts/`, in name order.
fn theme_fonts(root: &Path, dir: &Path) -> Result<Vec<Vec<u8>>, Diagnostic> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut fonts = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        // A folder that cannot be read is said, not skipped: a missing font
        // would change every card without a word.
        let entry = entry
            .map_err(|e| Diagnostic::error("unreadable", display_path(root, dir), e.to_string()))?;
        let ext = entry.path().extension().map(|e| e.to_ascii_lowercase());
        if entry.file_type().is_file() && ext.is_some_and(|e| e == "ttf" || e == "otf") {
            fonts.push(read_theme_file(root, entry.path())?);
        }
    }
    Ok(fonts)
}

/// A file of the theme, or `unreadable` at its path.
fn read_theme_file(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    fsio::read(path)
        .map_err(|e| Diagnostic::error("unreadable", display_path(root, path), e.to_string()))
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
                let bytes = read_theme_file(root, entry.path())?;
                files.push(OutputFile {
                    path: display_path(&static_dir, entry.path()),
                    bytes,
                });
            }
        }
    }
    Ok((tera, files))
}

/// Refuse a template that calls `get_env`, Tera's one function that reads
/// outside the page's data: the page would depend on the machine that built
/// it, and a build that keeps unchanged pages (`render::memo`) could keep a
/// stale one. Found here, at load, so `check` finds it before `build`.
fn refuse_environment(root: &Path, dirs: &[std::path::PathBuf]) -> Result<(), Diagnostic> {
    let files = dirs
        .iter()
        .filter(|d| d.is_dir())
        .flat_map(|d| walkdir::WalkDir::new(d).sort_by_file_name())
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file());
    for entry in files {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let Some(at) = text.find("get_env") else {
            continue;
        };
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        return Err(Diagnostic::error(
            "template",
            display_path(root, entry.path()),
            "mẫu trang dùng `get_env` (đọc biến môi trường của máy dựng): trang sẽ khác nhau tùy máy dựng, nên không được dùng",
        )
        .at(line, column)
        .hint("bỏ `get_env` khỏi mẫu trang; điều cần hiện trên trang thì ghi vào site.yaml"));
    }
    Ok(())
}

fn template_error(path: &str, err: &tera::Error) -> Diagnostic {
    Diagnostic::error("template", path, error_chain(err))
        .hint("sửa mẫu trang (Tera) theo thông báo trên")
}
