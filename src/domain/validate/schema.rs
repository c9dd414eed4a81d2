//! The story's front matter as written by staff (docs/schema.md), strictly:
//! an unknown key is an error with the closest valid key as a hint.

use serde::Deserialize;

use crate::domain::story::{Dossier, MinorAllow, Photo};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStory {
    pub(super) title: String,
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
    pub(super) consent: bool,
    #[serde(default)]
    pub(super) minor_allow: MinorAllow,
    #[serde(default)]
    pub(super) dossier: Dossier,
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
