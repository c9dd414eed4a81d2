//! The postings as the index's syllable files (`t/`) and pair buckets
//! (`b/`) are written from them, and as the postings record keeps them for
//! the next build (`postings_record`).
//!
//! A whole build has every list of this build (`Held::Now`). A build after
//! an edit that changed a few stories (`patch`) has only the lists those
//! stories touch anew; every other list is still the record's bytes
//! (`Held::Last`), and its file is the one the last build wrote, kept
//! without being made. Either way the files come out the same.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::output::OutputFile;
use crate::render::search_index::postings::{PairList, Postings, StoredList, TermList};
use crate::text::hash::fnv1a;

/// Which bucket a syllable pair lives in (same in search.js).
pub fn bucket_of(pair: &str, buckets: u32) -> u32 {
    fnv1a(pair) % buckets
}

#[derive(Serialize)]
struct TermFile<'a> {
    /// Accented spellings; postings point into this list (0 = none known).
    v: Vec<&'a str>,
    /// Flat triples: doc id delta, field mask, spelling index + 1.
    p: Vec<u32>,
}

pub(crate) fn json(path: String, value: &impl Serialize) -> OutputFile {
    // Serializing plain data to a string cannot fail.
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    OutputFile { path, bytes }
}

pub(crate) fn deltas(ids: impl IntoIterator<Item = u32>) -> Vec<u32> {
    let mut prev = 0;
    ids.into_iter()
        .enumerate()
        .map(|(i, id)| {
            let d = if i == 0 { id } else { id.wrapping_sub(prev) };
            prev = id;
            d
        })
        .collect()
}

/// A list of this build, or the one the last build's record holds.
pub(crate) enum Held<'a, T> {
    Last(StoredList<'a>),
    Now(T),
}

/// A pair's list, named by the numbers of its two syllables.
pub(crate) type Pair = (u32, u32, PairList);

/// A pair bucket: the record's bytes of it (postcard of a list of
/// `(u32, u32, StoredList)`), or this build's pairs in it.
pub(crate) enum Shard<'a> {
    Last(&'a [u8]),
    Now(Vec<Pair>),
}

/// What the index's syllable files and pair buckets are made from.
pub(crate) struct IndexState<'a> {
    /// How many documents (stories) the index has.
    pub(crate) docs: usize,
    /// Syllables by number.
    pub(crate) names: Vec<Cow<'a, str>>,
    /// Accented spellings; a posting holds an index + 1.
    pub(crate) spellings: Vec<Cow<'a, str>>,
    /// Per syllable number, its documents.
    pub(crate) terms: Vec<Held<'a, TermList>>,
    /// Pair buckets, as many as `bucket_count(pair_bytes)`.
    pub(crate) buckets: Vec<Shard<'a>>,
    /// The size `bucket_count` goes by: 16 bytes and 5 a posting for every
    /// pair with a posting.
    pub(crate) pair_bytes: u64,
}

/// Pair buckets of about 4 KB: a query fetches one per adjacent pair.
pub(crate) fn bucket_count(pair_bytes: u64) -> u32 {
    (pair_bytes / 4096).next_power_of_two().clamp(16, 1 << 16) as u32
}

/// What a pair's list adds to `pair_bytes`.
pub(crate) fn pair_size(postings: usize) -> u64 {
    if postings == 0 {
        0
    } else {
        16 + postings as u64 * 5
    }
}

/// "nguyen van": the two syllables of a pair, as buckets and files name it.
pub(crate) fn pair_name(names: &[Cow<str>], a: u32, b: u32) -> String {
    // A number past the names only from a record made to mislead: no panic.
    let name = |n: u32| names.get(n as usize).map_or("", |name| name.as_ref());
    format!("{} {}", name(a), name(b))
}

impl<'a> Held<'a, TermList> {
    /// How many documents the syllable's file lists.
    pub(crate) fn len(&self) -> usize {
        match self {
            Held::Last(stored) => stored.len as usize,
            Held::Now(list) => list.len(),
        }
    }
}

impl IndexState<'static> {
    /// The state of a whole build, from every document's postings.
    pub(crate) fn of(postings: Postings, docs: usize) -> Self {
        let pair_bytes = postings.pairs.values().map(|l| pair_size(l.len())).sum();
        let count = bucket_count(pair_bytes);
        let mut buckets: Vec<Vec<Pair>> = (0..count).map(|_| Vec::new()).collect();
        let names: Vec<Cow<str>> = postings.names.into_iter().map(Cow::Owned).collect();
        for (key, list) in postings.pairs {
            let (a, b) = ((key >> 32) as u32, (key & 0xffff_ffff) as u32);
            buckets[bucket_of(&pair_name(&names, a, b), count) as usize].push((a, b, list));
        }
        IndexState {
            docs,
            names,
            spellings: postings.spellings.into_iter().map(Cow::Owned).collect(),
            terms: postings.lists.into_iter().map(Held::Now).collect(),
            buckets: buckets.into_iter().map(Shard::Now).collect(),
            pair_bytes,
        }
    }
}

/// The pairs of a bucket as the record keeps them.
pub(crate) fn encode_shard(pairs: &[Pair]) -> Vec<u8> {
    let stored: Vec<(u32, u32, StoredList)> =
        pairs.iter().map(|(a, b, l)| (*a, *b, l.stored())).collect();
    // Serializing plain data to a vector cannot fail.
    postcard::to_allocvec(&stored).unwrap_or_default()
}

/// The pairs of a bucket the record keeps; `None` if it does not decode.
pub(crate) fn decode_shard(bytes: &[u8]) -> Option<Vec<Pair>> {
    let stored: Vec<(u32, u32, StoredList)> = postcard::from_bytes(bytes).ok()?;
    Some(
        stored
            .iter()
            .map(|(a, b, l)| (*a, *b, PairList::from_stored(l)))
            .collect(),
    )
}

/// Where a file of the index goes: `put` hands it on; `keep` keeps the
/// last build's file at a path unmade, and says whether it could.
pub(crate) struct Sink<'s> {
    pub(crate) put: &'s (dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    pub(crate) keep: &'s (dyn Fn(&str) -> bool + Sync),
}

impl IndexState<'_> {
    /// One file per syllable with a posting: made for a list of this
    /// build, kept unmade for one of the record where the last build's
    /// file is there (made from the record where it is not).
    pub(crate) fn write_terms(&self, sink: &Sink) -> Result<(), Diagnostic> {
        (0..self.terms.len()).into_par_iter().try_for_each(|t| {
            let name = &self.names[t];
            match &self.terms[t] {
                Held::Now(list) if !list.is_empty() => (sink.put)(self.term_file(name, list)),
                Held::Last(stored) if stored.len > 0 => {
                    if (sink.keep)(&term_path(name)) {
                        return Ok(());
                    }
                    (sink.put)(self.term_file(name, &TermList::from_stored(stored)))
                }
                _ => Ok(()),
            }
        })
    }

    /// Every bucket, an empty one as `{}`: search.js hashes any pair into
    /// 0..buckets, and a missing file would be a 404 in the console.
    pub(crate) fn write_buckets(&self, sink: &Sink) -> Result<(), Diagnostic> {
        self.buckets
            .par_iter()
            .enumerate()
            .try_for_each(|(b, shard)| match shard {
                Shard::Now(pairs) => (sink.put)(self.bucket_file(b, pairs)),
                Shard::Last(bytes) => {
                    let path = bucket_path(b);
                    if (sink.keep)(&path) {
                        return Ok(());
                    }
                    let pairs = decode_shard(bytes).unwrap_or_default();
                    (sink.put)(self.bucket_file(b, &pairs))
                }
            })
    }

    /// A syllable's file: its postings, with spellings numbered within the
    /// file so the file stands alone.
    fn term_file(&self, term: &str, postings: &TermList) -> OutputFile {
        let spelling = |index: u32| {
            let at = (index as usize).wrapping_sub(1);
            self.spellings.get(at).map_or("", |s| s.as_ref())
        };
        // This syllable's own spellings, in a stable order.
        let mut own: Vec<&str> = postings
            .iter()
            .filter(|p| p.2 > 0)
            .map(|p| spelling(p.2))
            .collect();
        own.sort_unstable();
        own.dedup();
        let ids = deltas(postings.iter().map(|p| p.0));
        let mut flat = Vec::with_capacity(postings.len() * 3);
        for (p, d) in postings.iter().zip(ids) {
            let v = if p.2 == 0 {
                0
            } else {
                own.binary_search(&spelling(p.2))
                    .map(|i| i as u32 + 1)
                    .unwrap_or(0)
            };
            flat.extend([d, p.1 as u32, v]);
        }
        json(term_path(term), &TermFile { v: own, p: flat })
    }

    /// A bucket's file: each pair with a posting, by name, its postings as
    /// flat (id delta, field mask).
    fn bucket_file(&self, b: usize, pairs: &[Pair]) -> OutputFile {
        let flat: std::collections::BTreeMap<String, Vec<u32>> = pairs
            .iter()
            .filter(|(_, _, list)| !list.is_empty())
            .map(|(a, b, list)| {
                let ids = deltas(list.iter().map(|p| p.0));
                let postings = list
                    .iter()
                    .zip(ids)
                    .flat_map(|(p, d)| [d, p.1 as u32])
                    .collect();
                (pair_name(&self.names, *a, *b), postings)
            })
            .collect();
        json(bucket_path(b), &flat)
    }

    /// Each syllable with a file and how many documents it lists.
    pub(crate) fn used_syllables(&self) -> impl Iterator<Item = (&str, usize)> {
        self.names
            .iter()
            .zip(&self.terms)
            .map(|(name, held)| (name.as_ref(), held.len()))
            .filter(|(_, len)| *len > 0)
    }
}

fn term_path(term: &str) -> String {
    format!("search/t/{}.json", crate::site::urls::term_file(term))
}

fn bucket_path(b: usize) -> String {
    format!("search/b/{b}.json")
}
