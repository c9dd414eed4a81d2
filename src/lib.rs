//! bangvang: a static site generator for "Người tốt, việc tốt" honor boards.
//!
//! The pipeline, one module per stage:
//! `load` → `front_matter`/`story` (validate) → `rules` → `model` →
//! `render` (templates via `views`) → `write` (atomic swap of the output).
//! The library never prints; it returns a report or `Diagnostics`.

pub mod broadcast;
pub mod channels;
pub mod charts;
pub mod checks;
pub mod config;
pub mod diagnostics;
pub mod feeds;
pub mod front_matter;
pub mod fsio;
pub mod images;
pub mod load;
pub mod markdown;
pub mod model;
pub mod new_story;
pub mod pages;
pub mod registry;
pub mod render;
pub mod report;
pub mod rules;
pub mod search;
pub mod serve;
pub mod spoken;
pub mod story;
pub mod swap;
pub mod theme;
pub mod urls;
pub mod validate;
pub mod vietnamese;
pub mod views;
pub mod watch;
pub mod write;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Deserialize;

use config::SiteConfig;
use diagnostics::{Diagnostic, Diagnostics};
use model::{Page, SiteModel};
use registry::Registry;
use render::OutputFile;
use story::Story;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds `site.yaml`, `content/`, `themes/`).
    pub root: PathBuf,
    /// Where the site is written; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Also publish stories marked `draft: true`.
    pub drafts: bool,
    /// Deed dates after this day are errors (normally today).
    pub today: NaiveDate,
    /// Called once when another build is writing into the same output and
    /// this one waits for it (the library never prints; `main` says so).
    pub on_wait: Option<fn()>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            today: chrono::Local::now().date_naive(),
            on_wait: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// Wall time of each stage of a build, for `build --timings`.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    fn lap(&mut self, stage: &'static str, since: &mut Instant) {
        let now = Instant::now();
        self.stages.push((stage, now - *since));
        *since = now;
    }

    /// The sum of the stages (lines starting with a space are parts of the
    /// stage before them, not counted twice).
    pub fn total(&self) -> std::time::Duration {
        self.stages
            .iter()
            .filter(|(s, _)| !s.starts_with(' '))
            .map(|(_, d)| *d)
            .sum()
    }
}

/// What a successful build did; `notes` are warnings worth showing.
#[derive(Debug)]
pub struct BuildReport {
    pub stories_read: usize,
    pub stories_published: usize,
    pub pages_rendered: usize,
    /// Files of the search index under `search/`.
    pub index_files: usize,
    pub files_written: usize,
    pub files_unchanged: usize,
    pub notes: Diagnostics,
    pub timings: Timings,
}

/// A site that passed every check, ready to render.
pub struct Checked {
    pub model: SiteModel,
    pub theme: Arc<theme::Theme>,
    /// Images shown by a published page (the others are never published).
    pub assets: Vec<load::Asset>,
    pub stories_read: usize,
    pub notes: Diagnostics,
    pub timings: Timings,
}

/// Build the site and write it, or change nothing and return every error.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let output = opts.output_dir();
    let out_name = diagnostics::display_path(&opts.root, &output);
    // One wording for every failure to write the output.
    let write_error = |e: &dyn std::fmt::Display| {
        Diagnostic::error("write", &out_name, e.to_string())
            .hint("kiểm tra quyền ghi và dung lượng đĩa; trang cũ vẫn được giữ nguyên")
    };
    let write_failed = |e: write::WriteError| {
        one(Diagnostic::error(e.code(), &out_name, e.to_string()).hint(e.hint()))
    };
    // First, before reading the site: the output is locked for the whole
    // build, and a swap a crash interrupted is recovered even if this
    // build then fails on its content.
    let on_wait = opts.on_wait.unwrap_or(|| ());
    let staging = write::Staging::begin(&output, &on_wait).map_err(write_failed)?;
    let checked = check(opts)?;
    let mut timings = checked.timings;
    let mut clock = Instant::now();
    let emit = |f: OutputFile| {
        staging
            .write(&f.path, &f.bytes)
            .map_err(|e| write_error(&e))
    };
    // Pages and the search index are independent: build both at once.
    let (pages, (index, index_time)) = rayon::join(
        || render::Plan::new(&checked.theme.tera, &checked.model).render_all(&emit),
        || {
            let started = Instant::now();
            let index = search::build_index(&checked.model, &emit);
            (index, started.elapsed())
        },
    );
    let pages = pages?;
    let index_files = index.map_err(one)?;
    timings.lap("render pages and search index, write", &mut clock);
    // Not a stage of its own (it ran alongside the pages): shown for the record.
    timings
        .stages
        .push(("  of which search index (alongside the pages)", index_time));
    for f in &checked.theme.static_files {
        emit(f.clone()).map_err(one)?;
    }
    // Images lose their metadata (GPS!) on the way out.
    let asset_errors: Vec<Diagnostic> = checked
        .assets
        .par_iter()
        .filter_map(|asset| match publishable_asset(&opts.root, asset) {
            Ok(bytes) => staging
                .write(&asset.output_path, &bytes)
                .err()
                .map(|e| write_error(&e)),
            Err(d) => Some(d),
        })
        .collect();
    if !asset_errors.is_empty() {
        let mut d = Diagnostics::default();
        d.extend(asset_errors);
        return Err(d);
    }
    timings.lap("static files and images", &mut clock);
    let stats = staging.commit().map_err(write_failed)?;
    timings.lap("swap output", &mut clock);
    Ok(BuildReport {
        stories_read: checked.stories_read,
        stories_published: checked.model.stories.len(),
        pages_rendered: pages,
        index_files,
        files_written: stats.written,
        files_unchanged: stats.unchanged,
        notes: checked.notes,
        timings,
    })
}

/// The bytes an asset is published with: an image without its metadata.
/// `check` runs it too, so an image that would fail the build fails the check.
fn publishable_asset(root: &Path, asset: &load::Asset) -> Result<Vec<u8>, Diagnostic> {
    let rel = diagnostics::display_path(root, &asset.source);
    let bytes = fsio::read(&asset.source).map_err(|e| {
        Diagnostic::error("unreadable", &rel, e.to_string()).hint("kiểm tra quyền đọc của tệp")
    })?;
    if !images::is_image(&asset.output_path) {
        return Ok(bytes);
    }
    images::strip_metadata(bytes).map_err(|why| {
        Diagnostic::error("bad-image", &rel, why)
            .hint("mở ảnh bằng phần mềm xem ảnh và lưu lại dưới dạng JPEG hoặc PNG")
    })
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

/// Read and check the whole site, and build its model; writes nothing.
pub fn check(opts: &BuildOptions) -> Result<Checked, Diagnostics> {
    check_with(opts, &mut ParseCache::default())
}

type Stamp = (std::time::SystemTime, u64);

/// Every file of a theme (and of `templates/`) with its stamp.
type ThemeStamps = Vec<(PathBuf, Option<Stamp>)>;

/// A story file's outcome: the story (shared, so keeping it costs nothing) or its errors.
type Parsed = Result<Arc<Story>, Diagnostics>;

/// Parsed stories kept between checks (`serve`): a file whose modification
/// time and length did not change is not read or parsed again. Cleared when
/// what parsing depends on (the registry, the images, the date) changes.
#[derive(Default)]
pub struct ParseCache {
    /// The theme, kept while none of its files (nor `templates/`) changed.
    theme: Option<(ThemeStamps, Arc<theme::Theme>)>,
    context: Option<CacheContext>,
    stories: std::collections::HashMap<String, (Stamp, Parsed)>,
    /// Whether each published asset can be published, kept while unchanged:
    /// `serve` checks after every edit and must not re-read every photo.
    assets: std::collections::HashMap<PathBuf, (Stamp, Option<Diagnostic>)>,
}

/// What a parsed story depends on besides its own file.
#[derive(PartialEq)]
struct CacheContext {
    registry: Registry,
    assets: Vec<String>,
    today: NaiveDate,
}

impl ParseCache {
    fn keep_only_if_same(&mut self, registry: &Registry, assets: &[String], today: NaiveDate) {
        let context = CacheContext {
            registry: registry.clone(),
            assets: assets.to_vec(),
            today,
        };
        if self.context.as_ref() != Some(&context) {
            self.stories.clear();
            self.context = Some(context);
        }
    }

    /// Every asset that cannot be published, each found once per change.
    fn asset_problems(&mut self, root: &Path, assets: &[load::Asset]) -> Vec<Diagnostic> {
        let verdicts: Vec<(PathBuf, Option<Stamp>, Option<Diagnostic>)> = assets
            .par_iter()
            .map(|asset| {
                let stamp = load::stamp(&asset.source);
                let known = self
                    .assets
                    .get(&asset.source)
                    .filter(|(seen, _)| Some(*seen) == stamp);
                let verdict = match known {
                    Some((_, verdict)) => verdict.clone(),
                    None => publishable_asset(root, asset).err(),
                };
                (asset.source.clone(), stamp, verdict)
            })
            .collect();
        self.assets = verdicts
            .iter()
            .filter_map(|(path, stamp, v)| Some((path.clone(), ((*stamp)?, v.clone()))))
            .collect();
        verdicts.into_iter().filter_map(|(_, _, v)| v).collect()
    }

    fn get(&self, path: &str, stamp: Option<Stamp>) -> Option<&Parsed> {
        let (cached, result) = self.stories.get(path)?;
        (Some(*cached) == stamp).then_some(result)
    }

    fn theme(&mut self, root: &Path, name: &str) -> Result<Arc<theme::Theme>, Diagnostic> {
        let mut files: Vec<(PathBuf, Option<Stamp>)> =
            [root.join("themes").join(name), root.join("templates")]
                .iter()
                .flat_map(|dir| {
                    walkdir::WalkDir::new(dir)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_map(Result::ok)
                })
                .map(|e| (e.path().to_path_buf(), load::stamp(e.path())))
                .collect();
        files.push((PathBuf::from(name), None));
        if let Some((known, theme)) = &self.theme {
            if *known == files {
                return Ok(theme.clone());
            }
        }
        let theme = Arc::new(theme::load(root, name)?);
        self.theme = Some((files, theme.clone()));
        Ok(theme)
    }

    /// Every story that parsed, in path order (published or not).
    pub fn stories(&self) -> Vec<Arc<Story>> {
        let mut list: Vec<(&String, &Arc<Story>)> = self
            .stories
            .iter()
            .filter_map(|(path, (_, r))| r.as_ref().ok().map(|s| (path, s)))
            .collect();
        list.sort_by(|a, b| a.0.cmp(b.0));
        list.into_iter().map(|(_, s)| s.clone()).collect()
    }

    fn replace(&mut self, entries: impl Iterator<Item = (String, Option<Stamp>, Parsed)>) {
        self.stories = entries
            .filter_map(|(path, stamp, result)| Some((path, (stamp?, result))))
            .collect();
    }
}

/// Like `check`, reusing what `cache` knows about unchanged story files.
pub fn check_with(opts: &BuildOptions, cache: &mut ParseCache) -> Result<Checked, Diagnostics> {
    let root = &opts.root;
    let mut diags = Diagnostics::default();
    let mut timings = Timings::default();
    let mut clock = Instant::now();

    let config = read_config(root, opts, &mut diags);
    let registry = read_registry(root, &mut diags);
    let loaded = load::load_content(root, &mut diags);
    timings.lap("read files", &mut clock);
    let Some(registry) = registry else {
        // Without the registry no story can be checked; report what we have.
        return Err(diags);
    };

    let asset_paths: Vec<String> = loaded
        .assets
        .iter()
        .map(|a| a.output_path.clone())
        .collect();
    cache.keep_only_if_same(&registry, &asset_paths, opts.today);
    // Reading, decoding and parsing is the slow part: all cores at once.
    let parsed: Vec<(String, Option<Stamp>, Parsed)> = loaded
        .stories
        .par_iter()
        .map(|f| {
            if let Some(hit) = cache.get(&f.path, f.stamp) {
                return (f.path.clone(), f.stamp, hit.clone());
            }
            let result = f
                .read()
                .map_err(one)
                .and_then(|text| {
                    story::parse_story(&f.path, &text, &registry, &asset_paths, opts.today)
                })
                .map(Arc::new);
            (f.path.clone(), f.stamp, result)
        })
        .collect();
    cache.replace(
        parsed
            .iter()
            .map(|(path, stamp, result)| (path.clone(), *stamp, result.clone())),
    );
    let mut stories = Vec::with_capacity(parsed.len());
    for (_, _, p) in parsed {
        match p {
            Ok(s) => stories.push(s),
            Err(d) => diags.extend(d.sorted()),
        }
    }
    timings.lap("parse and validate stories", &mut clock);
    rules::check_duplicate_deeds(&stories, &mut diags);
    let base_path = config
        .as_ref()
        .map(|c| c.base_path())
        .unwrap_or_else(|| "/".into());
    let pages = read_pages(&loaded.pages, &base_path, &mut diags);
    let theme_name = config
        .as_ref()
        .map(|c| c.theme.as_str())
        .unwrap_or("default");
    // A theme folder linked out of `themes/` is refused before anything in it is read.
    let theme = match (&config, theme::is_confined(root, theme_name)) {
        (Some(c), false) => {
            diags.push(c.theme_error("là liên kết trỏ ra ngoài themes/"));
            None
        }
        _ => match cache.theme(root, theme_name) {
            Ok(t) => Some(t),
            Err(d) => {
                diags.push(d);
                None
            }
        },
    };

    let stories_read = stories.len();
    let mut published = Vec::with_capacity(stories.len());
    for s in stories {
        if s.is_published(opts.drafts) {
            published.push(s);
        } else {
            diags.push(unpublished_note(&s));
        }
    }
    timings.lap("rules, pages, theme", &mut clock);

    if diags.has_errors() {
        return Err(diags);
    }
    let (Some(config), Some(theme)) = (config, theme) else {
        return Err(diags);
    };
    let model = SiteModel::build(config, registry, published, pages);
    timings.lap("site model", &mut clock);
    // Only images that a published page shows are published: the photo of a
    // withdrawn, draft or unconsented story, or of a minor who did not allow
    // it, stays out of the site even at a guessable address.
    let used = checks::images_in_use(&model);
    let assets: Vec<load::Asset> = loaded
        .assets
        .into_iter()
        .filter(|a| used.contains(&a.output_path))
        .collect();
    // Against what is published: a link to an image no page shows is broken.
    diags.extend(checks::link_checks(&model, &theme, &assets).sorted());
    diags.extend(checks::weak_content(&model).sorted());
    diags.extend(cache.asset_problems(root, &assets));
    if diags.has_errors() {
        return Err(diags);
    }
    timings.lap("links and images", &mut clock);
    Ok(Checked {
        model,
        theme,
        assets,
        stories_read,
        notes: diags,
        timings,
    })
}

fn read_config(root: &Path, opts: &BuildOptions, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let path = root.join(config::CONFIG_FILE);
    if !path.is_file() {
        diags.push(
            Diagnostic::error(
                "no-config",
                config::CONFIG_FILE,
                "không tìm thấy tệp cấu hình site.yaml",
            )
            .hint("chạy lệnh trong thư mục của trang, hoặc chỉ đường dẫn bằng `--root`"),
        );
        return None;
    }
    let text = load::read_text(root, &path, diags)?;
    match SiteConfig::parse(&text) {
        Ok(mut c) => {
            if let Some(base) = &opts.base_url {
                c.base_url = base.clone();
            }
            Some(c)
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// The registry alone, if it reads cleanly (for reports when stories fail).
pub fn load_registry(root: &Path) -> Option<Registry> {
    read_registry(root, &mut Diagnostics::default())
}

fn read_registry(root: &Path, diags: &mut Diagnostics) -> Option<Registry> {
    let path = root.join(registry::REGISTRY_FILE);
    if !path.is_file() {
        diags.push(Diagnostic::error("no-registry", registry::REGISTRY_FILE, "không tìm thấy danh mục content/registry.yaml").hint("danh mục khai báo các cấp khen, đơn vị, lĩnh vực, đối tượng và chuyên đề; xem docs/schema.md"));
        return None;
    }
    let text = load::read_text(root, &path, diags)?;
    match Registry::parse(&text) {
        Ok(r) => Some(r),
        Err(d) => {
            diags.extend(d.sorted());
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFrontMatter {
    title: String,
    #[serde(default)]
    summary: Option<String>,
}

fn read_pages(files: &[load::SourceFile], base_path: &str, diags: &mut Diagnostics) -> Vec<Page> {
    let mut pages = Vec::new();
    for f in files {
        let split = match front_matter::split(&f.path, &f.text) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        match yaml::parse::<PageFrontMatter>(&f.path, split.yaml, split.yaml_first_line) {
            Ok(fm) => {
                let stem = f
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(".md");
                pages.push(Page {
                    slug: urls::safe_slug(vietnamese::slugify(stem)),
                    title: fm.title,
                    summary: fm.summary,
                    html: markdown::render(split.body, base_path),
                    source: f.path.clone(),
                    markdown: split.body.to_string(),
                    body_first_line: split.body_first_line,
                });
            }
            Err(d) => diags.push(d),
        }
    }
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    pages
}

fn unpublished_note(s: &Story) -> Diagnostic {
    let (code, why, hint) = if !s.consent {
        (
            "no-consent",
            "chưa có sự đồng ý công bố của người được khen (`consent: false`)",
            "khi người được khen đồng ý bằng văn bản, đổi thành `consent: true`",
        )
    } else if s.withdrawn {
        (
            "withdrawn",
            "đã rút (`withdrawn: true`)",
            "bài đã rút không xuất hiện ở bất kỳ trang nào",
        )
    } else {
        (
            "draft",
            "là bản nháp (`draft: true`)",
            "dùng `--drafts` để xem thử, hoặc bỏ `draft: true` khi bài sẵn sàng",
        )
    };
    Diagnostic::warning(code, &s.source, format!("bài không được xuất bản: {why}"))
        .at_pos(s.unpublished_position)
        .hint(hint)
}
