//! What `serve` keeps between checks: parsed stories, the theme, and which
//! images can be published, each reused while its file is unchanged. A
//! build (and `check`) starts it from the outcomes kept beside the output
//! (`stored.rs`), and a build keeps them there again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::stored::{self, Digest, Outcomes};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::story;
use crate::policy::PublicStory;
use crate::render::theme;
use crate::site::model::ModelMemo;
use crate::source::config::StoryRules;
use crate::source::content_index::ContentIndex;
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

pub(super) use stored::Parsed;

/// Parsed stories kept between checks (`serve`): a file whose modification
/// time and length did not change is not read or parsed again. Cleared when
/// what parsing depends on (the registry, the images, the date, the
/// story rules of site.yaml) changes.
#[derive(Default)]
pub struct ParseCache {
    /// The theme, kept while none of its files (nor `templates/`) changed.
    theme: Option<(ThemeStamps, Arc<theme::Theme>)>,
    context: Option<CacheContext>,
    /// Hashed with FxHash, not SipHash: the keys are the site's own paths,
    /// and `serve` looks up every story on every check.
    stories: FxHashMap<String, Known>,
    /// The hash of each story file's bytes as a one-off check read them,
    /// kept when its stories are not: a build hashes its inputs after the
    /// check (`unchanged`), and need not read every story a second time.
    digests: FxHashMap<String, Digest>,
    /// Whether each published asset can be published, kept while unchanged:
    /// `serve` checks after every edit and must not re-read every photo.
    assets: HashMap<PathBuf, (Stamp, Verdict)>,
    /// The record of outcomes to start from, read at the first check.
    record: Option<PathBuf>,
    /// What that record held for this context, until the check used it.
    kept: Outcomes,
    /// `stored::context_key` of the last check, when it read the record.
    context_key: Option<String>,
    /// For a single check (`build`): parsed stories are not kept, so each
    /// is freed once published instead of held to the end.
    one_off: bool,
    /// Where a one-off check writes the record, as soon as the stories are
    /// parsed (each outcome depends only on its file and the context).
    write_to: Option<PathBuf>,
    /// `serve`: the public form of each story the last check published, by
    /// file, with the parsed story it was made from and whether drafts were
    /// published. Reused while that parse is (`Arc::ptr_eq`): after an edit
    /// the gate copies one story, not every story's body.
    public: FxHashMap<String, (Arc<Story>, bool, Arc<PublicStory>)>,
    /// `serve`: what `content/` held at the last check and the paths its
    /// watcher reported since (`note_changes`); none for any other check,
    /// which walks `content/`.
    watched: Option<Watched>,
    /// What the last model worked out, for the next (`serve` only).
    model: ModelMemo,
}

/// How a check had a story file's outcome.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Had {
    /// Held by `serve` since its last check: the same time and length.
    Held,
    /// Read and parsed (or found unreadable).
    Parsed,
    /// Read, and kept from the last build: the same bytes.
    Kept,
    /// Kept from the last build without reading the file: the same
    /// settled stamp.
    KeptUnread,
}

/// What the cache knows of one story file.
pub(super) struct Known {
    /// Its time and length when read (a `serve` check trusts them).
    pub stamp: Option<Stamp>,
    /// The hash of its bytes, when this check read them.
    pub digest: Option<Digest>,
    /// Its settled stamp (`load::Settled`) when its bytes were read or
    /// taken from the record, kept in the record with the outcome.
    pub settled: Option<load::Settled>,
    pub parsed: Parsed,
}

/// Write again each file of the parse record beside `output` whose
/// stories are not as the record read at the start (`kept`) has them:
/// changed, added or gone, or with a stamp that settled since (so that the
/// next build need not read the file).
fn write_changed_shards(output: &Path, context: &str, known: &[(&str, Known)], kept: &Outcomes) {
    let shard_of: Vec<usize> = known.par_iter().map(|(p, _)| stored::shard_of(p)).collect();
    // Each story looked up once: whether the record had it, and whether as now.
    let looked_up: Vec<(bool, bool)> = known
        .par_iter()
        .map(|(path, k)| {
            let was = kept.get(*path).map(|e| (&e.digest, e.settled));
            (
                was.is_some(),
                was != k.digest.as_ref().map(|d| (d, k.settled)),
            )
        })
        .collect();
    let mut changed = [false; stored::SHARDS];
    for (&(_, differs), &shard) in looked_up.iter().zip(&shard_of) {
        changed[shard] |= differs;
    }
    let still_there = looked_up.iter().filter(|(was_there, _)| *was_there).count();
    if still_there != kept.len() {
        let now: FxHashSet<&str> = known.iter().map(|(path, _)| *path).collect();
        let gone = kept.keys().filter(|path| !now.contains(path.as_str()));
        gone.for_each(|path| changed[stored::shard_of(path)] = true);
    }
    let mut shards: Vec<Vec<stored::Entry>> = vec![Vec::new(); stored::SHARDS];
    for ((path, k), &shard) in known.iter().zip(&shard_of) {
        if let (true, Some(digest)) = (changed[shard], &k.digest) {
            shards[shard].push((path, digest, k.settled, &k.parsed));
        }
    }
    stored::remove_replaced(output);
    let folder = stored::record_folder(output);
    let changed_shards = shards
        .par_iter_mut()
        .enumerate()
        .filter(|(s, _)| changed[*s]);
    changed_shards.for_each(|(shard, outcomes)| {
        outcomes.sort_by(|a, b| a.0.cmp(b.0));
        stored::write(&folder, shard, context, outcomes);
    });
}

/// Let go of the entries of `map` whose path is not in `now` (each path
/// once, every one of them in `map` already): a map no longer than `now`
/// has none to let go, and is not scanned.
fn keep_only<'a, V>(map: &mut FxHashMap<String, V>, now: impl ExactSizeIterator<Item = &'a str>) {
    if map.len() != now.len() {
        let now: FxHashSet<&str> = now.collect();
        map.retain(|path, _| now.contains(path.as_str()));
    }
}

/// What `serve` knows of `content/` between checks.
#[derive(Default)]
struct Watched {
    /// As the last check found it; none when the next check must walk.
    index: Option<ContentIndex>,
    /// The paths (under the site folder) changed since.
    changed: Vec<PathBuf>,
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
    /// A cache that starts from the outcomes the last build into `output`
    /// kept beside it, where there are any (only read, never written).
    pub fn reading_beside(output: &Path) -> ParseCache {
        ParseCache {
            record: Some(stored::record_folder(output)),
            ..ParseCache::default()
        }
    }

    /// The cache of `serve`, whose watcher tells it what changed between
    /// checks (`note_changes`): only those paths are looked at again
    /// (`source::content_index`).
    pub fn watched(self) -> ParseCache {
        ParseCache {
            watched: Some(Watched::default()),
            ..self
        }
    }

    /// The watcher reported `changed` (paths under the site folder) since
    /// the last check; `complete` is false when it may have missed some
    /// (an error, a queue that overflowed): the next check walks then.
    pub fn note_changes(&mut self, changed: &[PathBuf], complete: bool) {
        let Some(watched) = &mut self.watched else {
            return;
        };
        if complete {
            watched.changed.extend_from_slice(changed);
        } else {
            *watched = Watched::default();
        }
    }

    /// Whether `content/` holds now what the last check found plus what the
    /// watcher reported since: a walk, for `serve` when all is quiet after
    /// a reload, so that a change the watcher never told is seen all the
    /// same. When it differs, the next check walks.
    pub fn content_drifted(&mut self, root: &Path) -> bool {
        let Some(watched) = &mut self.watched else {
            return false;
        };
        // No index: the next check walks anyway. Changes noted: one comes.
        let Some(index) = watched
            .index
            .as_ref()
            .filter(|_| watched.changed.is_empty())
        else {
            return false;
        };
        let same = load::walk_content(root).is_ok_and(|walked| index.is_as(&walked));
        if !same {
            watched.index = None;
        }
        !same
    }

    /// The files of `content/`: walked, or for `serve` the last check's
    /// with what its watcher reported looked at again.
    pub(super) fn load_content(&mut self, root: &Path, diags: &mut Diagnostics) -> load::Loaded {
        let Some(watched) = &mut self.watched else {
            return load::load_content(root, diags);
        };
        let changed = std::mem::take(&mut watched.changed);
        if let Some(mut index) = watched.index.take() {
            if index.apply(root, &changed) {
                let loaded = index.loaded(root, diags);
                watched.index = Some(index);
                return loaded;
            }
        }
        load::load_content_seen(root, diags, |walked| {
            watched.index = ContentIndex::of(walked);
        })
    }

    /// A cache for one check, which keeps no parsed story.
    pub(super) fn one_off() -> ParseCache {
        ParseCache {
            one_off: true,
            ..ParseCache::default()
        }
    }

    /// The cache of one build into `output`: it starts from the record kept
    /// beside the output, writes what changed as soon as the stories are
    /// parsed, and keeps no parsed story after that (so each story's text
    /// moves into its public form instead of being copied).
    pub(super) fn for_build(output: &Path) -> ParseCache {
        ParseCache {
            one_off: true,
            write_to: Some(output.to_path_buf()),
            ..ParseCache::reading_beside(output)
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
            self.public.clear();
            self.kept.clear();
            self.context = Some(context);
        }
        // Only the first check of a cache made `reading_beside` an output
        // reads its record, and only that check's outcomes may be kept
        // there: the key is of this context, never of an older one.
        self.context_key = None;
        if let Some(record) = self.record.take() {
            self.context_key = stored::context_key(registry, assets, today, rules);
            if let Some(key) = &self.context_key {
                self.kept = stored::read(&record, key);
            }
        }
    }

    /// The outcome of `file`: kept from the last build when its bytes are
    /// the same, else `parse` of its text, with how it was had. With the
    /// hash of its bytes, when they are known. A file whose settled stamp is
    /// the one recorded with its outcome is not read at all: at 100,000
    /// stories, reading and hashing every file was a third of a build
    /// after a one-story edit's parse.
    pub(super) fn outcome(
        &self,
        file: &load::StoryFile,
        parse: impl Fn(&str) -> Result<Story, Diagnostics>,
    ) -> (Option<Digest>, Parsed, Had) {
        let kept = self.kept.get(&file.path);
        if let Some(kept) = kept.filter(|k| k.settled.is_some() && k.settled == file.settled) {
            return (Some(kept.digest), kept.parsed.clone(), Had::KeptUnread);
        }
        let bytes = match file.read_bytes() {
            Ok(bytes) => bytes,
            Err(d) => return (None, Err(d.into()), Had::Parsed),
        };
        let digest = *blake3::hash(&bytes).as_bytes();
        if let Some(kept) = kept.filter(|k| k.digest == digest) {
            return (Some(digest), kept.parsed.clone(), Had::Kept);
        }
        let parsed = load::decode(&file.path, &bytes)
            .map_err(Diagnostics::from)
            .and_then(|text| parse(&text))
            .map(Arc::new);
        (Some(digest), parsed, Had::Parsed)
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

    /// What a check knew of `path` while its time and length are `stamp`.
    pub(super) fn get(&self, path: &str, stamp: Option<Stamp>) -> Option<&Known> {
        let known = self.stories.get(path)?;
        (known.stamp.is_some() && known.stamp == stamp).then_some(known)
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

    /// The public form the last check made of `story`, if it was made from
    /// this very parse with the same choice of drafts.
    pub(super) fn public_form(&self, story: &Arc<Story>, drafts: bool) -> Option<Arc<PublicStory>> {
        let (made_from, with_drafts, public) = self.public.get(&story.source)?;
        (Arc::ptr_eq(made_from, story) && *with_drafts == drafts).then(|| public.clone())
    }

    /// Keep the public forms of this check's stories for the next one (a
    /// one-off check has none to give: `keeps_stories`). Only a form not
    /// held already is put in (the map of 100,000 forms is not made anew on
    /// every check of `serve`); the forms of stories no longer published
    /// are let go.
    pub(super) fn keep_public(&mut self, forms: Vec<(Arc<Story>, Arc<PublicStory>)>, drafts: bool) {
        for (story, public) in &forms {
            let held = self.public.get(&story.source).is_some_and(|(s, d, p)| {
                *d == drafts && Arc::ptr_eq(s, story) && Arc::ptr_eq(p, public)
            });
            if !held {
                let form = (story.clone(), drafts, public.clone());
                self.public.insert(story.source.clone(), form);
            }
        }
        keep_only(
            &mut self.public,
            forms.iter().map(|(s, _)| s.source.as_str()),
        );
    }

    /// What the last check's model worked out, for a cache that keeps its
    /// stories (`serve`); none for a one-off check, which would only copy it.
    pub(super) fn model_memo(&mut self) -> Option<&mut ModelMemo> {
        (!self.one_off).then_some(&mut self.model)
    }

    /// Whether this cache holds the parsed stories after a check (`serve`).
    pub(super) fn keeps_stories(&self) -> bool {
        !self.one_off
    }

    /// Every story that parsed, in path order (published or not).
    pub fn stories(&self) -> Vec<Arc<Story>> {
        let mut list: Vec<(&String, &Arc<Story>)> = self
            .stories
            .iter()
            .filter_map(|(path, k)| k.parsed.as_ref().ok().map(|s| (path, s)))
            .collect();
        list.sort_by(|a, b| a.0.cmp(b.0));
        list.into_iter().map(|(_, s)| s.clone()).collect()
    }

    /// What this check knows of every story file (`known[i]` of `files[i]`;
    /// none for a file held unchanged since the last check). The outcomes
    /// read from the record are done with. A one-off check writes the
    /// record's changed files now and keeps no story.
    pub(super) fn replace(
        &mut self,
        files: &[load::StoryFile],
        known: impl Iterator<Item = Option<Known>>,
    ) {
        if self.one_off {
            return self.replace_once(files, known);
        }
        self.keep_known(files, known);
        self.kept = Outcomes::default();
    }

    /// `replace` for a build's single check: no story is kept, only each
    /// file's digest (for `unchanged`), and the record's files whose
    /// stories changed are written beside the output. Worked out on every
    /// core from the list, not from a map of every story made and then
    /// emptied: that took a tenth of a second of one core at 100,000.
    fn replace_once(
        &mut self,
        files: &[load::StoryFile],
        known: impl Iterator<Item = Option<Known>>,
    ) {
        let kept = std::mem::take(&mut self.kept);
        let known: Vec<(&str, Known)> = files
            .iter()
            .zip(known)
            .filter_map(|(f, k)| Some((f.path.as_str(), k?)))
            .collect();
        if let (Some(context), Some(output)) = (&self.context_key, self.write_to.take()) {
            write_changed_shards(&output, context, &known, &kept);
        }
        self.digests = known
            .par_iter()
            .filter_map(|(path, k)| Some((path.to_string(), k.digest?)))
            .collect();
    }

    /// Only what changed is put in: the map of 100,000 stories is not made
    /// anew on every check of `serve`. Files gone since are let go.
    fn keep_known(
        &mut self,
        files: &[load::StoryFile],
        known: impl Iterator<Item = Option<Known>>,
    ) {
        for (f, k) in files.iter().zip(known) {
            if let Some(k) = k {
                self.stories.insert(f.path.clone(), k);
            }
        }
        keep_only(&mut self.stories, files.iter().map(|f| f.path.as_str()));
    }

    /// The hash of a story file's bytes, as this check read them.
    pub(super) fn digest(&self, path: &str) -> Option<&Digest> {
        match self.digests.get(path) {
            Some(digest) => Some(digest),
            None => self.stories.get(path)?.digest.as_ref(),
        }
    }
}
