//! The key of every page of the last build (see `render::memo`), kept in
//! the cache folder beside the output (`.public.bangvang-cache/pages-v2.bin`)
//! with the size and modification time of each page's file as that build
//! left it; the share cards' keys the same way, in a record of their own
//! (`cards-kept-v2.bin`). A record of another program or other templates, or one that is
//! missing, unreadable or of another format, keeps no page: every page is
//! rendered. A file changed since its build (size or time) is rendered
//! again. Deleting the cache folder is always safe.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::fsio;
use crate::render::memo::Key;
use crate::source::image_cache::cache_root;
use crate::write::{FileStamp, Staging};

/// One record: its format (changed whenever what it holds changes) and its
/// file in the cache folder.
pub(super) struct Kind {
    format: &'static str,
    file: &'static str,
    /// The file an earlier version kept this record in: removed, so a cache
    /// folder does not keep a record nothing reads any more.
    replaces: &'static str,
}

/// The pages rendered from templates.
pub(super) const PAGES: Kind = Kind {
    format: "bangvang-pages-v3",
    file: "pages-v2.bin",
    replaces: "pages-v1.json",
};

/// The share cards: a card's key is the hash of its filled SVG and photo
/// (`render::share_card`), and its file is kept like a page's.
pub(super) const CARDS: Kind = Kind {
    format: "bangvang-cards-kept-v3",
    file: "cards-kept-v2.bin",
    replaces: "cards-kept-v1.json",
};

/// Written with postcard, not JSON: read before any page is rendered and
/// written after the swap, at 100,000 stories it holds some 300,000 entries.
#[derive(Serialize, Deserialize)]
struct Record {
    format: String,
    /// The program and the templates the pages were rendered with.
    salt: Key,
    pages: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    key: Key,
    stamp: FileStamp,
}

/// What the last build left of its pages, by path: each page's key, and
/// its file's size and modification time. One map, so each path is held
/// once (at 100,000 stories, some 330,000 of them).
#[derive(Default)]
pub(super) struct LastPages(HashMap<String, LastPage>);

struct LastPage {
    key: Key,
    stamp: FileStamp,
    /// Whether this build kept the file.
    kept: AtomicBool,
}

impl LastPages {
    /// The key the last build rendered the page at `path` with.
    pub fn key(&self, path: &str) -> Option<Key> {
        self.0.get(path).map(|last| last.key)
    }

    /// Put the last build's file at `path` into `staging` if it is still as
    /// that build left it: its size when it was, `None` when it is gone or
    /// changed since (the file must then be made again).
    pub fn keep(&self, staging: &Staging, path: &str) -> Option<u64> {
        let last = self.0.get(path)?;
        let kept = staging.keep(path, &last.stamp);
        last.kept.store(kept, Ordering::Relaxed);
        kept.then_some(last.stamp.size)
    }
}

/// The key of every file of a build, and what it kept of the last build's.
pub(super) type Kept = (Vec<(String, Key)>, LastPages);

fn record_file(output: &Path, kind: &Kind) -> std::path::PathBuf {
    cache_root(output).join(kind.file)
}

/// The pages the last build into `output` rendered with `salt`, if its
/// record says so. The record is then removed: until this build has swapped
/// in its output and written its own, no record describes the output.
pub(super) fn take(output: &Path, salt: &Key, kind: &Kind) -> LastPages {
    let file = record_file(output, kind);
    let last = fsio::read(&file)
        .ok()
        .and_then(|bytes| postcard::from_bytes::<Record>(&bytes).ok())
        .filter(|r| r.format == kind.format && r.salt == *salt);
    let _ = std::fs::remove_file(&file);
    let _ = std::fs::remove_file(cache_root(output).join(kind.replaces));
    let entries = last.map(|r| r.pages).unwrap_or_default();
    let pages = entries.into_iter().map(|entry| {
        let page = LastPage {
            key: entry.key,
            stamp: entry.stamp,
            kept: AtomicBool::new(false),
        };
        (entry.path, page)
    });
    LastPages(pages.collect())
}

/// Keep the key of every page of the build just swapped into `output`:
/// each one it made anew (`made`) with its file's size and time now, and
/// each one it kept from the last build as that build's record has it
/// (keeping changed neither key nor file). Failing only costs the next
/// build its kept pages.
pub(super) fn remember(output: &Path, salt: &Key, (made, last): Kept, kind: &Kind) {
    let made = made.into_par_iter().filter_map(|(path, key)| {
        let meta = std::fs::symlink_metadata(output.join(&path)).ok()?;
        meta.is_file().then(|| Entry {
            stamp: FileStamp::of(&meta),
            key,
            path,
        })
    });
    let kept = last.0.into_par_iter().filter_map(|(path, page)| {
        page.kept.into_inner().then_some(Entry {
            stamp: page.stamp,
            key: page.key,
            path,
        })
    });
    let record = Record {
        format: kind.format.to_string(),
        salt: *salt,
        pages: made.chain(kept).collect(),
    };
    let Ok(bytes) = postcard::to_allocvec(&record) else {
        return;
    };
    let file = record_file(output, kind);
    let _ = fsio::write_replacing(&file, &bytes);
}
