//! The index after an edit of a few stories, from the last build's
//! postings record: only the lists the changed stories touch are made
//! anew, each with those stories' postings taken out and their new ones
//! put in; every other list stays the record's, and its file is kept.
//!
//! Why: after a one-story edit at 10,000 stories, collecting every story's
//! postings (from the search terms record) and writing every file took the
//! search index 0.4 s, the longest part of such a build.
//!
//! When: the record is of this program, the site has as many documents as
//! then, and few of them changed (`most_changed`). A story's old postings
//! are found from its old terms, in the search terms record under the key
//! the postings record kept for it. Anything missing, or a syllable that
//! was too common in bodies and may no longer be (its left-out postings
//! are not kept): no patch, and the index is collected whole as before.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::render::search_index::postings::{
    body_limit, PairList, Posting, TermList, BODY_STOP_SHARE, PAIR_BODY_STOP_SHARE,
};
use crate::render::search_index::postings_record::{Key, LastIndex};
use crate::render::search_index::state::{
    bucket_count, bucket_of, decode_shard, pair_name, pair_size, Held, IndexState, Shard,
};
use crate::render::search_index::terms::{DocInputs, DocTerms, DocTermsView, BODY};
use crate::render::search_index::terms_record::TermsRecord;
use crate::site::model::SiteModel;

/// Beyond this many changed documents, collecting every one is as quick.
fn most_changed(docs: usize) -> usize {
    16 + docs / 16
}

/// The index patched, with what the records need of it.
pub(crate) struct Patched<'a> {
    pub(crate) state: IndexState<'a>,
    /// Every document's key, by id.
    pub(crate) keys: Vec<Key>,
    /// The changed documents' keys and terms, for the search terms record.
    pub(crate) made: Vec<(Key, DocTerms)>,
}

/// What the changed documents do to one list.
#[derive(Default)]
struct Change {
    /// The changed documents in it before or now, in id order.
    ids: Vec<u32>,
    /// How many of them had it in the body before.
    removed_body: u32,
    /// Their postings now, in id order.
    added: Vec<Posting>,
}

/// The index of `model` from `last` and the documents that changed since,
/// or `None` when it cannot be patched (see the module's comment).
pub(crate) fn patch<'a>(
    model: &SiteModel,
    last: &LastIndex<'a>,
    record: &TermsRecord,
    bodies_changed: Option<&[bool]>,
) -> Option<Patched<'a>> {
    let docs = model.stories.len();
    // Without the terms record whole, the next build would have neither.
    if last.docs as usize != docs || !record.holds_last() {
        return None;
    }
    let keys = doc_keys(model, last, record, bodies_changed)?;
    let changed: Vec<usize> = (0..docs).filter(|&id| last.key(id) != keys[id]).collect();
    if changed.len() > most_changed(docs) {
        return None;
    }
    let old_entries: Vec<Vec<u8>> = changed
        .iter()
        .map(|&id| record.old_terms(last.key(id)))
        .collect::<Option<_>>()?;
    let old: Vec<DocTermsView> = old_entries
        .iter()
        .map(|bytes| postcard::from_bytes::<DocTermsView>(bytes).ok())
        .collect::<Option<Vec<_>>>()?;
    let new: Vec<DocTerms> = changed
        .par_iter()
        .map(|&id| DocInputs::of(model, id).terms())
        .collect();
    let mut numbers = Numbering::of(last);
    let mut edits = Edits::default();
    for ((&id, old), new) in changed.iter().zip(&old).zip(&new) {
        edits.take_out(id as u32, old, &numbers)?;
        edits.put_in(id as u32, &new.view(), &mut numbers);
    }
    let terms = patch_terms(last, numbers.names.list.len(), &edits.terms, docs)?;
    let (buckets, pair_bytes) = patch_pairs(last, &numbers.names.list, &edits.pairs, docs)?;
    let made = changed.iter().map(|&id| keys[id]).zip(new).collect();
    let state = IndexState {
        docs,
        names: numbers.names.list,
        spellings: numbers.spellings.list,
        terms,
        buckets,
        pair_bytes,
    };
    Some(Patched { state, keys, made })
}

/// Every document's key (`DocInputs::key`). When the site besides its
/// bodies is the last build's (`bodies_changed`), a document whose body did
/// not change has every input as then, so its key is the record's: only
/// the changed ones are hashed (at 100,000 stories, a tenth of a second of
/// the cores' time). `None` when the record's keys do not read.
fn doc_keys(
    model: &SiteModel,
    last: &LastIndex,
    record: &TermsRecord,
    bodies_changed: Option<&[bool]>,
) -> Option<Vec<Key>> {
    let docs = model.stories.len();
    let changed = bodies_changed.filter(|changed| changed.len() == docs);
    (0..docs)
        .into_par_iter()
        .map(|id| match changed {
            Some(changed) if !changed[id] => last.key(id).try_into().ok(),
            _ => Some(DocInputs::of(model, id).key(record.salt())),
        })
        .collect()
}

/// Strings by number: the record's, then any new ones. The record's are
/// borrowed from it, as keys too; only a new one is copied.
#[derive(Default)]
struct Interned<'a> {
    list: Vec<Cow<'a, str>>,
    ids: HashMap<Cow<'a, str>, u32>,
}

impl<'a> Interned<'a> {
    /// `strings` numbered in order (every one keeps its place, as the
    /// record's postings number them).
    fn of(strings: impl Iterator<Item = &'a str>) -> Self {
        let mut interned = Interned::default();
        for s in strings {
            let id = interned.list.len() as u32;
            interned.list.push(Cow::Borrowed(s));
            interned.ids.entry(Cow::Borrowed(s)).or_insert(id);
        }
        interned
    }

    fn known(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    fn number(&mut self, s: &str) -> u32 {
        if let Some(id) = self.known(s) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(Cow::Owned(s.to_string()));
        self.ids.insert(Cow::Owned(s.to_string()), id);
        id
    }
}

/// Syllables and spellings by number: the record's, then any new ones.
struct Numbering<'a> {
    names: Interned<'a>,
    spellings: Interned<'a>,
}

impl<'a> Numbering<'a> {
    fn of(last: &LastIndex<'a>) -> Self {
        Numbering {
            names: Interned::of(last.terms.iter().map(|(name, _)| *name)),
            spellings: Interned::of(last.spellings.iter().copied()),
        }
    }

    fn known(&self, name: &str) -> Option<u32> {
        self.names.known(name)
    }

    fn number(&mut self, name: &str) -> u32 {
        self.names.number(name)
    }

    /// The spelling's index + 1, or 0 when none is known.
    fn spelling(&mut self, accented: Option<&str>) -> u32 {
        accented.map_or(0, |a| self.spellings.number(a) + 1)
    }
}

/// Per syllable and per pair, what the changed documents do to its list.
#[derive(Default)]
struct Edits {
    terms: BTreeMap<u32, Change>,
    pairs: BTreeMap<(u32, u32), Change>,
}

impl Edits {
    /// Document `id`'s postings as the last build had them, taken out.
    /// `None` when one of its syllables is not in the record (it does not
    /// describe this document).
    fn take_out(&mut self, id: u32, old: &DocTermsView, numbers: &Numbering) -> Option<()> {
        let mut own = Vec::with_capacity(old.terms.len());
        for &(term, mask, _) in &old.terms {
            let t = numbers.known(term)?;
            own.push(t);
            note_removed(self.terms.entry(t).or_default(), id, mask);
        }
        for &(a, b, mask) in &old.pairs {
            let key = (*own.get(a as usize)?, *own.get(b as usize)?);
            note_removed(self.pairs.entry(key).or_default(), id, mask);
        }
        Some(())
    }

    /// Document `id`'s postings now, put in.
    fn put_in(&mut self, id: u32, new: &DocTermsView, numbers: &mut Numbering) {
        let mut own = Vec::with_capacity(new.terms.len());
        for &(term, mask, accented) in &new.terms {
            let t = numbers.number(term);
            let spelling = numbers.spelling(accented);
            own.push(t);
            note_added(self.terms.entry(t).or_default(), (id, mask, spelling));
        }
        for &(a, b, mask) in &new.pairs {
            let key = (own[a as usize], own[b as usize]);
            note_added(self.pairs.entry(key).or_default(), (id, mask, 0));
        }
    }
}

fn note_removed(change: &mut Change, id: u32, mask: u8) {
    if change.ids.last() != Some(&id) {
        change.ids.push(id);
    }
    if mask & BODY != 0 {
        change.removed_body += 1;
    }
}

fn note_added(change: &mut Change, posting: Posting) {
    if change.ids.last() != Some(&posting.0) {
        change.ids.push(posting.0);
    }
    change.added.push(posting);
}

/// Every syllable's list: the record's, or patched where a changed
/// document touches it (a new syllable starts empty).
fn patch_terms<'a>(
    last: &LastIndex<'a>,
    names: usize,
    edits: &BTreeMap<u32, Change>,
    docs: usize,
) -> Option<Vec<Held<'a, TermList>>> {
    let limit = body_limit(docs, BODY_STOP_SHARE);
    let mut terms: Vec<Held<TermList>> = last.terms.iter().map(|(_, s)| Held::Last(*s)).collect();
    terms.resize_with(names, || Held::Now(TermList::default()));
    let patched: Vec<(u32, TermList)> = edits
        .par_iter()
        .map(|(&t, change)| {
            let old = match &terms[t as usize] {
                Held::Last(stored) => TermList::from_stored(stored),
                Held::Now(list) => list.clone(),
            };
            let list = old.patched(&change.ids, change.removed_body, &change.added, limit)?;
            Some((t, list))
        })
        .collect::<Option<_>>()?;
    for (t, list) in patched {
        terms[t as usize] = Held::Now(list);
    }
    Some(terms)
}

/// A pair, by its syllables' numbers, and what changes in its list.
type PairEdit<'e> = (&'e (u32, u32), &'e Change);

/// Every pair bucket: the record's, or patched where a changed document
/// touches one of its pairs; and the new `pair_bytes`. `None` when the
/// number of buckets would change (every pair would move).
fn patch_pairs<'a>(
    last: &LastIndex<'a>,
    names: &[Cow<str>],
    edits: &BTreeMap<(u32, u32), Change>,
    docs: usize,
) -> Option<(Vec<Shard<'a>>, u64)> {
    let limit = body_limit(docs, PAIR_BODY_STOP_SHARE);
    let count = last.buckets;
    let mut by_bucket: BTreeMap<usize, Vec<PairEdit>> = BTreeMap::new();
    for (key, change) in edits {
        let b = bucket_of(&pair_name(names, key.0, key.1), count) as usize;
        by_bucket.entry(b).or_default().push((key, change));
    }
    let mut shards: Vec<Shard> = last.shards.iter().map(|raw| Shard::Last(raw.0)).collect();
    let mut pair_bytes = last.pair_bytes;
    for (b, edits) in by_bucket {
        let mut pairs = decode_shard(last.shards[b].0)?;
        for (&(x, y), change) in edits {
            let at = pairs.iter().position(|p| p.0 == x && p.1 == y);
            let old = at.map_or_else(PairList::default, |i| pairs[i].2.clone());
            let new = old.patched(&change.ids, change.removed_body, &change.added, limit)?;
            pair_bytes = (pair_bytes + pair_size(new.len())).checked_sub(pair_size(old.len()))?;
            match at {
                Some(i) => pairs[i].2 = new,
                None => pairs.push((x, y, new)),
            }
        }
        pairs.retain(|(_, _, list)| list.is_worth_keeping());
        shards[b] = Shard::Now(pairs);
    }
    (bucket_count(pair_bytes) == count).then_some((shards, pair_bytes))
}
