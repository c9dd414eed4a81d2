//! The output's state as one number, for the next build to tell whether
//! anyone touched the output since (`pipeline::unchanged`): every file's
//! path, kind, size and modification time, each hashed, the hashes combined
//! by exclusive or, so files are added in any order and from any thread.
//!
//! Why not a walk of the output after the swap: a build already knows each
//! file's size and time (a kept file's from the record it was checked
//! against, a written one's from the file system once), and asking again
//! for each of tens of thousands of files was most of the swap's time. The
//! next build walks the output and works the same number out, to compare.
//! A folder counts by its path alone: its time changes whenever a file in
//! it does, which the files already say.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The state of some files of an output, built up one file at a time.
#[derive(Default, Debug)]
pub struct OutputState([AtomicU64; 2]);

impl OutputState {
    /// Add the file at `rel` (under the output; `/` or the OS's separator)
    /// of `kind` ("file", or what else a walk found there), `size` bytes,
    /// last modified at `modified` (nanoseconds since 1970).
    pub fn add(&self, rel: &Path, kind: &str, size: u64, modified: u128) {
        self.add_hashed(path_hasher(rel), kind, size, modified);
    }

    /// `add`, with the path already fed to `hasher` (`path_hasher`).
    pub(super) fn add_hashed(
        &self,
        mut hasher: blake3::Hasher,
        kind: &str,
        size: u64,
        modified: u128,
    ) {
        hasher.update(b"\0");
        hasher.update(kind.as_bytes());
        hasher.update(&size.to_le_bytes());
        hasher.update(&modified.to_le_bytes());
        let hash = hasher.finalize();
        for (half, bytes) in self.0.iter().zip(hash.as_bytes().chunks_exact(8)) {
            let mut word = [0u8; 8];
            word.copy_from_slice(bytes);
            half.fetch_xor(u64::from_le_bytes(word), Ordering::Relaxed);
        }
    }

    /// The state of every file added so far.
    pub fn value(&self) -> u128 {
        let [low, high] = &self.0;
        u128::from(low.load(Ordering::Relaxed)) | u128::from(high.load(Ordering::Relaxed)) << 64
    }
}

/// A hasher fed `rel` (a path under the output) the same however the OS
/// spells it (`a/b`, `a\b`): each part, then a `/`.
pub(super) fn path_hasher(rel: &Path) -> blake3::Hasher {
    let mut hasher = blake3::Hasher::new();
    for part in rel.components() {
        hasher.update(part.as_os_str().as_encoded_bytes());
        hasher.update(b"/");
    }
    hasher
}

/// When a file was last modified, in nanoseconds since 1970 (0 if unknown).
pub fn modified_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

/// What tells the file a build left at a path from any other: its size,
/// its modification time and, where the OS gives one, its file number
/// (inode; 0 when unknown). The number matters where two versions of a page
/// that the program wrote itself may meet, the spare's and the published
/// one: on a disk whose clock ticks every 2 s (FAT, exFAT), the same size and
/// time do not tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    pub size: u64,
    /// Nanoseconds since 1970.
    pub modified: u128,
    pub id: u64,
}

impl FileStamp {
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        FileStamp {
            size: meta.len(),
            modified: modified_nanos(meta),
            id: file_id(meta),
        }
    }

    /// Whether `meta` is of a file with this stamp (its number too, when
    /// both are known).
    pub fn matches(&self, meta: &std::fs::Metadata) -> bool {
        let id = file_id(meta);
        meta.is_file()
            && meta.len() == self.size
            && modified_nanos(meta) == self.modified
            && (self.id == 0 || id == 0 || id == self.id)
    }
}

#[cfg(unix)]
pub(super) fn file_id(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
pub(super) fn file_id(_meta: &std::fs::Metadata) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_does_not_matter_and_every_part_of_a_file_does() {
        let state = |files: &[(&str, &str, u64, u128)]| {
            let s = OutputState::default();
            for (rel, kind, size, time) in files {
                s.add(Path::new(rel), kind, *size, *time);
            }
            s.value()
        };
        let a = ("a/index.html", "file", 10, 7);
        let b = ("b.html", "file", 3, 9);
        assert_eq!(state(&[a, b]), state(&[b, a]));
        assert_ne!(state(&[a, b]), state(&[a]), "a file removed");
        assert_ne!(
            state(&[a, b]),
            state(&[a, ("b.html", "file", 4, 9)]),
            "size"
        );
        assert_ne!(
            state(&[a, b]),
            state(&[a, ("b.html", "file", 3, 8)]),
            "time"
        );
        assert_ne!(state(&[a, b]), state(&[a, ("b.htm", "file", 3, 9)]), "name");
        assert_ne!(
            state(&[a, b]),
            state(&[a, ("b.html", "symlink", 3, 9)]),
            "kind"
        );
        assert_ne!(state(&[]), state(&[("", "file", 0, 0)]));
    }
}
