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
mod patch;
mod postings;
mod postings_record;
mod prefixes;
mod records;
mod state;
mod terms;
mod terms_record;

pub use records::{SearchRecords, WrittenRecords};

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::output::OutputFile;
use crate::render::search_index::postings::collect_postings;
use crate::render::search_index::state::{deltas, json, IndexState, Sink};
use crate::render::search_index::terms::{
    BODY, DECISION, NAME, RESIDENCE, SUMMARY, TAG, TITLE, UNIT,
};
use crate::site::model::SiteModel;
use crate::source::registry::{Entry, Kind};

/// Result records per file: the top ten results of a query usually sit in
/// ten different files, so small files keep a query's download small.
pub const DOCS_PER_CHUNK: usize = 4;

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

/// Where a file of the index goes; counts and forwards to the caller's emit.
type Put<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

/// What building the index made, besides its files.
pub struct IndexBuilt {
    /// How many files of the index were handed on.
    pub files: usize,
    /// How many were kept from the last build without being made: no
    /// changed story touches them (`patch`).
    pub files_unmade: usize,
    /// Documents whose terms came from the last build's search terms record.
    pub terms_reused: usize,
    /// This build's records, to keep once the output is in place.
    pub records: Option<WrittenRecords>,
}

impl IndexBuilt {
    /// Every file of the index, made or kept unmade.
    pub fn all_files(&self) -> usize {
        self.files + self.files_unmade
    }
}

/// What `build_index` may keep of the last build's files, unmade.
#[derive(Clone, Copy)]
pub struct LastFiles<'a> {
    /// Keeps the last build's file at a path, when it is still as that
    /// build left it; says whether it could.
    pub keep: &'a (dyn Fn(&str) -> bool + Sync),
    /// When the site besides its stories' bodies is the last build's
    /// (`site::fingerprint`), with the same program: whether each story's
    /// body changed since, by id. A file that reads no body is then the
    /// last build's too, and so is the search key of a story whose body
    /// did not change.
    pub bodies_changed: Option<&'a [bool]>,
}

impl LastFiles<'_> {
    /// Nothing kept: every file is made.
    pub fn none() -> LastFiles<'static> {
        LastFiles {
            keep: &|_| false,
            bodies_changed: None,
        }
    }
}

/// Build every file of the search index and hand each to `emit`. With the
/// search records (`build` only), unchanged documents' terms are taken from
/// the last build's, or, after an edit of a few stories, the last build's
/// postings are patched and the files no changed story touches are kept
/// (`last`) instead of made.
pub fn build_index(
    model: &SiteModel,
    emit: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    last_files: LastFiles,
    mut records: Option<SearchRecords>,
) -> Result<IndexBuilt, Diagnostic> {
    let last = records.as_mut().and_then(|r| r.postings.take_last());
    let bodies_changed = last_files.bodies_changed;
    let state = index_state(model, records.as_mut(), last.as_deref(), bodies_changed);
    let (files, files_unmade) = write_files(model, &state, emit, last_files)?;
    if let Some(SearchRecords { terms, postings }) = records.as_mut() {
        postings.store(terms.salt(), &state, terms.keys());
    }
    let (terms_reused, written) = records.map(SearchRecords::finish).unwrap_or_default();
    Ok(IndexBuilt {
        files,
        files_unmade,
        terms_reused,
        records: written,
    })
}

/// The index's lists: the last build's (`last`, the postings record's
/// bytes) patched where the few stories that changed touch them, or, when
/// that cannot be done (`patch`), collected from every story.
fn index_state<'a>(
    model: &SiteModel,
    records: Option<&mut SearchRecords>,
    last: Option<&'a [u8]>,
    bodies_changed: Option<&[bool]>,
) -> IndexState<'a> {
    let docs = model.stories.len();
    let last = last.and_then(postings_record::decode);
    let patched = records
        .as_deref()
        .zip(last.as_ref())
        .and_then(|(records, last)| patch::patch(model, last, &records.terms, bodies_changed));
    match (patched, records) {
        (Some(patched), Some(records)) => {
            records.terms.add(&patched.made, patched.keys, docs);
            patched.state
        }
        (_, records) => {
            let terms = records.map(|records| &mut records.terms);
            IndexState::of(collect_postings(model, terms), docs)
        }
    }
}

/// Every file of the index, handed to `emit`, but those `keep` kept from
/// the last build unmade: how many of each.
fn write_files(
    model: &SiteModel,
    state: &IndexState,
    emit: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    last: LastFiles,
) -> Result<(usize, usize), Diagnostic> {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let (written, unmade) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let put = |f: OutputFile| {
        written.fetch_add(1, Relaxed);
        emit(f)
    };
    let kept = |path: &str| {
        let kept = (last.keep)(path);
        if kept {
            unmade.fetch_add(1, Relaxed);
        }
        kept
    };
    let sink = Sink {
        put: &put,
        keep: &kept,
    };
    state.write_terms(&sink)?;
    state.write_buckets(&sink)?;
    write_vocabulary(state, &put)?;
    // The result files and the filters read no body: with the rest of the
    // site as it was, each is the last build's file, kept without being
    // made (at 10,000 stories, 2,500 files of JSON made to be compared).
    let same = |path: &str| last.bodies_changed.is_some() && kept(path);
    doc_chunks(model, &same).into_par_iter().try_for_each(put)?;
    filter_lists(model, &same).into_iter().try_for_each(put)?;
    let buckets = state.buckets.len() as u32;
    put(json(
        "search/meta.json".into(),
        &meta(model, buckets, known_syllables(state)),
    ))?;
    Ok((written.into_inner(), unmade.into_inner()))
}

/// Vocabulary per first letter, most frequent first (digits share '0').
/// Every letter a query's syllable can start with has a file, an empty one
/// as `[]`: search.js reads it to know which `t/` files exist, so it never
/// asks for a missing one, and asking for the vocabulary must not 404 either.
fn write_vocabulary(index: &IndexState, put: &Put) -> Result<(), Diagnostic> {
    let mut vocab: BTreeMap<char, Vec<(&str, usize)>> = std::iter::once('0')
        .chain('a'..='z')
        .map(|c| (c, Vec::new()))
        .collect();
    for (term, count) in index.used_syllables() {
        if let Some(c) = term.chars().next() {
            let key = if c.is_ascii_digit() { '0' } else { c };
            vocab.entry(key).or_default().push((term, count));
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
fn known_syllables(index: &IndexState) -> String {
    let mut used: Vec<&str> = index.used_syllables().map(|(term, _)| term).collect();
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

/// What a result shows of one story, as the list search.js reads: its
/// address, person, title, card text, unit (its place in `meta.json`'s
/// list, -1 for none), each award as [month, level rank, decision or ""],
/// field, residence and tags. Written as a JSON
/// list of borrowed values: building a `serde_json::Value` of each first
/// was most of the time spent on the result files.
type DocRecord<'a> = (
    String,
    &'a str,
    &'a str,
    String,
    i64,
    Vec<(String, usize, String)>,
    usize,
    &'a str,
    &'a [String],
);

fn doc_record(model: &SiteModel, id: usize, unit: i64) -> DocRecord<'_> {
    let s = &model.stories[id];
    let awards = s.awards.iter().map(|a| {
        let decision = a.decision.as_ref().map(|d| d.written(&model.registry));
        (
            a.month.to_string(),
            a.level_rank,
            decision.unwrap_or_default(),
        )
    });
    let residence = s
        .person
        .residence
        .as_ref()
        .and_then(|w| model.registry.get(Kind::Unit, w))
        .map_or("", |w| w.name.as_str());
    (
        crate::site::urls::story(&model.story_slugs[id]),
        &s.person.public_name,
        &s.title,
        crate::text::markdown::excerpt(model.excerpt(id), 160),
        unit,
        awards.collect(),
        model.registry.index_of(Kind::Field, &s.field).unwrap_or(0),
        residence,
        &s.tags,
    )
}

/// The result files, but those `kept` from the last build.
fn doc_chunks(model: &SiteModel, kept: &(dyn Fn(&str) -> bool + Sync)) -> Vec<OutputFile> {
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
        .filter_map(|(chunk, ids)| {
            let path = format!("search/d/{chunk}.json");
            if kept(&path) {
                return None;
            }
            let docs: Vec<DocRecord> = ids
                .iter()
                .map(|&id| {
                    let unit = model.stories[id].unit.as_deref().map_or(-1, &unit_index);
                    doc_record(model, id, unit)
                })
                .collect();
            Some(json(path, &docs))
        })
        .collect()
}

/// The filters' lists of stories, but those `kept` from the last build.
fn filter_lists(model: &SiteModel, kept: &dyn Fn(&str) -> bool) -> Vec<OutputFile> {
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
        .map(|(k, ids)| (format!("search/f/{k}.json"), ids))
        .filter(|(path, _)| !kept(path))
        .map(|(path, ids)| json(path, &deltas(ids)))
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
    use crate::render::search_index::state::bucket_of;

    /// The files `build_index` hands on for the fixture site, and the
    /// paths it asked `LastFiles::keep` for (which keeps every one).
    fn made_and_asked(besides_bodies: bool) -> (Vec<String>, Vec<String>) {
        use std::sync::Mutex;
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid_site");
        let opts = crate::BuildOptions::new(root);
        let model = crate::check(&opts).unwrap().model;
        let (made, asked) = (Mutex::new(Vec::new()), Mutex::new(Vec::new()));
        let emit = |f: OutputFile| {
            made.lock().unwrap().push(f.path);
            Ok(())
        };
        let keep = |path: &str| {
            asked.lock().unwrap().push(path.to_string());
            true
        };
        let unchanged = vec![false; model.stories.len()];
        let last = LastFiles {
            keep: &keep,
            bodies_changed: besides_bodies.then_some(unchanged.as_slice()),
        };
        build_index(&model, &emit, last, None).unwrap();
        let (mut made, mut asked) = (made.into_inner().unwrap(), asked.into_inner().unwrap());
        made.sort();
        asked.sort();
        (made, asked)
    }

    #[test]
    fn with_the_site_besides_bodies_unchanged_results_and_filters_are_kept_unmade() {
        let (all, none_asked) = made_and_asked(false);
        assert!(none_asked.is_empty(), "{none_asked:?}");
        let reads_no_body = |p: &&String| p.starts_with("search/d/") || p.starts_with("search/f/");
        let expected: Vec<&String> = all.iter().filter(reads_no_body).collect();
        assert!(expected.len() >= 2, "{all:?}");
        let (made, asked) = made_and_asked(true);
        assert!(!made.iter().any(|p| reads_no_body(&p)), "{made:?}");
        assert_eq!(asked.iter().collect::<Vec<_>>(), expected);
        // Every other file is still made: the terms and meta read bodies.
        let rest: Vec<&String> = all.iter().filter(|p| !reads_no_body(p)).collect();
        assert_eq!(made.iter().collect::<Vec<_>>(), rest);
    }

    #[test]
    fn bucket_hash_is_fnv1a() {
        // FNV-1a of "a" is 0xe40c292c.
        assert_eq!(bucket_of("a", 1 << 31), 0xe40c292c % (1 << 31));
        assert_eq!(bucket_of("nguyen van", 64), bucket_of("nguyen van", 64));
    }

    #[test]
    fn known_syllables_are_sorted_and_front_coded() {
        let mut postings = postings::Postings::default();
        for (term, docs) in [
            ("nguyen", 1),
            ("a", 1),
            ("nguy", 1),
            ("nha", 0),
            ("3862", 1),
        ] {
            postings.names.push(term.to_string());
            let mut list = postings::TermList::default();
            for id in 0..docs {
                list.push((id as u32, 1, 0));
            }
            postings.lists.push(list);
        }
        let index = IndexState::of(postings, 1);
        // "nha" has no postings left, so no file: it is not listed.
        assert_eq!(known_syllables(&index), "A3862AaAnguyEen");
    }

    #[test]
    fn deltas_encode_sorted_ids() {
        assert_eq!(deltas([3, 5, 9]), [3, 2, 4]);
        assert!(deltas([]).is_empty());
    }
}
