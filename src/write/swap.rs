//! Putting a finished build in place of the output folder without ever
//! losing the published site: one build at a time (an OS file lock beside
//! the output), an atomic exchange where the OS has one, and recovery of a
//! swap that a crash or a kill interrupted.
//!
//! Three names live beside the output `<name>`:
//! - `.<name>.bangvang-new`: the build being written. Its marker file
//!   (`write::MARKER`) is written last, so a staging folder with the marker
//!   is complete;
//! - `.<name>.bangvang-old`: the previous site during the two-rename swap
//!   (used where the atomic exchange is not available);
//! - `.<name>.bangvang-lock`: the lock file, removed when the build ends;
//! - `.<name>.bangvang-spare`: the site before the published one, kept
//!   after a build that changed few files, so the next build starts from
//!   it instead of an empty folder (see `spare`). Never published.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::fsio::{self, IoError};

/// Marks a folder as ours, so `--output` pointed at the wrong place is
/// refused instead of replaced. Written last into a staging folder, so it
/// also says the build in it is complete.
pub const MARKER: &str = ".bangvang";

/// Test hook, never set in normal use: `BANGVANG_TEST_CRASH_AT=<point>`
/// makes the process abort at that point of the swap, as a kill or a power
/// cut would, so tests can check what the next build does. Points:
/// `before-swap` (staging complete), `between-renames` (forces the
/// two-rename swap and dies between its renames: the output is missing),
/// `after-swap` (new site in place, previous one not yet removed).
pub const CRASH_HOOK: &str = "BANGVANG_TEST_CRASH_AT";

fn crash_requested(point: &str) -> bool {
    std::env::var_os(CRASH_HOOK).is_some_and(|v| v == point)
}

fn crash_point(point: &str) {
    if crash_requested(point) {
        std::process::abort();
    }
}

/// The paths of one output folder and its neighbours.
#[derive(Debug, Clone)]
pub struct Paths {
    pub output: PathBuf,
    pub staging: PathBuf,
    pub old: PathBuf,
    pub lock: PathBuf,
    pub spare: PathBuf,
}

impl Paths {
    pub fn new(output: &Path, parent: &Path, name: &str) -> Paths {
        Paths {
            output: output.to_path_buf(),
            staging: parent.join(format!(".{name}.bangvang-new")),
            old: parent.join(format!(".{name}.bangvang-old")),
            lock: parent.join(format!(".{name}.bangvang-lock")),
            spare: parent.join(format!(".{name}.bangvang-spare")),
        }
    }
}

/// Held for a whole build; a second build into the same output waits for it.
/// The OS releases the lock when the process ends, however it ends.
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Take the lock, calling `on_wait` once if another build holds it.
    pub fn acquire(path: &Path, on_wait: &dyn Fn()) -> Result<OutputLock, IoError> {
        let mut waited = false;
        loop {
            let file = open_lock_file(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    if !waited {
                        on_wait();
                        waited = true;
                    }
                    // No time limit: the other build ends (or dies, which
                    // releases the lock) in seconds to minutes; Ctrl+C stops waiting.
                    file.lock().map_err(|e| lock_error(path, e))?;
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(lock_error(path, e)),
            }
            // The holder before us may have removed the file before
            // unlocking; then our lock is on a file nobody else will see.
            if same_file(&file, path) {
                return Ok(OutputLock {
                    file,
                    path: path.to_path_buf(),
                });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so the next build (which checks the
        // file it locked is the one at the path) never shares a lock with a
        // third. On Windows an open file is not removed: it stays, empty.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn open_lock_file(path: &Path) -> Result<File, IoError> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| lock_error(path, e))
}

fn lock_error(path: &Path, source: std::io::Error) -> IoError {
    IoError {
        action: "khóa",
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    // The lock file is never removed there, so it is always the same file.
    true
}

pub(super) fn is_real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

fn is_complete(dir: &Path) -> bool {
    is_real_dir(dir) && dir.join(MARKER).is_file()
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Finish or undo a swap that a previous build did not complete. Called
/// under the lock, so no other build is between its steps. The rules, in
/// order, never deleting the only copy of a published site:
/// 1. `-old` exists and the output is missing (killed between the two
///    renames) or an empty folder without the marker: `-old` is the last
///    site published, and it is put back.
/// 2. `-old` exists and the output is a complete build (marker present):
///    the swap finished, `-old` is a superseded copy and is removed.
/// 3. Otherwise `-old` is left alone (the output is something we refuse
///    to touch anyway, and the build stops before writing).
/// 4. The output is still missing and `-new` is complete (killed after
///    the last file was written but before the rename): it is put in place;
///    a complete build is better than none, and nothing is lost.
/// 5. Any other `-new` is an unfinished build (or, after an exchange, the
///    previous site while the new one is in place): removed.
pub fn recover(paths: &Paths) -> Result<(), IoError> {
    let output = &paths.output;
    if is_real_dir(&paths.old) {
        if !exists(output) {
            fsio::rename(&paths.old, output)?;
        } else if is_real_dir(output) && !is_complete(output) && is_empty_dir(output) {
            fsio::remove_dir(output)?;
            fsio::rename(&paths.old, output)?;
        } else if is_complete(output) {
            remove_tree(&paths.old)?;
        }
    }
    if !exists(output) && is_complete(&paths.staging) {
        fsio::rename(&paths.staging, output)?;
    }
    if exists(&paths.staging) {
        remove_tree(&paths.staging)?;
    }
    Ok(())
}

/// Put the complete staging folder in place of the output. Once this
/// returns `Ok`, the output is the new site; what it returns is the folder
/// the previous site now sits in, for the caller to remove (`remove_tree`)
/// while it still holds the lock.
pub fn swap(paths: &Paths) -> Result<Option<&Path>, IoError> {
    crash_point("before-swap");
    if !exists(&paths.output) {
        // Renaming onto a missing name is atomic everywhere.
        return fsio::rename(&paths.staging, &paths.output).map(|()| None);
    }
    let previous = if !crash_requested("between-renames") && exchange(&paths.staging, &paths.output)
    {
        // The previous site now sits under the staging name.
        &paths.staging
    } else {
        // Two renames: between them the output is missing, and `recover`
        // puts `-old` back if the process dies there.
        fsio::rename(&paths.output, &paths.old)?;
        crash_point("between-renames");
        if let Err(e) = fsio::rename(&paths.staging, &paths.output) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&paths.old, &paths.output);
            return Err(e);
        }
        &paths.old
    };
    crash_point("after-swap");
    Ok(Some(previous))
}

/// Swap two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`).
/// False when the OS or the filesystem cannot (old kernels, some network
/// filesystems answer EINVAL): nothing changed then, and the caller falls
/// back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

/// Remove a build: files on every core, then the folders, deepest first.
/// Symbolic links are removed, never followed.
pub fn remove_tree(dir: &Path) -> Result<(), IoError> {
    use rayon::prelude::*;
    if !is_real_dir(dir) {
        return fsio::remove_file(dir);
    }
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_root_links(false)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(|f| fsio::remove_file(f))?;
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    for (_, d) in dirs {
        fsio::remove_dir(&d)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, page: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("index.html"), page).unwrap();
        std::fs::write(dir.join(MARKER), "").unwrap();
    }

    fn page(dir: &Path) -> String {
        std::fs::read_to_string(dir.join("index.html")).unwrap()
    }

    fn paths(root: &Path) -> Paths {
        Paths::new(&root.join("public"), root, "public")
    }

    #[test]
    fn recovery_keeps_a_copy_of_the_published_site_in_every_state() {
        // Killed between the renames, then someone made an empty `public/`.
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        site(&p.old, "cu");
        std::fs::create_dir(&p.output).unwrap();
        recover(&p).unwrap();
        assert_eq!(page(&p.output), "cu");
        assert!(!exists(&p.old));

        // Swap finished, previous copy not yet removed.
        site(&p.old, "cu hon");
        recover(&p).unwrap();
        assert_eq!(page(&p.output), "cu");
        assert!(!exists(&p.old));

        // An output that is not ours: `-old` is left for a person to look at.
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        site(&p.old, "cu");
        std::fs::create_dir(&p.output).unwrap();
        std::fs::write(p.output.join("cua-toi.txt"), "x").unwrap();
        recover(&p).unwrap();
        assert_eq!(page(&p.old), "cu");

        // An unfinished staging folder (no marker) never replaces anything.
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        std::fs::create_dir(&p.staging).unwrap();
        std::fs::write(p.staging.join("index.html"), "nua chung").unwrap();
        recover(&p).unwrap();
        assert!(!exists(&p.output) && !exists(&p.staging));
    }
}
