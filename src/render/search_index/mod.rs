//! The static search index, written next to the pages under `search/` and
//! read by `search.js`. Split so that a query downloads only what it needs:
//!
//! - `search/meta.json`: counts and the labels of units, levels, fields,
//!   months, and every syllable that has a `t/` file (front-coded: see
//!   `known_syllables`), so a query asks for no missing file without
//!   waiting for a vocabulary first;
//! - `search/v/<letter>.json`: the syllables starting with that letter and
//!   their document frequency (prefix matching while typing);
//! - `search/t/<syllable>.json`: one posting list per folded syllable (a
//!   long or Windows-reserved one renamed by `urls::term_file`);
//! - `search/b/<bucket>.json`: posting lists of adjacent syllable pairs
//!   (phrases), hashed into buckets;
//! - `search/d/<chunk>.json`: what a result shows, four documents a file:
//!   each award with its own month, level and decision, and the residence
//!   and tags, so a result can say why it matched;
//! - `search/f/<kind>-<id>.json`: documents per month, unit, level, field.
//!
//! Documents are the published stories, newest first, so a lower id is a
//! newer story and ties rank by recency. Only published stories are indexed.

mod examples;
mod postings;
mod prefixes;
mod terms;
mod terms_record;

pub use terms_record::{TermsRecord, WrittenTerms};

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::output::OutputFile;
use crate::render::search_index::postings::{collect_postings, PairList, Posting, Postings};
use crate::render::search_index::terms::{
    BODY, DECISION, NAME, RESIDENCE, SUMMARY, TAG, TITLE, UNIT,
};
use crate::site::model::SiteModel;
use crate::source::registry::{Entry, Kind};
use crate::text::hash::fnv1a;

/// Result records per file: the top ten results of a query usually sit in
/// ten different files, so small files keep a query's download small.
pub const DOCS_PER_CHUNK: usize = 4;

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
    fields: [(&'static str, u8); 8],
    units: Vec<(&'a str, String)>,
    levels: Vec<(&'a str, &'a str)>,
    domains: Vec<(&'a str, &'a str)>,
    months: Vec<String>,
    /// (written form, unit kind): "p" → "phuong"; see `prefixes`.
    prefixes: Vec<(String, String)>,
    /// Example queries from the site's stories (placeholder, empty state).
    examples: Vec<String>,
    /// Every syllable with a `t/` file, front-coded (`known_syllables`).
    syllables: String,
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

/// Where a file of the index goes; counts and forwards to the caller's emit.
type Put<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

/// What building the index made, besides its files.
pub struct IndexBuilt {
    /// How many files of the index were handed on.
    pub files: usize,
    /// Documents whose terms came from the last build's search terms record.
    pub terms_reused: usize,
    /// This build's record, to keep once the output is in place.
    pub terms_record: Option<WrittenTerms>,
}

/// Build every file of the search index and hand each to `emit`. With a
/// search terms `record` (`build` only), unchanged documents' terms are
/// taken from the last build's and this build's record is written.
pub fn build_index(
    model: &SiteModel,
    emit: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    mut record: Option<TermsRecord>,
) -> Result<IndexBuilt, Diagnostic> {
    let index = collect_postings(model, record.as_mut());
    let (terms_reused, terms_record) = record.map(TermsRecord::finish).unwrap_or_default();
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
    put(json(
        "search/meta.json".into(),
        &meta(model, buckets, known_syllables(&index)),
    ))?;
    Ok(IndexBuilt {
        files: written.into_inner(),
        terms_reused,
        terms_record,
    })
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
    let spelling = |p: Posting| index.spellings[p.2 as usize - 1].as_str();
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
    // Every bucket is written, an empty one as `{}`: search.js hashes any
    // pair into 0..buckets, and a missing file would be a 404 in the console.
    let mut by_bucket: BTreeMap<u32, Vec<(String, &PairList)>> =
        (0..buckets).map(|b| (b, Vec::new())).collect();
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
/// Every letter a query's syllable can start with has a file, an empty one
/// as `[]`: search.js reads it to know which `t/` files exist, so it never
/// asks for a missing one, and asking for the vocabulary must not 404 either.
fn write_vocabulary(index: &Postings, put: &Put) -> Result<(), Diagnostic> {
    let mut vocab: BTreeMap<char, Vec<(&str, usize)>> = std::iter::once('0')
        .chain('a'..='z')
        .map(|c| (c, Vec::new()))
        .collect();
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

/// Every syllable that has a `t/` file, sorted and front-coded: each is an
/// uppercase letter, how many leading letters it shares with the one before
/// ('A' none, 'B' one, … 'Z' 25), then the rest ("Anguy" "Een" = nguy,
/// nguyen). Syllables are folded lowercase ASCII letters and digits
/// (`vietnamese::tokens`), so the uppercase letters mark where each starts.
/// meta.json carries it: search.js knows which syllable files and pair
/// buckets a query may ask for as soon as meta.json is there, in the round
/// it needs meta.json anyway, so a cold query asks for no missing file (a
/// 404) and waits for no vocabulary. The 4,311 syllables of 10,000
/// generated stories take 1.2 KB gzipped, against 8.8 KB as a plain list.
fn known_syllables(index: &Postings) -> String {
    let mut used: Vec<&str> = index
        .names
        .iter()
        .zip(&index.lists)
        .filter(|(_, p)| !p.is_empty())
        .map(|(term, _)| term.as_str())
        .collect();
    used.sort_unstable();
    let mut out = String::new();
    let mut prev = "";
    for term in used {
        let shared = term
            .char_indices()
            .zip(prev.chars())
            .take(25)
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        let count = term[..shared].chars().count() as u8;
        out.push(char::from(b'A' + count));
        out.push_str(&term[shared..]);
        prev = term;
    }
    out
}

/// What a result shows: [url, name, title, summary, unit, awards, field,
/// residence, tags]; an award is [month, level rank, decision or ""].
fn doc_record(model: &SiteModel, id: usize, unit: i64) -> serde_json::Value {
    let s = &model.stories[id];
    let awards: Vec<serde_json::Value> = s
        .awards
        .iter()
        .map(|a| {
            serde_json::json!([
                a.month.to_string(),
                a.level_rank,
                a.decision
                    .as_ref()
                    .map(|d| d.written(&model.registry))
                    .unwrap_or_default()
            ])
        })
        .collect();
    let residence = s
        .person
        .residence
        .as_ref()
        .and_then(|w| model.registry.get(Kind::Unit, w))
        .map_or("", |w| w.name.as_str());
    serde_json::json!([
        crate::site::urls::story(&model.story_slugs[id]),
        s.person.public_name,
        s.title,
        crate::text::markdown::excerpt(&model.excerpts[id], 160),
        unit,
        awards,
        model.registry.index_of(Kind::Field, &s.field).unwrap_or(0),
        residence,
        s.tags,
    ])
}

fn doc_chunks(model: &SiteModel) -> Vec<OutputFile> {
    let shown = shown_units(model);
    let unit_index = |id: &str| {
        shown
            .iter()
            .position(|(u, _)| *u == id)
            .map_or(-1, |i| i as i64)
    };
    (0..model.stories.len())
        .collect::<Vec<_>>()
        .par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .map(|(chunk, ids)| {
            let docs: Vec<serde_json::Value> = ids
                .iter()
                .map(|&id| {
                    let unit = model.stories[id].unit.as_deref().map_or(-1, &unit_index);
                    doc_record(model, id, unit)
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

/// The units a result or a filter can name: those with a published story,
/// in registry order. Listing every unit of the registry would show a
/// dissolved ward beside its successor of the same name, and name a minor's
/// school that the gate hides.
/// Two shown units of one name carry their periods ("Phường Bạch Mai (đến
/// 30/6/2025)"), so the filter never offers two identical choices.
fn shown_units(model: &SiteModel) -> Vec<(&str, String)> {
    let units: Vec<&Entry> = model
        .registry
        .list(Kind::Unit)
        .iter()
        .filter(|e| model.groups.units.contains_key(&e.id))
        .collect();
    let names = crate::render::views::unit_names(&units);
    units.iter().map(|e| e.id.as_str()).zip(names).collect()
}

fn meta(model: &SiteModel, buckets: u32, syllables: String) -> Meta<'_> {
    let pairs = |kind: Kind| {
        model
            .registry
            .list(kind)
            .iter()
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect::<Vec<_>>()
    };
    let prefixes = prefixes::unit_prefixes(model);
    Meta {
        version: 3,
        docs: model.stories.len(),
        chunk: DOCS_PER_CHUNK,
        buckets,
        fields: [
            ("name", NAME),
            ("unit", UNIT),
            ("title", TITLE),
            ("summary", SUMMARY),
            ("body", BODY),
            ("residence", RESIDENCE),
            ("tag", TAG),
            ("decision", DECISION),
        ],
        units: shown_units(model),
        levels: pairs(Kind::Level),
        domains: pairs(Kind::Field),
        months: model
            .groups
            .months
            .keys()
            .rev()
            .map(|m| m.to_string())
            .collect(),
        examples: examples::examples(model, &prefixes),
        prefixes,
        syllables,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_hash_is_fnv1a() {
        // FNV-1a of "a" is 0xe40c292c.
        assert_eq!(bucket_of("a", 1 << 31), 0xe40c292c % (1 << 31));
        assert_eq!(bucket_of("nguyen van", 64), bucket_of("nguyen van", 64));
    }

    #[test]
    fn known_syllables_are_sorted_and_front_coded() {
        let mut index = Postings::default();
        for (term, docs) in [
            ("nguyen", 1),
            ("a", 1),
            ("nguy", 1),
            ("nha", 0),
            ("3862", 1),
        ] {
            index.names.push(term.to_string());
            let mut list = postings::TermList::default();
            for id in 0..docs {
                list.push((id as u32, 1, 0));
            }
            index.lists.push(list);
        }
        // "nha" has no postings left, so no file: it is not listed.
        assert_eq!(known_syllables(&index), "A3862AaAnguyEen");
    }

    #[test]
    fn deltas_encode_sorted_ids() {
        assert_eq!(deltas([3, 5, 9]), [3, 2, 4]);
        assert!(deltas([]).is_empty());
    }
}
