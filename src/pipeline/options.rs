//! What a build is asked to do, and what it reports back.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;

use crate::diagnostics::Diagnostics;
use crate::render::theme;
use crate::site::model::SiteModel;
use crate::source::load;

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
    pub(super) fn lap(&mut self, stage: &'static str, since: &mut Instant) {
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
