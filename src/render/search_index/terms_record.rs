//! The search terms record: each document's syllables and pairs
//! (`DocTerms`) as the last build found them, kept in the cache folder
//! beside the output (`.public.bangvang-cache/search-terms-v1.bin`), so a
//! build after a one-story edit makes plain text of, folds and splits only
//! that story. At 10,000 stories, doing it for every story was most of the
//! search index's time, and the longest stage of such a build.
//!
//! An entry is found by its document's key: the hash of the record's
//! format, the program, and everything `doc_terms` reads (`DocInputs`). A
//! changed story, a renamed unit or issuer, another build of the program:
//! another key. So an entry that a key finds is right whichever build wrote
//! it. Ids (positions in the list of stories) are not kept: the postings
//! are still assembled in id order, so the index is byte for byte the one
//! a clean build writes.
//!
//! Memory is never the whole record. The file is made of blocks, one per
//! batch of `collect_postings`: the batch's entries (postcard), then the
//! block's index (key, offset, length and checksum of each entry); at its
//! end, where each block's index is. A build reads only the indexes at its
//! start, then each batch's entries from the file as it goes, and writes
//! the new record batch by batch the same way, to a temporary file.
//!
//! Nothing is believed before its hash: a record cut short, damaged, of
//! another format or of another program is ignored, or just the entry that
//! is damaged; its terms are computed again, which costs only time. Like
//! the page keys, the record is taken (read, then removed) as a build
//! starts on the index, and the new one is renamed into place only after
//! the output is swapped in: a build that fails leaves none. Only `build`
//! makes one (`serve`, `check` and the office commands never do). Deleting
//! it is always safe.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::fsio::{self, TempFile};
use crate::render::search_index::terms::{DocInputs, DocTerms, DocTermsView};
use crate::site::model::SiteModel;
use crate::source::image_cache::cache_root;

/// The record's first bytes, and part of every key: changed whenever what
/// an entry holds, or how a key is made, changes.
const MAGIC: &[u8] = b"bangvang-search-terms-v2\n";
/// The record's file in the cache folder.
const RECORD: &str = "search-terms-v1.bin";

/// A document's key: the hash of its inputs (`DocInputs::key`).
type Key = [u8; 32];
/// The first 16 bytes of the blake3 hash of an entry or an index: enough
/// to tell a damaged one, which is all it is for.
type Check = [u8; 16];
/// Where an index of a block says an entry is.
const SLOT: usize = 32 + 8 + 4 + 16;

fn check(bytes: &[u8]) -> Check {
    let mut out = [0; 16];
    out.copy_from_slice(&blake3::hash(bytes).as_bytes()[..16]);
    out
}

fn record_file(output: &Path) -> PathBuf {
    cache_root(output).join(RECORD)
}

/// Where an entry of the last build's record is.
#[derive(Clone, Copy)]
struct Slot {
    offset: u64,
    len: u32,
    check: Check,
}

/// The last build's record: its open file and the index of its entries.
struct LastTerms {
    /// Read by one thread at a time (a seek, then a read); decoding, the
    /// costly part, is done on every core.
    file: Mutex<File>,
    slots: HashMap<Key, Slot>,
    /// Where each block's index is, and the file's size: a block of new
    /// entries can be added after them (`TermsRecord::add`).
    blocks: Vec<u64>,
    size: u64,
}

impl LastTerms {
    /// The record at `path`, if it is of this format and `salt`; `None` when
    /// it is missing, cut short, damaged or of another program.
    fn open(path: &Path, salt: &Key) -> Option<LastTerms> {
        let mut file = File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        let mut head = vec![0; MAGIC.len() + 32];
        file.read_exact(&mut head).ok()?;
        if head[..MAGIC.len()] != *MAGIC || head[MAGIC.len()..] != *salt {
            return None;
        }
        let blocks = read_table(&mut file, size)?;
        let mut slots = HashMap::new();
        for &block in &blocks {
            for (key, slot) in read_block_index(&mut file, block)? {
                // An entry must lie between the head and its block's index.
                let end = slot.offset.checked_add(u64::from(slot.len))?;
                if slot.offset < head.len() as u64 || end > block {
                    return None;
                }
                slots.insert(key, slot);
            }
        }
        Some(LastTerms {
            file: Mutex::new(file),
            slots,
            blocks,
            size,
        })
    }

    /// The entry kept under `key`, with its checksum, when there is one
    /// and it reads back whole (decoding it is the caller's: see `Fetched`).
    fn get(&self, key: &Key) -> Option<(Vec<u8>, Check)> {
        let slot = *self.slots.get(key)?;
        let mut entry = vec![0; slot.len as usize];
        {
            let mut file = self.file.lock().ok()?;
            file.seek(SeekFrom::Start(slot.offset)).ok()?;
            file.read_exact(&mut entry).ok()?;
        }
        (check(&entry) == slot.check).then_some((entry, slot.check))
    }
}

/// Where each block's index is: the table at the end of the file, checked.
/// Its last 20 bytes are the number of blocks and the table's checksum.
fn read_table(file: &mut File, size: u64) -> Option<Vec<u64>> {
    let mut tail = [0; 20];
    file.seek(SeekFrom::Start(size.checked_sub(20)?)).ok()?;
    file.read_exact(&mut tail).ok()?;
    let count = u64::from(u32::from_le_bytes(tail[..4].try_into().ok()?));
    let table_len = count * 8;
    let start = size.checked_sub(20 + table_len)?;
    let mut table = vec![0; table_len as usize + 4];
    file.seek(SeekFrom::Start(start)).ok()?;
    file.read_exact(&mut table).ok()?;
    if check(&table) != tail[4..] {
        return None;
    }
    let offsets = table[..table_len as usize].chunks_exact(8);
    let blocks: Vec<u64> = offsets
        .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()))
        .collect();
    blocks.iter().all(|&b| b < start).then_some(blocks)
}

/// The keys and slots of one block's index, at `at`: how many entries,
/// each entry's slot, then the index's checksum.
fn read_block_index(file: &mut File, at: u64) -> Option<Vec<(Key, Slot)>> {
    let mut index = vec![0; 4];
    file.seek(SeekFrom::Start(at)).ok()?;
    file.read_exact(&mut index).ok()?;
    let count = u32::from_le_bytes(index[..4].try_into().ok()?) as usize;
    // No more entries than the file has room for, before allocating.
    let room = file.metadata().ok()?.len().saturating_sub(at) as usize;
    if count > room / SLOT {
        return None;
    }
    index.resize(4 + count * SLOT + 16, 0);
    file.read_exact(&mut index[4..]).ok()?;
    let (counted, sum) = index.split_at(4 + count * SLOT);
    if check(counted) != sum {
        return None;
    }
    let slots = &counted[4..];
    slots
        .chunks_exact(SLOT)
        .map(|s| {
            let key: Key = s[..32].try_into().ok()?;
            let slot = Slot {
                offset: u64::from_le_bytes(s[32..40].try_into().ok()?),
                len: u32::from_le_bytes(s[40..44].try_into().ok()?),
                check: s[44..60].try_into().ok()?,
            };
            Some((key, slot))
        })
        .collect()
}

/// The record of this build, as it is written, batch by batch.
struct NextTerms {
    out: BufWriter<File>,
    /// Where the next byte goes.
    at: u64,
    /// Where each block's index is.
    blocks: Vec<u64>,
    temp: TempFile,
}

/// One entry to write: the document's key, its encoded terms and checksum.
type Entry = (Key, Vec<u8>, Check);

/// A document of a batch, as `TermsRecord::fetch` found it.
pub(crate) enum Fetched {
    /// Its entry in the last build's record (checksum right), to decode.
    Kept(Key, Vec<u8>, Check),
    /// Its terms made anew, its key, and its entry for this build's record.
    Made(DocTerms, Key, Option<Entry>),
}

impl Fetched {
    /// The document's terms, borrowed from the entry or the terms made;
    /// `None` for an entry that does not decode whole, which is not believed.
    pub(crate) fn view(&self) -> Option<DocTermsView<'_>> {
        match self {
            Fetched::Kept(_, bytes, _) => {
                let view: DocTermsView = postcard::from_bytes(bytes).ok()?;
                view.is_whole().then_some(view)
            }
            Fetched::Made(terms, _, _) => Some(terms.view()),
        }
    }

    fn key(&self) -> Key {
        match self {
            Fetched::Kept(key, _, _) | Fetched::Made(_, key, _) => *key,
        }
    }
}

impl NextTerms {
    fn create(path: &Path, salt: &Key) -> std::io::Result<NextTerms> {
        let temp = TempFile::beside(path, "next")?;
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&temp.path)?);
        out.write_all(MAGIC)?;
        out.write_all(salt)?;
        Ok(NextTerms {
            out,
            at: (MAGIC.len() + 32) as u64,
            blocks: Vec::new(),
            temp,
        })
    }

    /// The last build's record, `taken`, to add blocks to after its own.
    fn after(taken: TempFile, last: &LastTerms) -> std::io::Result<NextTerms> {
        let mut file = OpenOptions::new().write(true).open(&taken.path)?;
        file.seek(SeekFrom::Start(last.size))?;
        Ok(NextTerms {
            out: BufWriter::new(file),
            at: last.size,
            blocks: last.blocks.clone(),
            temp: taken,
        })
    }

    /// One block: the entries, then their index.
    fn write_block(&mut self, entries: &[(&Key, &[u8], &Check)]) -> std::io::Result<()> {
        let mut index = Vec::with_capacity(4 + entries.len() * SLOT + 16);
        index.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for &(key, bytes, sum) in entries {
            self.out.write_all(bytes)?;
            index.extend_from_slice(key);
            index.extend_from_slice(&self.at.to_le_bytes());
            index.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            index.extend_from_slice(sum);
            self.at += bytes.len() as u64;
        }
        let sum = check(&index);
        index.extend_from_slice(&sum);
        self.out.write_all(&index)?;
        self.blocks.push(self.at);
        self.at += index.len() as u64;
        Ok(())
    }

    /// The table of blocks, then the file is whole (still under its
    /// temporary name).
    fn finish(mut self) -> std::io::Result<TempFile> {
        let mut table: Vec<u8> = self.blocks.iter().flat_map(|b| b.to_le_bytes()).collect();
        table.extend_from_slice(&(self.blocks.len() as u32).to_le_bytes());
        let sum = check(&table);
        self.out.write_all(&table)?;
        self.out.write_all(&sum)?;
        self.out.flush()?;
        Ok(self.temp)
    }
}

/// The search terms record of one build: the last build's to read, this
/// build's to write.
pub struct TermsRecord {
    /// The record's format and the program, first in every key.
    salt: Key,
    last: Option<LastTerms>,
    /// The last build's record, moved aside under a temporary name while
    /// it is read: removed with the build unless it is added to (`add`).
    taken: Option<TempFile>,
    /// Whether `taken` was added to, and so is this build's record.
    added: bool,
    next: Option<NextTerms>,
    path: PathBuf,
    reused: usize,
    /// This build's key of each document, by id, as they are fetched.
    keys: Vec<Key>,
}

impl TermsRecord {
    /// Take the record the last build left beside `output`: it is read
    /// from, but no longer there, so that no record is left beside an
    /// output that this build may fail to make. `program` identifies the
    /// program (`unchanged::program_key`).
    pub fn take(output: &Path, program: &[u8; 32]) -> TermsRecord {
        let mut hasher = blake3::Hasher::new();
        hasher.update(MAGIC);
        hasher.update(program);
        let salt = *hasher.finalize().as_bytes();
        let path = record_file(output);
        TempFile::remove_left_beside(&path);
        let taken = TempFile::beside(&path, "last")
            .ok()
            .filter(|temp| fsio::rename(&path, &temp.path).is_ok());
        let last = taken.as_ref().and_then(|t| LastTerms::open(&t.path, &salt));
        let next = NextTerms::create(&path, &salt).ok();
        TermsRecord {
            salt,
            last,
            taken,
            added: false,
            next,
            path,
            reused: 0,
            keys: Vec::new(),
        }
    }

    /// Whether the last build left a record this build can read: then most
    /// documents' terms are taken from it, not made anew.
    pub fn holds_last(&self) -> bool {
        self.last.is_some()
    }

    pub(crate) fn salt(&self) -> &Key {
        &self.salt
    }

    /// Every document's key, by id, once every batch is fetched (or after
    /// `add`).
    pub(crate) fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// The entry the last build's record holds under `key`, checked.
    pub(crate) fn old_terms(&self, key: &[u8]) -> Option<Vec<u8>> {
        let key: &Key = key.try_into().ok()?;
        self.last.as_ref()?.get(key).map(|(bytes, _)| bytes)
    }

    /// The documents `ids`: each one's entry in the last build's record
    /// when its key is there, else its terms made anew (and encoded, for
    /// this build's record).
    pub(crate) fn fetch(&self, model: &SiteModel, ids: Range<usize>) -> Vec<Fetched> {
        let (salt, last, writing) = (&self.salt, self.last.as_ref(), self.next.is_some());
        ids.into_par_iter()
            .map(|id| {
                let inputs = DocInputs::of(model, id);
                let key = inputs.key(salt);
                if let Some((bytes, sum)) = last.and_then(|l| l.get(&key)) {
                    return Fetched::Kept(key, bytes, sum);
                }
                let terms = inputs.terms();
                let entry = writing
                    .then(|| postcard::to_allocvec(&terms).ok())
                    .flatten()
                    .map(|bytes| {
                        let sum = check(&bytes);
                        (key, bytes, sum)
                    });
                Fetched::Made(terms, key, entry)
            })
            .collect()
    }

    /// Write a batch to this build's record: every document whose terms
    /// are known `good` (in the order of `fetched`: its entry decoded), and
    /// count those that came from the last build's.
    pub(crate) fn keep(&mut self, fetched: &[Fetched], good: &[bool]) {
        self.keys.extend(fetched.iter().map(Fetched::key));
        let good = fetched.iter().zip(good).filter(|(_, good)| **good);
        let mut entries: Vec<(&Key, &[u8], &Check)> = Vec::with_capacity(fetched.len());
        for (doc, _) in good {
            match doc {
                Fetched::Kept(key, bytes, sum) => {
                    self.reused += 1;
                    entries.push((key, bytes, sum));
                }
                Fetched::Made(_, _, Some((key, bytes, sum))) => entries.push((key, bytes, sum)),
                Fetched::Made(_, _, None) => {}
            }
        }
        if let Some(next) = &mut self.next {
            if next.write_block(&entries).is_err() {
                // A full disk: this build keeps no record (the file goes).
                self.next = None;
            }
        }
    }

    /// After a patch (`patch`): this build's record is the last build's,
    /// with the changed documents' entries `made` added in a block of their
    /// own, and `keys` are every document's. The entries they replace stay
    /// in the file, unread, until a build collects every document again.
    pub(crate) fn add(&mut self, made: &[(Key, DocTerms)], keys: Vec<Key>, docs: usize) {
        self.next = None;
        self.keys = keys;
        self.reused = docs - made.len();
        let entries: Vec<(Key, Vec<u8>, Check)> = made
            .iter()
            .filter_map(|(key, terms)| {
                let bytes = postcard::to_allocvec(terms).ok()?;
                let sum = check(&bytes);
                Some((*key, bytes, sum))
            })
            .collect();
        let borrowed: Vec<(&Key, &[u8], &Check)> = entries
            .iter()
            .map(|(k, b, c)| (k, b.as_slice(), c))
            .collect();
        let (Some(last), Some(taken)) = (&self.last, self.taken.take()) else {
            return;
        };
        if borrowed.is_empty() {
            // No story changed: the last build's record is this build's.
            self.taken = Some(taken);
            self.added = true;
            return;
        }
        // Any failure (a full disk): this build keeps no record.
        let added = NextTerms::after(taken, last).and_then(|mut next| {
            next.write_block(&borrowed)?;
            next.finish()
        });
        self.taken = added.ok();
        self.added = self.taken.is_some();
    }

    /// How many documents' terms came from the last build's record, and
    /// this build's record, whole, to be put in place once the output is.
    pub(crate) fn finish(self) -> (usize, Option<WrittenTerms>) {
        let terms = match self.next {
            Some(next) => next.finish().ok(),
            // After `add`: the last build's record, added to.
            None if self.added => self.taken,
            None => None,
        };
        let record = terms.map(|temp| WrittenTerms {
            temp,
            path: self.path,
        });
        (self.reused, record)
    }
}

/// This build's search terms record, written whole under a temporary name.
/// Dropped without `keep` (the build failed), it is removed.
pub struct WrittenTerms {
    temp: TempFile,
    path: PathBuf,
}

impl WrittenTerms {
    /// Put the record in place, beside the output just swapped in; false
    /// if it could not be (which only costs the next build time).
    pub(crate) fn keep(self) -> bool {
        self.temp.put_at(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record of two blocks written with `salt`: entries of keys 1, 2, 3.
    fn written(dir: &Path, salt: &Key) -> PathBuf {
        let path = dir.join(RECORD);
        let mut next = NextTerms::create(&path, salt).unwrap();
        let entry = |n: u8| {
            let bytes = vec![n; 10 + usize::from(n)];
            ([n; 32], check(&bytes), bytes)
        };
        let (a, b, c) = (entry(1), entry(2), entry(3));
        next.write_block(&[(&a.0, &a.2, &a.1), (&b.0, &b.2, &b.1)])
            .unwrap();
        next.write_block(&[(&c.0, &c.2, &c.1)]).unwrap();
        let mut temp = next.finish().unwrap();
        std::fs::rename(&temp.path, &path).unwrap();
        temp.path = PathBuf::new();
        path
    }

    #[test]
    fn entries_read_back_by_key_and_a_damaged_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let salt = [7; 32];
        let path = written(dir.path(), &salt);
        let last = LastTerms::open(&path, &salt).unwrap();
        for n in 1..=3u8 {
            let (bytes, _) = last.get(&[n; 32]).unwrap();
            assert_eq!(bytes, vec![n; 10 + usize::from(n)]);
        }
        assert!(last.get(&[4; 32]).is_none(), "no such key");
        assert!(
            LastTerms::open(&path, &[8; 32]).is_none(),
            "another program"
        );
        // One byte of the second entry changed: that entry alone is lost.
        let mut whole = std::fs::read(&path).unwrap();
        let second = MAGIC.len() + 32 + 11;
        whole[second] ^= 1;
        std::fs::write(&path, &whole).unwrap();
        let last = LastTerms::open(&path, &salt).unwrap();
        assert!(last.get(&[2; 32]).is_none());
        assert!(last.get(&[1; 32]).is_some() && last.get(&[3; 32]).is_some());
        // Cut anywhere: nothing is read, and nothing panics.
        for len in 0..whole.len() {
            std::fs::write(&path, &whole[..len]).unwrap();
            assert!(LastTerms::open(&path, &salt).is_none(), "cut at {len}");
        }
    }

    #[test]
    fn an_unfinished_record_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(RECORD);
        {
            let next = NextTerms::create(&path, &[0; 32]).unwrap();
            assert!(next.temp.path.exists());
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "dropped");
        std::fs::write(dir.path().join(format!("{RECORD}.99.tmp")), b"x").unwrap();
        TempFile::remove_left_beside(&path);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
