//! `check`: read and check the whole site and build its model; writes nothing.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use serde::Deserialize;

use super::cache::{Had, Known, ParseCache, Parsed};
use super::options::{BuildOptions, Checked, Timings};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::validate::address;
use crate::domain::{rules, story, validate};
use crate::office::checks;
use crate::policy::{self, HeldBack, PublicStory};
use crate::render::theme;
use crate::site::model::{Page, SiteModel};
use crate::site::urls;

use crate::source::config::{self, SiteConfig, StoryRules};
use crate::source::image_cache::ImageCache;
use crate::source::registry::{self, Registry};
use crate::source::{front_matter, images, load, yaml};
use crate::text::file_name::safe_slug;
use crate::text::markdown;
use crate::text::personal_data::PublicNumbers;
use crate::text::vietnamese;
use story::Story;

/// Read and check the whole site, and build its model; writes nothing.
pub fn check(opts: &BuildOptions) -> Result<Checked, Diagnostics> {
    check_with(opts, &mut ParseCache::one_off())
}

/// Like `check`, reusing what `cache` knows about unchanged story files.
pub fn check_with(opts: &BuildOptions, cache: &mut ParseCache) -> Result<Checked, Diagnostics> {
    let root = &opts.root;
    let mut diags = Diagnostics::default();
    let mut timings = Timings::default();
    let mut clock = Instant::now();

    let config = read_config(root, opts, &mut diags);
    let registry = read_registry(root, &mut diags);
    let loaded = cache.load_content(root, &mut diags);
    timings.lap("read files", &mut clock);
    let Some(registry) = registry else {
        // Without the registry no story can be checked; report what we have.
        return Err(diags);
    };

    // Without a site.yaml no number is public: stories are still checked.
    let rules_of_site = config.as_ref().map(|c| c.story_rules()).unwrap_or_default();
    let public = &rules_of_site.public;
    let sources = Sources {
        registry: &registry,
        files: &loaded.stories,
        assets: &loaded.assets,
        rules: &rules_of_site,
    };
    let (stories, stories_reused) = parse_stories(opts, cache, &sources, &mut diags);
    timings.lap("parse and validate stories", &mut clock);
    rules::check_across(&stories, &rules_of_site.plan, &mut diags);
    address::check_unique(&stories, urls::story, &mut diags);
    let base_path = config
        .as_ref()
        .map(|c| c.base_path())
        .unwrap_or_else(|| "/".into());
    let pages = read_pages(&loaded.pages, &base_path, public, &mut diags);
    let theme = read_theme(root, config.as_ref(), cache, &mut diags);
    let stories_read = stories.len();
    let published = published_only(stories, &registry, opts.drafts, cache, &mut diags);
    timings.lap("rules, pages, theme", &mut clock);

    if diags.has_errors() {
        return Err(diags);
    }
    let (Some(config), Some(theme)) = (config, theme) else {
        return Err(diags);
    };
    let mut model = SiteModel::build(config, registry, published, pages, cache.model_memo());
    timings.lap("site model", &mut clock);
    let images = ImageCache::beside(&opts.output_dir());
    let shown = Shown {
        root,
        images: &images,
        theme: &theme,
    };
    let assets = shown.check(&mut model, loaded.assets, cache, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    timings.lap("links and images", &mut clock);
    Ok(Checked {
        model,
        theme,
        assets,
        stories_read,
        stories_reused: stories_reused.kept,
        stories_unread: stories_reused.unread,
        notes: diags,
        timings,
    })
}

/// What stories are read from and checked against.
#[derive(Clone, Copy)]
struct Sources<'a> {
    registry: &'a Registry,
    files: &'a [load::StoryFile],
    assets: &'a [load::Asset],
    rules: &'a StoryRules,
}

/// How many story outcomes were kept from the last build, and of those how
/// many without reading the file.
struct Reused {
    kept: usize,
    unread: usize,
}

/// Every story file, parsed and validated, or taken from `cache` when its
/// file is unchanged; the errors of the others go into `diags`. With how
/// many outcomes came from the record the last build kept, and of those
/// how many without reading the file.
fn parse_stories(
    opts: &BuildOptions,
    cache: &mut ParseCache,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> (Vec<Arc<Story>>, Reused) {
    let Sources {
        registry,
        files,
        assets,
        rules,
    } = *sources;
    let asset_paths: Vec<String> = assets.iter().map(|a| a.output_path.clone()).collect();
    cache.keep_only_if_same(registry, &asset_paths, opts.today, rules);
    let parse = |path: &str, text: &str| {
        validate::parse_story(path, text, registry, &asset_paths, opts.today, rules)
    };
    // Reading, decoding and parsing is the slow part: all cores at once.
    // What changed, with each file's outcome: a file held unchanged since
    // the last check (`serve`) stays in the cache as it is.
    let (known, parsed): (Vec<(Option<Known>, Had)>, Vec<Parsed>) = files
        .par_iter()
        .map(|f| {
            if let Some(hit) = cache.get(&f.path, f.stamp) {
                return ((None, Had::Held), hit.parsed.clone());
            }
            let (digest, parsed, had) = cache.outcome(f, |text| parse(&f.path, text));
            let known = Known {
                stamp: f.stamp,
                digest,
                // Taken before the bytes were read: should the file change
                // in between, its stamp changes too, and is never met again.
                settled: f.settled,
                parsed: parsed.clone(),
            };
            ((Some(known), had), parsed)
        })
        .unzip();
    let count = |what: &[Had]| known.iter().filter(|k| what.contains(&k.1)).count();
    let reused = Reused {
        kept: count(&[Had::Kept, Had::KeptUnread]),
        unread: count(&[Had::KeptUnread]),
    };
    cache.replace(files, known.into_iter().map(|(k, _)| k));
    let mut stories = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(s) => {
                diags.extend(s.notes.iter().cloned());
                stories.push(s)
            }
            Err(d) => diags.extend(d.sorted()),
        }
    }
    (stories, reused)
}

/// The theme named in the configuration (or `default`), from `cache` while
/// its files are unchanged.
fn read_theme(
    root: &Path,
    config: Option<&SiteConfig>,
    cache: &mut ParseCache,
    diags: &mut Diagnostics,
) -> Option<Arc<theme::Theme>> {
    let theme_name = config.map(|c| c.theme.as_str()).unwrap_or("default");
    // A theme folder linked out of `themes/` is refused before anything in it is read.
    match (config, theme::is_confined(root, theme_name)) {
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
    }
}

/// The stories to publish; each one left out is noted, with why.
fn published_only(
    stories: Vec<Arc<Story>>,
    registry: &Registry,
    drafts: bool,
    cache: &mut ParseCache,
    diags: &mut Diagnostics,
) -> Vec<Arc<PublicStory>> {
    let keep = cache.keeps_stories();
    let made = &*cache;
    // Each story on its own, on all cores; the notes keep the stories' order.
    let outcomes: Vec<Result<Option<Published>, Vec<Diagnostic>>> = stories
        .into_par_iter()
        .map(|s| {
            let held = policy::every_reason_held_back(&s, drafts);
            if !held.is_empty() {
                return Err(held
                    .into_iter()
                    .map(|why| unpublished_note(&s, why))
                    .collect());
            }
            if let Some(public) = made.public_form(&s, drafts) {
                return Ok(Some((public, Some(s))));
            }
            let kept = keep.then(|| s.clone());
            // A one-off check holds the only copy of each story: its body
            // is moved into the public story, and the rest freed as we go.
            let public = match Arc::try_unwrap(s) {
                Ok(owned) => policy::publish_owned(owned, registry, drafts),
                Err(shared) => policy::publish(&shared, registry, drafts),
            };
            Ok(public.map(|p| (Arc::new(p), kept)))
        })
        .collect();
    let mut published = Vec::with_capacity(outcomes.len());
    let mut forms = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(Some((public, story))) => {
                forms.extend(story.map(|s| (s, public.clone())));
                published.push(public);
            }
            Ok(None) => {}
            Err(notes) => diags.extend(notes),
        }
    }
    cache.keep_public(forms, drafts);
    published
}

/// A story's public form, with the parse it was made from when the cache
/// keeps it for the next check.
type Published = (Arc<PublicStory>, Option<Arc<Story>>);

/// What the published pages show, and what it is checked against.
struct Shown<'a> {
    root: &'a Path,
    images: &'a ImageCache,
    theme: &'a theme::Theme,
}

impl Shown<'_> {
    /// Links, content and images checked against what is published; returns
    /// the images a published page shows, and gives each photo its size.
    fn check(
        &self,
        model: &mut SiteModel,
        assets: Vec<load::Asset>,
        cache: &mut ParseCache,
        diags: &mut Diagnostics,
    ) -> Vec<load::Asset> {
        // Only images that a published page shows are published: the photo of a
        // withdrawn, draft or unconsented story, or of a minor who did not allow
        // it, stays out of the site even at a guessable address.
        let used = checks::images_in_use(model);
        let assets: Vec<load::Asset> = assets
            .into_iter()
            .filter(|a| used.contains(&a.output_path))
            .collect();
        // Against what is published: a link to an image no page shows is broken.
        diags.extend(checks::link_checks(model, self.theme, &assets).sorted());
        diags.extend(checks::weak_content(model).sorted());
        // Anything but JPEG, PNG and WebP was refused where it is referenced
        // (`image-format`) and is never published, not even as it is.
        let assets: Vec<load::Asset> = assets
            .into_iter()
            .filter(|a| images::is_image(&a.output_path))
            .collect();
        let (problems, sizes) = cache.asset_problems(self.root, self.images, &assets);
        diags.extend(problems);
        for story in &mut model.stories {
            let src = match &story.photo {
                Some(photo) => photo.src.trim_start_matches('/'),
                None => continue,
            };
            if let Some(size) = sizes.get(src).copied() {
                if let Some(photo) = Arc::make_mut(story).photo.as_mut() {
                    photo.size = Some(size);
                }
            }
        }
        assets
    }
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
            .hint("mở cửa sổ lệnh trong thư mục của trang (thư mục có tệp site.yaml và thư mục content) hoặc trong thư mục của bài, rồi chạy lại lệnh; người quản trị có thể chỉ thư mục của trang bằng `--root`"),
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

/// Where the story read from `source` stands on the site, when it is
/// published: what `check <file>` tells its writer.
pub fn story_address(checked: &Checked, source: &str) -> Option<String> {
    let model = &checked.model;
    let i = model.stories.iter().position(|s| s.source == source)?;
    Some(format!(
        "{}{}",
        model.base_path,
        urls::story(model.story_slugs.get(i)?)
    ))
}

/// Where a new story whose title makes `slug` will stand once published
/// (unless an older story has that title too): what `new` tells its writer.
pub fn new_story_address(root: &Path, slug: &str) -> String {
    let base = std::fs::read_to_string(root.join(config::CONFIG_FILE))
        .ok()
        .and_then(|text| SiteConfig::parse(&text).ok())
        .map_or_else(|| "/".to_string(), |c| c.base_path());
    format!("{base}{}", urls::story(slug))
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

fn read_pages(
    files: &[load::SourceFile],
    base_path: &str,
    public: &PublicNumbers,
    diags: &mut Diagnostics,
) -> Vec<Page> {
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
                // Pages skip story validation, not the privacy of free text.
                diags.extend(page_personal_data(&f.path, &split, &fm, public));
                let stem = f
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(".md");
                pages.push(Page {
                    slug: safe_slug(vietnamese::slugify(stem)),
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

/// Phone numbers, e-mails, ID numbers and house addresses in a free page.
fn page_personal_data(
    path: &str,
    split: &front_matter::Split,
    fm: &PageFrontMatter,
    public: &PublicNumbers,
) -> Vec<Diagnostic> {
    use validate::personal_data::{in_body, in_front_matter, Field};
    let loc = yaml::Locator::new(split.yaml, split.yaml_first_line);
    let mut fields = vec![Field {
        label: "tiêu đề (`title`)".into(),
        text: &fm.title,
        at: loc.value(&[yaml::Seg::Key("title")]),
    }];
    if let Some(summary) = &fm.summary {
        fields.push(Field {
            label: "tóm tắt (`summary`)".into(),
            text: summary,
            at: loc.value(&[yaml::Seg::Key("summary")]),
        });
    }
    let mut found = in_front_matter(path, &loc, &fields, public);
    found.extend(in_body(path, split.body, split.body_first_line, public));
    found
}

fn unpublished_note(s: &Story, why: HeldBack) -> Diagnostic {
    if why == HeldBack::NotDecided {
        return not_decided_note(s);
    }
    let (code, why, hint) = if why == HeldBack::NoConsent {
        (
            "no-consent",
            "chưa có sự đồng ý đăng lên trang web (`web` trong `channels` của `consent`)",
            "khi đã có văn bản đồng ý, thay cả nhóm consent bằng dòng dưới đây, ghi ngày ký văn bản thay cho YYYY-MM-DD và chỉ giữ những nơi được đồng ý; người dưới 16 tuổi thì ghi by: cha-me (hoặc nguoi-giam-ho) và thêm name: \"họ tên người đó\". Xem mục “Sự đồng ý công bố” trong docs/huong-dan-viet-bai.md. Dòng đúng (chép nguyên dòng dưới đây):\n      consent: { by: nguoi-duoc-khen, date: YYYY-MM-DD, channels: [web, ban-tin, phat-thanh] }",
        )
    } else if why == HeldBack::Withdrawn {
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
        .at_pos(s.spans.unpublished_position)
        .hint(hint)
}

/// A story whose awards are all proposals: kept off the site until a
/// decision is recorded.
fn not_decided_note(s: &Story) -> Diagnostic {
    Diagnostic::warning(
        "not-decided",
        &s.source,
        "bài chưa được đăng: chưa có quyết định khen thưởng (mới là đề nghị)",
    )
    .at_pos(s.spans.award_positions.first().copied())
    .hint("khi có quyết định, thêm vào danh hiệu dòng `decision: { number: \"…/QĐ-…\", date: YYYY-MM-DD, issuer: <mã người ký> }` (mã người ký trong mục `issuers` của content/registry.yaml); bài sẽ được đăng và đọc trên loa")
}
