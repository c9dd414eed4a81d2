//! The only module that touches the output folder. A build is written into a
//! staging folder next to it and swapped in whole, so a failed build never
//! leaves a half-written site and readers never see a mix of two builds.
//! A page whose bytes did not change is hard-linked from the previous build
//! instead of rewritten, so its modification time stays and syncs to a
//! static host (rsync, `aws s3 sync`) skip it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::fsio::{self, IoError};
pub(crate) mod swap;

pub use swap::MARKER;
use swap::{OutputLock, Paths};

const MARKER_TEXT: &[u8] = b"Thu muc nay do bangvang tao ra; moi lan build se thay toan bo.\n";

#[derive(Debug)]
pub enum WriteError {
    Io(IoError),
    /// A non-empty folder without our marker.
    NotOurs(PathBuf),
    /// A file, device, FIFO or socket: never replaced.
    NotAFolder(PathBuf),
    /// A symbolic link: nothing is written or removed through it.
    Symlink(PathBuf),
}

impl WriteError {
    pub fn code(&self) -> &'static str {
        match self {
            WriteError::Io(_) => "write",
            WriteError::NotOurs(_) => "output-not-ours",
            WriteError::NotAFolder(_) => "output-not-folder",
            WriteError::Symlink(_) => "output-symlink",
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            WriteError::Io(_) => "kiểm tra quyền ghi và dung lượng đĩa; trang cũ vẫn được giữ nguyên",
            WriteError::NotOurs(_) => {
                "chọn thư mục khác bằng `--output`, hoặc xóa thư mục này nếu chắc chắn không cần"
            }
            WriteError::NotAFolder(_) => {
                "chỉ `--output` tới một thư mục (chưa có, hoặc do bangvang tạo ra), ví dụ `--output public`"
            }
            WriteError::Symlink(_) => {
                "dựng vào thư mục thật mà liên kết trỏ tới (`--output` tới thư mục đó), hoặc dựng vào thư mục mới rồi trỏ liên kết sang sau khi dựng xong"
            }
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Io(e) => e.fmt(f),
            WriteError::NotOurs(p) => write!(
                f,
                "thư mục xuất `{}` đã có dữ liệu nhưng không phải do bangvang tạo ra; không ghi đè",
                p.display()
            ),
            WriteError::NotAFolder(p) => write!(
                f,
                "`{}` không phải là thư mục (là một tệp, thiết bị hoặc đường ống); không ghi đè, không xóa",
                p.display()
            ),
            WriteError::Symlink(p) => write!(
                f,
                "thư mục xuất `{}` là một liên kết tượng trưng (symlink); bangvang không ghi và không xóa gì qua liên kết",
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
    /// Bytes of every file of the output, written or unchanged.
    pub bytes: u64,
}

/// A build in progress: files go to the staging folder; `commit_then` swaps it in.
/// Dropped without `commit_then`, it removes the staging folder and the previous
/// output stays as it was. It holds the output's lock from `begin` until it
/// is committed or dropped, so two builds never share a staging folder.
pub struct Staging {
    paths: Paths,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    bytes: AtomicU64,
    committed: bool,
    /// Whether a previous build exists to compare pages with.
    had_output: bool,
    folders: Mutex<HashSet<PathBuf>>,
    /// Declared last: released after `drop` has removed an abandoned staging folder.
    _lock: OutputLock,
}

/// Refuse an output that is not a folder or is a link, before anything
/// is created or removed.
fn refuse_unusable(output: &Path) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(output) {
        Ok(m) if m.file_type().is_symlink() => Err(WriteError::Symlink(output.to_path_buf())),
        Ok(m) if !m.is_dir() => Err(WriteError::NotAFolder(output.to_path_buf())),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(WriteError::Io(IoError {
            action: "đọc",
            path: output.to_path_buf(),
            source,
        })),
    }
}

/// The output's parent folder and name. `.`, `..` and the like are
/// resolved first, so the neighbours get a real name.
fn parent_and_name(output: &Path) -> Result<(PathBuf, PathBuf, String), WriteError> {
    let resolved = match output.file_name() {
        // Rebuilt from its parts: with a trailing slash (`current/`) the OS
        // would follow a link that `current` names itself.
        Some(_) => output.components().collect(),
        None => std::fs::canonicalize(output).unwrap_or_else(|_| output.to_path_buf()),
    };
    let Some(name) = resolved
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return Err(WriteError::NotOurs(output.to_path_buf()));
    };
    let parent = resolved
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    Ok((resolved, parent, name))
}

impl Staging {
    /// Lock the output (calling `on_wait` once if another build holds it),
    /// recover an interrupted swap, and start an empty staging folder.
    pub fn begin(output: &Path, on_wait: &dyn Fn()) -> Result<Staging, WriteError> {
        let (output, parent, name) = parent_and_name(output)?;
        refuse_unusable(&output)?;
        fsio::create_dir_all(&parent)?;
        let paths = Paths::new(&output, &parent, &name);
        let lock = OutputLock::acquire(&paths.lock, on_wait)?;
        swap::recover(&paths)?;
        // Again under the lock: another build or the recovery may have changed it.
        refuse_unusable(&output)?;
        let has_files = std::fs::read_dir(&output)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
        if has_files && !output.join(MARKER).is_file() {
            return Err(WriteError::NotOurs(output));
        }
        fsio::create_dir_all(&paths.staging)?;
        Ok(Staging {
            had_output: output.join(MARKER).is_file(),
            paths,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
            folders: Mutex::new(HashSet::new()),
            _lock: lock,
        })
    }

    /// Write one file (safe to call from many threads at once).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), IoError> {
        let to = self.paths.staging.join(rel);
        self.make_parent(&to)?;
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if self.had_output {
            let previous = self.paths.output.join(rel);
            if same_bytes(&previous, bytes) && std::fs::hard_link(&previous, &to).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        fsio::write(&to, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Keep the previous build's file at `rel` (linked, not copied) if it
    /// is still the file that build left: a file of `size` bytes last
    /// modified at `modified` (nanoseconds since 1970). False when it is
    /// gone or was changed since; nothing is then put in its place.
    pub fn keep(&self, rel: &str, size: u64, modified: u128) -> bool {
        if !self.had_output {
            return false;
        }
        let previous = self.paths.output.join(rel);
        let as_left = std::fs::symlink_metadata(&previous)
            .is_ok_and(|m| m.is_file() && m.len() == size && modified_nanos(&m) == modified);
        let to = self.paths.staging.join(rel);
        if !as_left || self.make_parent(&to).is_err() || std::fs::hard_link(&previous, &to).is_err()
        {
            return false;
        }
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(size, Ordering::Relaxed);
        true
    }

    /// The folder `to` goes in. Each folder is created once, not asked for
    /// again per file.
    fn make_parent(&self, to: &Path) -> Result<(), IoError> {
        let Some(parent) = to.parent() else {
            return Ok(());
        };
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
        Ok(())
    }

    /// What has been written so far (all of the build, once it is done).
    pub fn stats(&self) -> WriteStats {
        WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }

    /// Mark the staging folder complete and swap it in place of the output,
    /// then run `after` (what the next build is to find beside
    /// the new output) while the previous site is removed: the two are
    /// independent, so they share the cores, and both finish under the
    /// lock, so the next build finds neither half done.
    pub fn commit_then(mut self, after: impl FnOnce() + Send) -> Result<WriteStats, WriteError> {
        fsio::write(&self.paths.staging.join(MARKER), MARKER_TEXT)?;
        let previous = swap::swap(&self.paths)?.map(Path::to_path_buf);
        self.committed = true;
        rayon::join(
            // The new site is published: failing to remove the previous copy
            // is not a failed build, and the next build's `recover` removes
            // what is left.
            || previous.map(|dir| swap::remove_tree(&dir)),
            after,
        );
        Ok(self.stats())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.paths.staging);
        }
    }
}

/// When a file was last modified, in nanoseconds since 1970 (0 if unknown).
pub fn modified_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or_default()
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

    /// `public/` under `dir`, as a first build left it: two files.
    fn built_once(dir: &Path) -> PathBuf {
        let out = dir.join("public");
        let first = Staging::begin(&out, &|| ()).unwrap();
        first.write("a/index.html", b"mot").unwrap();
        first.write("b.html", b"hai").unwrap();
        first.commit_then(|| ()).unwrap();
        out
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_the_swap_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = built_once(dir.path());
        let meta = |p: &str| std::fs::metadata(out.join(p)).unwrap();
        #[cfg(unix)]
        let inode_before = std::os::unix::fs::MetadataExt::ino(&meta("a/index.html"));

        let second = Staging::begin(&out, &|| ()).unwrap();
        second.write("a/index.html", b"mot").unwrap();
        second.write("b.html", b"ba").unwrap();
        let stats = second.commit_then(|| ()).unwrap();
        assert_eq!((stats.written, stats.unchanged), (1, 1));
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::MetadataExt::ino(&meta("a/index.html")),
            inode_before
        );
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"ba");
    }

    #[test]
    fn a_file_is_kept_only_as_the_last_build_left_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = built_once(dir.path());
        let stamp = |p: &str| {
            let meta = std::fs::metadata(out.join(p)).unwrap();
            (meta.len(), modified_nanos(&meta))
        };
        let (a_size, a_time) = stamp("a/index.html");
        let (b_size, b_time) = stamp("b.html");
        // Another size: a same-size edit within the clock's tick (a few
        // milliseconds) could keep the time too.
        std::fs::write(out.join("b.html"), b"bon nam").unwrap();

        let second = Staging::begin(&out, &|| ()).unwrap();
        assert!(second.keep("a/index.html", a_size, a_time));
        assert!(
            !second.keep("a/index.html", a_size + 1, a_time),
            "another size"
        );
        assert!(!second.keep("b.html", b_size, b_time), "edited since");
        assert!(!second.keep("c.html", 0, 0), "not there");
        second.write("b.html", b"hai").unwrap();
        let stats = second.commit_then(|| ()).unwrap();
        assert_eq!((stats.written, stats.unchanged), (1, 1));
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"mot");
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"hai");
        assert!(!out.join("c.html").exists());
    }

    #[test]
    fn after_the_swap_the_records_are_made_and_the_previous_site_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = built_once(dir.path());
        let second = Staging::begin(&out, &|| ()).unwrap();
        second.write("b.html", b"ba").unwrap();
        let mut seen = None;
        second
            .commit_then(|| seen = Some(std::fs::read(out.join("b.html")).unwrap()))
            .unwrap();
        assert_eq!(seen.as_deref(), Some(&b"ba"[..]), "run on the new site");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["public"], "no copy of the previous site left");
    }

    #[test]
    fn an_abandoned_build_leaves_the_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Staging::begin(&out, &|| ()).unwrap();
        first.write("index.html", b"cu").unwrap();
        first.commit_then(|| ()).unwrap();
        let second = Staging::begin(&out, &|| ()).unwrap();
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
            Staging::begin(dir.path(), &|| ()),
            Err(WriteError::NotOurs(_))
        ));
    }
}
