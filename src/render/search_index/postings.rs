//! Postings of the whole site: every story's syllables and pairs numbered
//! across the site, each list in document order, with the body postings of
//! syllables too common to say anything left out.

// See `terms.rs`: our own keys, and no output order depends on the hash.
use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::render::search_index::terms::{doc_terms, DocTerms, BODY};
use crate::site::model::SiteModel;

/// A syllable found in the body of more than this share of stories says
/// nothing about any one of them ("của", "và", "người"); its body postings
/// are left out (names, titles, units and summaries keep it).
const BODY_STOP_SHARE: f64 = 0.25;
const PAIR_BODY_STOP_SHARE: f64 = 0.10;

/// Stories are read for the index this many at a time, so memory holds the
/// growing postings and one batch, never every story's syllables at once.
const BATCH: usize = 2048;

/// A document in a syllable's list: id, field mask, accented spelling
/// (an index into the interned spellings, plus one; 0 when none is known).
pub(crate) type Posting = (u32, u8, u32);

/// Documents with a pair of adjacent syllables: id and field mask.
pub(crate) type PairPostings = Vec<(u32, u8)>;

/// Every document's syllables and pairs, numbered across the whole site.
#[derive(Default)]
pub(crate) struct Postings {
    /// Syllables by number.
    pub(crate) names: Vec<String>,
    /// Per syllable number, its documents in id order.
    pub(crate) lists: Vec<Vec<Posting>>,
    /// A pair of syllables is the two syllable numbers in one u64.
    pub(crate) pairs: HashMap<u64, PairPostings>,
    /// Accented spellings, interned; a posting holds an index + 1.
    pub(crate) spellings: Vec<String>,
}

impl Postings {
    pub(crate) fn pair_name(&self, key: u64) -> String {
        format!(
            "{} {}",
            self.names[(key >> 32) as usize],
            self.names[(key & 0xffff_ffff) as usize]
        )
    }
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
    fn spelling(&mut self, accented: Option<String>) -> u32 {
        let Some(a) = accented else { return 0 };
        let spellings = &mut self.postings.spellings;
        match self.spelling_ids.get(&a) {
            Some(&i) => i + 1,
            None => {
                spellings.push(a.clone());
                self.spelling_ids.insert(a, spellings.len() as u32 - 1);
                spellings.len() as u32
            }
        }
    }

    fn term(&mut self, term: String) -> u32 {
        match self.ids.get(&term) {
            Some(&g) => g,
            None => {
                let g = self.postings.names.len() as u32;
                self.postings.names.push(term.clone());
                self.postings.lists.push(Vec::new());
                self.ids.insert(term, g);
                g
            }
        }
    }

    /// Documents must come in id order, so each list stays sorted.
    fn add_doc(&mut self, id: u32, doc: DocTerms) {
        let mut global = Vec::with_capacity(doc.terms.len());
        for (term, mask, accented) in doc.terms {
            let spelling = self.spelling(accented);
            let g = self.term(term);
            self.postings.lists[g as usize].push((id, mask, spelling));
            global.push(g);
        }
        for (a, b, mask) in doc.pairs {
            let key = (u64::from(global[a as usize]) << 32) | u64::from(global[b as usize]);
            self.postings.pairs.entry(key).or_default().push((id, mask));
        }
    }

    /// The lookups are dropped here, before the postings are written.
    fn finish(self) -> Postings {
        self.postings
    }
}

/// Read every story, a batch at a time in parallel, into postings; then
/// leave out the body postings of syllables and pairs too common to say
/// anything.
pub(crate) fn collect_postings(model: &SiteModel) -> Postings {
    let n = model.stories.len();
    let mut builder = PostingsBuilder::default();
    for start in (0..n).step_by(BATCH) {
        let batch: Vec<DocTerms> = (start..(start + BATCH).min(n))
            .into_par_iter()
            .map(|id| doc_terms(model, id))
            .collect();
        for (offset, doc) in batch.into_iter().enumerate() {
            builder.add_doc((start + offset) as u32, doc);
        }
    }
    let mut postings = builder.finish();
    drop_common_body(postings.lists.iter_mut(), n, BODY_STOP_SHARE, |p| &mut p.1);
    drop_common_body(postings.pairs.values_mut(), n, PAIR_BODY_STOP_SHARE, |p| {
        &mut p.1
    });
    postings.pairs.retain(|_, list| !list.is_empty());
    postings
}

fn drop_common_body<'a, P: 'a>(
    lists: impl Iterator<Item = &'a mut Vec<P>>,
    docs: usize,
    share: f64,
    mask: impl Fn(&mut P) -> &mut u8,
) {
    if docs < 200 {
        return;
    }
    let limit = (docs as f64 * share) as usize;
    for list in lists {
        let in_body = list
            .iter_mut()
            .map(|p| *mask(p))
            .filter(|m| m & BODY != 0)
            .count();
        if in_body > limit {
            for p in list.iter_mut() {
                *mask(p) &= !BODY;
            }
            list.retain_mut(|p| *mask(p) != 0);
        }
    }
}
