//! The only module that touches the output folder. A build is written into a
//! staging folder next to it and swapped in whole, so a failed build never
//! leaves a half-written site and readers never see a mix of two builds.
//! A page whose bytes did not change is hard-linked from the previous build
//! instead of rewritten, so its modification time stays and syncs to a
//! static host (rsync, `aws s3 sync`) skip it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::fsio::{self, IoError};

/// Marks a folder as ours, so `--output` pointed at the wrong place is
/// refused instead of replaced.
pub const MARKER: &str = ".bangvang";

#[derive(Debug)]
pub enum WriteError {
    Io(IoError),
    NotOurs(PathBuf),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Io(e) => e.fmt(f),
            WriteError::NotOurs(p) => write!(
                f,
                "thư mục xuất `{}` đã có dữ liệu nhưng không phải do bangvang tạo ra; không ghi đè. Hãy chọn thư mục khác bằng `--output`, hoặc xóa nó nếu chắc chắn",
                p.display()
            ),
        }
    }
}

impl From<IoError> for WriteError {
    fn from(e: IoError) -> Self {
        WriteError::Io(e)
    }
}

/// Counts of one build's output.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    /// Files whose bytes were written.
    pub written: usize,
    /// Files identical to the previous build, linked instead of rewritten.
    pub unchanged: usize,
}

/// A build in progress: files go to the staging folder; `commit` swaps it in.
/// Dropped without `commit`, it removes the staging folder and the previous
/// output stays as it was.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    committed: bool,
    /// Whether a previous build exists to compare pages with.
    had_output: bool,
    folders: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    pub fn begin(output: &Path) -> Result<Staging, WriteError> {
        let has_files = std::fs::read_dir(output)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
        if has_files && !output.join(MARKER).exists() {
            return Err(WriteError::NotOurs(output.to_path_buf()));
        }
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fsio::create_dir_all(parent)?;
        let staging = parent.join(format!(".{name}.bangvang-new"));
        let old = parent.join(format!(".{name}.bangvang-old"));
        for leftover in [&staging, &old] {
            if leftover.exists() {
                fsio::remove_dir_all(leftover)?;
            }
        }
        fsio::create_dir_all(&staging)?;
        fsio::write(
            &staging.join(MARKER),
            b"Thu muc nay do bangvang tao ra; moi lan build se thay toan bo.\n",
        )?;
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            old,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            committed: false,
            had_output: output.join(MARKER).exists(),
            folders: Mutex::new(HashSet::new()),
        })
    }

    /// Write one file (safe to call from many threads at once).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), IoError> {
        let to = self.staging.join(rel);
        if let Some(parent) = to.parent() {
            // Each folder is created once, not asked for again per file.
            let known = self
                .folders
                .lock()
                .map(|f| f.contains(parent))
                .unwrap_or(false);
            if !known {
                fsio::create_dir_all(parent)?;
                if let Ok(mut f) = self.folders.lock() {
                    f.insert(parent.to_path_buf());
                }
            }
        }
        if self.had_output {
            let previous = self.output.join(rel);
            if same_bytes(&previous, bytes) && std::fs::hard_link(&previous, &to).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        fsio::write(&to, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Swap the staging folder in place of the output.
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        if self.output.exists() {
            fsio::rename(&self.output, &self.old)?;
        }
        if let Err(e) = fsio::rename(&self.staging, &self.output) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&self.old, &self.output);
            return Err(e.into());
        }
        self.committed = true;
        if self.old.exists() {
            remove_tree(&self.old)?;
        }
        Ok(WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Remove a previous build: files on every core, then the folders, deepest first.
fn remove_tree(dir: &Path) -> Result<(), IoError> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
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

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_keep_their_inode_and_the_swap_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Staging::begin(&out).unwrap();
        first.write("a/index.html", b"mot").unwrap();
        first.write("b.html", b"hai").unwrap();
        first.commit().unwrap();
        let meta = |p: &str| std::fs::metadata(out.join(p)).unwrap();
        #[cfg(unix)]
        let inode_before = std::os::unix::fs::MetadataExt::ino(&meta("a/index.html"));

        let second = Staging::begin(&out).unwrap();
        second.write("a/index.html", b"mot").unwrap();
        second.write("b.html", b"ba").unwrap();
        let stats = second.commit().unwrap();
        assert_eq!((stats.written, stats.unchanged), (1, 1));
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::MetadataExt::ino(&meta("a/index.html")),
            inode_before
        );
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"ba");
    }

    #[test]
    fn an_abandoned_build_leaves_the_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Staging::begin(&out).unwrap();
        first.write("index.html", b"cu").unwrap();
        first.commit().unwrap();
        let second = Staging::begin(&out).unwrap();
        second.write("index.html", b"moi").unwrap();
        drop(second);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"cu");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "staging folder removed"
        );
    }

    #[test]
    fn a_folder_that_is_not_ours_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
        assert!(matches!(
            Staging::begin(dir.path()),
            Err(WriteError::NotOurs(_))
        ));
    }
}
