//! `build`: check, render every output, write it through the staging folder.

use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::addresses;
use super::cache::ParseCache;
use super::check::check_with;
use super::options::{BuildOptions, BuildReport, OutputSize};
use super::page_keys;
use super::unchanged;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::memo::{Key, LastBuild, PageMemo, Shows};
use crate::render::output::OutputFile;
use crate::render::pages::site_plan;
use crate::render::search_index as search;
use crate::render::share_card::{self, CardCache};
use crate::source::image_cache::{self, ImageCache};
use crate::{diagnostics, write};

/// Build the site and write it, or change nothing and return every error.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let output = opts.output_dir();
    let out_name = diagnostics::display_path(&opts.root, &output);
    // One wording for every failure to write the output.
    let write_error = |e: &dyn std::fmt::Display| write_error(&out_name, e);
    let write_failed = |e: write::WriteError| {
        Diagnostics::from(Diagnostic::error(e.code(), &out_name, e.to_string()).hint(e.hint()))
    };
    // First, before reading the site: the output is locked for the whole
    // build, and a swap a crash interrupted is recovered even if this
    // build then fails on its content.
    let on_wait = opts.on_wait.unwrap_or(|| ());
    let mut staging = write::Staging::begin(&output, &on_wait).map_err(write_failed)?;
    // Story files whose bytes are unchanged since the last build into this
    // output are not parsed again (`stored.rs`); the record of outcomes is
    // brought up to date as soon as the stories are parsed.
    let mut cache = ParseCache::for_build(&output);
    let salt = unchanged::program_and_templates(opts);
    let read_ahead = ReadAhead::start(&output, salt);
    let mut checked = check_with(opts, &mut cache)?;
    // The comparison with the last build is timed from here: its published
    // addresses too, which at 100,000 stories take a tenth of a second.
    let mut clock = Instant::now();
    let notes = std::mem::take(&mut checked.notes);
    let mut timings = std::mem::take(&mut checked.timings);
    let compared = compare_with_last(opts, &checked, &cache, notes, salt.is_some());
    let Compared {
        address_list,
        mut notes,
        inputs,
        last,
        site,
    } = compared;
    drop(cache);
    timings.lap("compare with the last build", &mut clock);
    let stories = StoryCounts::of(&checked);
    if let Some(last) = last {
        // Dropping `staging` removes its empty folder and frees the lock.
        return Ok(kept_as_is(stories, last, notes, timings));
    }
    staging.start_from_spare();
    let emit_or_link = |f: &OutputFile, same_as: Option<&Path>| {
        staging
            .write_or_link(&f.path, &f.bytes, same_as)
            .map_err(|e| write_error(&e))
    };
    let emit = |f: OutputFile| emit_or_link(&f, None);
    let [last_pages, last_cards] = read_ahead.join();
    let out = Writing {
        staging: &staging,
        emit: &emit,
        emit_or_link: &emit_or_link,
        salt,
    };
    let last_pages = (last_pages, site);
    let mut rendered = pages_and_index(opts, &checked, &out, last_pages, &mut timings, &mut clock)?;
    let (pages, index_files) = (rendered.pages, rendered.index.all_files());
    let (share_cards, card_keys) =
        files_and_cards(opts, &checked, &out, last_cards, &mut timings, &mut clock)?;
    let records = (
        rendered.keys.take(),
        card_keys,
        rendered.index.records.take(),
    );
    // Nothing below reads a story: the model, most of the build's memory,
    // is freed before the swap and the records are made.
    free_on_all_cores(checked);
    let stats = staging
        .commit_then(|stats| {
            let built = unchanged::Built::new(pages, index_files, share_cards, stats);
            addresses::remember(&output, &out_name, &address_list, &mut notes);
            unchanged::remember(&output, inputs.as_deref(), built, stats.state);
            remember_records(&output, records);
        })
        .map_err(write_failed)?;
    timings.lap("swap output, remember this build", &mut clock);
    let made = (&rendered, share_cards, &stats);
    Ok(made_report(stories, made, notes, timings))
}

/// The report of a build that made its output: what it `rendered`, its
/// share cards, and what it wrote.
fn made_report(
    stories: StoryCounts,
    (rendered, share_cards, stats): (&Rendered, OutputSize, &write::WriteStats),
    notes: Diagnostics,
    timings: super::options::Timings,
) -> BuildReport {
    BuildReport {
        stories_read: stories.read,
        stories_reused: stories.reused,
        stories_unread: stories.unread,
        stories_published: stories.published,
        pages_rendered: rendered.pages,
        pages_kept: rendered.pages_kept,
        pages_unmade: rendered.pages_unmade,
        pages_templated: rendered.pages_templated,
        index_files: rendered.index.all_files(),
        search_terms_reused: rendered.index.terms_reused,
        search_files_unmade: rendered.index.files_unmade,
        files_written: stats.written,
        files_unchanged: stats.unchanged,
        output_bytes: stats.bytes,
        share_cards,
        kept_as_is: false,
        notes,
        timings,
    }
}

/// The site's addresses and what the last build's were, the inputs of this
/// build and the last build's record, if its output is as it left, and
/// what the pages are made from (`page_keys::SiteStamp`).
struct Compared {
    address_list: String,
    notes: Diagnostics,
    inputs: Option<String>,
    last: Option<unchanged::Record>,
    site: Option<page_keys::SiteStamp>,
}

/// Compare with the last build, and work out the site's stamp when pages
/// can be kept (`keeping`). The stamp is made beside the comparison, whose
/// addresses keep one core busy at most, instead of at the start of the
/// render stage. A build that then finds nothing changed made the stamp for
/// nothing: at 100,000 stories its comparison took 80 ms longer.
fn compare_with_last(
    opts: &BuildOptions,
    checked: &super::options::Checked,
    cache: &ParseCache,
    notes: Diagnostics,
    keeping: bool,
) -> Compared {
    let output = opts.output_dir();
    let stamp = || {
        keeping
            .then(|| page_keys::SiteStamp::of(&checked.model))
            .flatten()
    };
    let compare = || {
        // Worked out once: compared with the last build's now, kept after the swap.
        let address_list = addresses::published(&checked.model);
        let notes = addresses::with_dropped(notes, &output, &address_list, &checked.model);
        let read = |path: &str| cache.digest(path).copied();
        (
            address_list,
            notes,
            unchanged::compare(opts, &output, &read),
        )
    };
    let (site, (address_list, notes, (inputs, last))) = rayon::join(stamp, compare);
    Compared {
        address_list,
        notes,
        inputs,
        last,
        site,
    }
}

/// Free what the check made, its stories on every core: freed on one, they
/// took a tenth of the swap stage after a one-story edit at 10,000 stories.
fn free_on_all_cores(checked: super::options::Checked) {
    checked.model.stories.into_par_iter().for_each(drop);
}

/// How many stories a build read, published, and took from the parse
/// record (and of those, how many it did not even read).
#[derive(Clone, Copy)]
struct StoryCounts {
    read: usize,
    published: usize,
    reused: usize,
    unread: usize,
}

impl StoryCounts {
    fn of(checked: &super::options::Checked) -> StoryCounts {
        StoryCounts {
            read: checked.stories_read,
            published: checked.model.stories.len(),
            reused: checked.stories_reused,
            unread: checked.stories_unread,
        }
    }
}

/// The report of a build that found its inputs and output as the last
/// build left them, and so wrote nothing.
fn kept_as_is(
    stories: StoryCounts,
    last: unchanged::Record,
    notes: Diagnostics,
    timings: super::options::Timings,
) -> BuildReport {
    let last = last.built;
    BuildReport {
        stories_read: stories.read,
        stories_reused: stories.reused,
        stories_unread: stories.unread,
        stories_published: stories.published,
        pages_rendered: last.pages,
        pages_kept: last.pages,
        pages_unmade: last.pages,
        pages_templated: last.pages,
        index_files: last.index_files,
        search_terms_reused: stories.published,
        search_files_unmade: last.index_files,
        files_written: 0,
        files_unchanged: last.files,
        output_bytes: last.bytes,
        share_cards: last.cards,
        kept_as_is: true,
        notes,
        timings,
    }
}

/// The salt of a build's keys, the site its pages were made from (none for
/// the share cards), the key of each file by path (pages or share cards),
/// and what it kept of the last build's, for the next build.
type Keys = (Key, Option<page_keys::SiteStamp>, page_keys::Kept);

/// The keys of this build's pages and cards and its search terms, for the
/// next build: put in place once its output is swapped in, so no record
/// describes another output.
fn remember_records(
    output: &std::path::Path,
    (pages, cards, terms): (Option<Keys>, Option<Keys>, Option<search::WrittenRecords>),
) {
    // The index's files that the postings record lets the next build keep
    // unmade are kept through the page record (`kept_file_unmade`): the two
    // must be of one build, so without this build's page record, no
    // postings record either.
    let with_pages = pages.is_some();
    let remember = |keys: Option<Keys>, kind| {
        if let Some((salt, site, keys)) = keys {
            page_keys::remember(output, (&salt, site), keys, kind);
        }
    };
    // The two are independent: side by side, the cards' record costs no wait.
    rayon::join(
        || remember(pages, &page_keys::PAGES),
        || remember(cards, &page_keys::CARDS),
    );
    if let Some(record) = terms {
        record.keep(with_pages);
    }
}

/// What rendering the pages and the search index made.
struct Rendered {
    pages: usize,
    /// Pages kept from the last build, not rendered again.
    pages_kept: usize,
    /// Of those, pages kept without being made.
    pages_unmade: usize,
    /// Pages made from a template (the rest of `pages` are files of bytes).
    pages_templated: usize,
    index: search::IndexBuilt,
    /// The salt and the key of every page, for the next build (none when
    /// the program or the templates could not be read).
    keys: Option<Keys>,
}

/// Where a build's files go, and what its pages' and cards' keys are salted
/// with.
struct Writing<'a> {
    staging: &'a write::Staging,
    emit: &'a (dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    emit_or_link: &'a EmitOrLink<'a>,
    /// The program and the templates (`unchanged::program_and_templates`);
    /// `None` when one could not be read, and then nothing is kept.
    salt: Option<Key>,
}

/// `emit` for a file whose bytes are also the file at the path given (a
/// share card in its cache), which is linked instead of written.
type EmitOrLink<'a> = dyn Fn(&OutputFile, Option<&Path>) -> Result<(), Diagnostic> + Sync + 'a;

/// The last build's records of pages and of cards (`page_keys::read`).
type Recorded = [Option<page_keys::Recorded>; 2];

/// The records, read on a thread of their own from before the check. A
/// build that ends at its check leaves the thread to finish alone.
enum ReadAhead {
    Reading(std::thread::JoinHandle<Recorded>),
    /// No thread could be started: read at once.
    Read(Recorded),
}

impl ReadAhead {
    /// Start reading the records beside `output`, of pages made with `salt`
    /// (none without it: nothing is then kept).
    fn start(output: &std::path::Path, salt: Option<Key>) -> ReadAhead {
        let output = output.to_path_buf();
        let read = move || {
            let read = |kind| salt.and_then(|salt| page_keys::read(&output, &salt, kind));
            [read(&page_keys::PAGES), read(&page_keys::CARDS)]
        };
        match std::thread::Builder::new().spawn(read.clone()) {
            Ok(thread) => ReadAhead::Reading(thread),
            Err(_) => ReadAhead::Read(read()),
        }
    }

    /// The pages' record and the cards', as read.
    fn join(self) -> Recorded {
        match self {
            ReadAhead::Reading(thread) => thread.join().unwrap_or([None, None]),
            ReadAhead::Read(read) => read,
        }
    }
}

impl Writing<'_> {
    /// The last build's keys of `kind`, taken from their record (`read`,
    /// none without a salt), with which bodies changed since when the rest
    /// of `site` did not: until this build has swapped in its output and
    /// written its own, no record describes the output.
    fn take_last(
        &self,
        opts: &BuildOptions,
        kind: &page_keys::Kind,
        read: Option<page_keys::Recorded>,
        site: Option<&page_keys::SiteStamp>,
    ) -> page_keys::LastPages {
        match self.salt {
            Some(_) => page_keys::take(&opts.output_dir(), kind, read, site),
            None => page_keys::LastPages::default(),
        }
    }
}

/// Every page and the search index, handed to `emit`; a page the last build
/// rendered from the same template and context is kept from it instead.
fn pages_and_index(
    opts: &BuildOptions,
    checked: &super::options::Checked,
    out: &Writing,
    (read, site): (Option<page_keys::Recorded>, Option<page_keys::SiteStamp>),
    timings: &mut super::options::Timings,
    clock: &mut Instant,
) -> Result<Rendered, Diagnostics> {
    let (emit, salt) = (out.emit, out.salt);
    let last = out.take_last(opts, &page_keys::PAGES, read, site.as_ref());
    let (same, unmade) = (
        |path: &str, key: &Key, shows: Shows| last.same(path, key, shows),
        |path: &str| last.unmade(path),
    );
    let keep = |path: &str| last.keep(out.staging, path).is_some();
    let memo = salt.map(|salt| {
        let last_build = LastBuild {
            same: &same,
            unmade: &unmade,
            keep: &keep,
        };
        PageMemo::new(salt, last_build)
    });
    // Taken now, like the page keys: no record outlives a failed build.
    let terms = unchanged::program_key()
        .map(|program| search::SearchRecords::take(&opts.output_dir(), &program));
    // The search index's files are kept like the bytes of a job.
    let index_emit = |file: OutputFile| match &memo {
        Some(memo) => memo.emit_bytes(file, emit),
        None => emit(file),
    };
    // A file of the index that no changed story touches, kept unmade.
    let index_keep = |path: &str| memo.as_ref().is_some_and(|m| m.kept_file_unmade(path));
    // Pages and the search index are independent. When the index takes most
    // terms from the last build it is light, and runs beside the pages: the
    // shortest wait after an edit. When it makes every story's terms anew (a
    // whole build), each side fills the cores alone, so running one after
    // the other costs no time and keeps the index's postings out of memory
    // while the pages render (together they were the peak at 100,000).
    let beside = terms.as_ref().is_none_or(search::SearchRecords::holds_last);
    let render_pages =
        || site_plan(&checked.theme.tera, &checked.model).render_all(emit, memo.as_ref());
    let build_index = || {
        let started = Instant::now();
        let last_files = search::LastFiles {
            keep: &index_keep,
            bodies_changed: last.bodies_changed(),
        };
        let index = search::build_index(&checked.model, &index_emit, last_files, terms);
        (index, started.elapsed())
    };
    let (pages, (index, index_time)) = if beside {
        rayon::join(render_pages, build_index)
    } else {
        (render_pages(), build_index())
    };
    let pages = pages?;
    let index = index.map_err(Diagnostics::from)?;
    timings.lap("render pages and search index, write", clock);
    // Not a stage of its own (it ran within it): shown for the record.
    timings.part(
        if beside {
            "of which search index (alongside the pages)"
        } else {
            "of which search index (after the pages)"
        },
        index_time,
    );
    let finished = memo.map(PageMemo::finish);
    Ok(Rendered {
        pages,
        pages_kept: finished.as_ref().map_or(0, |f| f.pages_kept),
        pages_unmade: finished.as_ref().map_or(0, |f| f.pages_unmade),
        pages_templated: finished.as_ref().map_or(0, |f| f.pages),
        index,
        keys: salt
            .zip(finished)
            .map(|(salt, f)| (salt, site, (f.made, last))),
    })
}

/// The theme's static files, the images and the share cards, handed to
/// `emit` (images straight into `staging`): the cards' files and bytes, and
/// their keys for the next build (see `page_keys::CARDS`).
fn files_and_cards(
    opts: &BuildOptions,
    checked: &super::options::Checked,
    out: &Writing,
    read: Option<page_keys::Recorded>,
    timings: &mut super::options::Timings,
    clock: &mut Instant,
) -> Result<(OutputSize, Option<Keys>), Diagnostics> {
    let (staging, emit, salt) = (out.staging, out.emit, out.salt);
    for f in &checked.theme.static_files {
        emit(f.clone()).map_err(Diagnostics::from)?;
    }
    // Images are published re-encoded (no GPS, no comment, nothing hidden),
    // each in a few widths; an unchanged image comes from the cache.
    let image_cache = ImageCache::beside(&opts.output_dir());
    publish_images(opts, &checked.assets, &image_cache, staging)?;
    timings.lap("static files and images", clock);
    // Counted apart: at a large site they are most of the output's bytes.
    let cards = OutputPart::default();
    let last = out.take_last(opts, &page_keys::CARDS, read, None);
    let same = |path: &str, key: &Key, shows: Shows| last.same(path, key, shows);
    let keep = |path: &str| {
        last.keep(staging, path)
            .map(|size| cards.add_kept(size))
            .is_some()
    };
    let memo = salt.map(|salt| {
        let last_build = LastBuild {
            same: &same,
            unmade: &|_| false,
            keep: &keep,
        };
        PageMemo::new(salt, last_build)
    });
    let sources = CardSources {
        assets: &checked.assets,
        image_cache: &image_cache,
        memo: memo.as_ref(),
    };
    share_cards(opts, &checked.model, &checked.theme, &sources, &|card| {
        cards.add(&card.file);
        (out.emit_or_link)(&card.file, card.cached.as_deref())
    })?;
    timings.lap("share cards", clock);
    let finished = memo.map(PageMemo::finish);
    let keys = salt
        .zip(finished)
        .map(|(salt, f)| (salt, None, (f.made, last)));
    Ok((cards.into(), keys))
}

/// Files and bytes of one kind of output, counted as they are emitted.
#[derive(Default)]
struct OutputPart {
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl OutputPart {
    fn add(&self, f: &OutputFile) {
        self.add_kept(f.bytes.len() as u64);
    }

    /// A file of `size` bytes kept from the last build, not emitted.
    fn add_kept(&self, size: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(size, Ordering::Relaxed);
    }
}

impl From<OutputPart> for OutputSize {
    fn from(p: OutputPart) -> Self {
        OutputSize {
            files: p.files.into_inner(),
            bytes: p.bytes.into_inner(),
        }
    }
}

/// Every share card. After the images: a card shows the published copy of
/// its photo, which the images' cache now holds.
fn share_cards(
    opts: &BuildOptions,
    model: &crate::site::model::SiteModel,
    theme: &crate::render::theme::Theme,
    sources: &CardSources,
    emit: &(dyn Fn(share_card::Card) -> Result<(), Diagnostic> + Sync),
) -> Result<usize, Diagnostics> {
    let CardSources {
        assets,
        image_cache,
        memo,
    } = *sources;
    let photos: std::collections::HashMap<&str, &crate::source::load::Asset> =
        assets.iter().map(|a| (a.output_path.as_str(), a)).collect();
    let photo_of = |src: &str| {
        let asset = photos.get(src)?;
        image_cache::share_photo(&opts.root, image_cache, asset, 960)
    };
    let cards = CardCache::beside(&opts.output_dir());
    share_card::all(model, theme, &cards, &photo_of, memo, emit)
}

/// What the share cards are made from besides the model and the theme.
#[derive(Clone, Copy)]
struct CardSources<'a> {
    assets: &'a [crate::source::load::Asset],
    /// The published photos a card may show.
    image_cache: &'a ImageCache,
    /// The last build's cards, kept when their key is the same.
    memo: Option<&'a PageMemo<'a>>,
}

/// Every image, re-encoded (from the cache when unchanged), into `staging`.
fn publish_images(
    opts: &BuildOptions,
    assets: &[crate::source::load::Asset],
    image_cache: &ImageCache,
    staging: &write::Staging,
) -> Result<(), Diagnostics> {
    let out_name = diagnostics::display_path(&opts.root, &opts.output_dir());
    let errors: Vec<Diagnostic> = assets
        .par_iter()
        .filter_map(
            |asset| match image_cache::published_files(&opts.root, image_cache, asset) {
                Ok(files) => files
                    .iter()
                    .find_map(|f| {
                        let cached = f.cached.as_deref();
                        staging.write_or_link(&f.path, &f.bytes, cached).err()
                    })
                    .map(|e| write_error(&out_name, &e)),
                Err(d) => Some(d),
            },
        )
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    let mut d = Diagnostics::default();
    d.extend(errors);
    Err(d)
}

/// One wording for every failure to write the output.
fn write_error(out_name: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error("write", out_name, e.to_string())
        .hint("kiểm tra quyền ghi và dung lượng đĩa; trang cũ vẫn được giữ nguyên")
}
