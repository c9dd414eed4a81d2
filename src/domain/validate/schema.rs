//! The story's front matter as written by staff (docs/schema.md), strictly:
//! an unknown key is an error with the closest valid key as a hint.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::domain::story::{MinorAllow, Photo};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStory {
    pub(super) title: String,
    /// Fixes the story's address, whatever the title says later.
    #[serde(default)]
    pub(super) slug: Option<String>,
    /// Old addresses of the story (`truyen/ten-cu.html`), each redirected.
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    #[serde(default)]
    pub(super) summary: Option<String>,
    pub(super) person: RawPerson,
    pub(super) deed: RawDeed,
    pub(super) unit: String,
    pub(super) awards: Vec<RawAward>,
    #[serde(default)]
    pub(super) topics: Vec<String>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    #[serde(default)]
    pub(super) photo: Option<Photo>,
    pub(super) consent: RawConsent,
    #[serde(default)]
    pub(super) minor_allow: MinorAllow,
    /// Document id → whether it is in; checked against site.yaml's `dossier`.
    #[serde(default)]
    pub(super) dossier: std::collections::BTreeMap<String, bool>,
    #[serde(default)]
    pub(super) featured: bool,
    /// `true` (old form) or the decision that selected the story.
    #[serde(default)]
    pub(super) city_selected: Option<ScalarOr<bool, RawDecision>>,
    #[serde(default)]
    pub(super) draft: bool,
    #[serde(default)]
    pub(super) withdrawn: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPerson {
    pub(super) name: String,
    #[serde(default)]
    pub(super) birth_year: Option<i32>,
    #[serde(default)]
    pub(super) birth_date: Option<String>,
    #[serde(default)]
    pub(super) occupation: Option<String>,
    pub(super) category: String,
    /// `nam` or `nữ`, for statistics.
    #[serde(default)]
    pub(super) gender: Option<String>,
    #[serde(default)]
    pub(super) residence: Option<String>,
    #[serde(default)]
    pub(super) school: Option<String>,
    /// Says which stories are of one person, whatever their names.
    #[serde(default)]
    pub(super) id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeed {
    pub(super) date: String,
    /// A long deed: `{ from: …, to: … }` or `"nhiều năm"`.
    #[serde(default)]
    pub(super) period: Option<ScalarOr<String, RawSpan>>,
    pub(super) field: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpan {
    pub(super) from: String,
    pub(super) to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAward {
    pub(super) level: String,
    pub(super) month: String,
    #[serde(default)]
    pub(super) proposal: Option<RawProposal>,
    /// The decision record, or (old form) one line of free text.
    #[serde(default)]
    pub(super) decision: Option<ScalarOr<String, RawDecision>>,
}

impl RawAward {
    /// The text of the decision a writer typed: the old free text, or the
    /// number of the record (for the checks of free text).
    pub(super) fn decision_text(&self) -> Option<&str> {
        match &self.decision {
            Some(ScalarOr::Scalar(text)) => Some(text),
            Some(ScalarOr::Record(d)) => Some(&d.number),
            None => None,
        }
    }
}

/// `proposal:` of an award: the tờ trình of the proposing unit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProposal {
    /// The proposing unit, when it is not the story's `unit`.
    #[serde(default)]
    pub(super) unit: Option<String>,
    pub(super) date: String,
    #[serde(default)]
    pub(super) number: Option<String>,
}

/// `decision:` of an award (and of `city_selected`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDecision {
    pub(super) number: String,
    pub(super) date: String,
    pub(super) issuer: String,
}

/// A key that takes a plain value (an old or short form) or a record.
#[derive(Debug)]
pub(super) enum ScalarOr<S, R> {
    Scalar(S),
    Record(R),
}

impl<'de, S: Deserialize<'de>, R: Deserialize<'de>> Deserialize<'de> for ScalarOr<S, R> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::value::{BoolDeserializer, StrDeserializer};
        use std::marker::PhantomData;
        struct Either<S, R>(PhantomData<(S, R)>);
        impl<'de, S: Deserialize<'de>, R: Deserialize<'de>> Visitor<'de> for Either<S, R> {
            type Value = ScalarOr<S, R>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or a map")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                S::deserialize(BoolDeserializer::<E>::new(v)).map(ScalarOr::Scalar)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                S::deserialize(StrDeserializer::<E>::new(v)).map(ScalarOr::Scalar)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                R::deserialize(MapAccessDeserializer::new(map)).map(ScalarOr::Record)
            }
        }
        d.deserialize_any(Either(PhantomData))
    }
}

/// `consent:` as written: the record (who, when, which channels), or the old
/// `true`/`false`, which is read only to say what to write instead.
#[derive(Debug)]
pub(super) enum RawConsent {
    Flag(bool),
    Record(RawConsentRecord),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConsentRecord {
    #[serde(default)]
    pub(super) by: Option<String>,
    /// The parent's or guardian's name: kept in the file, never published.
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) date: Option<String>,
    pub(super) channels: Vec<String>,
}

impl<'de> Deserialize<'de> for RawConsent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = RawConsent;
            // Worded as serde words a struct, so `yaml` explains it as one.
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct RawConsentRecord")
            }
            fn visit_bool<E>(self, v: bool) -> Result<RawConsent, E> {
                Ok(RawConsent::Flag(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawConsent, A::Error> {
                RawConsentRecord::deserialize(MapAccessDeserializer::new(map))
                    .map(RawConsent::Record)
            }
        }
        d.deserialize_any(Either)
    }
}
