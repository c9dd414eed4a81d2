//! One document's syllables for the search index: each with the fields it
//! occurs in and its accented spelling, and the pairs of adjacent syllables.

// A fast non-cryptographic hash: keys are our own syllables, not input an
// attacker picks to collide, and output order never depends on it.
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::site::model::SiteModel;
use crate::source::registry::Kind;
use crate::text::hash::update_framed;
use crate::text::markdown;
use crate::text::packed::PackedText;
use crate::text::vietnamese::{fold, nfc, tokens};

/// Where a syllable was found, as bits of a mask.
pub const NAME: u8 = 1;
pub const UNIT: u8 = 2;
pub const TITLE: u8 = 4;
pub const SUMMARY: u8 = 8;
pub const BODY: u8 = 16;
pub const RESIDENCE: u8 = 32;
pub const TAG: u8 = 64;
pub const DECISION: u8 = 128;

/// One document's contribution: syllables with the fields they occur in and
/// the accented spelling first seen in a name, unit or title; and the pairs of
/// adjacent syllables with their fields. Kept from one build to the next in
/// the search terms record (`terms_record`), read back as a `DocTermsView`.
#[derive(Debug, Serialize)]
pub(crate) struct DocTerms {
    /// Syllables of this document; pairs refer to them by position here.
    pub(crate) terms: Vec<(String, u8, Option<String>)>,
    pub(crate) pairs: Vec<(u32, u32, u8)>,
}

/// A document's terms as the postings take them: borrowed, from a
/// `DocTerms` or straight from an entry of the record (the same encoding:
/// postcard writes a `String` as it writes a `&str`). Read from an entry,
/// no syllable is copied: only the first of each in the site is, into the
/// postings; copying them all was most of the time of reading the record.
#[derive(Debug, PartialEq, Deserialize)]
pub(crate) struct DocTermsView<'a> {
    #[serde(borrow)]
    pub(crate) terms: Vec<(&'a str, u8, Option<&'a str>)>,
    pub(crate) pairs: Vec<(u32, u32, u8)>,
}

impl DocTerms {
    pub(crate) fn view(&self) -> DocTermsView<'_> {
        DocTermsView {
            terms: self
                .terms
                .iter()
                .map(|(term, mask, accented)| (term.as_str(), *mask, accented.as_deref()))
                .collect(),
            pairs: self.pairs.clone(),
        }
    }
}

impl DocTermsView<'_> {
    /// Whether every pair points at a syllable of the document, as the
    /// postings need (a pair that did not would be a panic there).
    pub(crate) fn is_whole(&self) -> bool {
        let count = self.terms.len() as u64;
        self.pairs
            .iter()
            .all(|&(a, b, _)| u64::from(a) < count && u64::from(b) < count)
    }
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

/// The registry name of a unit, or "" when the registry has none.
fn unit_name<'a>(model: &'a SiteModel, id: Option<&String>) -> &'a str {
    id.and_then(|u| model.registry.get(Kind::Unit, u))
        .map_or("", |u| u.name.as_str())
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
        let keep_accent = bit & (NAME | UNIT | RESIDENCE | TAG | TITLE) != 0;
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

/// Everything `doc_terms` reads of one document, and nothing else: the
/// key of the search terms record (`terms_record`) is the hash of these,
/// so a document whose inputs changed can never be given its old terms.
pub(crate) struct DocInputs<'a> {
    name: &'a str,
    unit: &'a str,
    residence: &'a str,
    title: &'a str,
    summary: &'a str,
    tags: &'a [String],
    /// Each decision as written, issuer's registry name included.
    decisions: Vec<String>,
    /// The body as Markdown, packed: a story whose terms are kept from the
    /// last build never unpacks it.
    body: &'a PackedText,
}

impl<'a> DocInputs<'a> {
    pub(crate) fn of(model: &'a SiteModel, id: usize) -> Self {
        let s = &model.stories[id];
        DocInputs {
            name: &s.person.public_name,
            unit: unit_name(model, s.unit.as_ref()),
            residence: unit_name(model, s.person.residence.as_ref()),
            title: &s.title,
            summary: model.excerpt(id),
            tags: &s.tags,
            decisions: s
                .awards
                .iter()
                .filter_map(|a| a.decision.as_ref())
                .map(|d| d.written(&model.registry))
                .collect(),
            body: &s.body,
        }
    }

    /// The hash of every input after `salt`, each field with its length
    /// and each list with its count first, so that no two different
    /// documents are fed the same bytes ("ab","c" against "a","bc").
    pub(crate) fn key(&self, salt: &[u8; 32]) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        hasher.update(salt);
        let mut put = |bytes: &[u8]| update_framed(&mut hasher, bytes);
        for text in [
            self.name,
            self.unit,
            self.residence,
            self.title,
            self.summary,
        ] {
            put(text.as_bytes());
        }
        put(&(self.tags.len() as u64).to_le_bytes());
        self.tags.iter().for_each(|tag| put(tag.as_bytes()));
        put(&(self.decisions.len() as u64).to_le_bytes());
        self.decisions.iter().for_each(|d| put(d.as_bytes()));
        put(self.body.digest());
        *hasher.finalize().as_bytes()
    }

    pub(crate) fn terms(&self) -> DocTerms {
        let body = markdown::plain_text(&self.body.unpack());
        let fields: [(u8, &str); 5] = [
            (NAME, self.name),
            (UNIT, self.unit),
            (RESIDENCE, self.residence),
            (TITLE, self.title),
            (SUMMARY, self.summary),
        ];
        let mut collector = TermCollector::new();
        for (bit, text) in fields {
            collector.add_field(bit, text);
        }
        // Each tag and each decision is a field of its own: no pair spans two.
        for tag in self.tags {
            collector.add_field(TAG, tag);
        }
        for decision in &self.decisions {
            collector.add_field(DECISION, decision);
        }
        collector.add_body(&body);
        collector.finish()
    }
}

pub(crate) fn doc_terms(model: &SiteModel, id: usize) -> DocTerms {
    DocInputs::of(model, id).terms()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_read_back_from_their_encoding_as_they_were() {
        let mut collector = TermCollector::new();
        collector.add_field(NAME, "Nguyễn Văn Hùng");
        collector.add_body("Anh Hùng cứu cháu bé.");
        let terms = collector.finish();
        let bytes = postcard::to_allocvec(&terms).unwrap();
        let view: DocTermsView = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(view, terms.view());
        assert!(view.is_whole());
        assert_eq!(view.terms[2], ("hung", NAME | BODY, Some("hùng")));
        let broken = DocTermsView {
            pairs: vec![(0, 99, BODY)],
            ..view
        };
        assert!(!broken.is_whole(), "a pair past the last syllable");
    }

    #[test]
    fn syllables_keep_accented_spelling() {
        let s = syllables("Nguyễn Văn Hùng, phường Đồng Tâm!");
        let folded: Vec<&str> = s.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(folded, ["nguyen", "van", "hung", "phuong", "dong", "tam"]);
        assert_eq!(s[2].1.as_deref(), Some("hùng"));
        let joined = fold("Nguyễn Văn Hùng, phường Đồng Tâm!");
        assert_eq!(tokens(&joined).collect::<Vec<_>>(), folded);
    }
}
