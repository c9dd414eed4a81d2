//! The site before the published one, kept beside the output
//! (`.<name>.bangvang-spare`) so that the next build starts from it instead
//! of an empty staging folder.
//!
//! Why: a build that changed a few pages still had to put every one of the
//! output's files into an empty staging folder (a hard link each) and then
//! remove every file of the previous site: two file-system calls for each
//! of tens of thousands of files, most of a one-story rebuild's time. The
//! previous site, once swapped out, already holds every file the new site
//! kept, as the same file (a hard link of it). Renamed into the staging
//! folder of the next build, it needs only what changed: a kept page whose
//! file there is still the one the last build published (its size and time
//! are those recorded) stays as it is; any other file is replaced, never
//! written into (it may be the same file as a published one); and what the
//! new build did not make is removed before the swap.
//!
//! A spare is never published: it has no marker, and a staging folder made
//! from it gets the marker only once it is complete, as any other. A spare
//! that cannot be used (no published site beside it) is removed.

use std::io::ErrorKind;
use std::path::Path;

use super::state::{file_id, path_hasher, FileStamp};
use crate::fsio::{self, IoError};

/// At most this share of the output written anew, the previous site is
/// kept as the spare: it then costs the disk only the files that changed.
/// After a bigger change (another theme, every page again) it would cost a
/// second copy of the site, and it is removed as before.
const KEPT_WHEN_WRITTEN_AT_MOST: f64 = 0.2;

/// Whether a build that wrote `written` files and kept `unchanged` keeps
/// the previous site as the spare.
pub(super) fn worth_keeping(written: usize, unchanged: usize) -> bool {
    let all = (written + unchanged).max(1) as f64;
    written as f64 / all <= KEPT_WHEN_WRITTEN_AT_MOST
}

/// A file's path under the output as a number, the same however the path
/// is spelled on this OS (`a/b`, `a\b`): for the set of files a build made,
/// held while the pages render, when memory is at its peak (8 bytes a file,
/// not a path). 64 bits of blake3: the chance that a file left from the
/// spare shares its number with one of 400,000 files made, and so stays,
/// is about 2 in 10^14.
pub(super) fn path_id(rel: &Path) -> u64 {
    id_of(&path_hasher(rel))
}

/// `path_id`, from the path's hasher (`path_hasher`), which the output's
/// state goes on with.
pub(super) fn id_of(path_hasher: &blake3::Hasher) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&path_hasher.finalize().as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// Whether the spare's file at `path` is the very file the last build
/// published with `stamp`: the same file number too (a hard link of it),
/// not an older version of the page that the same size and time (a clock
/// that ticks every 2 s) would not tell apart. Where the OS gives no file
/// number, never: the file is then linked from the output.
pub(super) fn is_published_file(path: &Path, stamp: &FileStamp) -> bool {
    stamp.id != 0
        && std::fs::symlink_metadata(path)
            .is_ok_and(|m| stamp.matches(&m) && file_id(&m) == stamp.id)
}

/// Make every folder from `staging` down to `folder` a real folder: what
/// the spare has at one of those places may be a file (`tin.html` then,
/// `tin.html/…` now) or a link someone put in the published site, and a
/// link must never be followed, or files would be written or removed
/// wherever it points. A link or a file is removed (a link itself, never
/// what it points to) and a folder made in its place.
pub(super) fn make_real_folders(folder: &Path, staging: &Path) -> Result<(), IoError> {
    let Ok(below) = folder.strip_prefix(staging) else {
        return fsio::create_dir_all(folder);
    };
    let mut path = staging.to_path_buf();
    for part in below.components() {
        path.push(part);
        real_folder(&path)?;
    }
    Ok(())
}

/// `path` as a real folder (another thread may be making the same one).
fn real_folder(path: &Path) -> Result<(), IoError> {
    let io_error = |action, source| IoError {
        action,
        path: path.to_path_buf(),
        source,
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(_) => match std::fs::remove_file(path) {
            Err(e) if e.kind() != ErrorKind::NotFound => return Err(io_error("xóa", e)),
            _ => {}
        },
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(io_error("đọc", e)),
        Err(_) => {}
    }
    match std::fs::create_dir(path) {
        Err(e) if !(e.kind() == ErrorKind::AlreadyExists && super::swap::is_real_dir(path)) => {
            Err(io_error("tạo thư mục", e))
        }
        _ => Ok(()),
    }
}

/// Remove whatever the spare left at `to` (a file, or a folder where this
/// build puts a file), so that nothing is ever written into a file the
/// published site may share.
pub(super) fn clear(to: &Path) -> Result<(), IoError> {
    match std::fs::remove_file(to) {
        Ok(()) => Ok(()),
        // Nothing there (the folders above are real ones: `make_real_folders`).
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => Ok(()),
        Err(_) if super::swap::is_real_dir(to) => super::swap::remove_tree(to),
        Err(source) => Err(IoError {
            action: "xóa",
            path: to.to_path_buf(),
            source,
        }),
    }
}

/// Remove from `staging` every file that `made` does not hold (what the
/// spare had that this build did not make), then every folder left empty.
/// Each entry of `staging` is walked on its own, on all cores: reading the
/// folders is most of the time, and a site's files are spread over a few
/// big folders (stories, people, the search index).
pub(super) fn remove_unmade(
    staging: &Path,
    made: &rustc_hash::FxHashSet<u64>,
) -> Result<(), IoError> {
    use rayon::prelude::*;
    let top: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(staging)
        .min_depth(1)
        .max_depth(1)
        .follow_links(false)
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|e| walk_error(staging, e))?;
    top.par_iter()
        .try_for_each(|entry| remove_unmade_from(entry.path(), staging, made))
}

/// Files looked at by one task of `remove_unmade_from`: small enough that
/// the cores share even one folder of 200,000 files (the stories' pages and
/// cards at 100,000 stories), which one core took a fifth of a second for.
const FILES_PER_TASK: usize = 1024;

/// `remove_unmade` for `from` and everything under it: its files (each
/// path hashed, on every core), then its folders, deepest first.
fn remove_unmade_from(
    from: &Path,
    staging: &Path,
    made: &rustc_hash::FxHashSet<u64>,
) -> Result<(), IoError> {
    use rayon::prelude::*;
    let walk = walkdir::WalkDir::new(from)
        .follow_links(false)
        .contents_first(true);
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    for entry in walk {
        let entry = entry.map_err(|e| walk_error(staging, e))?;
        match entry.file_type().is_dir() {
            true => folders.push(entry.into_path()),
            false => files.push(entry.into_path()),
        }
    }
    files
        .par_iter()
        .with_max_len(FILES_PER_TASK)
        .try_for_each(|file| {
            let rel = file.strip_prefix(staging).unwrap_or(file);
            match made.contains(&path_id(rel)) {
                true => Ok(()),
                false => fsio::remove_file(file),
            }
        })?;
    // Only an empty one goes; one with files refuses. The walk listed each
    // folder after what it holds.
    for folder in folders {
        let _ = std::fs::remove_dir(folder);
    }
    Ok(())
}

fn walk_error(staging: &Path, e: walkdir::Error) -> IoError {
    IoError {
        action: "đọc",
        path: e.path().unwrap_or(staging).to_path_buf(),
        source: e
            .into_io_error()
            .unwrap_or_else(|| std::io::Error::other("vòng liên kết")),
    }
}

/// Put the previous site, swapped out of the output into `dir`, aside as
/// the spare for the next build (its marker taken out first, so it is never
/// taken for a complete build), or remove it when `keep` is false or it
/// cannot be put there. The new site is published by then: failing here
/// only costs the next build its head start.
pub(super) fn set_aside(dir: &Path, spare: &Path, keep: bool) {
    let marker = dir.join(super::swap::MARKER);
    let kept = keep
        && (std::fs::symlink_metadata(spare).is_err() || super::swap::remove_tree(spare).is_ok())
        && std::fs::remove_file(&marker).is_ok()
        && std::fs::rename(dir, spare).is_ok();
    if !kept {
        let _ = super::swap::remove_tree(dir);
    }
}
