//! The only module that touches the output folder. A build is written next
//! to it and swapped in whole, so a failed build never leaves a half-written
//! site and readers never see a mix of two builds.

use std::path::{Path, PathBuf};

use crate::fsio::{self, IoError};
use crate::load::Asset;
use crate::render::OutputFile;

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

pub struct Written {
    pub files: usize,
}

/// Write `files` and copy `assets` into `output`, atomically.
pub fn write_site(
    output: &Path,
    files: &[OutputFile],
    assets: &[Asset],
) -> Result<Written, WriteError> {
    if output.exists()
        && !output.join(MARKER).exists()
        && std::fs::read_dir(output)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
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

    let result = fill(&staging, files, assets);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if output.exists() {
        fsio::rename(output, &old)?;
    }
    if let Err(e) = fsio::rename(&staging, output) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, output);
        return Err(e.into());
    }
    if old.exists() {
        fsio::remove_dir_all(&old)?;
    }
    let count = files.len() + assets.len();
    Ok(Written { files: count })
}

fn fill(dir: &Path, files: &[OutputFile], assets: &[Asset]) -> Result<(), WriteError> {
    fsio::create_dir_all(dir)?;
    fsio::write(
        &dir.join(MARKER),
        b"Thu muc nay do bangvang tao ra; moi lan build se thay toan bo.\n",
    )?;
    for asset in assets {
        let to = dir.join(&asset.output_path);
        if let Some(p) = to.parent() {
            fsio::create_dir_all(p)?;
        }
        fsio::copy(&asset.source, &to)?;
    }
    let mut made: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    for f in files {
        let to = dir.join(&f.path);
        if let Some(p) = to.parent() {
            if made.insert(p.to_path_buf()) {
                fsio::create_dir_all(p)?;
            }
        }
        fsio::write(&to, &f.bytes)?;
    }
    Ok(())
}
