//! The search postings record: the index's syllable lists and pair buckets
//! as the last build wrote them, with each document's key
//! (`DocInputs::key`), kept in the cache folder beside the output
//! (`.public.bangvang-cache/search-postings-v1.bin`). With it, a build after
//! an edit of a few stories patches the lists those stories touch
//! (`patch`), instead of collecting every story's postings again, and
//! keeps every other file of the index unmade.
//!
//! Each list is kept as the index has it: with the body postings of a
//! syllable too common to say anything already left out, and how many
//! were left out, so that an edit can tell whether it still is. A list that
//! the drop emptied is kept too (files skip it).
//!
//! The record is only believed whole: its blake3 hash, of this program
//! (the salt), must match. It is taken (read, then removed) as a build
//! starts on the index, and the new one is renamed into place only after
//! the output is swapped in, like the search terms record: a record that
//! exists was written by the build whose output is in place, so a file of
//! the index that no changed story touches is that build's file, and is
//! kept. Deleting it is always safe: the next build collects every story.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};

use crate::fsio::{self, TempFile};
use crate::render::search_index::postings::{Raw, StoredList};
use crate::render::search_index::state::{bucket_count, encode_shard, Held, IndexState, Shard};
use crate::source::image_cache::cache_root;

/// The record's first bytes: changed whenever what it holds changes.
const MAGIC: &[u8] = b"bangvang-search-postings-v1\n";
/// The record's file in the cache folder.
const RECORD: &str = "search-postings-v1.bin";

/// A document's key (`DocInputs::key`).
pub(crate) type Key = [u8; 32];

/// The last build's postings, borrowed from the record's bytes.
#[derive(Deserialize)]
pub(crate) struct LastIndex<'a> {
    pub(crate) docs: u32,
    /// Each document's key, 32 bytes each, by id.
    #[serde(borrow)]
    keys: Raw<'a>,
    #[serde(borrow)]
    pub(crate) spellings: Vec<&'a str>,
    /// Per syllable number, its name and list.
    #[serde(borrow)]
    pub(crate) terms: Vec<(&'a str, StoredList<'a>)>,
    pub(crate) buckets: u32,
    pub(crate) pair_bytes: u64,
    /// Per bucket, its pairs (`state::encode_shard`).
    #[serde(borrow)]
    pub(crate) shards: Vec<Raw<'a>>,
}

impl LastIndex<'_> {
    /// The key the last build had for document `id`.
    pub(crate) fn key(&self, id: usize) -> &[u8] {
        &self.keys.0[id * 32..id * 32 + 32]
    }

    /// Whether the parts agree with each other, as every use of them needs.
    fn is_whole(&self) -> bool {
        self.keys.0.len() == self.docs as usize * 32
            && self.shards.len() == self.buckets as usize
            && bucket_count(self.pair_bytes) == self.buckets
    }
}

/// This build's postings, as the record writes them.
#[derive(Serialize)]
struct NextIndex<'s> {
    docs: u32,
    keys: Raw<'s>,
    spellings: Vec<&'s str>,
    terms: Vec<(&'s str, StoredList<'s>)>,
    buckets: u32,
    pair_bytes: u64,
    shards: Vec<ShardOut<'s>>,
}

/// A bucket written as a byte string: the record's own bytes when it is
/// unchanged, else its pairs encoded now.
struct ShardOut<'s>(&'s Shard<'s>);

impl Serialize for ShardOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Shard::Last(bytes) => serializer.serialize_bytes(bytes),
            Shard::Now(pairs) => serializer.serialize_bytes(&encode_shard(pairs)),
        }
    }
}

/// The postings record of one build: the last build's bytes, this
/// build's file once written.
pub(crate) struct PostingsRecord {
    last: Option<Vec<u8>>,
    next: Option<TempFile>,
    path: PathBuf,
}

impl PostingsRecord {
    /// Take the record the last build left beside `output`, if it is whole
    /// and of this `salt` (the search terms record's: the program).
    pub(crate) fn take(output: &Path, salt: &Key) -> PostingsRecord {
        let path = cache_root(output).join(RECORD);
        TempFile::remove_left_beside(&path);
        PostingsRecord {
            last: take(&path, salt),
            next: None,
            path,
        }
    }

    /// The last build's bytes, to `decode`, once.
    pub(crate) fn take_last(&mut self) -> Option<Vec<u8>> {
        self.last.take()
    }

    /// Write this build's record: `state`, with its documents' `keys`.
    /// Failing only costs the next build its patch.
    pub(crate) fn store(&mut self, salt: &Key, state: &IndexState, keys: &[Key]) {
        if keys.len() == state.docs {
            self.next = write(&self.path, salt, state, keys).ok();
        }
    }

    /// This build's record, written, to put in place once the output is.
    pub(crate) fn finish(self) -> Option<WrittenPostings> {
        let temp = self.next?;
        Some(WrittenPostings {
            temp,
            path: self.path,
        })
    }
}

/// This build's postings record under a temporary name; removed if dropped.
pub(crate) struct WrittenPostings {
    temp: TempFile,
    path: PathBuf,
}

impl WrittenPostings {
    pub(crate) fn keep(self) {
        self.temp.put_at(&self.path);
    }
}

/// Where the record's postcard starts: after the magic and the salt.
const HEAD: usize = MAGIC.len() + 32;

/// The record at `path` if it is whole and of this `salt`, to `decode`;
/// the file is removed either way. The whole file, not a copy of its
/// postcard (48 MB at 100,000 stories, copied for nothing).
fn take(path: &Path, salt: &Key) -> Option<Vec<u8>> {
    let bytes = fsio::read(path).ok();
    let _ = std::fs::remove_file(path);
    let bytes = bytes?;
    let body_end = bytes.len().checked_sub(32)?;
    let (body, sum) = bytes.split_at(body_end);
    let believed = body.len() >= HEAD
        && body[..MAGIC.len()] == *MAGIC
        && body[MAGIC.len()..HEAD] == *salt
        && blake3::hash(body).as_bytes()[..] == *sum;
    believed.then_some(bytes)
}

/// The last build's postings in `record` (the whole file, from `take`).
pub(crate) fn decode(record: &[u8]) -> Option<LastIndex<'_>> {
    let postcard = record.get(HEAD..record.len().checked_sub(32)?)?;
    postcard::from_bytes::<LastIndex>(postcard)
        .ok()
        .filter(LastIndex::is_whole)
}

/// Writes to a file and hashes what it wrote.
struct Hashed<W: Write> {
    out: W,
    hasher: blake3::Hasher,
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Write `state` with the documents' `keys` to a temporary file beside
/// `path`, to be renamed into place once the output is.
fn write(path: &Path, salt: &Key, state: &IndexState, keys: &[Key]) -> std::io::Result<TempFile> {
    let temp = TempFile::beside(path, "next")?;
    let file = std::fs::File::create(&temp.path)?;
    let mut out = Hashed {
        out: BufWriter::with_capacity(1 << 20, file),
        hasher: blake3::Hasher::new(),
    };
    out.write_all(MAGIC)?;
    out.write_all(salt)?;
    let flat_keys: Vec<u8> = keys.concat();
    let next = next_index(state, &flat_keys);
    postcard::to_io(&next, &mut out).map_err(std::io::Error::other)?;
    let sum = out.hasher.finalize();
    out.out.write_all(sum.as_bytes())?;
    out.out.flush()?;
    Ok(temp)
}

fn next_index<'s>(state: &'s IndexState, keys: &'s [u8]) -> NextIndex<'s> {
    let terms = state
        .names
        .iter()
        .zip(&state.terms)
        .map(|(name, held)| {
            let list = match held {
                Held::Last(stored) => *stored,
                Held::Now(list) => list.stored(),
            };
            (name.as_ref(), list)
        })
        .collect();
    NextIndex {
        docs: state.docs as u32,
        keys: Raw(keys),
        spellings: state.spellings.iter().map(AsRef::as_ref).collect(),
        terms,
        buckets: state.buckets.len() as u32,
        pair_bytes: state.pair_bytes,
        shards: state.buckets.iter().map(ShardOut).collect(),
    }
}
