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
mod spare;
mod state;
pub(crate) mod swap;

use state::path_hasher;
pub use state::{modified_nanos, FileStamp, OutputState};
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
    /// Every file's path, size and time and every folder's path, as one
    /// number (`OutputState`).
    pub state: u128,
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
    state: OutputState,
    committed: bool,
    /// Whether a previous build exists to compare pages with.
    had_output: bool,
    /// Whether the staging folder started as the spare (`spare.rs`), not
    /// empty: its files are then replaced, never written into.
    from_spare: bool,
    /// Every file this build made or kept (`spare::path_id`), when it
    /// started from the spare: the spare's other files are removed.
    made: Mutex<rustc_hash::FxHashSet<u64>>,
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
            from_spare: false,
            made: Mutex::default(),
            paths,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            state: OutputState::default(),
            committed: false,
            folders: Mutex::new(HashSet::new()),
            _lock: lock,
        })
    }

    /// Start from the spare the last build left (see `spare.rs`) instead
    /// of the empty staging folder, when there is a published site beside
    /// it; a spare that cannot be used is removed. Called once the build
    /// knows it will write: a build that stops before (bad content, nothing
    /// changed) leaves the spare for the next one.
    pub fn start_from_spare(&mut self) {
        let spare = &self.paths.spare;
        if !swap::is_real_dir(spare) {
            return;
        }
        self.from_spare = self.had_output
            && std::fs::remove_dir(&self.paths.staging).is_ok()
            && std::fs::rename(spare, &self.paths.staging).is_ok();
        if !self.from_spare {
            let _ = swap::remove_tree(spare);
            let _ = fsio::create_dir_all(&self.paths.staging);
        }
    }

    #[cfg(test)]
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), IoError> {
        self.write_or_link(rel, bytes, None)
    }

    /// Write one file (safe to call from many threads at once). When
    /// `same_as` is a file holding these very `bytes` on this disk (a share
    /// card or a photo in the cache beside the output), it is linked from
    /// there instead: the disk holds the bytes once, and a build writes them
    /// once, into the cache (at 10,000 stories, 271 MB of cards). Written
    /// when the link cannot be made (another disk, a file system without
    /// links). The cache only ever replaces a file whole, by a rename, so
    /// the published file never changes under the site.
    pub fn write_or_link(
        &self,
        rel: &str,
        bytes: &[u8],
        same_as: Option<&Path>,
    ) -> Result<(), IoError> {
        let to = self.paths.staging.join(rel);
        self.make_parent(&to)?;
        if self.from_spare {
            spare::clear(&to)?;
        }
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if self.had_output {
            let previous = self.paths.output.join(rel);
            // Linked from the same file of the cache last time, it holds
            // these bytes: not read again to be compared.
            let linked_before = same_as.and_then(|from| same_file(&previous, from));
            if let Some(meta) = linked_before.or_else(|| same_bytes(&previous, bytes)) {
                if std::fs::hard_link(&previous, &to).is_ok() {
                    self.add_state(rel, &meta);
                    self.unchanged.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
            }
        }
        let linked = same_as.is_some_and(|from| std::fs::hard_link(from, &to).is_ok());
        if !linked {
            fsio::write(&to, bytes)?;
        }
        self.add_state(rel, &stat(&to)?);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Keep the previous build's file at `rel` if it is still the file that
    /// build left, as `stamp` says. A staging folder made from the spare
    /// most often has it already (the same file); otherwise it is linked
    /// from the output, not copied. False when it is gone or was changed
    /// since; nothing is then put in its place.
    pub fn keep(&self, rel: &str, stamp: &FileStamp) -> bool {
        if !self.had_output {
            return false;
        }
        let to = self.paths.staging.join(rel);
        if self.make_parent(&to).is_err() {
            return false;
        }
        let in_place = self.from_spare && spare::is_published_file(&to, stamp);
        if !in_place {
            let previous = self.paths.output.join(rel);
            let linked = std::fs::symlink_metadata(&previous).is_ok_and(|m| stamp.matches(&m))
                && (!self.from_spare || spare::clear(&to).is_ok())
                && std::fs::hard_link(&previous, &to).is_ok();
            if !linked {
                return false;
            }
        }
        self.add_file(rel, stamp.size, stamp.modified);
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(stamp.size, Ordering::Relaxed);
        true
    }

    /// `rel` is in this build's output as `meta` says.
    fn add_state(&self, rel: &str, meta: &std::fs::Metadata) {
        self.add_file(rel, meta.len(), modified_nanos(meta));
    }

    /// The file `rel`, of `size` bytes modified at `modified`, is part of
    /// this build: in the output's state, and in the files made (counted
    /// only when the spare's other files are to be removed). Its path is
    /// hashed once for both: twice was a few per cent of an edit's build.
    fn add_file(&self, rel: &str, size: u64, modified: u128) {
        let hasher = path_hasher(Path::new(rel));
        if self.from_spare {
            let id = spare::id_of(&hasher);
            if let Ok(mut made) = self.made.lock() {
                made.insert(id);
            }
        }
        self.state.add_hashed(hasher, "file", size, modified);
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
            if self.from_spare {
                spare::make_real_folders(parent, &self.paths.staging)?;
            } else {
                fsio::create_dir_all(parent)?;
            }
            if let Ok(mut f) = self.folders.lock() {
                f.insert(parent.to_path_buf());
            }
        }
        Ok(())
    }

    /// Every folder of the output (each one holds a file this build made:
    /// none is left empty) into its state, so that a folder added to the
    /// output since, even an empty one, is a change the next build sees.
    fn add_folders_to_state(&self) {
        let staging = &self.paths.staging;
        let folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        let mut all: HashSet<&Path> = HashSet::new();
        for folder in folders.iter() {
            let under = folder.ancestors().take_while(|a| *a != staging.as_path());
            all.extend(under);
        }
        for folder in all {
            if let Ok(rel) = folder.strip_prefix(staging) {
                self.state.add(rel, "dir", 0, 0);
            }
        }
    }

    /// What has been written so far (all of the build, once it is done).
    pub fn stats(&self) -> WriteStats {
        WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            state: self.state.value(),
        }
    }

    /// Mark the staging folder complete and swap it in place of the output,
    /// then run `after` (what the next build is to find beside
    /// the new output) while the previous site is put aside as the spare
    /// or removed (`spare::set_aside`): the two are independent, so they
    /// share the cores, and both finish under the lock, so the next build
    /// finds neither half done.
    pub fn commit_then(
        mut self,
        after: impl FnOnce(&WriteStats) + Send,
    ) -> Result<WriteStats, WriteError> {
        if self.from_spare {
            let made = std::mem::take(&mut *self.made.lock().unwrap_or_else(|e| e.into_inner()));
            spare::remove_unmade(&self.paths.staging, &made)?;
        }
        self.add_folders_to_state();
        // Replaced, never written into: the spare's marker was removed, but
        // a file there may be the published site's.
        let marker = self.paths.staging.join(MARKER);
        fsio::write_replacing(&marker, MARKER_TEXT)?;
        self.add_state(MARKER, &stat(&marker)?);
        let previous = swap::swap(&self.paths)?.map(Path::to_path_buf);
        self.committed = true;
        let stats = self.stats();
        let keep = spare::worth_keeping(stats.written, stats.unchanged);
        let spare = &self.paths.spare;
        rayon::join(
            // The new site is published: failing to put the previous copy
            // aside is not a failed build, and the next build's `recover`
            // and `start_from_spare` remove what is left.
            || previous.map(|dir| spare::set_aside(&dir, spare, keep)),
            || after(&stats),
        );
        Ok(stats)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.paths.staging);
        }
    }
}

/// The file at `path`'s metadata, if it is the very file `other` is (a hard
/// link of it: the same file number, size and time). Never where the OS
/// gives no file number.
fn same_file(path: &Path, other: &Path) -> Option<std::fs::Metadata> {
    let stamp = FileStamp::of(&std::fs::metadata(other).ok()?);
    let meta = std::fs::symlink_metadata(path).ok()?;
    (stamp.id != 0 && stamp.matches(&meta)).then_some(meta)
}

/// The file at `path`'s metadata, if it holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> Option<std::fs::Metadata> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let same = meta.is_file()
        && meta.len() == bytes.len() as u64
        && std::fs::read(path).is_ok_and(|old| old == bytes);
    same.then_some(meta)
}

fn stat(path: &Path) -> Result<std::fs::Metadata, IoError> {
    std::fs::symlink_metadata(path).map_err(|source| IoError {
        action: "đọc",
        path: path.to_path_buf(),
        source,
    })
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
        first.commit_then(|_| ()).unwrap();
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
        let stats = second.commit_then(|_| ()).unwrap();
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
        let stamp = |p: &str| FileStamp::of(&std::fs::metadata(out.join(p)).unwrap());
        let a = stamp("a/index.html");
        let b = stamp("b.html");
        // Another size: a same-size edit within the clock's tick (a few
        // milliseconds) could keep the time too.
        std::fs::write(out.join("b.html"), b"bon nam").unwrap();

        let second = Staging::begin(&out, &|| ()).unwrap();
        assert!(second.keep("a/index.html", &a));
        assert!(
            !second.keep(
                "a/index.html",
                &FileStamp {
                    size: a.size + 1,
                    ..a
                }
            ),
            "another size"
        );
        assert!(!second.keep("b.html", &b), "edited since");
        let nothing = FileStamp {
            size: 0,
            modified: 0,
            id: 0,
        };
        assert!(!second.keep("c.html", &nothing), "not there");
        second.write("b.html", b"hai").unwrap();
        let stats = second.commit_then(|_| ()).unwrap();
        assert_eq!((stats.written, stats.unchanged), (1, 1));
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"mot");
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"hai");
        assert!(!out.join("c.html").exists());
    }

    /// The size and time of the file at `rel` under `out`.
    fn stamp_of(out: &Path, rel: &str) -> FileStamp {
        FileStamp::of(&std::fs::symlink_metadata(out.join(rel)).unwrap())
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
    }

    #[test]
    #[cfg(unix)]
    fn the_next_build_starts_from_the_spare_and_never_writes_into_a_published_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let spare = dir.path().join(".public.bangvang-spare");
        let pages: Vec<String> = (0..10).map(|i| format!("p{i}.html")).collect();
        let first = Staging::begin(&out, &|| ()).unwrap();
        for (i, page) in pages.iter().enumerate() {
            first.write(page, i.to_string().as_bytes()).unwrap();
        }
        first.write("tin.html", b"cu").unwrap();
        first.commit_then(|_| ()).unwrap();
        let stamps: Vec<_> = pages.iter().map(|p| stamp_of(&out, p)).collect();
        let p0 = inode(&out.join("p0.html"));

        // Nine pages kept, one written anew: the previous site is kept aside.
        let mut second = Staging::begin(&out, &|| ()).unwrap();
        second.start_from_spare();
        for (page, stamp) in pages.iter().zip(&stamps).take(9) {
            assert!(second.keep(page, stamp));
        }
        second.write("p9.html", b"nam").unwrap();
        second.commit_then(|_| ()).unwrap();
        assert_eq!(std::fs::read(spare.join("p9.html")).unwrap(), b"9");
        assert!(
            !spare.join(MARKER).exists(),
            "a spare is never a complete build"
        );
        let p9 = stamp_of(&out, "p9.html");

        // A published page edited in place: its spare copy is the same file.
        std::fs::write(out.join("p1.html"), b"sua tay").unwrap();
        let mut third = Staging::begin(&out, &|| ()).unwrap();
        third.start_from_spare();
        assert!(!spare.exists(), "the spare became the staging folder");
        for (page, stamp) in pages.iter().zip(&stamps).take(9) {
            assert_eq!(third.keep(page, stamp), page != "p1.html");
        }
        assert!(third.keep("p9.html", &p9), "linked from the output");
        third.write("p1.html", b"1").unwrap();
        // Where the spare has a file, this build puts a folder.
        third.write("tin.html/index.html", b"moi").unwrap();
        let stats = third.commit_then(|_| ()).unwrap();
        assert_eq!((stats.written, stats.unchanged), (2, 9));

        let read = |rel: &str| std::fs::read(out.join(rel)).unwrap();
        assert_eq!(read("p1.html"), b"1");
        assert_eq!(read("p9.html"), b"nam");
        assert_eq!(read("tin.html/index.html"), b"moi");
        assert_eq!(inode(&out.join("p0.html")), p0, "kept as the same file");
        let mut files: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        let mut expected: Vec<String> = pages.clone();
        expected.extend([MARKER.to_string(), "tin.html/index.html".to_string()]);
        expected.sort();
        assert_eq!(
            files, expected,
            "nothing the spare had and this build did not make"
        );
        // The file edited in place was replaced, not written into: the
        // previous site (now the spare) still holds the edit.
        assert_eq!(std::fs::read(spare.join("p1.html")).unwrap(), b"sua tay");
    }

    /// `public/` under `dir` after two builds, the second of which wrote
    /// one file of ten anew: the first build's site is kept as the spare.
    /// The stamps are those of the published files.
    fn built_twice_with_a_spare(dir: &Path) -> (PathBuf, Vec<(String, FileStamp)>) {
        let out = dir.join("public");
        let first = Staging::begin(&out, &|| ()).unwrap();
        for i in 0..10 {
            first
                .write(&format!("a/p{i}.html"), format!("trang {i}").as_bytes())
                .unwrap();
        }
        first.commit_then(|_| ()).unwrap();
        let mut second = Staging::begin(&out, &|| ()).unwrap();
        second.start_from_spare();
        for i in 0..9 {
            let rel = format!("a/p{i}.html");
            assert!(second.keep(&rel, &stamp_of(&out, &rel)));
        }
        second.write("a/p9.html", b"trang chin").unwrap();
        second.commit_then(|_| ()).unwrap();
        assert!(dir.join(".public.bangvang-spare").is_dir());
        let stamps = (0..10)
            .map(|i| format!("a/p{i}.html"))
            .map(|rel| (rel.clone(), stamp_of(&out, &rel)))
            .collect();
        (out, stamps)
    }

    #[test]
    #[cfg(unix)]
    fn a_link_in_the_spare_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let (out, stamps) = built_twice_with_a_spare(dir.path());
        // Someone had put a link in the published site, now the spare.
        let elsewhere = dir.path().join("noi-khac");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("p0.html"), b"cua nguoi khac").unwrap();
        let spare_a = dir.path().join(".public.bangvang-spare/a");
        std::fs::remove_dir_all(&spare_a).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &spare_a).unwrap();

        let mut third = Staging::begin(&out, &|| ()).unwrap();
        third.start_from_spare();
        for (rel, stamp) in &stamps {
            assert!(third.keep(rel, stamp), "{rel}");
        }
        third.write("a/moi.html", b"moi").unwrap();
        third.commit_then(|_| ()).unwrap();
        assert_eq!(
            std::fs::read(elsewhere.join("p0.html")).unwrap(),
            b"cua nguoi khac"
        );
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 1);
        assert!(std::fs::symlink_metadata(out.join("a")).unwrap().is_dir());
        assert_eq!(std::fs::read(out.join("a/p0.html")).unwrap(), b"trang 0");
        assert_eq!(std::fs::read(out.join("a/moi.html")).unwrap(), b"moi");
    }

    #[test]
    fn an_older_page_with_the_same_size_and_time_is_not_taken_for_the_published_one() {
        let dir = tempfile::tempdir().unwrap();
        let (out, stamps) = built_twice_with_a_spare(dir.path());
        // The spare's copy of a page: another version of the same length,
        // with the published one's time (a clock that ticks every 2 s).
        let older = dir.path().join(".public.bangvang-spare/a/p3.html");
        std::fs::remove_file(&older).unwrap();
        std::fs::write(&older, b"trang 8").unwrap();
        let published = std::fs::metadata(out.join("a/p3.html"))
            .unwrap()
            .modified()
            .unwrap();
        let file = std::fs::File::options().write(true).open(&older).unwrap();
        file.set_modified(published).unwrap();
        drop(file);

        let mut third = Staging::begin(&out, &|| ()).unwrap();
        third.start_from_spare();
        for (rel, stamp) in &stamps {
            assert!(third.keep(rel, stamp), "{rel}");
        }
        third.commit_then(|_| ()).unwrap();
        assert_eq!(std::fs::read(out.join("a/p3.html")).unwrap(), b"trang 3");
    }

    #[test]
    fn after_the_swap_the_records_are_made_and_the_previous_site_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = built_once(dir.path());
        let second = Staging::begin(&out, &|| ()).unwrap();
        second.write("b.html", b"ba").unwrap();
        let mut seen = None;
        second
            .commit_then(|_| seen = Some(std::fs::read(out.join("b.html")).unwrap()))
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
        first.commit_then(|_| ()).unwrap();
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
