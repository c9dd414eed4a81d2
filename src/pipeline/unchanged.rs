//! A build whose inputs and output are exactly as the last build left them
//! would write the same bytes again. `build` then still checks the site
//! (its errors and warnings are the same as ever) but renders and writes
//! nothing: on a disk, most of a build's time is the kernel creating and
//! removing the output's tens of thousands of files.
//!
//! What the last build saw is kept in the cache folder beside the output
//! (`.public.bangvang-cache/build-v1.json`): a hash of every input, and a
//! hash of the output as it was left (each file's path, size and
//! modification time). A record that is missing, unreadable or of another
//! format, or an output touched since (a file deleted, edited, added), means
//! a whole build. Deleting the cache folder is always safe.

use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use super::options::{BuildOptions, OutputSize};
use crate::diagnostics::display_path;
use crate::fsio;
use crate::source::image_cache::cache_root;
use crate::write::swap::CRASH_HOOK;
use crate::write::{modified_nanos, OutputState};

/// Changed whenever what the record holds, or what makes an input, changes.
const FORMAT: &str = "bangvang-build-v3";
/// The record's file in the cache folder.
const RECORD: &str = "build-v1.json";
/// Everything a build reads, under the site folder.
const INPUTS: [&str; 4] = ["site.yaml", "content", "themes", "templates"];
/// The hash of a file's bytes (by its path under the site folder) when
/// the check before has read them: story files are not read again.
pub(super) type ReadBefore<'a> = dyn Fn(&str) -> Option<[u8; 32]> + Sync + 'a;

/// Files up to this size (every story, registry and template) are hashed
/// whole; larger ones (photos, fonts) by size and modification time, as
/// reading a thousand photos on every build would cost seconds.
const HASHED_WHOLE: u64 = 256 << 10;

/// What the last complete build into an output saw and left.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Record {
    format: String,
    inputs: String,
    output: String,
    #[serde(flatten)]
    pub built: Built,
}

/// What a complete build made: what a build that keeps it reports again.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Built {
    pub pages: usize,
    pub index_files: usize,
    pub files: usize,
    pub bytes: u64,
    pub cards: OutputSize,
}

impl Built {
    /// What a build made: its pages and index files, its share cards, and
    /// every file of the output as `stats` counted them.
    pub(super) fn new(
        pages: usize,
        index_files: usize,
        cards: OutputSize,
        stats: &crate::write::WriteStats,
    ) -> Built {
        Built {
            pages,
            index_files,
            files: stats.written + stats.unchanged,
            bytes: stats.bytes,
            cards,
        }
    }
}

/// The hash of every input of a build into `opts`' output: the program,
/// the options, the day, and the files under the site folder. `None` when
/// a build must not be skipped (an input could not be read, or a test
/// asked the build to stop in its swap).
fn inputs(opts: &BuildOptions, read: &ReadBefore) -> Option<String> {
    if std::env::var_os(CRASH_HOOK).is_some() {
        return None;
    }
    let mut hasher = program()?;
    let asked = format!("{:?}\0{}\0{}", opts.base_url, opts.drafts, opts.today);
    hasher.update(asked.as_bytes());
    for name in INPUTS {
        hash_tree(&mut hasher, &opts.root, name, read)?;
    }
    Some(hasher.finalize().to_hex().to_string())
}

/// A hasher fed the record's format and the program: its version, and its
/// executable's size and time (another build of the program may render
/// differently). `None` when the executable cannot be read.
fn program() -> Option<blake3::Hasher> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(FORMAT.as_bytes());
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    hash_stamp(&mut hasher, &exe);
    Some(hasher)
}

/// The hash of the program alone: what the search terms record
/// (`render::search_index::TermsRecord`) is of besides each document's
/// inputs. `None` when the executable cannot be read.
pub(super) fn program_key() -> Option<[u8; 32]> {
    program().map(|hasher| *hasher.finalize().as_bytes())
}

/// The hash of the program and of every template (themes and the site's
/// own): what a page's bytes are made from besides its context (see
/// `render::memo`). `None` when one of them cannot be read.
pub(super) fn program_and_templates(opts: &BuildOptions) -> Option<[u8; 32]> {
    let mut hasher = program()?;
    for name in ["themes", "templates"] {
        hash_tree(&mut hasher, &opts.root, name, &|_| None)?;
    }
    Some(*hasher.finalize().as_bytes())
}

/// Every file under `root/name`, in name order: its path, and its bytes
/// (or size and time when large). A missing file or folder is hashed as such.
fn hash_tree(
    hasher: &mut blake3::Hasher,
    root: &Path,
    name: &str,
    read: &ReadBefore,
) -> Option<()> {
    let top = root.join(name);
    if std::fs::symlink_metadata(&top).is_err() {
        hasher.update(format!("\0missing {name}\0").as_bytes());
        return Some(());
    }
    // Links are followed, as the loader reads what they point to.
    let walker = WalkDir::new(&top).follow_links(true);
    hash_walk(hasher, walker, |e| entry_part(root, e, read))
}

/// Feed `hasher` what `part` says of each entry of `walker`, in name order.
/// Thousands of entries: `part` (a read, a hash, a size and time) runs on
/// every core, and the parts are fed in order.
fn hash_walk(
    hasher: &mut blake3::Hasher,
    walker: WalkDir,
    part: impl Fn(&walkdir::DirEntry) -> Option<String> + Sync + Send,
) -> Option<()> {
    let walker = walker.sort_by_file_name().into_iter();
    let entries: Vec<walkdir::DirEntry> = walker.collect::<Result<_, _>>().ok()?;
    let parts: Vec<Option<String>> = entries.par_iter().map(part).collect();
    for part in parts {
        hasher.update(part?.as_bytes());
    }
    Some(())
}

/// What one entry adds to the hash of the inputs.
fn entry_part(root: &Path, entry: &walkdir::DirEntry, read: &ReadBefore) -> Option<String> {
    let rel = entry.path().strip_prefix(root).ok()?.to_string_lossy();
    if entry.file_type().is_dir() {
        return Some(format!("{rel}\0dir\0"));
    }
    // A story file's hash is known from the check (read or settled): no
    // second stat of it is needed (at 100,000 stories, one each was most
    // of this walk's time).
    let digest = match read(&display_path(root, entry.path())) {
        Some(known) => blake3::Hash::from_bytes(known),
        None => {
            let meta = entry.metadata().ok()?;
            if meta.len() > HASHED_WHOLE {
                return Some(format!("{rel}{}", stamp(&meta)));
            }
            blake3::hash(&std::fs::read(entry.path()).ok()?)
        }
    };
    Some(format!("{rel}\0bytes {}\0", digest.to_hex()))
}

fn hash_stamp(hasher: &mut blake3::Hasher, meta: &std::fs::Metadata) {
    hasher.update(stamp(meta).as_bytes());
}

/// A file's size and modification time, to the nanosecond where kept.
fn stamp(meta: &std::fs::Metadata) -> String {
    format!("\0stamp {} {}\0", meta.len(), modified_nanos(meta))
}

/// The state of the output as it stands (`write::OutputState`: every
/// file's path, kind, size and time), with the list of addresses kept
/// beside it: what the next build compares with.
fn output_state(output: &Path) -> Option<String> {
    let state = OutputState::default();
    let entries: Vec<walkdir::DirEntry> = WalkDir::new(output)
        .min_depth(1)
        .into_iter()
        .collect::<Result<_, _>>()
        .ok()?;
    let found = entries.par_iter().try_for_each(|e| {
        let rel = e.path().strip_prefix(output).ok()?;
        if e.file_type().is_dir() {
            state.add(rel, "dir", 0, 0);
            return Some(());
        }
        let meta = e.metadata().ok()?;
        let kind = if meta.is_file() { "file" } else { "other" };
        state.add(rel, kind, meta.len(), modified_nanos(&meta));
        Some(())
    });
    found.map(|()| finish_state(output, state.value()))
}

/// `state` of the output's files, with the list of addresses' size and time.
fn finish_state(output: &Path, state: u128) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&state.to_le_bytes());
    let addresses = super::addresses::list_file(output);
    match std::fs::metadata(&addresses) {
        Ok(meta) => hash_stamp(&mut hasher, &meta),
        Err(_) => {
            hasher.update(b"\0no addresses\0");
        }
    }
    hasher.finalize().to_hex().to_string()
}

fn record_file(output: &Path) -> std::path::PathBuf {
    cache_root(output).join(RECORD)
}

/// The hash of this build's inputs, and the record of the last build if
/// this one would write the same bytes. The output is walked only when the
/// record saw these inputs: after an edit, that walk would be wasted.
pub(super) fn compare(
    opts: &BuildOptions,
    output: &Path,
    read: &ReadBefore,
) -> (Option<String>, Option<Record>) {
    let inputs = inputs(opts, read);
    let last = inputs.as_deref().and_then(|inputs| {
        let bytes = fsio::read(&record_file(output)).ok()?;
        let record: Record = serde_json::from_slice(&bytes).ok()?;
        // The output's state covers its marker and every file in it.
        let same = record.format == FORMAT
            && record.inputs == inputs
            && record.output == output_state(output)?;
        same.then_some(record)
    });
    (inputs, last)
}

/// Keep the record of the build just swapped in, whose files' state the
/// staging counted as it made them (`state`; walking the output again was
/// most of the swap's time). Failing to keep it only costs the next build
/// its shortcut; an old record is removed first, so a record never
/// describes another output than the one it sits beside.
pub(super) fn remember(output: &Path, inputs: Option<&str>, built: Built, state: u128) {
    let file = record_file(output);
    let _ = std::fs::remove_file(&file);
    let Some(inputs) = inputs else {
        return;
    };
    let state = finish_state(output, state);
    let record = Record {
        format: FORMAT.to_string(),
        inputs: inputs.to_string(),
        output: state,
        built,
    };
    let Ok(json) = serde_json::to_vec_pretty(&record) else {
        return;
    };
    let _ = fsio::write_replacing(&file, &json);
}
