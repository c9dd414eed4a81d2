//! What checking each story file gave, kept beside the output from one
//! build to the next, so that a build after a one-story edit parses and
//! validates that story alone (at 10,000 stories, parsing them all is about
//! a second of every build).
//!
//! The record (`.public.bangvang-cache/parse-v1/`) holds, for each story
//! file, the hash of its bytes and its outcome: the story with its
//! warnings, or its errors. It is cut into 64 files by the hash of the
//! story's path, so that after an edit only the file holding that story is
//! written again (the whole record of 10,000 stories is about 64 MB). An outcome is reused only for the same bytes
//! (a content hash: a time can miss an edit made within the same second)
//! at the same path, under the same context: the registry, the list of
//! images, the day, the story rules of site.yaml and the program itself.
//! Rules across stories (duplicates, addresses) are never kept: they run on
//! the whole set every time.
//!
//! Nothing in a file of the record is believed before its own hash is: a
//! file that is cut short, damaged, of another format or of another context
//! is ignored, which costs only time. Every outcome is of its context, path
//! and bytes alone, so a whole file written by any earlier build is right
//! wherever it is believed. It is written under a temporary name and
//! then renamed, and a half-written file fails its hash anyway, so a crash
//! never leaves a record that is trusted. Deleting it is always safe.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostics;
use crate::domain::story::Story;
use crate::fsio;
use crate::source::config::StoryRules;
use crate::source::image_cache::cache_root;
use crate::source::registry::Registry;

/// The first line of each file; changed whenever what it holds changes.
const MAGIC: &[u8] = b"bangvang-parse-v1\n";
/// The record's folder in the cache folder.
const RECORD: &str = "parse-v1";
/// How many files the record is cut into.
pub(super) const SHARDS: usize = 64;

/// A story file's outcome: the story (shared, so keeping it costs nothing) or its errors.
pub(super) type Parsed = Result<Arc<Story>, Diagnostics>;

/// The blake3 hash of a story file's bytes.
pub(super) type Digest = [u8; 32];

/// Outcomes by path, each with the hash of the bytes it came from.
pub(super) type Outcomes = HashMap<String, (Digest, Parsed)>;

/// Where the record beside `output` is.
pub(super) fn record_folder(output: &Path) -> PathBuf {
    cache_root(output).join(RECORD)
}

/// The file of the record that holds the story at `path`.
pub(super) fn shard_of(path: &str) -> usize {
    usize::from(blake3::hash(path.as_bytes()).as_bytes()[0]) % SHARDS
}

fn shard_file(folder: &Path, shard: usize) -> PathBuf {
    folder.join(format!("{shard:02x}.jsonl"))
}

/// One hash of everything a story's outcome depends on besides its own
/// bytes and path; `None` when the program itself cannot be identified,
/// and then nothing is read or kept.
pub(super) fn context_key(
    registry: &Registry,
    assets: &[String],
    today: NaiveDate,
    rules: &StoryRules,
) -> Option<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(MAGIC);
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    // Another build of the program may parse or word its findings otherwise.
    let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = exe.modified().ok()?;
    let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    hasher.update(format!("\0{} {}\0", exe.len(), since.as_nanos()).as_bytes());
    // Debug text is unambiguous (strings are quoted and escaped) and these
    // types hold no hash map, so the same values always give the same text.
    let context = format!("{registry:?}\0{assets:?}\0{today}\0{rules:?}");
    hasher.update(context.as_bytes());
    Some(hasher.finalize().to_hex().to_string())
}

/// One line of the record, as written.
#[derive(Serialize)]
struct LineOut<'a> {
    path: &'a str,
    hash: String,
    outcome: Result<&'a Story, &'a Diagnostics>,
}

/// One line of the record, as read back.
#[derive(Deserialize)]
struct LineIn {
    path: String,
    hash: String,
    outcome: Result<Story, Diagnostics>,
}

/// The outcomes of every file of the record in `folder` that is whole and
/// was written under `context`.
pub(super) fn read(folder: &Path, context: &str) -> Outcomes {
    (0..SHARDS)
        .into_par_iter()
        .filter_map(|shard| read_checked(&shard_file(folder, shard), context))
        .flatten()
        .collect()
}

fn read_checked(file: &Path, context: &str) -> Option<Vec<(String, (Digest, Parsed))>> {
    let bytes = std::fs::read(file).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (digest, body) = rest.split_at_checked(64)?;
    let body = body.strip_prefix(b"\n")?;
    let lines = body.strip_prefix(context.as_bytes())?.strip_prefix(b"\n")?;
    if digest != blake3::hash(body).to_hex().as_bytes() {
        return None;
    }
    // Each line stands alone: tens of megabytes are decoded on every core.
    let lines: Vec<&[u8]> = lines.split(|b| *b == b'\n').collect();
    let (last, lines) = lines.split_last()?;
    if !last.is_empty() {
        return None;
    }
    lines
        .par_iter()
        .map(|line| {
            let line: LineIn = serde_json::from_slice(line).ok()?;
            let mut digest = [0; 32];
            let hash = blake3::Hash::from_hex(&line.hash).ok()?;
            digest.copy_from_slice(hash.as_bytes());
            Some((line.path, (digest, line.outcome.map(Arc::new))))
        })
        .collect()
}

/// Keep `outcomes` (path, hash of the bytes, outcome) as the file `shard`
/// of the record in `folder`, written under `context`. Failing to keep
/// them costs the next build only time.
pub(super) fn write(
    folder: &Path,
    shard: usize,
    context: &str,
    outcomes: &[(&str, &Digest, &Parsed)],
) {
    let file = shard_file(folder, shard);
    let _ = std::fs::remove_file(&file);
    let lines: Option<Vec<Vec<u8>>> = outcomes
        .par_iter()
        .map(|(path, digest, outcome)| {
            let line = LineOut {
                path,
                hash: blake3::Hash::from_bytes(**digest).to_hex().to_string(),
                outcome: outcome.as_ref().map(|s| s.as_ref()),
            };
            serde_json::to_vec(&line).ok()
        })
        .collect();
    let Some(lines) = lines else {
        return;
    };
    let mut body = Vec::with_capacity(lines.iter().map(|l| l.len() + 1).sum::<usize>() + 65);
    body.extend_from_slice(context.as_bytes());
    body.push(b'\n');
    for line in lines {
        // JSON escapes every line break inside a string: one line, one file.
        body.extend_from_slice(&line);
        body.push(b'\n');
    }
    let mut record = MAGIC.to_vec();
    record.extend_from_slice(blake3::hash(&body).to_hex().as_bytes());
    record.push(b'\n');
    record.extend_from_slice(&body);
    let _ = fsio::write_replacing(&file, &record);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::parse_story;

    fn fixture(rel: &str) -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid_site");
        std::fs::read_to_string(root.join(rel)).unwrap()
    }

    #[test]
    fn an_outcome_reads_back_as_it_was_written() {
        let registry = Registry::parse(&fixture("content/registry.yaml")).unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let rules = StoryRules::default();
        let parse = |path: &str, text: &str| -> Parsed {
            parse_story(path, text, &registry, &[], today, &rules).map(Arc::new)
        };
        let good = parse("a.md", &fixture("content/stories/hung-1.md"));
        // A name without marks: a story kept with its warning.
        let warned = parse(
            "b.md",
            &fixture("content/stories/hung-2.md").replace("Nguyễn Văn Hùng", "Tran Van Binh"),
        );
        let bad = parse("c.md", "---\ntitle: x\n---\n");
        assert!(good.is_ok() && bad.is_err());
        assert!(!warned.as_ref().unwrap().notes.is_empty());
        let dir = tempfile::tempdir().unwrap();
        let context = context_key(&registry, &[], today, &rules).unwrap();
        let outcomes = [
            ("a.md", &[1; 32], &good),
            ("b.md", &[2; 32], &warned),
            ("c.md", &[3; 32], &bad),
        ];
        for outcome in &outcomes {
            write(dir.path(), shard_of(outcome.0), &context, &[*outcome]);
        }
        let back = read(dir.path(), &context);
        assert_eq!(back.len(), 3);
        for (path, digest, outcome) in outcomes {
            let (read_digest, read_outcome) = &back[path];
            assert_eq!(read_digest, digest);
            // Story has no `PartialEq`; its Debug text shows every field.
            assert_eq!(format!("{read_outcome:?}"), format!("{outcome:?}"));
        }
        let later = today.succ_opt().unwrap();
        let other = context_key(&registry, &[], later, &rules).unwrap();
        assert!(
            read(dir.path(), &other).is_empty(),
            "another day, another context"
        );
        assert!(!dir.path().read_dir().unwrap().any(|e| {
            let name = e.unwrap().file_name();
            name.to_string_lossy().ends_with(".tmp")
        }));
    }
}
