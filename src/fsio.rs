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

pub fn create_dir_all(path: &Path) -> Result<(), IoError> {
    wrap("tạo thư mục", path, std::fs::create_dir_all(path))
}

pub fn remove_dir_all(path: &Path) -> Result<(), IoError> {
    wrap("xóa thư mục", path, std::fs::remove_dir_all(path))
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
