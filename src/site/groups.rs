//! The groupings of the published stories (month, unit, level, field,
//! topic, tag, person) and their addresses, each list in a fixed order:
//! what the site model works out from where its stories go. No IO.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::domain::story::YearMonth;
use crate::policy::{PersonKey, PublicStory};
use crate::site::urls::{self, SlugMemo};
use crate::source::registry::Registry;
use crate::text::vietnamese::syllable_sort_key;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

pub type StoryId = usize;

/// One award of one story: the unit of a monthly board.
#[derive(Debug, Serialize, Clone, Copy)]
pub struct BoardEntry {
    pub story: StoryId,
    pub award: usize,
}

#[derive(Debug, Serialize)]
pub struct PersonEntry {
    pub slug: String,
    pub public_name: String,
    /// Stories of this person, newest deed first.
    pub stories: Vec<StoryId>,
}

#[derive(Debug, Serialize)]
pub struct TagEntry {
    pub name: String,
    pub stories: Vec<StoryId>,
}

/// Every grouping of the stories, each list in a fixed order.
#[derive(Debug, Serialize, Default)]
pub struct Groups {
    /// Monthly boards: one entry per award.
    pub months: BTreeMap<YearMonth, Vec<BoardEntry>>,
    pub units: BTreeMap<String, Vec<StoryId>>,
    pub levels: BTreeMap<String, Vec<StoryId>>,
    pub fields: BTreeMap<String, Vec<StoryId>>,
    pub topics: BTreeMap<String, Vec<StoryId>>,
    /// By tag slug, with the tag as first written.
    pub tags: BTreeMap<String, TagEntry>,
}

/// Each unit's place on a monthly board: its name's collation key.
#[derive(PartialEq)]
pub(crate) struct UnitKeys(BTreeMap<String, Vec<u8>>);

impl UnitKeys {
    pub(crate) fn of(registry: &Registry) -> UnitKeys {
        let keys = registry
            .units
            .iter()
            .map(|u| (u.id.clone(), syllable_sort_key(&u.name)));
        UnitKeys(keys.collect())
    }
}

/// Slugs of the stories (in model order): a slug fixed by `slug:` first
/// (they are unique, checked), then collisions numbered oldest story first,
/// so adding a newer story never renames an older page.
pub(crate) fn story_slugs(
    stories: &[Arc<PublicStory>],
    memo: Option<&mut SlugMemo>,
) -> Vec<String> {
    // The keys are borrowed once, not looked up per comparison.
    let mut keyed: Vec<(bool, _, &str, StoryId)> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| (!s.derived.slug_fixed, s.deed_date, s.source.as_str(), i))
        .collect();
    keyed.par_sort_unstable();
    let by_age: Vec<StoryId> = keyed.into_iter().map(|k| k.3).collect();
    let wanted: Vec<&str> = by_age
        .iter()
        .map(|&i| stories[i].derived.slug.as_str())
        .collect();
    let mut story_slugs = vec![String::new(); stories.len()];
    for (slug, &i) in urls::unique_slugs_with(&wanted, memo)
        .into_iter()
        .zip(&by_age)
    {
        story_slugs[i] = slug;
    }
    story_slugs
}

/// Stories per rayon task when grouping: enough that merging the parts
/// costs little beside making them.
const GROUPING_CHUNK: usize = 4096;

impl Groups {
    /// Every grouping, each list in story order (newest deed first); the
    /// monthly boards are sorted afterwards by `sort_boards`. Runs of
    /// stories are grouped on all cores and the parts joined in order.
    pub(crate) fn collect(stories: &[Arc<PublicStory>]) -> Groups {
        let parts: Vec<Part> = stories
            .par_chunks(GROUPING_CHUNK)
            .enumerate()
            .map(|(i, chunk)| Part::of(chunk, i * GROUPING_CHUNK))
            .collect();
        let mut all = Part::default();
        for part in parts {
            all.join(part);
        }
        all.into_groups()
    }
}

/// The groupings of a run of stories, keyed by borrowed names until the
/// runs are joined: hashing a name is cheaper than walking an ordered map.
#[derive(Default)]
struct Part<'a> {
    months: BTreeMap<YearMonth, Vec<BoardEntry>>,
    units: FxHashMap<&'a str, Vec<StoryId>>,
    levels: FxHashMap<&'a str, Vec<StoryId>>,
    fields: FxHashMap<&'a str, Vec<StoryId>>,
    topics: FxHashMap<&'a str, Vec<StoryId>>,
    /// By slug: the spelling first written, and the stories.
    tags: FxHashMap<&'a str, (&'a str, Vec<StoryId>)>,
}

impl<'a> Part<'a> {
    /// The groupings of `stories`, the first of which has id `first`.
    fn of(stories: &'a [Arc<PublicStory>], first: StoryId) -> Part<'a> {
        let mut g = Part::default();
        for (id, story) in (first..).zip(stories) {
            for (award, a) in story.awards.iter().enumerate() {
                g.months
                    .entry(a.month)
                    .or_default()
                    .push(BoardEntry { story: id, award });
                add(&mut g.levels, &a.level, id);
            }
            if let Some(unit) = &story.unit {
                add(&mut g.units, unit, id);
            }
            add(&mut g.fields, &story.field, id);
            for t in &story.topics {
                add(&mut g.topics, t, id);
            }
            for (name, slug) in story.tags.iter().zip(&story.derived.tag_slugs) {
                let (_, list) = g.tags.entry(slug).or_insert((name, vec![]));
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
        g
    }

    /// Add the groupings of the run of stories after these.
    fn join(&mut self, later: Part<'a>) {
        for (month, entries) in later.months {
            self.months.entry(month).or_default().extend(entries);
        }
        let maps = [
            (&mut self.units, later.units),
            (&mut self.levels, later.levels),
            (&mut self.fields, later.fields),
            (&mut self.topics, later.topics),
        ];
        for (mine, theirs) in maps {
            for (key, ids) in theirs {
                mine.entry(key).or_default().extend(ids);
            }
        }
        for (slug, (name, ids)) in later.tags {
            // The tag keeps the spelling of the earliest run it is in.
            self.tags
                .entry(slug)
                .or_insert((name, vec![]))
                .1
                .extend(ids);
        }
    }

    fn into_groups(self) -> Groups {
        let owned = |map: FxHashMap<&str, Vec<StoryId>>| -> BTreeMap<String, Vec<StoryId>> {
            map.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
        };
        let tags = self.tags.into_iter().map(|(slug, (name, stories))| {
            let entry = TagEntry {
                name: name.to_string(),
                stories,
            };
            (slug.to_string(), entry)
        });
        Groups {
            months: self.months,
            units: owned(self.units),
            levels: owned(self.levels),
            fields: owned(self.fields),
            topics: owned(self.topics),
            tags: tags.collect(),
        }
    }
}

/// A monthly board reads from the highest level down, then by unit and
/// person in Vietnamese order. Sort keys are computed once.
pub(crate) fn sort_boards(
    months: &mut BTreeMap<YearMonth, Vec<BoardEntry>>,
    unit_keys: &UnitKeys,
    stories: &[Arc<PublicStory>],
) {
    // A unit the gate hid (a minor's school) must not place the story by
    // its name: such stories come after the named units.
    let hidden = vec![u8::MAX];
    let unit_key = |s: &PublicStory| match s.unit.as_deref() {
        Some(u) => unit_keys.0.get(u).unwrap_or(&hidden),
        None => &hidden,
    };
    let mut boards: Vec<&mut Vec<BoardEntry>> = months.values_mut().collect();
    boards.par_iter_mut().for_each(|entries| {
        // Each entry's key is borrowed once, not looked up per comparison;
        // the last part, the award, keeps two awards of one story in one
        // month in `awards` order, so no two keys are equal.
        let mut keyed: Vec<_> = entries
            .iter()
            .map(|e| {
                let s = &stories[e.story];
                let rank = std::cmp::Reverse(s.awards[e.award].level_rank);
                let key = (rank, unit_key(s), &s.derived.sort_key, &s.source, e.award);
                (key, *e)
            })
            .collect();
        keyed.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        for (slot, (_, entry)) in entries.iter_mut().zip(keyed) {
            *slot = entry;
        }
    });
}

/// Add story `id` to the list under `key`, once.
fn add<'a>(map: &mut FxHashMap<&'a str, Vec<StoryId>>, key: &'a str, id: StoryId) {
    let list = map.entry(key).or_default();
    if list.last() != Some(&id) {
        list.push(id);
    }
}

/// One page per person, however many deeds: stories meet by identity.
pub(crate) fn group_people(
    stories: &[Arc<PublicStory>],
    memo: Option<&mut SlugMemo>,
) -> (Vec<PersonEntry>, Vec<usize>) {
    // Each person's stories in story order, people as first met.
    let mut first_met: FxHashMap<PersonKey, usize> = FxHashMap::default();
    let mut members: Vec<Vec<StoryId>> = Vec::new();
    for (id, s) in stories.iter().enumerate() {
        let person = *first_met.entry(s.person.key).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[person].push(id);
    }
    // Pages in the order of their first story's name, then its file (no two
    // share one): the keys are borrowed once, not looked up per comparison.
    let mut order: Vec<(&[u8], &str, usize)> = members
        .iter()
        .enumerate()
        .map(|(person, ids)| {
            let first = &stories[ids[0]];
            (
                first.derived.sort_key.as_slice(),
                first.source.as_str(),
                person,
            )
        })
        .collect();
    order.par_sort_unstable();
    let wanted: Vec<&str> = order
        .iter()
        .map(|&(_, _, person)| stories[members[person][0]].derived.name_slug.as_str())
        .collect();
    let slugs = urls::unique_slugs_with(&wanted, memo);
    let mut story_person = vec![0; stories.len()];
    let mut people = Vec::with_capacity(order.len());
    for ((_, _, person), slug) in order.into_iter().zip(slugs) {
        let ids = std::mem::take(&mut members[person]);
        for &s in &ids {
            story_person[s] = people.len();
        }
        people.push(PersonEntry {
            slug,
            public_name: stories[ids[0]].person.public_name.clone(),
            stories: ids,
        });
    }
    (people, story_person)
}
