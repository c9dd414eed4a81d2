//! What `serve` keeps between checks: parsed stories, the theme, and which
//! images can be published, each reused while its file is unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::story;
use crate::render::theme;
use crate::source::config::StoryRules;
use crate::source::image_cache::{self, ImageCache};
use crate::source::images::{self, Size};
use crate::source::load;
use crate::source::registry::Registry;
use story::Story;

pub(super) type Stamp = (std::time::SystemTime, u64);

/// Whether an image can be published, and at what size.
type Verdict = Result<images::Checked, Diagnostic>;

/// Every file of a theme (and of `templates/`) with its stamp.
pub(super) type ThemeStamps = Vec<(PathBuf, Option<Stamp>)>;

/// A story file's outcome: the story (shared, so keeping it costs nothing) or its errors.
pub(super) type Parsed = Result<Arc<Story>, Diagnostics>;

/// Parsed stories kept between checks (`serve`): a file whose modification
/// time and length did not change is not read or parsed again. Cleared when
/// what parsing depends on (the registry, the images, the date, the
/// story rules of site.yaml) changes.
#[derive(Default)]
pub struct ParseCache {
    /// The theme, kept while none of its files (nor `templates/`) changed.
    theme: Option<(ThemeStamps, Arc<theme::Theme>)>,
    context: Option<CacheContext>,
    stories: HashMap<String, (Stamp, Parsed)>,
    /// Whether each published asset can be published, kept while unchanged:
    /// `serve` checks after every edit and must not re-read every photo.
    assets: HashMap<PathBuf, (Stamp, Verdict)>,
    /// For a single check (`build`, `check`): parsed stories are not kept,
    /// so each is freed once published instead of held to the end.
    one_off: bool,
}

/// What a parsed story depends on besides its own file.
#[derive(PartialEq)]
struct CacheContext {
    registry: Registry,
    assets: Vec<String>,
    today: NaiveDate,
    rules: StoryRules,
}

impl ParseCache {
    /// A cache for one check, which keeps no parsed story.
    pub(super) fn one_off() -> ParseCache {
        ParseCache {
            one_off: true,
            ..ParseCache::default()
        }
    }

    pub(super) fn keep_only_if_same(
        &mut self,
        registry: &Registry,
        assets: &[String],
        today: NaiveDate,
        rules: &StoryRules,
    ) {
        let context = CacheContext {
            registry: registry.clone(),
            assets: assets.to_vec(),
            today,
            rules: rules.clone(),
        };
        if self.context.as_ref() != Some(&context) {
            self.stories.clear();
            self.context = Some(context);
        }
    }

    /// Every asset that cannot be published (and every one worth a
    /// warning), each found once per change; and the published size of the
    /// others, by output path.
    pub(super) fn asset_problems(
        &mut self,
        root: &Path,
        images: &ImageCache,
        assets: &[load::Asset],
    ) -> (Vec<Diagnostic>, HashMap<String, Size>) {
        let verdicts: Vec<(PathBuf, Option<Stamp>, Verdict)> = assets
            .par_iter()
            .map(|asset| {
                let stamp = load::stamp(&asset.source);
                let known = self
                    .assets
                    .get(&asset.source)
                    .filter(|(seen, _)| Some(*seen) == stamp);
                let verdict = match known {
                    Some((_, verdict)) => verdict.clone(),
                    None => image_cache::verdict(root, images, asset),
                };
                (asset.source.clone(), stamp, verdict)
            })
            .collect();
        self.assets = verdicts
            .iter()
            .filter_map(|(path, stamp, v)| Some((path.clone(), ((*stamp)?, v.clone()))))
            .collect();
        let mut problems = Vec::new();
        let mut sizes = HashMap::new();
        for (asset, (_, _, verdict)) in assets.iter().zip(verdicts) {
            match verdict {
                Ok(checked) => {
                    problems.extend(image_cache::large_warning(root, asset, &checked));
                    sizes.insert(asset.output_path.clone(), checked.size);
                }
                Err(d) => problems.push(d),
            }
        }
        (problems, sizes)
    }

    pub(super) fn get(&self, path: &str, stamp: Option<Stamp>) -> Option<&Parsed> {
        let (cached, result) = self.stories.get(path)?;
        (Some(*cached) == stamp).then_some(result)
    }

    pub(super) fn theme(
        &mut self,
        root: &Path,
        name: &str,
    ) -> Result<Arc<theme::Theme>, Diagnostic> {
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

    pub(super) fn replace(
        &mut self,
        entries: impl Iterator<Item = (String, Option<Stamp>, Parsed)>,
    ) {
        if self.one_off {
            return;
        }
        self.stories = entries
            .filter_map(|(path, stamp, result)| Some((path, (stamp?, result))))
            .collect();
    }
}
