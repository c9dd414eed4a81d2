//! A story as the rest of the pipeline knows it: validated, typed, with the
//! values the model needs worked out once. Parsing and validation live in
//! `validate/`.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::text::vietnamese::spelling_key;

// ---------------------------------------------------------------------------
// Parts of the schema kept as they are written (docs/schema.md).

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    pub src: String,
    #[serde(default)]
    pub alt: String,
    /// The published size, known once the image is checked (never written
    /// by an author): the page gives it so the text does not jump on load.
    #[serde(skip)]
    pub size: Option<crate::source::images::Size>,
}

/// What may be shown of a person under 16; everything is hidden unless allowed.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinorAllow {
    #[serde(default)]
    pub photo: bool,
    #[serde(default)]
    pub school: bool,
    #[serde(default)]
    pub birth_year: bool,
}

/// The dossier (hồ sơ) of a proposal. Internal: never published.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    /// Tờ trình đề nghị của đơn vị.
    #[serde(default)]
    pub to_trinh: bool,
    /// Bản trích ngang thành tích có xác nhận của thủ trưởng.
    #[serde(default)]
    pub trich_ngang: bool,
    /// Văn bản xác nhận của địa phương nơi cư trú.
    #[serde(default)]
    pub xac_nhan_cu_tru: bool,
}

// ---------------------------------------------------------------------------
// The validated story.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

#[derive(Debug, Clone)]
pub struct Award {
    pub level: String,
    /// Position of the level in the registry, lowest first.
    pub level_rank: usize,
    pub month: YearMonth,
    pub decision: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Person {
    /// Full name as written (NFC).
    pub name: String,
    /// What the public sees: the full name, or initials for a minor.
    pub public_name: String,
    pub birth_year: Option<i32>,
    pub occupation: Option<String>,
    pub category: String,
    pub residence: Option<String>,
    pub school: Option<String>,
    pub is_minor: bool,
}

impl Person {
    /// Identity across stories: spelling-insensitive name plus birth year, so
    /// "Lê Thị Hoà" (1980) and "Lê Thị Hòa" (1980) are one person.
    pub fn identity(&self) -> String {
        match self.birth_year {
            Some(y) => format!("{}|{y}", spelling_key(&self.name)),
            None => spelling_key(&self.name),
        }
    }
}

#[derive(Debug, Clone)]
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
}

/// What the story says in words.
#[derive(Debug, Clone)]
pub struct Text {
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
    /// The file line the body starts on.
    pub body_first_line: usize,
}

/// The deed: when, in which field, proposed by which unit.
#[derive(Debug, Clone)]
pub struct Deed {
    pub date: NaiveDate,
    pub field: String,
    /// The one proposing unit.
    pub unit: String,
}

/// What the person and the staff decided about publishing; `policy` reads it.
#[derive(Debug, Clone, Copy)]
pub struct Publication {
    pub consent: bool,
    pub draft: bool,
    pub withdrawn: bool,
    pub featured: bool,
    pub city_selected: bool,
    pub minor_allow: MinorAllow,
}

/// Places in the file that messages about several stories point to.
#[derive(Debug, Clone)]
pub struct Spans {
    /// Where each award's `level` stands.
    pub award_positions: Vec<crate::diagnostics::Pos>,
    pub deed_position: crate::diagnostics::Pos,
    /// Where the key that keeps this story unpublished stands (consent, withdrawn or draft).
    pub unpublished_position: crate::diagnostics::Pos,
}

/// See `Story::derived`.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// The slug the title asks for (before collisions are numbered).
    pub slug: String,
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
}
