//! The words people put before a unit's name, and their short forms: a
//! query "P. Vĩnh Tuy", "p vinh tuy" or "phường Vĩnh Tuy" is the unit "Vĩnh
//! Tuy" named with its kind. search.js reads the list from `meta.json` and
//! treats such a word as optional when a name follows it.

use std::collections::BTreeSet;

use crate::site::model::SiteModel;
use crate::source::registry::Kind;
use crate::text::vietnamese::{fold, tokens};

/// Generic Vietnamese words for a kind of administrative unit, folded. They
/// name no organisation; the site's own kinds (the registry's `kind` that
/// starts a unit's name) and its level names are added to them from data.
const UNIT_KIND_WORDS: &[&str] = &[
    "phuong",
    "xa",
    "thi tran",
    "quan",
    "huyen",
    "thi xa",
    "thanh pho",
    "tinh",
];

/// A level named "<word> <kind>" ("Cấp …") lends its kind: every syllable
/// but the first.
fn level_kind(name: &str) -> Option<String> {
    let folded = fold(name);
    let words: Vec<&str> = tokens(&folded).collect();
    (words.len() >= 2).then(|| words[1..].join(" "))
}

/// The kinds of this site's units that begin the unit's own name.
fn unit_kinds(model: &SiteModel) -> impl Iterator<Item = String> + '_ {
    model.registry.list(Kind::Unit).iter().filter_map(|u| {
        let kind = tokens(&fold(&u.kind)).collect::<Vec<_>>().join(" ");
        let name = tokens(&fold(&u.name)).collect::<Vec<_>>().join(" ");
        (!kind.is_empty() && name.starts_with(&format!("{kind} "))).then_some(kind)
    })
}

/// The short form of a kind: the initial of each syllable ("thanh pho" →
/// "tp", "phuong" → "p").
fn initials(word: &str) -> String {
    word.split(' ').filter_map(|w| w.chars().next()).collect()
}

/// Every (written form, kind) pair, sorted: each kind maps to itself and to
/// its initials, unless two kinds share initials (then neither short form is
/// understood, rather than guessing).
pub(crate) fn unit_prefixes(model: &SiteModel) -> Vec<(String, String)> {
    let levels = model.registry.list(Kind::Level);
    let kinds: BTreeSet<String> = UNIT_KIND_WORDS
        .iter()
        .map(|w| w.to_string())
        .chain(levels.iter().filter_map(|l| level_kind(&l.name)))
        .chain(unit_kinds(model))
        .collect();
    let mut out: Vec<(String, String)> = kinds.iter().map(|k| (k.clone(), k.clone())).collect();
    for k in &kinds {
        let short = initials(k);
        let shared = kinds.iter().filter(|o| initials(o) == short).count() > 1;
        if !shared && !kinds.contains(&short) {
            out.push((short, k.clone()));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_kinds() {
        assert_eq!(initials("thanh pho"), "tp");
        assert_eq!(initials("phuong"), "p");
        assert_eq!(level_kind("Cấp thành phố").as_deref(), Some("thanh pho"));
        assert_eq!(level_kind("Cấp"), None);
    }
}
