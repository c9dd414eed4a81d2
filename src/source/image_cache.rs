//! Encoded images kept between builds, found by the hash of the source's
//! bytes: an unchanged photo costs a hash and a copy, not a decode and three
//! encodes. The cache lives beside the output (never inside it, so nothing of
//! it is published) in a folder per format version; an entry is written whole
//! and checked against its recorded hashes when read, so a damaged or
//! half-written entry is simply made again.

use std::path::{Path, PathBuf};

use super::images::{self, Checked, Encoded, Size};
use super::load::Asset;
use crate::diagnostics::{display_path, Diagnostic};
use crate::fsio;

/// Bumped whenever what is encoded changes (widths, quality, encoder).
const VERSION: &str = "v1";
const META: &str = "meta.txt";

/// The cache folder of one output folder.
#[derive(Debug, Clone)]
pub struct ImageCache {
    dir: PathBuf,
}

impl ImageCache {
    /// `public/` → `.public.bangvang-cache/v1/` beside it.
    pub fn beside(output: &Path) -> ImageCache {
        ImageCache {
            dir: cache_root(output).join(VERSION),
        }
    }

    /// The key of a source: its bytes and the format its name promises
    /// (the same bytes named `.png` and `.jpg` have different verdicts).
    pub fn key(bytes: &[u8], output_path: &str) -> String {
        let ext = output_path
            .rsplit('.')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut hasher = blake3::Hasher::new();
        hasher.update(bytes);
        hasher.update(ext.as_bytes());
        hasher.finalize().to_hex().to_string()
    }

    fn entry(&self, key: &str) -> PathBuf {
        self.dir.join(key)
    }

    /// What a cached entry says about its source, without reading its files.
    pub fn checked(&self, key: &str) -> Option<Checked> {
        let meta = std::fs::read_to_string(self.entry(key).join(META)).ok()?;
        parse_meta(&meta).map(|(checked, _)| checked)
    }

    /// Every file of a cached entry, or None if it is missing or damaged.
    pub fn load(&self, key: &str) -> Option<Encoded> {
        let entry = self.entry(key);
        let meta = std::fs::read_to_string(entry.join(META)).ok()?;
        let (checked, hashes) = parse_meta(&meta)?;
        let mut files = Vec::with_capacity(hashes.len());
        for (width, hash) in hashes {
            let bytes = std::fs::read(entry.join(width.to_string())).ok()?;
            if blake3::hash(&bytes).to_hex().as_str() != hash {
                return None;
            }
            files.push((width, bytes));
        }
        Some(Encoded { checked, files })
    }

    /// Keep an entry. Written to a folder of its own, then renamed into
    /// place, so a reader never sees half of it.
    pub fn store(&self, key: &str, encoded: &Encoded) -> Result<(), fsio::IoError> {
        let entry = self.entry(key);
        let tmp = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        fsio::create_dir_all(&tmp)?;
        for (width, bytes) in &encoded.files {
            fsio::write(&tmp.join(width.to_string()), bytes)?;
        }
        fsio::write(&tmp.join(META), meta_text(encoded).as_bytes())?;
        // A damaged entry of the same key is replaced.
        if entry.exists() {
            let _ = std::fs::remove_dir_all(&entry);
        }
        let renamed = fsio::rename(&tmp, &entry);
        if renamed.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        renamed
    }

    /// Entries kept.
    #[cfg(test)]
    pub fn entries(&self) -> usize {
        std::fs::read_dir(&self.dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                    .count()
            })
            .unwrap_or(0)
    }
}

/// `public/` → `.public.bangvang-cache/` beside it: every cache of one
/// output folder (images here, share cards too) lives in there.
pub fn cache_root(output: &Path) -> PathBuf {
    let parent = output.parent().unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    parent.join(format!(".{name}.bangvang-cache"))
}

/// The published copy of a photo a share card shows: the widest file of
/// at most `max_width` (already turned upright and stripped), from the cache.
pub fn share_photo(
    root: &Path,
    cache: &ImageCache,
    asset: &Asset,
    max_width: u32,
) -> Option<Vec<u8>> {
    let bytes = read(root, asset).ok()?;
    let (made, _) = encoded(cache, &bytes, &asset.output_path).ok()?;
    let mut files = made.files;
    files.sort_by_key(|(w, _)| *w);
    let fit = files
        .iter()
        .rposition(|(w, _)| *w <= max_width)
        .unwrap_or(0);
    files.into_iter().nth(fit).map(|(_, b)| b)
}

/// The published files of a source, from the cache or encoded (and cached),
/// and the cache's folder that holds them (None when it could not be
/// written: that only costs speed, the files are still made).
pub fn encoded(
    cache: &ImageCache,
    bytes: &[u8],
    output_path: &str,
) -> Result<(Encoded, Option<PathBuf>), String> {
    let key = ImageCache::key(bytes, output_path);
    if let Some(hit) = cache.load(&key) {
        return Ok((hit, Some(cache.entry(&key))));
    }
    let made = images::encode(bytes, output_path)?;
    let stored = cache.store(&key, &made).is_ok();
    Ok((made, stored.then(|| cache.entry(&key))))
}

/// What publishing a source would give, from the cache if it was encoded
/// before, else by decoding it (never encoding: `check` must stay quick).
pub fn checked(cache: &ImageCache, bytes: &[u8], output_path: &str) -> Result<Checked, String> {
    match cache.checked(&ImageCache::key(bytes, output_path)) {
        Some(known) => Ok(known),
        None => images::check(bytes, output_path),
    }
}

/// One file an image is published as.
pub struct PublishedImage {
    pub path: String,
    pub bytes: Vec<u8>,
    /// The cache's file of the same bytes, which `build` links into the
    /// output instead of writing them again.
    pub cached: Option<PathBuf>,
}

/// Every file an asset is published as.
/// `build` runs it; `check` runs `verdict`, which finds the same errors.
pub fn published_files(
    root: &Path,
    cache: &ImageCache,
    asset: &Asset,
) -> Result<Vec<PublishedImage>, Diagnostic> {
    let bytes = read(root, asset)?;
    let (made, entry) =
        encoded(cache, &bytes, &asset.output_path).map_err(|why| bad_image(root, asset, why))?;
    let largest = made.checked.size.width;
    Ok(made
        .files
        .into_iter()
        .map(|(w, bytes)| PublishedImage {
            path: images::variant_path(&asset.output_path, w, largest),
            bytes,
            cached: entry.as_ref().map(|e| e.join(w.to_string())),
        })
        .collect())
}

/// Whether an asset can be published, and at what size.
pub fn verdict(root: &Path, cache: &ImageCache, asset: &Asset) -> Result<Checked, Diagnostic> {
    let bytes = read(root, asset)?;
    checked(cache, &bytes, &asset.output_path).map_err(|why| bad_image(root, asset, why))
}

fn read(root: &Path, asset: &Asset) -> Result<Vec<u8>, Diagnostic> {
    fsio::read(&asset.source).map_err(|e| {
        Diagnostic::error(
            "unreadable",
            display_path(root, &asset.source),
            e.to_string(),
        )
        .hint("kiểm tra quyền đọc của tệp")
    })
}

fn bad_image(root: &Path, asset: &Asset, why: String) -> Diagnostic {
    Diagnostic::error("bad-image", display_path(root, &asset.source), why).hint(
        "mở ảnh bằng Paint hoặc Photos, chọn Lưu thành (Save as) → JPEG, rồi ghi tên tệp mới vào bài",
    )
}

/// A warning for a source heavy enough to slow every check and build.
pub fn large_warning(root: &Path, asset: &Asset, c: &Checked) -> Option<Diagnostic> {
    c.is_large().then(|| {
        let mut what = format!("{}×{} điểm ảnh", c.source.width, c.source.height);
        if c.source_bytes > images::LARGE_BYTES {
            let mb = c.source_bytes as f64 / (1024.0 * 1024.0);
            what = format!("{mb:.1} MB, {what}");
        }
        Diagnostic::warning(
            "large-image",
            display_path(root, &asset.source),
            format!(
                "ảnh rất lớn ({what}); trang chỉ đăng bản rộng {} điểm ảnh",
                c.size.width
            ),
        )
        .hint(format!(
            "thu nhỏ ảnh còn rộng khoảng {} điểm ảnh (Paint: Đổi kích thước) để kiểm tra và đăng nhanh hơn",
            images::MAX_WIDTH
        ))
    })
}

fn meta_text(e: &Encoded) -> String {
    let c = &e.checked;
    let mut text = format!(
        "bangvang-image {VERSION}\nsize {} {}\nsource {} {} {}\n",
        c.size.width, c.size.height, c.source.width, c.source.height, c.source_bytes
    );
    for (width, bytes) in &e.files {
        text.push_str(&format!("file {width} {}\n", blake3::hash(bytes).to_hex()));
    }
    let check = blake3::hash(text.as_bytes()).to_hex();
    text.push_str(&format!("{CHECK}{check}\n"));
    text
}

/// The last line of `meta.txt`: the hash of the lines before it. The files'
/// hashes only vouch for the files; a size changed by a disk error would
/// otherwise be trusted, and published in every page's `<img height>`
/// (found by tests/rebuild_equals_clean.rs). An entry without it (or
/// damaged) is made again.
const CHECK: &str = "check ";

fn parse_meta(text: &str) -> Option<(Checked, Vec<(u32, String)>)> {
    let at = text.rfind(CHECK)?;
    let (text, check) = text.split_at(at);
    if check != format!("{CHECK}{}\n", blake3::hash(text.as_bytes()).to_hex()) {
        return None;
    }
    let mut lines = text.lines();
    if lines.next()? != format!("bangvang-image {VERSION}") {
        return None;
    }
    let numbers = |line: &str, word: &str| -> Option<Vec<u64>> {
        let rest = line.strip_prefix(word)?;
        rest.split_whitespace().map(|n| n.parse().ok()).collect()
    };
    let size = numbers(lines.next()?, "size ")?;
    let source = numbers(lines.next()?, "source ")?;
    let (&[w, h], &[sw, sh, sb]) = (size.as_slice(), source.as_slice()) else {
        return None;
    };
    let mut files = Vec::new();
    for line in lines {
        let (width, hash) = line.strip_prefix("file ")?.split_once(' ')?;
        files.push((width.parse().ok()?, hash.to_string()));
    }
    let as_u32 = |n: u64| u32::try_from(n).ok();
    let checked = Checked {
        size: Size {
            width: as_u32(w)?,
            height: as_u32(h)?,
        },
        source: Size {
            width: as_u32(sw)?,
            height: as_u32(sh)?,
        },
        source_bytes: sb,
    };
    // The widths recorded must be the ones this version makes.
    let widths: Vec<u32> = files.iter().map(|(w, _)| *w).collect();
    (widths == images::widths(checked.size.width)).then_some((checked, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::DynamicImage::ImageRgb8(image::RgbImage::new(w, h));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn an_entry_is_reused_and_a_damaged_one_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ImageCache::beside(&dir.path().join("public"));
        let source = jpeg(1000, 500);
        let (made, entry) = encoded(&cache, &source, "images/a.jpg").unwrap();
        assert_eq!(cache.entries(), 1);
        let key = ImageCache::key(&source, "images/a.jpg");
        assert_eq!(entry, Some(cache.entry(&key)), "where the files are kept");
        let hit = cache.load(&key).expect("cached");
        assert_eq!(hit.files, made.files);
        assert_eq!(cache.checked(&key), Some(made.checked));
        // A bit flipped anywhere in what the entry says is not trusted.
        let meta_path = cache.entry(&key).join(META);
        let meta = std::fs::read(&meta_path).unwrap();
        for at in 0..meta.len() {
            let mut bad = meta.clone();
            bad[at] ^= 1;
            fsio::write(&meta_path, &bad).unwrap();
            assert_eq!(cache.checked(&key), None, "byte {at}");
        }
        fsio::write(&meta_path, &meta).unwrap();
        // Damage one file: the entry is not trusted, and is made again.
        fsio::write(&cache.entry(&key).join("480"), b"half").unwrap();
        assert!(cache.load(&key).is_none());
        let (again, _) = encoded(&cache, &source, "images/a.jpg").unwrap();
        assert_eq!(again.files, made.files);
        assert!(cache.load(&key).is_some(), "repaired");
        assert!(
            !dir.path().join("public").exists(),
            "nothing inside the output"
        );
    }
}
