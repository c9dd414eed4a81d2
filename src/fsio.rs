//! Filesystem calls that name their path when they fail.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct IoError {
    pub action: &'static str,
    pub path: PathBuf,
    pub source: io::Error,
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "không {} được `{}`: {}",
            self.action,
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for IoError {}

fn wrap<T>(action: &'static str, path: &Path, r: io::Result<T>) -> Result<T, IoError> {
    r.map_err(|source| IoError {
        action,
        path: path.to_path_buf(),
        source,
    })
}

pub fn read(path: &Path) -> Result<Vec<u8>, IoError> {
    wrap("đọc", path, std::fs::read(path))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    wrap("ghi", path, std::fs::write(path, bytes))
}

/// Write `bytes` to `path` whole: into a temporary file beside it (its
/// folder made if missing), then renamed over it, so a reader, or a build
/// after a crash, never sees half of it. The temporary file is removed if
/// the rename fails.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir_all(parent)?;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(name);
    let written = write(&tmp, bytes).and_then(|()| rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

pub fn create_dir_all(path: &Path) -> Result<(), IoError> {
    wrap("tạo thư mục", path, std::fs::create_dir_all(path))
}

pub fn rename(from: &Path, to: &Path) -> Result<(), IoError> {
    wrap("đổi tên", from, std::fs::rename(from, to))
}

pub fn remove_file(path: &Path) -> Result<(), IoError> {
    wrap("xóa", path, std::fs::remove_file(path))
}

pub fn remove_dir(path: &Path) -> Result<(), IoError> {
    wrap("xóa thư mục", path, std::fs::remove_dir(path))
}

/// The real place a write to `path` lands: links of the last component
/// followed (a dangling one too, since writing creates its target), and the
/// folder above resolved. Used to refuse writing into a folder that must
/// not receive the file, whatever name it is reached by.
pub fn resolve_for_write(path: &Path) -> PathBuf {
    let mut current = real_parent(path);
    // A bound, as the OS has, so a link loop ends.
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            // An absolute target replaces `current` in `join`.
            Ok(target) => {
                let base = current.parent().unwrap_or(Path::new("/"));
                current = real_parent(&base.join(target));
            }
            Err(_) => break,
        }
    }
    current
}

/// `path` with its folder canonicalized (`.` and `..` names too).
fn real_parent(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(absolute),
        _ => std::fs::canonicalize(&absolute).unwrap_or(absolute),
    }
}

/// A file in the making, removed unless it is put in place.
pub struct TempFile {
    pub path: PathBuf,
}

impl TempFile {
    /// A new name beside `path` for this process and `role`:
    /// `<name>.<pid>.<role>.tmp`, which `remove_left_beside` finds.
    pub fn beside(path: &Path, role: &str) -> std::io::Result<TempFile> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{}.{role}.tmp", std::process::id()));
        Ok(TempFile {
            path: path.with_file_name(name),
        })
    }

    /// Remove what a killed process left beside `path` (its `<name>.*.tmp`
    /// files: hundreds of megabytes for a build's records at 100,000
    /// stories). The caller holds what keeps any other process from
    /// writing one now (a build holds its output's lock).
    pub fn remove_left_beside(path: &Path) {
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            return;
        };
        let prefix = format!("{}.", name.to_string_lossy());
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Put the file at `path`; false (and the file removed) if it cannot be.
    pub fn put_at(mut self, path: &Path) -> bool {
        let put = rename(&self.path, path).is_ok();
        if put {
            self.path = PathBuf::new();
        }
        put
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_are_followed_to_where_the_write_lands() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(real.join("public")).unwrap();
        let link = |to: &str, name: &str| {
            std::os::unix::fs::symlink(to, real.join(name)).unwrap();
            resolve_for_write(&real.join(name))
        };
        // Dangling, relative, chained and through a linked folder.
        assert_eq!(link("public/bc.csv", "a.csv"), real.join("public/bc.csv"));
        assert_eq!(link("a.csv", "b.csv"), real.join("public/bc.csv"));
        assert_eq!(link("public", "pub"), real.join("public"));
        assert_eq!(
            resolve_for_write(&real.join("pub/x.csv")),
            real.join("public/x.csv")
        );
        assert_eq!(
            resolve_for_write(&real.join("public/../plain.csv")),
            real.join("plain.csv")
        );
        link("loop1", "loop2");
        assert!(link("loop2", "loop1").starts_with(&real), "a loop ends");
    }
}
