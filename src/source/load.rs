//! Reading the site folder: every file under `content/` is classified, and
//! text is decoded (UTF-8 only, BOM and CRLF accepted) and NFC-normalized.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics};
use crate::fsio;
use crate::text::vietnamese::nfc;

/// A Markdown file, decoded and normalized.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, `/`-separated, e.g. `content/stories/2023-05/a.md`.
    pub path: String,
    pub text: String,
}

/// A file copied as it is (images, documents) to the same place under the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Path inside the output folder, e.g. `images/hung.jpg`.
    pub output_path: String,
}

/// A story file found under `content/`, not read yet: `check` reads it, or
/// reuses the result of an unchanged file from its cache (`serve`).
#[derive(Debug, Clone)]
pub struct StoryFile {
    pub source: PathBuf,
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// Modification time and length: a file with the same stamp is unchanged.
    pub stamp: Option<(std::time::SystemTime, u64)>,
    /// The file's stamp when it had been left alone for a while before it
    /// was taken (`Settled`); a build reuses the outcome recorded with the
    /// same one without reading the file.
    pub settled: Option<Settled>,
}

/// What tells a story file from any later version of it without reading
/// it: its size, its modification and change times and its file and disk
/// numbers. Kept only when both times were over `SETTLE` old as it was
/// taken: the change time is set by the system on every write, rename or
/// restore and never by a program, so any later edit gives a later one,
/// even on a disk whose clock ticks every 2 s. Unix only: elsewhere no
/// change time is given, and the file is read and hashed as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Settled {
    size: u64,
    /// Nanoseconds since 1970.
    modified: i128,
    changed: i128,
    file: u64,
    device: u64,
}

/// How long a file must have been left alone for its stamp to be trusted:
/// longer than the coarsest clock of a disk (FAT's 2 s).
#[cfg(unix)]
const SETTLE: std::time::Duration = std::time::Duration::from_secs(3);

/// Test hook, never set in normal use: `BANGVANG_TEST_SETTLE_SECONDS=0`
/// trusts the stamp of a file written just before the build, so a test
/// need not wait for its files to settle.
pub const SETTLE_HOOK: &str = "BANGVANG_TEST_SETTLE_SECONDS";

#[cfg(unix)]
fn settle_time() -> std::time::Duration {
    std::env::var(SETTLE_HOOK)
        .ok()
        .and_then(|v| v.parse().ok())
        .map(std::time::Duration::from_secs)
        .unwrap_or(SETTLE)
}

#[cfg(unix)]
fn settled(meta: &std::fs::Metadata, taken: std::time::SystemTime) -> Option<Settled> {
    use std::os::unix::fs::MetadataExt;
    let nanos = |secs: i64, nsec: i64| i128::from(secs) * 1_000_000_000 + i128::from(nsec);
    let stamp = Settled {
        size: meta.len(),
        modified: nanos(meta.mtime(), meta.mtime_nsec()),
        changed: nanos(meta.ctime(), meta.ctime_nsec()),
        file: meta.ino(),
        device: meta.dev(),
    };
    let since = taken
        .checked_sub(settle_time())?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let before = i128::try_from(since.as_nanos()).ok()?;
    (stamp.modified < before && stamp.changed < before).then_some(stamp)
}

#[cfg(not(unix))]
fn settled(_meta: &std::fs::Metadata, _taken: std::time::SystemTime) -> Option<Settled> {
    None
}

#[cfg(test)]
impl Settled {
    /// A stamp for tests of what keeps one.
    pub fn example(size: u64) -> Settled {
        Settled {
            size,
            modified: 1,
            changed: 2,
            file: 3,
            device: 4,
        }
    }
}

impl StoryFile {
    /// The file's bytes as they are (`decode` makes them text): a build
    /// hashes them to find the file's outcome kept from the last build.
    pub fn read_bytes(&self) -> Result<Vec<u8>, Diagnostic> {
        read_bytes(&self.source, &self.path)
    }
}

#[derive(Debug, Default)]
pub struct Loaded {
    /// Shared with `serve`'s index of `content/`, which patches it in
    /// place between checks instead of copying 100,000 paths each time.
    pub stories: Arc<Vec<StoryFile>>,
    pub pages: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Editor leftovers and hidden files are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Walk `content/`: story files found (not read), free pages read, images
/// listed; every other file is said not to be published.
pub fn load_content(root: &Path, diags: &mut Diagnostics) -> Loaded {
    load_content_seen(root, diags, |_| {})
}

/// `load_content`, the walk shown to `seen` before it is used (`serve`
/// keeps an index of it).
pub fn load_content_seen(
    root: &Path,
    diags: &mut Diagnostics,
    seen: impl FnOnce(&Walked),
) -> Loaded {
    match walk_content(root) {
        Ok(walked) => {
            seen(&walked);
            walked.into_loaded(root, diags)
        }
        Err(no_content) => {
            diags.push(no_content);
            Loaded::default()
        }
    }
}

/// What one entry of `content/` is to a check.
#[derive(Debug, Clone)]
pub enum Found {
    Story(StoryFile),
    /// A free page (its path under the site folder, `/`-separated), read
    /// by every check: they are few.
    Page(String),
    Asset(Asset),
    /// Not published, and said so: a link, a file of another kind.
    Said(Diagnostic),
    /// A folder or file that could not be read: what it holds is unknown.
    Unreadable(Diagnostic),
    /// Nothing to publish or say (a folder, the registry).
    Nothing,
}

/// Every entry of `content/`, in the order of a walk sorted by file name.
#[derive(Debug)]
pub struct Walked {
    found: Vec<(PathBuf, Found)>,
}

/// Walk `content/` (stories found and their stamps taken, nothing read);
/// an error when there is no `content/` folder.
pub fn walk_content(root: &Path) -> Result<Walked, Diagnostic> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Diagnostic::error("no-content", "content", "không tìm thấy thư mục `content/`")
            .hint("mở cửa sổ lệnh trong thư mục của trang (thư mục có tệp site.yaml và thư mục content) hoặc trong thư mục của bài, rồi chạy lại lệnh; người quản trị có thể chỉ thư mục của trang bằng `--root`"));
    }
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    let mut found = Vec::new();
    for entry in walker {
        found.push(match entry {
            // `content/` itself (followed if it is a link).
            Ok(e) if e.depth() == 0 => continue,
            Ok(e) => {
                let is_link = e.path_is_symlink();
                let kind = classify(root, e.path(), is_link, e.file_type().is_file());
                (e.into_path(), kind)
            }
            Err(err) => {
                let path = err.path().unwrap_or(&content).to_path_buf();
                (path, Found::Unreadable(unreadable(root, &err)))
            }
        });
    }
    // Stamps on every core: one stat per story adds up at 100,000 stories.
    // The time is taken before any of them, so none is judged settled late.
    let taken = std::time::SystemTime::now();
    found.par_iter_mut().for_each(|(_, f)| {
        if let Found::Story(f) = f {
            if let Ok(meta) = std::fs::metadata(&f.source) {
                f.stamp = stamp_of(&meta);
                f.settled = settled(&meta, taken);
            }
        }
    });
    Ok(Walked { found })
}

/// What the entry at `path` is now, `meta` its own metadata (a link's, not
/// what it points to), as a walk would find it.
pub fn found_at(root: &Path, path: &Path, meta: &std::fs::Metadata) -> Found {
    let mut found = classify(root, path, meta.file_type().is_symlink(), meta.is_file());
    if let Found::Story(f) = &mut found {
        f.stamp = stamp_of(meta);
        f.settled = settled(meta, std::time::SystemTime::now());
    }
    found
}

impl Walked {
    /// Whether the walk saw every entry (no folder was unreadable).
    pub fn complete(&self) -> bool {
        !self
            .found
            .iter()
            .any(|(_, f)| matches!(f, Found::Unreadable(_)))
    }

    pub fn found(&self) -> impl Iterator<Item = &(PathBuf, Found)> {
        self.found.iter()
    }

    /// What a check reads: stories, free pages (read now), images, and
    /// the notes in `diags`. The stories are moved, not copied.
    pub fn into_loaded(self, root: &Path, diags: &mut Diagnostics) -> Loaded {
        let (stories, others): (Vec<_>, Vec<_>) = self
            .found
            .into_iter()
            .partition(|(_, f)| matches!(f, Found::Story(_)));
        let stories = stories
            .into_iter()
            .filter_map(|(_, f)| match f {
                Found::Story(f) => Some(f),
                _ => None,
            })
            .collect();
        let others = others.iter().map(|(path, found)| (path, found));
        loaded_with(Arc::new(stories), others, root, diags)
    }
}

/// What a check reads of `content/`: `stories`, and of the other entries
/// (stories among them are passed over) the free pages, read now, the
/// images, and the notes, in `diags`.
pub fn loaded_with<'a>(
    stories: Arc<Vec<StoryFile>>,
    others: impl Iterator<Item = (&'a PathBuf, &'a Found)>,
    root: &Path,
    diags: &mut Diagnostics,
) -> Loaded {
    let mut loaded = Loaded {
        stories,
        ..Loaded::default()
    };
    let mut pages = Vec::new();
    for (path, found) in others {
        match found {
            Found::Story(_) | Found::Nothing => {}
            Found::Page(rel) => pages.push((path.clone(), rel.clone())),
            Found::Asset(a) => loaded.assets.push(a.clone()),
            Found::Said(d) | Found::Unreadable(d) => diags.push(d.clone()),
        }
    }
    loaded.pages = read_pages(root, &pages, diags);
    loaded
}

/// The free pages at `pages` (each path with its name under the site
/// folder), read and decoded; what cannot be read is said in `diags`.
fn read_pages(
    root: &Path,
    pages: &[(PathBuf, String)],
    diags: &mut Diagnostics,
) -> Vec<SourceFile> {
    pages
        .iter()
        .filter_map(|(path, rel)| {
            let text = read_text(root, path, diags)?;
            Some(SourceFile {
                path: rel.clone(),
                text,
            })
        })
        .collect()
}

fn unreadable(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err
        .path()
        .map(|p| display_path(root, p))
        .unwrap_or_else(|| "content".into());
    Diagnostic::error("unreadable", path, format!("không đọc được: {err}"))
        .hint("kiểm tra quyền đọc của tệp hoặc thư mục")
}

/// What the entry at `path` is: a story, a free page, an image, or a file
/// said not to be published. `is_link`: the entry itself is a link.
fn classify(root: &Path, path: &Path, is_link: bool, is_file: bool) -> Found {
    if is_link {
        // A link is never followed: it could publish a file from outside
        // content/ (a dossier, a system file). Said, never skipped silently.
        return Found::Said(
            Diagnostic::warning(
                "link-not-followed",
                display_path(root, path),
                "đây là một liên kết (symlink) nên không được đọc và không được xuất bản",
            )
            .hint("chép tệp thật vào content/ thay cho liên kết"),
        );
    }
    if !is_file {
        return Found::Nothing;
    }
    let rel = display_path(root, path);
    let inside = rel.strip_prefix("content/").unwrap_or(&rel).to_string();
    if inside == "registry.yaml" {
        return Found::Nothing;
    }
    let is_markdown = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    if is_markdown && inside.starts_with("pages/") {
        Found::Page(rel)
    } else if is_markdown {
        Found::Story(StoryFile {
            source: path.to_path_buf(),
            path: rel,
            stamp: None,
            settled: None,
        })
    } else if inside.starts_with("images/") {
        Found::Asset(Asset {
            source: path.to_path_buf(),
            output_path: inside,
        })
    } else {
        // Only images are published: a scanned dossier or a spreadsheet
        // dropped into content/ must never reach the public site.
        Found::Said(
            Diagnostic::warning(
                "file-not-published",
                rel,
                "tệp này không được xuất bản (chỉ ảnh trong content/images/ được đưa lên trang)",
            )
            .hint(
                "đặt ảnh vào content/images/; hồ sơ, tờ trình và bảng tính không để trong content/",
            ),
        )
    }
}

/// Modification time and length of a file.
pub fn stamp(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    stamp_of(&std::fs::metadata(path).ok()?)
}

fn stamp_of(meta: &std::fs::Metadata) -> Option<(std::time::SystemTime, u64)> {
    Some((meta.modified().ok()?, meta.len()))
}

/// Read a text file of the site, or record why it cannot be used.
pub fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    read_decoded(path, &display_path(root, path))
        .map_err(|d| diags.push(d))
        .ok()
}

/// Read `path` (named `rel` in messages) and decode it as site text.
fn read_decoded(path: &Path, rel: &str) -> Result<String, Diagnostic> {
    decode(rel, &read_bytes(path, rel)?)
}

fn read_bytes(path: &Path, rel: &str) -> Result<Vec<u8>, Diagnostic> {
    fsio::read(path).map_err(|err| {
        Diagnostic::error("unreadable", rel, err.to_string()).hint("kiểm tra quyền đọc của tệp")
    })
}

/// UTF-8 only; a BOM is dropped, CRLF becomes LF, text is NFC.
pub fn decode(rel: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            // Safe: `good` is exactly the valid prefix.
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            return Err(Diagnostic::error(
                "not-utf8",
                rel,
                "tệp không lưu bằng bảng mã UTF-8: chữ có dấu ở dòng này đọc không được",
            )
            .at(line, column)
            .hint("mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8 (không dùng TCVN3/VNI hay Windows-1258)"));
        }
    };
    if let Some(d) = control_character(rel, text) {
        return Err(d);
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", rel, "tệp trống").hint(
            "xóa tệp này, hoặc tạo bài có sẵn khung bằng `bangvang new --unit <mã đơn vị>`",
        ));
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    // Most files are already NFC: checking is much cheaper than normalizing.
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        Ok(text)
    } else {
        Ok(nfc(&text))
    }
}

/// A control character (NUL, U+0001–U+001F but tab, newline and CR, or
/// DEL) anywhere in a text file. XML 1.0 forbids most of them, so one would
/// make the Atom and RSS feeds unreadable, and none belongs in a web page;
/// they come from copying out of PDFs and old word processors, invisible.
fn control_character(rel: &str, text: &str) -> Option<Diagnostic> {
    let bad = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f;
    // Control characters are single bytes in UTF-8: a byte scan finds them.
    let at = text.bytes().position(bad)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some(
        Diagnostic::error(
            "control-character",
            rel,
            format!(
                "tệp có ký tự điều khiển vô hình (mã U+{:04X})",
                text.as_bytes()[at]
            ),
        )
        .at(line, column)
        .hint("ký tự này thường lẫn vào khi chép từ PDF hoặc Word; xóa nó (xóa rồi gõ lại chữ ở vị trí đó)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    #[test]
    fn a_missing_file_is_unreadable() {
        let root = Path::new("/khong-co-thu-muc-nay");
        let mut diags = Diagnostics::default();
        assert!(read_text(root, &root.join("bai.md"), &mut diags).is_none());
        let found = diags.sorted();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "unreadable");
        assert_eq!(found[0].path, "bai.md");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        assert_eq!(
            decode("a.md", b"\xEF\xBB\xBF---\r\ntitle: x\r\n").unwrap(),
            "---\ntitle: x\n"
        );
    }

    #[test]
    fn bad_bytes_are_located() {
        let err = decode("a.md", b"---\ntitle: \"Nguy\xC3\xAAn \xE0 x\"\n").unwrap_err();
        assert_eq!((err.code, err.pos), ("not-utf8", Some(Pos::new(2, 16))));
    }

    #[test]
    fn control_characters_are_located() {
        for (bytes, col) in [
            (&b"---\ntitle: \"\xC4\x90a\x01\"\n"[..], 11),
            (b"---\nt: a\x00\n", 5),
            (b"---\nt: \x7f\n", 4),
        ] {
            let err = decode("a.md", bytes).unwrap_err();
            assert_eq!(
                (err.code, err.pos),
                ("control-character", Some(Pos::new(2, col)))
            );
        }
        assert!(decode("a.md", b"---\r\ntitle:\tx\r\n").is_ok());
    }

    #[test]
    fn empty_files_are_errors() {
        assert_eq!(decode("a.md", b" \n\n").unwrap_err().code, "empty-file");
    }

    #[test]
    fn editor_files_are_ignored() {
        assert!(is_ignored_name(".a.md.swp"));
        assert!(is_ignored_name("a.md~"));
        assert!(is_ignored_name("#a.md#"));
        assert!(!is_ignored_name("a.md"));
    }
}
