//! Example queries taken from the site's own stories at build time, for the
//! search box's placeholder and the empty state: a person's name, a unit and
//! a tag, each typed without accents, each finding at least one story.

use std::collections::BTreeMap;

use crate::site::model::SiteModel;
use crate::source::registry::Kind;
use crate::text::vietnamese::{fold, tokens};

fn folded(text: &str) -> String {
    tokens(&fold(text)).collect::<Vec<_>>().join(" ")
}

/// The newest featured story's person (else the newest story's) whose
/// public name is a full name: three syllables or more, none an initial (a
/// minor is shown by initials).
fn example_name(model: &SiteModel) -> Option<String> {
    let full = |name: &str| {
        let f = folded(name);
        let words: Vec<&str> = f.split(' ').collect();
        (words.len() >= 3 && words.iter().all(|w| w.len() >= 2) && !name.contains('.')).then_some(f)
    };
    let featured = model.stories.iter().filter(|s| s.featured);
    featured
        .chain(model.stories.iter())
        .find_map(|s| full(&s.person.public_name))
}

/// The unit that proposed the most stories (ties: registry order), without
/// the kind word that starts its name ("Phường Vĩnh Tuy" → "vinh tuy").
fn example_unit(model: &SiteModel, prefixes: &[(String, String)]) -> Option<String> {
    let units = model.registry.list(Kind::Unit);
    let best = units
        .iter()
        .filter_map(|u| model.groups.units.get(&u.id).map(|s| (u, s.len())))
        .fold(None::<(&_, usize)>, |best, (u, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((u, n)),
        })?;
    let name = folded(&best.0.name);
    let bare = prefixes
        .iter()
        .filter(|(written, kind)| written == kind)
        .find_map(|(_, kind)| name.strip_prefix(&format!("{kind} ")))
        .unwrap_or(&name);
    Some(bare.to_string())
}

/// The tag on the most stories (ties: the first in tag order).
fn example_tag(model: &SiteModel) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for tag in model.groups.tags.values() {
        *counts.entry(folded(&tag.name)).or_default() += tag.stories.len();
    }
    let most = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(t, _)| t)
}

/// Up to three examples: a name, a unit, a tag (those the site has).
pub(crate) fn examples(model: &SiteModel, prefixes: &[(String, String)]) -> Vec<String> {
    [
        example_name(model),
        example_unit(model, prefixes),
        example_tag(model),
    ]
    .into_iter()
    .flatten()
    .filter(|e| !e.is_empty())
    .collect()
}
