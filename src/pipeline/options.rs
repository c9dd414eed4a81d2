//! What a build is asked to do, and what it reports back.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    pub stages: Vec<Stage>,
}

/// One stage of a build and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub name: &'static str,
    pub took: Duration,
    /// Set for a part of another stage (the name of that stage): it ran
    /// within that stage's time, so it is not counted again in the total.
    pub part_of: Option<&'static str>,
}

impl Timings {
    pub(super) fn lap(&mut self, name: &'static str, since: &mut Instant) {
        let now = Instant::now();
        self.stages.push(Stage {
            name,
            took: now - *since,
            part_of: None,
        });
        *since = now;
    }

    /// Record `name` as a part of the last stage recorded.
    pub(super) fn part(&mut self, name: &'static str, took: Duration) {
        let part_of = self.stages.last().map(|s| s.part_of.unwrap_or(s.name));
        self.stages.push(Stage {
            name,
            took,
            part_of,
        });
    }

    /// The sum of the stages, each part counted once (in its stage).
    pub fn total(&self) -> Duration {
        self.stages
            .iter()
            .filter(|s| s.part_of.is_none())
            .map(|s| s.took)
            .sum()
    }
}

/// What a successful build did; `notes` are warnings worth showing.
#[derive(Debug)]
pub struct BuildReport {
    pub stories_read: usize,
    /// Story files not parsed again: their outcome was kept from the last
    /// build (`stored.rs`).
    pub stories_reused: usize,
    /// Of those, story files not even read: settled, with the stamp the
    /// record kept (`load::Settled`).
    pub stories_unread: usize,
    pub stories_published: usize,
    pub pages_rendered: usize,
    /// Of those, pages kept from the last build (same template, same
    /// context), not rendered again.
    pub pages_kept: usize,
    /// Of those, pages kept without even their context made: only the
    /// bodies of some stories changed, and not one the page shows.
    pub pages_unmade: usize,
    /// Pages rendered from a template (the others: feeds, sitemaps,
    /// scripts), which are the pages that can be kept.
    pub pages_templated: usize,
    /// Files of the search index under `search/`.
    pub index_files: usize,
    /// Published stories whose search terms (syllables and pairs) came
    /// from the last build's record, not made again from their text.
    pub search_terms_reused: usize,
    /// Files of the search index kept from the last build without being
    /// made: no story that changed touches them.
    pub search_files_unmade: usize,
    pub files_written: usize,
    pub files_unchanged: usize,
    /// Bytes of every file of the output.
    pub output_bytes: u64,
    /// The share cards (a PNG per story and the site's), part of the output.
    pub share_cards: OutputSize,
    /// Nothing was rendered or written: the inputs and the output were as
    /// the last build left them (the site was still checked).
    pub kept_as_is: bool,
    pub notes: Diagnostics,
    pub timings: Timings,
}

/// Files and bytes of a part of the output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutputSize {
    pub files: usize,
    pub bytes: u64,
}

/// A site that passed every check, ready to render.
pub struct Checked {
    pub model: SiteModel,
    pub theme: Arc<theme::Theme>,
    /// Images shown by a published page (the others are never published).
    pub assets: Vec<load::Asset>,
    pub stories_read: usize,
    /// Of those, the stories whose outcome was kept from the last build.
    pub stories_reused: usize,
    /// Of those, the stories whose file was not even read (`load::Settled`).
    pub stories_unread: usize,
    pub notes: Diagnostics,
    pub timings: Timings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_shown_but_not_counted_twice() {
        let mut t = Timings::default();
        let mut clock = Instant::now() - Duration::from_millis(5);
        t.lap("render", &mut clock);
        t.part("of which search index", Duration::from_millis(3));
        let render = t.stages[0].took;
        assert_eq!(t.stages[1].part_of, Some("render"));
        assert_eq!(t.total(), render, "the part ran within its stage");
    }
}
