//! What checking each story file gave, kept beside the output from one
//! build to the next, so that a build after a one-story edit parses and
//! validates that story alone (at 10,000 stories, parsing them all is about
//! a second of every build).
//!
//! The record (`.public.bangvang-cache/parse-v4/`) holds, for each story
//! file, the hash of its bytes, its settled stamp (`load::Settled`) and its
//! outcome: the story with its warnings, or its errors. It is cut into 64
//! files by the hash of the story's path, so that after an edit only the
//! file holding that story is written again (the whole record of 10,000
//! stories is about 49 MB with plain bodies; from `parse-v3` on they are
//! kept packed, as `Story` holds them). An outcome is reused only for the
//! same bytes (a content hash: a time can miss an edit made within the same
//! second) at the same path, under the same context: the registry, the
//! list of images, the day, the story rules of site.yaml and the program
//! itself. The bytes are known to be the same without reading them when
//! the file's stamp is the settled one recorded with them: taken when the
//! file had been left alone for seconds, so no later edit, even one that
//! puts the modification time back, leaves the change time as it was (at
//! 100,000 stories, reading and hashing every file was most of the parse
//! stage of a build after a one-story edit). Rules across stories
//! (duplicates, addresses) are never kept: they run on the whole set every
//! time.
//!
//! A file of the record is its format (`MAGIC`), the blake3 hash of the
//! rest, the context on a line, then an entry for each story: its length
//! (4 bytes, little endian), then the path, the hash of the story's bytes
//! and the outcome, in postcard. Every build after an edit reads the whole
//! record: in JSON (`parse-v1`), decoding it was about 5% of the CPU of such
//! a build; postcard takes strings as they are, with no escapes or names to
//! read. The lengths let a file's entries be found without decoding them,
//! and then decoded on every core. Postcard keeps the order of fields, not
//! their names, so `Story` and all it holds must read back field for field
//! as written, with no attribute that needs a format that describes itself
//! (`skip_serializing_if`, `flatten`, `untagged`); a change to those types
//! is a new program, and so a new context.
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
use crate::source::load::Settled;
use crate::source::registry::Registry;

/// One story file's entry as written: its path, the hash of its bytes,
/// its settled stamp and its outcome.
pub(super) type Entry<'a> = (&'a str, &'a Digest, Option<Settled>, &'a Parsed);

/// The first line of each file; changed whenever what it holds changes.
const MAGIC: &[u8] = b"bangvang-parse-v4\n";
/// The record's folder in the cache folder.
const RECORD: &str = "parse-v4";
/// How many files the record is cut into.
pub(super) const SHARDS: usize = 64;

/// A story file's outcome: the story (shared, so keeping it costs nothing) or its errors.
pub(super) type Parsed = Result<Arc<Story>, Diagnostics>;

/// The blake3 hash of a story file's bytes.
pub(super) type Digest = [u8; 32];

/// What the record holds of one story file.
#[derive(Clone)]
pub(super) struct Kept {
    /// The hash of the bytes the outcome came from.
    pub digest: Digest,
    /// The file's stamp when those bytes were read, if it was settled then:
    /// a file with this stamp now still holds them.
    pub settled: Option<Settled>,
    pub parsed: Parsed,
}

/// Outcomes by path.
pub(super) type Outcomes = HashMap<String, Kept>;

/// Where the record beside `output` is.
pub(super) fn record_folder(output: &Path) -> PathBuf {
    cache_root(output).join(RECORD)
}

/// The folders earlier versions kept the record in: JSON lines, then
/// postcard with plain bodies, then without the files' stamps.
const REPLACED: [&str; 3] = ["parse-v1", "parse-v2", "parse-v3"];

/// Remove the records earlier versions left beside `output`: nothing reads
/// them any more, and at 10,000 stories each is some 50 MB.
pub(super) fn remove_replaced(output: &Path) {
    for folder in REPLACED {
        let _ = std::fs::remove_dir_all(cache_root(output).join(folder));
    }
}

/// The file of the record that holds the story at `path`.
pub(super) fn shard_of(path: &str) -> usize {
    usize::from(blake3::hash(path.as_bytes()).as_bytes()[0]) % SHARDS
}

fn shard_file(folder: &Path, shard: usize) -> PathBuf {
    folder.join(format!("{shard:02x}.bin"))
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

/// One entry of the record, as written.
#[derive(Serialize)]
struct EntryOut<'a> {
    path: &'a str,
    digest: &'a Digest,
    settled: Option<Settled>,
    outcome: Result<&'a Story, &'a Diagnostics>,
}

/// One entry of the record, as read back: the same fields in the same
/// order (postcard keeps no names, only the order).
#[derive(Deserialize)]
struct EntryIn {
    path: String,
    digest: Digest,
    settled: Option<Settled>,
    outcome: Result<Story, Diagnostics>,
}

/// The bytes before a file's body: its format, then the hash of the body.
const HEAD: usize = MAGIC.len() + 32;

/// The outcomes of every file of the record in `folder` that is whole and
/// was written under `context`.
pub(super) fn read(folder: &Path, context: &str) -> Outcomes {
    (0..SHARDS)
        .into_par_iter()
        .filter_map(|shard| read_checked(&shard_file(folder, shard), context))
        .flatten()
        .collect()
}

fn read_checked(file: &Path, context: &str) -> Option<Vec<(String, Kept)>> {
    outcomes_of(&std::fs::read(file).ok()?, context)
}

/// The outcomes in `bytes`, a whole file of the record, when its hash is
/// right and it was written under `context`.
fn outcomes_of(bytes: &[u8], context: &str) -> Option<Vec<(String, Kept)>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (sum, body) = rest.split_first_chunk::<32>()?;
    if blake3::hash(body) != *sum {
        return None;
    }
    let entries = body.strip_prefix(context.as_bytes())?.strip_prefix(b"\n")?;
    // Each entry stands alone and says its length: they are found first
    // (a slice each, nothing copied), then decoded on every core.
    entries_of(entries)?
        .par_iter()
        .map(|entry| decode(entry))
        .collect()
}

/// The entries one after another, each after its length (4 bytes, little
/// endian); `None` unless they fill `bytes` exactly.
fn entries_of(mut bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut entries = Vec::new();
    while !bytes.is_empty() {
        let (len, rest) = bytes.split_first_chunk::<4>()?;
        let (entry, rest) = rest.split_at_checked(u32::from_le_bytes(*len) as usize)?;
        entries.push(entry);
        bytes = rest;
    }
    Some(entries)
}

/// One entry, which must be exactly one whole `EntryIn`.
fn decode(entry: &[u8]) -> Option<(String, Kept)> {
    let (entry, rest): (EntryIn, _) = postcard::take_from_bytes(entry).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let kept = Kept {
        digest: entry.digest,
        settled: entry.settled,
        parsed: entry.outcome.map(Arc::new),
    };
    Some((entry.path, kept))
}

/// Keep `outcomes` (path, hash of the bytes, settled stamp, outcome) as the file `shard`
/// of the record in `folder`, written under `context`. Failing to keep
/// them costs the next build only time.
pub(super) fn write(folder: &Path, shard: usize, context: &str, outcomes: &[Entry]) {
    let file = shard_file(folder, shard);
    let _ = std::fs::remove_file(&file);
    if let Some(record) = encode(context, outcomes) {
        let _ = fsio::write_replacing(&file, &record);
    }
}

/// A whole file of the record: its format, the hash of its body, then the
/// body: the context on a line, then each entry after its length.
fn encode(context: &str, outcomes: &[Entry]) -> Option<Vec<u8>> {
    // The head is written with room for the hash, filled in at the end,
    // so that the body is never copied.
    let mut record = MAGIC.to_vec();
    record.extend_from_slice(&[0; 32]);
    record.extend_from_slice(context.as_bytes());
    record.push(b'\n');
    for &(path, digest, settled, outcome) in outcomes {
        let entry = EntryOut {
            path,
            digest,
            settled,
            outcome: outcome.as_ref().map(|s| s.as_ref()),
        };
        let at = record.len();
        record.extend_from_slice(&[0; 4]);
        record = postcard::to_extend(&entry, record).ok()?;
        let len = u32::try_from(record.len() - at - 4).ok()?;
        record[at..at + 4].copy_from_slice(&len.to_le_bytes());
    }
    let sum = *blake3::hash(&record[HEAD..]).as_bytes();
    record[MAGIC.len()..HEAD].copy_from_slice(&sum);
    Some(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::parse_story;

    fn fixture(rel: &str) -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid_site");
        std::fs::read_to_string(root.join(rel)).unwrap()
    }

    /// A story, a story kept with its warning, and a file with errors, with
    /// the context they were parsed in.
    fn outcomes() -> (String, [(&'static str, Digest, Parsed); 3]) {
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
        let context = context_key(&registry, &[], today, &rules).unwrap();
        let all = [
            ("a.md", [1; 32], good),
            ("b.md", [2; 32], warned),
            ("c.md", [3; 32], bad),
        ];
        (context, all)
    }

    #[test]
    fn an_outcome_reads_back_as_it_was_written() {
        let (context, outcomes) = outcomes();
        let dir = tempfile::tempdir().unwrap();
        let settled = |i: usize| (i > 0).then(|| Settled::example(i as u64));
        for (i, (path, digest, outcome)) in outcomes.iter().enumerate() {
            write(
                dir.path(),
                shard_of(path),
                &context,
                &[(path, digest, settled(i), outcome)],
            );
        }
        let back = read(dir.path(), &context);
        assert_eq!(back.len(), 3);
        for (i, (path, digest, outcome)) in outcomes.iter().enumerate() {
            let kept = &back[*path];
            let (read_digest, read_outcome) = (&kept.digest, &kept.parsed);
            assert_eq!(read_digest, digest);
            assert_eq!(kept.settled, settled(i));
            // Story has no `PartialEq`; its Debug text shows every field.
            assert_eq!(format!("{read_outcome:?}"), format!("{outcome:?}"));
        }
        let today = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        let registry = Registry::parse(&fixture("content/registry.yaml")).unwrap();
        let other = context_key(&registry, &[], today, &StoryRules::default()).unwrap();
        assert!(
            read(dir.path(), &other).is_empty(),
            "another day, another context"
        );
        assert!(!dir.path().read_dir().unwrap().any(|e| {
            let name = e.unwrap().file_name();
            name.to_string_lossy().ends_with(".tmp")
        }));
    }

    #[test]
    fn a_file_damaged_or_cut_anywhere_is_not_believed() {
        let (context, outcomes) = outcomes();
        let all: Vec<_> = outcomes
            .iter()
            .map(|(p, d, o)| (*p, d, Some(Settled::example(7)), o))
            .collect();
        let whole = encode(&context, &all).unwrap();
        assert_eq!(outcomes_of(&whole, &context).unwrap().len(), 3);
        assert!(
            outcomes_of(&whole, &"0".repeat(64)).is_none(),
            "another context"
        );
        for at in 0..whole.len() {
            assert!(outcomes_of(&whole[..at], &context).is_none(), "cut at {at}");
            let mut damaged = whole.clone();
            damaged[at] ^= 0x20;
            assert!(outcomes_of(&damaged, &context).is_none(), "damaged at {at}");
        }
    }

    #[test]
    fn entries_damaged_past_their_hash_never_panic() {
        // The hash stands between a damaged file and postcard; should it
        // not, postcard must still only fail, never panic or run wild.
        let (context, outcomes) = outcomes();
        let all: Vec<_> = outcomes
            .iter()
            .map(|(p, d, o)| (*p, d, Some(Settled::example(7)), o))
            .collect();
        let whole = encode(&context, &all).unwrap();
        let entries = &whole[HEAD + context.len() + 1..];
        let decode_all = |bytes: &[u8]| -> Option<usize> {
            let found = entries_of(bytes)?;
            found
                .iter()
                .map(|e| decode(e))
                .collect::<Option<Vec<_>>>()
                .map(|d| d.len())
        };
        assert_eq!(decode_all(entries), Some(3));
        for at in 0..entries.len() {
            assert_ne!(decode_all(&entries[..at]), Some(3), "cut at {at}");
            let mut damaged = entries.to_vec();
            damaged[at] = damaged[at].wrapping_add(0x81);
            let _ = decode_all(&damaged);
        }
    }
}
