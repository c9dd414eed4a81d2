//! Postings of the whole site: every story's syllables and pairs numbered
//! across the site, each list in document order, with the body postings of
//! syllables too common to say anything left out.

// See `terms.rs`: our own keys, and no output order depends on the hash.
use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize, Serializer};

use crate::render::search_index::terms::{doc_terms, DocTerms, DocTermsView, BODY};
use crate::render::search_index::terms_record::TermsRecord;
use crate::site::model::SiteModel;

/// A syllable found in the body of more than this share of stories says
/// nothing about any one of them ("của", "và", "người"); its body postings
/// are left out (names, titles, units and summaries keep it).
pub(crate) const BODY_STOP_SHARE: f64 = 0.25;
pub(crate) const PAIR_BODY_STOP_SHARE: f64 = 0.10;
/// Below this many stories no syllable is too common: every one is kept.
const FEWEST_DOCS_TO_DROP: usize = 200;

/// Stories are read for the index this many at a time, so memory holds the
/// growing postings and one batch, never every story's syllables at once.
const BATCH: usize = 2048;

/// A document in a syllable's list: id, field mask, accented spelling
/// (an index into the interned spellings, plus one; 0 when none is known).
pub(crate) type Posting = (u32, u8, u32);

/// A syllable's documents, each with its spelling.
pub(crate) type TermList = List<true>;

/// The documents of a pair of adjacent syllables: id and field mask (their
/// spelling reads as 0).
pub(crate) type PairList = List<false>;

/// A posting list in document order, packed: each posting is the distance
/// of its id from the one before (the first: its id), its field mask, and
/// for a syllable its spelling, the numbers as LEB128 varints. A body
/// posting takes about three bytes where a `(u32, u8, u32)` takes twelve:
/// at 100,000 stories the lists hold some 25 million postings, all kept
/// until the last file is written (see README, Performance).
#[derive(Debug, Default, Clone)]
pub(crate) struct List<const SPELLED: bool> {
    bytes: Vec<u8>,
    len: u32,
    last: u32,
    /// How many body postings were left out as too common (0: none, and
    /// every posting is here). Kept so that the postings record can tell,
    /// after an edit, whether the list is still too common in bodies.
    left_out: u32,
}

/// A byte string, written by postcard as one (its length, then the bytes)
/// and read back borrowed from the record, not copied.
#[derive(Clone, Copy, Deserialize)]
pub(crate) struct Raw<'a>(#[serde(borrow)] pub(crate) &'a [u8]);

impl Serialize for Raw<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

/// A `List` as the postings record keeps it.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(crate) struct StoredList<'a> {
    pub(crate) len: u32,
    last: u32,
    left_out: u32,
    #[serde(borrow)]
    bytes: Raw<'a>,
}

impl<const SPELLED: bool> List<SPELLED> {
    /// Postings must come in id order (the id is stored as a distance).
    pub(crate) fn push(&mut self, (id, mask, spelling): Posting) {
        put_varint(&mut self.bytes, id.wrapping_sub(self.last));
        self.bytes.push(mask);
        if SPELLED {
            put_varint(&mut self.bytes, spelling);
        }
        self.len += 1;
        self.last = id;
    }

    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the list says something worth keeping: a posting, or the
    /// count of the body postings left out (a list emptied by the drop
    /// still tells the next build that the syllable is too common).
    pub(crate) fn is_worth_keeping(&self) -> bool {
        self.len > 0 || self.left_out > 0
    }

    pub(crate) fn stored(&self) -> StoredList<'_> {
        StoredList {
            len: self.len,
            last: self.last,
            left_out: self.left_out,
            bytes: Raw(&self.bytes),
        }
    }

    pub(crate) fn from_stored(stored: &StoredList) -> Self {
        List {
            bytes: stored.bytes.0.to_vec(),
            len: stored.len,
            last: stored.last,
            left_out: stored.left_out,
        }
    }

    /// The list with the postings of `ids` (sorted) taken out and `added`
    /// put in (sorted by id, none of `ids` missing from it that is to stay),
    /// then the drop of common body postings applied as a whole build does.
    /// `None` when that needs the body postings the list left out: they
    /// were too common before, and may not be now.
    pub(crate) fn patched(
        &self,
        ids: &[u32],
        removed_body: u32,
        added: &[Posting],
        limit: Option<usize>,
    ) -> Option<Self> {
        let added_body = added.iter().filter(|p| p.1 & BODY != 0).count() as u32;
        let kept = self.iter().filter(|p| ids.binary_search(&p.0).is_err());
        if self.left_out == 0 {
            let mut list = merged(kept, added.iter().copied());
            if let Some(limit) = limit {
                list.drop_body_if_over(limit);
            }
            return Some(list);
        }
        let in_body = self
            .left_out
            .saturating_add(added_body)
            .checked_sub(removed_body)?;
        if limit.is_none_or(|limit| in_body as usize <= limit) {
            return None;
        }
        let stripped = added
            .iter()
            .filter(|p| p.1 & !BODY != 0)
            .map(|&(id, mask, spelling)| (id, mask & !BODY, spelling));
        let mut list = merged(kept, stripped);
        list.left_out = in_body;
        Some(list)
    }

    /// Leave out the body postings when more than `limit` are in bodies.
    fn drop_body_if_over(&mut self, limit: usize) {
        // A list no longer than the limit cannot have too many in the body.
        if self.len() <= limit {
            return;
        }
        let in_body = self.iter().filter(|p| p.1 & BODY != 0).count();
        if in_body > limit {
            let mut kept = List::default();
            for (id, mask, spelling) in self.iter() {
                if mask & !BODY != 0 {
                    kept.push((id, mask & !BODY, spelling));
                }
            }
            kept.left_out = in_body as u32;
            *self = kept;
        }
    }

    /// The postings in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Posting> + '_ {
        let (mut at, mut id) = (0, 0u32);
        (0..self.len).map(move |_| {
            id = id.wrapping_add(take_varint(&self.bytes, &mut at));
            let mask = self.bytes.get(at).copied().unwrap_or(0);
            at += 1;
            let spelling = if SPELLED {
                take_varint(&self.bytes, &mut at)
            } else {
                0
            };
            (id, mask, spelling)
        })
    }
}

/// Two runs of postings, each in id order, as one list in id order.
fn merged<const SPELLED: bool>(
    a: impl Iterator<Item = Posting>,
    b: impl Iterator<Item = Posting>,
) -> List<SPELLED> {
    let mut list = List::default();
    let (mut a, mut b) = (a.peekable(), b.peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x.0 <= y.0,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return list,
        };
        let next = if take_a { a.next() } else { b.next() };
        if let Some(posting) = next {
            list.push(posting);
        }
    }
}

/// How many stories may have a syllable in the body before its body
/// postings are left out (`share` of them); none below a few hundred.
pub(crate) fn body_limit(docs: usize, share: f64) -> Option<usize> {
    (docs >= FEWEST_DOCS_TO_DROP).then_some((docs as f64 * share) as usize)
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The varint at `at`. Past the end of `bytes` (only in a record made to
/// mislead: the one this build wrote is checked by its hash) it reads 0s.
fn take_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let (mut v, mut shift) = (0u32, 0u32);
    loop {
        let b = bytes.get(*at).copied().unwrap_or(0);
        *at += 1;
        v |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// Every document's syllables and pairs, numbered across the whole site.
#[derive(Default)]
pub(crate) struct Postings {
    /// Syllables by number.
    pub(crate) names: Vec<String>,
    /// Per syllable number, its documents in id order.
    pub(crate) lists: Vec<TermList>,
    /// A pair of syllables is the two syllable numbers in one u64.
    pub(crate) pairs: HashMap<u64, PairList>,
    /// Accented spellings, interned; a posting holds an index + 1.
    pub(crate) spellings: Vec<String>,
}

/// `Postings` while documents are added, with the lookups that number
/// syllables and spellings. Hash maps here; every output is sorted, so
/// their order never shows.
#[derive(Default)]
struct PostingsBuilder {
    ids: HashMap<String, u32>,
    spelling_ids: HashMap<String, u32>,
    postings: Postings,
}

impl PostingsBuilder {
    /// The spelling's index + 1, or 0 when none is known.
    fn spelling(&mut self, accented: Option<&str>) -> u32 {
        let Some(a) = accented else { return 0 };
        let spellings = &mut self.postings.spellings;
        match self.spelling_ids.get(a) {
            Some(&i) => i + 1,
            None => {
                spellings.push(a.to_string());
                self.spelling_ids
                    .insert(a.to_string(), spellings.len() as u32 - 1);
                spellings.len() as u32
            }
        }
    }

    fn term(&mut self, term: &str) -> u32 {
        match self.ids.get(term) {
            Some(&g) => g,
            None => {
                let g = self.postings.names.len() as u32;
                self.postings.names.push(term.to_string());
                self.postings.lists.push(List::default());
                self.ids.insert(term.to_string(), g);
                g
            }
        }
    }

    /// Documents must come in id order, so each list stays sorted.
    fn add_doc(&mut self, id: u32, doc: &DocTermsView) {
        let mut global = Vec::with_capacity(doc.terms.len());
        for &(term, mask, accented) in &doc.terms {
            let spelling = self.spelling(accented);
            let g = self.term(term);
            self.postings.lists[g as usize].push((id, mask, spelling));
            global.push(g);
        }
        for &(a, b, mask) in &doc.pairs {
            let key = (u64::from(global[a as usize]) << 32) | u64::from(global[b as usize]);
            self.postings
                .pairs
                .entry(key)
                .or_default()
                .push((id, mask, 0));
        }
    }

    /// The lookups are dropped here, before the postings are written.
    fn finish(self) -> Postings {
        self.postings
    }
}

/// Read every story, a batch at a time in parallel, into postings; then
/// leave out the body postings of syllables and pairs too common to say
/// anything. With a `record`, a story whose inputs are as in the last
/// build has its terms from there, and every story's go to the next one.
pub(crate) fn collect_postings(
    model: &SiteModel,
    mut record: Option<&mut TermsRecord>,
) -> Postings {
    let n = model.stories.len();
    let mut builder = PostingsBuilder::default();
    for start in (0..n).step_by(BATCH) {
        let ids = start..(start + BATCH).min(n);
        match record.as_deref_mut() {
            Some(record) => add_from_record(&mut builder, record, model, ids),
            None => {
                let batch: Vec<DocTerms> =
                    ids.into_par_iter().map(|id| doc_terms(model, id)).collect();
                for (offset, doc) in batch.iter().enumerate() {
                    builder.add_doc((start + offset) as u32, &doc.view());
                }
            }
        }
    }
    let mut postings = builder.finish();
    drop_common_body(postings.lists.par_iter_mut(), n, BODY_STOP_SHARE);
    drop_common_body(
        postings.pairs.par_iter_mut().map(|(_, list)| list),
        n,
        PAIR_BODY_STOP_SHARE,
    );
    // A pair emptied by the drop stays: the postings record keeps it, so
    // that an edit never makes it a pair of one story (files skip it).
    postings.pairs.retain(|_, list| list.is_worth_keeping());
    postings
}

/// The documents `ids` into the postings, each one's terms from the last
/// build's record where they are there, and all of them into this build's.
fn add_from_record(
    builder: &mut PostingsBuilder,
    record: &mut TermsRecord,
    model: &SiteModel,
    ids: std::ops::Range<usize>,
) {
    let fetched = record.fetch(model, ids.clone());
    // Each entry is decoded as it is added, not a batch of them first: the
    // views of a batch are some 25 MB of new memory, and the kernel's
    // zeroing of those pages cost more than decoding them.
    let mut good = Vec::with_capacity(fetched.len());
    for (offset, doc) in fetched.iter().enumerate() {
        let id = (ids.start + offset) as u32;
        let view = doc.view();
        match &view {
            Some(view) => builder.add_doc(id, view),
            // Its checksum right, yet not decoding whole: not believed, its
            // terms made again (and it is not kept).
            None => builder.add_doc(id, &doc_terms(model, ids.start + offset).view()),
        }
        good.push(view.is_some());
    }
    record.keep(&fetched, &good);
}

fn drop_common_body<'a, const SPELLED: bool>(
    lists: impl ParallelIterator<Item = &'a mut List<SPELLED>>,
    docs: usize,
    share: f64,
) {
    if let Some(limit) = body_limit(docs, share) {
        lists.for_each(|list| list.drop_body_if_over(limit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_list_gives_back_what_was_pushed() {
        let postings = [
            (0, 16, 0),
            (1, 3, 2),
            (200, 16, 0),
            (70_000, 1, 300),
            (u32::MAX, 255, u32::MAX),
        ];
        let mut terms = TermList::default();
        let mut pairs = PairList::default();
        for p in postings {
            terms.push(p);
            pairs.push(p);
        }
        assert_eq!(terms.len(), 5);
        assert_eq!(terms.iter().collect::<Vec<_>>(), postings);
        let unspelled: Vec<Posting> = postings.iter().map(|&(id, m, _)| (id, m, 0)).collect();
        assert_eq!(pairs.iter().collect::<Vec<_>>(), unspelled);
        assert!(PairList::default().is_empty());
    }

    #[test]
    fn common_body_postings_are_dropped_and_the_rest_kept() {
        // 400 documents: "a" is in every body, and in one title.
        let mut list = TermList::default();
        for id in 0..400 {
            let mask = if id == 7 { BODY | 1 } else { BODY };
            list.push((id, mask, 0));
        }
        let mut lists = vec![list];
        drop_common_body(lists.par_iter_mut(), 400, BODY_STOP_SHARE);
        assert_eq!(lists[0].iter().collect::<Vec<_>>(), [(7, 1, 0)]);
    }
}
