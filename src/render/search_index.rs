//! The static search index, written next to the pages under `search/` and
//! read by `search.js`. Split so that a query downloads only what it needs:
//!
//! - `search/meta.json`: counts and the labels of units, levels, fields, months;
//! - `search/v/<letter>.json`: the syllables starting with that letter and
//!   their document frequency (prefix matching while typing);
//! - `search/t/<syllable>.json`: one posting list per folded syllable (a
//!   long or Windows-reserved one renamed by `urls::term_file`);
//! - `search/b/<bucket>.json`: posting lists of adjacent syllable pairs
//!   (phrases), hashed into buckets;
//! - `search/d/<chunk>.json`: what a result shows, four documents a file;
//! - `search/f/<kind>-<id>.json`: documents per month, unit, level, field.
//!
//! Documents are the published stories, newest first, so a lower id is a
//! newer story and ties rank by recency. Only published stories are indexed.

use std::collections::BTreeMap;

// A fast non-cryptographic hash: keys are our own syllables, not input an
// attacker picks to collide, and output order never depends on it.
use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::output::OutputFile;
use crate::site::model::SiteModel;
use crate::source::registry::Kind;
use crate::text::markdown;
use crate::text::vietnamese::{fold, nfc, tokens};

/// Where a syllable was found, as bits of a mask.
pub const NAME: u8 = 1;
pub const UNIT: u8 = 2;
pub const TITLE: u8 = 4;
pub const SUMMARY: u8 = 8;
pub const BODY: u8 = 16;

/// Result records per file: the top ten results of a query usually sit in
/// ten different files, so small files keep a query's download small.
pub const DOCS_PER_CHUNK: usize = 4;

/// A syllable found in the body of more than this share of stories says
/// nothing about any one of them ("của", "và", "người"); its body postings
/// are left out (names, titles, units and summaries keep it).
const BODY_STOP_SHARE: f64 = 0.25;
const PAIR_BODY_STOP_SHARE: f64 = 0.10;

/// One document's contribution: syllables with the fields they occur in and
/// the accented spelling first seen in a name, unit or title; and the pairs of
/// adjacent syllables with their fields.
struct DocTerms {
    /// Syllables of this document; pairs refer to them by position here.
    terms: Vec<(String, u8, Option<String>)>,
    pairs: Vec<(u32, u32, u8)>,
}

/// Pairs are indexed for the whole of the short fields but only for the lead
/// of the body (its first syllables, where a story says what happened): all
/// body pairs of 100,000 stories would be a large index that no query needs.
const BODY_LEAD_PAIRS: usize = 64;

/// Split `text` into (folded syllable, accented lowercase spelling) pairs.
/// Same tokens, in the same order, as `tokens(&fold(text))`.
pub fn syllables(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let folded = fold(word);
        let parts: Vec<&str> = tokens(&folded).collect();
        let accented = (parts.len() == 1 && !word.is_ascii()).then(|| nfc(&word.to_lowercase()));
        for part in parts {
            out.push((part.to_string(), accented.clone()));
        }
    }
    out
}

/// The unit's name, then " · " and the residence unit's name: both are
/// searchable as the story's unit.
fn unit_text(model: &SiteModel, id: usize) -> String {
    let s = &model.stories[id];
    let mut text = String::new();
    if let Some(unit) = &s.unit {
        text.push_str(
            model
                .registry
                .get(Kind::Unit, unit)
                .map(|u| u.name.as_str())
                .unwrap_or(""),
        );
    }
    if let Some(w) = s
        .person
        .residence
        .as_ref()
        .and_then(|w| model.registry.get(Kind::Unit, w))
    {
        text.push_str(" · ");
        text.push_str(&w.name);
    }
    text
}

/// One document's syllables while they are being collected.
struct TermCollector {
    /// Syllable → position in `list`; pairs are kept as positions, so a
    /// pair costs two numbers, not a new string.
    index: HashMap<String, u32>,
    list: Vec<(String, u8, Option<String>)>,
    pairs: HashMap<(u32, u32), u8>,
}

impl TermCollector {
    fn new() -> Self {
        TermCollector {
            index: HashMap::with_capacity_and_hasher(512, Default::default()),
            list: Vec::with_capacity(512),
            pairs: HashMap::with_capacity_and_hasher(256, Default::default()),
        }
    }

    /// Record `term` in field `bit` and return its position. Only names,
    /// units and titles lend their accented spelling: a body or summary
    /// word may be a different word with the same letters.
    fn add(&mut self, term: &str, bit: u8, accented: Option<&String>) -> u32 {
        let keep_accent = bit & (NAME | UNIT | TITLE) != 0;
        match self.index.get(term) {
            Some(&i) => {
                let entry = &mut self.list[i as usize];
                entry.1 |= bit;
                if entry.2.is_none() && keep_accent {
                    entry.2 = accented.cloned();
                }
                i
            }
            None => {
                let i = self.list.len() as u32;
                self.list.push((
                    term.to_string(),
                    bit,
                    if keep_accent { accented.cloned() } else { None },
                ));
                self.index.insert(term.to_string(), i);
                i
            }
        }
    }

    fn add_pair(&mut self, a: u32, b: u32, bit: u8) {
        *self.pairs.entry((a, b)).or_insert(0) |= bit;
    }

    /// A short field: every syllable and every adjacent pair.
    fn add_field(&mut self, bit: u8, text: &str) {
        let ids: Vec<u32> = syllables(text)
            .iter()
            .map(|(term, accented)| self.add(term, bit, accented.as_ref()))
            .collect();
        for w in ids.windows(2) {
            self.add_pair(w[0], w[1], bit);
        }
    }

    /// The body is long: fold it once and borrow its syllables; pairs only
    /// for its lead.
    fn add_body(&mut self, body: &str) {
        let folded = fold(body);
        let mut previous: Option<u32> = None;
        for (i, term) in tokens(&folded).enumerate() {
            let id = self.add(term, BODY, None);
            if let (Some(p), true) = (previous, i < BODY_LEAD_PAIRS) {
                self.add_pair(p, id, BODY);
            }
            previous = Some(id);
        }
    }

    fn finish(self) -> DocTerms {
        DocTerms {
            terms: self.list,
            pairs: self
                .pairs
                .into_iter()
                .map(|((a, b), m)| (a, b, m))
                .collect(),
        }
    }
}

fn doc_terms(model: &SiteModel, id: usize) -> DocTerms {
    let s = &model.stories[id];
    let unit_text = unit_text(model, id);
    let body = markdown::plain_text(&s.body);
    let fields: [(u8, &str); 4] = [
        (NAME, &s.person.public_name),
        (UNIT, &unit_text),
        (TITLE, &s.title),
        (SUMMARY, model.excerpts[id].as_str()),
    ];
    let mut collector = TermCollector::new();
    for (bit, text) in fields {
        collector.add_field(bit, text);
    }
    collector.add_body(&body);
    collector.finish()
}

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

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    buckets: u32,
    fields: [(&'static str, u8); 5],
    units: Vec<(&'a str, &'a str)>,
    levels: Vec<(&'a str, &'a str)>,
    domains: Vec<(&'a str, &'a str)>,
    months: Vec<String>,
}

fn json(path: String, value: &impl Serialize) -> OutputFile {
    // Serializing plain data to a string cannot fail.
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    OutputFile { path, bytes }
}

fn deltas(ids: impl IntoIterator<Item = u32>) -> Vec<u32> {
    let mut prev = 0;
    ids.into_iter()
        .enumerate()
        .map(|(i, id)| {
            let d = if i == 0 { id } else { id - prev };
            prev = id;
            d
        })
        .collect()
}

/// Stories are read for the index this many at a time, so memory holds the
/// growing postings and one batch, never every story's syllables at once.
const BATCH: usize = 2048;

/// A document in a syllable's list: id, field mask, accented spelling
/// (an index into the interned spellings, plus one; 0 when none is known).
type Posting = (u32, u8, u32);

/// Documents with a pair of adjacent syllables: id and field mask.
type PairPostings = Vec<(u32, u8)>;

/// Every document's syllables and pairs, numbered across the whole site.
#[derive(Default)]
struct Postings {
    /// Syllables by number.
    names: Vec<String>,
    /// Per syllable number, its documents in id order.
    lists: Vec<Vec<Posting>>,
    /// A pair of syllables is the two syllable numbers in one u64.
    pairs: HashMap<u64, PairPostings>,
    /// Accented spellings, interned; a posting holds an index + 1.
    spellings: Vec<String>,
}

impl Postings {
    fn pair_name(&self, key: u64) -> String {
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
fn collect_postings(model: &SiteModel) -> Postings {
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

/// Where a file of the index goes; counts and forwards to the caller's emit.
type Put<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

/// Build every file of the search index and hand each to `emit`; returns how
/// many files were written.
pub fn build_index(
    model: &SiteModel,
    emit: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
) -> Result<usize, Diagnostic> {
    let index = collect_postings(model);
    let written = std::sync::atomic::AtomicUsize::new(0);
    let put = |f: OutputFile| {
        written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        emit(f)
    };
    write_term_files(&index, &put)?;
    let buckets = write_pair_buckets(&index, &put)?;
    write_vocabulary(&index, &put)?;
    doc_chunks(model).into_par_iter().try_for_each(put)?;
    filter_lists(model).into_iter().try_for_each(put)?;
    put(json("search/meta.json".into(), &meta(model, buckets)))?;
    Ok(written.into_inner())
}

/// One file per syllable: its postings, with spellings numbered within the
/// file so the file stands alone.
fn write_term_files(index: &Postings, put: &Put) -> Result<(), Diagnostic> {
    (0..index.names.len())
        .into_par_iter()
        .filter(|&t| !index.lists[t].is_empty())
        .try_for_each(|t| put(term_file(index, t)))
}

fn term_file(index: &Postings, t: usize) -> OutputFile {
    let (term, postings) = (&index.names[t], &index.lists[t]);
    let spelling = |p: &Posting| index.spellings[p.2 as usize - 1].as_str();
    // This syllable's own spellings, in a stable order.
    let mut own: Vec<&str> = postings.iter().filter(|p| p.2 > 0).map(spelling).collect();
    own.sort_unstable();
    own.dedup();
    let ids = deltas(postings.iter().map(|p| p.0));
    let mut flat = Vec::with_capacity(postings.len() * 3);
    for (p, d) in postings.iter().zip(ids) {
        let v = if p.2 == 0 {
            0
        } else {
            own.binary_search(&spelling(p))
                .map(|i| i as u32 + 1)
                .unwrap_or(0)
        };
        flat.extend([d, p.1 as u32, v]);
    }
    json(
        format!("search/t/{}.json", crate::site::urls::term_file(term)),
        &TermFile { v: own, p: flat },
    )
}

/// Pair buckets of about 4 KB: a query fetches one per adjacent pair.
/// Returns how many buckets there are (search.js hashes into as many).
fn write_pair_buckets(index: &Postings, put: &Put) -> Result<u32, Diagnostic> {
    let pair_bytes: usize = index.pairs.values().map(|v| 16 + v.len() * 5).sum();
    let buckets = (pair_bytes / 4096).next_power_of_two().clamp(16, 1 << 16) as u32;
    let mut by_bucket: BTreeMap<u32, Vec<(String, &PairPostings)>> = BTreeMap::new();
    for (&key, list) in &index.pairs {
        let name = index.pair_name(key);
        by_bucket
            .entry(bucket_of(&name, buckets))
            .or_default()
            .push((name, list));
    }
    by_bucket.par_iter().try_for_each(|(b, members)| {
        let flat: BTreeMap<&str, Vec<u32>> = members
            .iter()
            .map(|(pair, list)| {
                let ids = deltas(list.iter().map(|p| p.0));
                (
                    pair.as_str(),
                    list.iter()
                        .zip(ids)
                        .flat_map(|(p, d)| [d, p.1 as u32])
                        .collect(),
                )
            })
            .collect();
        put(json(format!("search/b/{b}.json"), &flat))
    })?;
    Ok(buckets)
}

/// Vocabulary per first letter, most frequent first (digits share '0').
fn write_vocabulary(index: &Postings, put: &Put) -> Result<(), Diagnostic> {
    let mut vocab: BTreeMap<char, Vec<(&str, usize)>> = BTreeMap::new();
    let used = index
        .names
        .iter()
        .zip(&index.lists)
        .filter(|(_, p)| !p.is_empty());
    for (term, postings) in used {
        if let Some(c) = term.chars().next() {
            let key = if c.is_ascii_digit() { '0' } else { c };
            vocab.entry(key).or_default().push((term, postings.len()));
        }
    }
    for (c, list) in &mut vocab {
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        put(json(format!("search/v/{c}.json"), list))?;
    }
    Ok(())
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

/// What a result shows: [url, name, title, summary, unit, months, levels, field].
fn doc_chunks(model: &SiteModel) -> Vec<OutputFile> {
    let unit_index = |id: &str| {
        model
            .registry
            .index_of(Kind::Unit, id)
            .map(|i| i as i64)
            .unwrap_or(-1)
    };
    (0..model.stories.len())
        .collect::<Vec<_>>()
        .par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .map(|(chunk, ids)| {
            let docs: Vec<serde_json::Value> = ids
                .iter()
                .map(|&id| {
                    let s = &model.stories[id];
                    let mut months: Vec<String> =
                        s.awards.iter().map(|a| a.month.to_string()).collect();
                    months.dedup();
                    let levels: Vec<usize> = s.awards.iter().map(|a| a.level_rank).collect();
                    let unit = s.unit.as_deref().map_or(-1, &unit_index);
                    serde_json::json!([
                        crate::site::urls::story(&model.story_slugs[id]),
                        s.person.public_name,
                        s.title,
                        crate::text::markdown::excerpt(&model.excerpts[id], 160),
                        unit,
                        months,
                        levels,
                        model.registry.index_of(Kind::Field, &s.field).unwrap_or(0),
                    ])
                })
                .collect();
            json(format!("search/d/{chunk}.json"), &docs)
        })
        .collect()
}

fn filter_lists(model: &SiteModel) -> Vec<OutputFile> {
    let mut lists: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (id, s) in model.stories.iter().enumerate() {
        let id = id as u32;
        let mut add = |key: String| {
            let list = lists.entry(key).or_default();
            if list.last() != Some(&id) {
                list.push(id);
            }
        };
        if let Some(unit) = &s.unit {
            add(format!("u-{unit}"));
        }
        add(format!("f-{}", s.field));
        for a in &s.awards {
            add(format!("m-{}", a.month));
            add(format!("l-{}", a.level));
        }
    }
    lists
        .into_iter()
        .map(|(k, ids)| json(format!("search/f/{k}.json"), &deltas(ids)))
        .collect()
}

fn meta(model: &SiteModel, buckets: u32) -> Meta<'_> {
    let pairs = |kind: Kind| {
        model
            .registry
            .list(kind)
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect::<Vec<_>>()
    };
    Meta {
        version: 1,
        docs: model.stories.len(),
        chunk: DOCS_PER_CHUNK,
        buckets,
        fields: [
            ("name", NAME),
            ("unit", UNIT),
            ("title", TITLE),
            ("summary", SUMMARY),
            ("body", BODY),
        ],
        units: pairs(Kind::Unit),
        levels: pairs(Kind::Level),
        domains: pairs(Kind::Field),
        months: model
            .groups
            .months
            .keys()
            .rev()
            .map(|m| m.to_string())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_keep_accented_spelling() {
        let s = syllables("Nguyễn Văn Hùng, phường Đồng Tâm!");
        let folded: Vec<&str> = s.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(folded, ["nguyen", "van", "hung", "phuong", "dong", "tam"]);
        assert_eq!(s[2].1.as_deref(), Some("hùng"));
        let joined = fold("Nguyễn Văn Hùng, phường Đồng Tâm!");
        assert_eq!(tokens(&joined).collect::<Vec<_>>(), folded);
    }

    #[test]
    fn bucket_hash_is_fnv1a() {
        // FNV-1a of "a" is 0xe40c292c.
        assert_eq!(bucket_of("a", 1 << 31), 0xe40c292c % (1 << 31));
        assert_eq!(bucket_of("nguyen van", 64), bucket_of("nguyen van", 64));
    }

    #[test]
    fn deltas_encode_sorted_ids() {
        assert_eq!(deltas([3, 5, 9]), [3, 2, 4]);
        assert!(deltas([]).is_empty());
    }
}
