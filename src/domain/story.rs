//! A story as the rest of the pipeline knows it: validated, typed, with the
//! values the model needs worked out once. Parsing and validation live in
//! `validate/`.

use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use serde::{Deserialize, Serialize};

use crate::text::packed::PackedText;
use crate::text::vietnamese::{fold, spelling_key};

// Every type here is also `Serialize` and `Deserialize`: a build keeps the
// outcome of each story file beside its output (`pipeline/stored.rs`), so
// the next build reads it back instead of parsing the file again. It is
// kept in postcard, which reads fields back by their order, not by name:
// no attribute here may need a format that describes itself
// (`skip_serializing_if`, `flatten`, `untagged`, `deserialize_any`).

// ---------------------------------------------------------------------------
// Parts of the schema kept as they are written (docs/schema.md).

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    pub src: String,
    #[serde(default)]
    pub alt: String,
    /// The published size, known once the image is checked (never written
    /// by an author): the page gives it so the text does not jump on load.
    /// Skipped by serde, so `PublicStory::hash_besides_body` names it.
    #[serde(skip)]
    pub size: Option<crate::source::images::Size>,
}

/// What may be shown of a person under 16; everything is hidden unless allowed.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MinorAllow {
    #[serde(default)]
    pub photo: bool,
    #[serde(default)]
    pub school: bool,
    #[serde(default)]
    pub birth_year: bool,
}

/// The dossier (hồ sơ) of a proposal: each document site.yaml lists, in its
/// order, and whether the story says it is in. Internal: never published.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Dossier(pub Vec<DossierItem>);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DossierItem {
    pub id: String,
    pub label: String,
    pub present: bool,
}

impl Dossier {
    /// Every listed document is in.
    pub fn complete(&self) -> bool {
        self.0.iter().all(|d| d.present)
    }
}

// ---------------------------------------------------------------------------
// The validated story.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn parse(text: &str) -> Option<YearMonth> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Award {
    pub level: String,
    /// Position of the level in the registry, lowest first.
    pub level_rank: usize,
    pub month: YearMonth,
    /// The unit's submission (tờ trình), when the story records it.
    pub proposal: Option<Proposal>,
    /// The decision that grants the award: without it the award is only
    /// proposed, and `policy` keeps it off every public channel.
    pub decision: Option<Decision>,
}

impl Award {
    /// Decided (`decision` given), not only proposed.
    pub fn decided(&self) -> bool {
        self.decision.is_some()
    }
}

/// A proposal (đề nghị): which unit, on which day, under which tờ trình.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub unit: String,
    pub date: NaiveDate,
    /// The tờ trình's number and symbol, as written ("12/TTr-UBND").
    pub number: Option<String>,
}

/// A decision (quyết định): its number and symbol as written ("45/QĐ-UBND"),
/// the day it was signed, and who signed it (an id of `issuers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub number: String,
    pub date: NaiveDate,
    pub issuer: String,
}

impl Decision {
    /// The reference as staff write it: "Quyết định số 45/QĐ-UBND ngày
    /// 30/5/2023 của Chủ tịch …" (the issuer's name from the registry).
    pub fn written(&self, registry: &crate::source::registry::Registry) -> String {
        use crate::source::registry::Kind;
        let mut text = format!(
            "Quyết định số {} ngày {}/{}/{}",
            self.number,
            self.date.day(),
            self.date.month(),
            self.date.year()
        );
        if let Some(issuer) = registry.get(Kind::Issuer, &self.issuer) {
            text.push_str(" của ");
            text.push_str(&issuer.name);
        }
        text
    }
}

/// `person.gender`, for the statistics of the emulation office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// The word written in front matter and reports: "nam", "nữ".
    pub fn word(self) -> &'static str {
        match self {
            Gender::Male => "nam",
            Gender::Female => "nữ",
        }
    }
}

/// How long a long deed lasted (`deed.period`): from one day to another, or
/// "nhiều năm" with no dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeedPeriod {
    Span { from: NaiveDate, to: NaiveDate },
    ManyYears,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Person {
    /// Full name as written (NFC).
    pub name: String,
    /// The short id staff chose to say which stories are of one person
    /// (`person.id`); never published.
    pub id: Option<String>,
    /// What the public sees: the full name, or initials for a minor.
    pub public_name: String,
    pub birth_year: Option<i32>,
    pub occupation: Option<String>,
    pub category: String,
    pub gender: Option<Gender>,
    pub residence: Option<String>,
    pub school: Option<String>,
    pub is_minor: bool,
    /// `name_key` and the name without marks (`fold`), worked out the
    /// first time a rule asks: `serve` keeps a parsed story between checks,
    /// and at 100,000 stories working them out anew was a tenth of a
    /// reload. Never stored: they follow from `name`.
    #[serde(skip)]
    pub spellings: Spellings,
}

/// What `Person::spellings` keeps. It only repeats `name`, so it shows as
/// nothing in `Debug` (a story read back from the record, not yet asked,
/// is the same story) and carries nothing into a key of its own.
#[derive(Clone, Default)]
pub struct Spellings(OnceLock<(String, String)>);

impl fmt::Debug for Spellings {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("Spellings")
    }
}

impl Person {
    /// Identity across stories, for one page per person: `person.id` when
    /// staff gave one (one id, one person, whatever the name says);
    /// else the spelling-insensitive name with the birth year, so "Lê Thị
    /// Hoà" (1980) and "Lê Thị Hòa" (1980) are one person; else, with no
    /// birth year, the name with the ward: one common name in two wards is
    /// two people, not one page (`rules::check_same_names` warns).
    pub fn identity(&self) -> String {
        // A name key always holds `|`, an id never does: the two cannot meet.
        match (&self.id, self.birth_year) {
            (Some(id), _) => format!("id:{id}"),
            (None, Some(y)) => format!("{}|{y}", self.name_key()),
            (None, None) => format!(
                "{}|@{}",
                self.name_key(),
                self.residence.as_deref().unwrap_or("")
            ),
        }
    }

    /// The name with case and tone placement evened out (`spelling_key`).
    pub fn name_key(&self) -> &str {
        &self.spellings().0
    }

    /// The name without marks ("nguyen van hung"), for a name typed
    /// without them.
    pub fn name_folded(&self) -> &str {
        &self.spellings().1
    }

    fn spellings(&self) -> &(String, String) {
        self.spellings
            .0
            .get_or_init(|| (spelling_key(&self.name), fold(&self.name)))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Story {
    /// `content/…/x.md`, relative to the site root.
    pub source: String,
    pub text: Text,
    pub person: Person,
    pub deed: Deed,
    pub awards: Vec<Award>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub photo: Option<Photo>,
    pub publication: Publication,
    pub dossier: Dossier,
    /// Where things stand in the file, for rule errors across files.
    pub spans: Spans,
    /// Values the site model needs of every story, worked out once when the
    /// file is parsed (and kept with it by `serve`'s cache).
    pub derived: Derived,
    /// Warnings found in checking the story alone (it is still published).
    pub notes: Vec<crate::diagnostics::Diagnostic>,
}

/// What the story says in words.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Text {
    pub title: String,
    pub summary: Option<String>,
    /// Packed from the parse on: most of a story's bytes, rarely read
    /// (`text::packed`).
    pub body: PackedText,
    /// The file line the body starts on.
    pub body_first_line: usize,
}

/// The deed: when, in which field, proposed by which unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deed {
    pub date: NaiveDate,
    /// A deed of months or years: the duplicate check compares periods.
    pub period: Option<DeedPeriod>,
    pub field: String,
    /// The one proposing unit.
    pub unit: String,
}

/// The channels the person (or a parent or guardian) agreed to, as the
/// consent record in the story says; all false without a valid record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channels {
    /// `web`: without it nothing of the story reaches the site.
    pub web: bool,
    /// `ban-tin`: the printed monthly bulletin.
    pub bulletin: bool,
    /// `phat-thanh`: the monthly radio script.
    pub radio: bool,
}

/// What the person and the staff decided about publishing; `policy` reads it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Publication {
    pub consent: Channels,
    pub draft: bool,
    pub withdrawn: bool,
    pub featured: bool,
    pub city_selected: bool,
    /// The decision that selected the story for the city, when recorded.
    pub city_decision: Option<Decision>,
    pub minor_allow: MinorAllow,
}

/// Places in the file that messages about several stories point to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Spans {
    /// Where each award's `level` stands.
    pub award_positions: Vec<crate::diagnostics::Pos>,
    pub deed_position: crate::diagnostics::Pos,
    /// Where the key that keeps this story unpublished stands (consent, withdrawn or draft).
    pub unpublished_position: crate::diagnostics::Pos,
    /// Where `person.name` stands.
    pub name_position: crate::diagnostics::Pos,
    /// Where the birth year (or birth date) stands, if one is given.
    pub birth_year_position: Option<crate::diagnostics::Pos>,
    /// Where `slug:` stands, or else `title:` (what made the address).
    pub slug_position: crate::diagnostics::Pos,
    /// Where each of `aliases:` stands.
    pub alias_positions: Vec<crate::diagnostics::Pos>,
}

/// See `Story::derived`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Derived {
    /// The slug `slug:` fixes, or else the one the title asks for (before
    /// collisions are numbered).
    pub slug: String,
    /// `slug:` was written: the story keeps it before any title slug.
    pub slug_fixed: bool,
    /// Old addresses (`aliases:`), each a path under the site root.
    pub aliases: Vec<String>,
    /// `Person::identity`: stories of one person meet on one page.
    pub identity: String,
    /// Collation key of the public name (`vietnamese::person_sort_key`).
    pub sort_key: Vec<u8>,
    /// The text of the story's card: the summary, or the start of the body.
    pub excerpt: String,
    /// The slug of each tag, in `tags` order.
    pub tag_slugs: Vec<String>,
    /// The slug of the public name (person pages).
    pub name_slug: String,
    /// Site images the body shows (output paths), for publishing only those.
    pub images: Vec<String>,
    /// The body may hold a link or an image to check (`office::checks`):
    /// known from the parse, so a build need not unpack every body to ask.
    pub links_in_body: bool,
}
