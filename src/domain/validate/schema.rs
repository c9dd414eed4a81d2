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
    #[serde(default)]
    pub(super) city_selected: bool,
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
    pub(super) field: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAward {
    pub(super) level: String,
    pub(super) month: String,
    #[serde(default)]
    pub(super) decision: Option<String>,
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
