//! The site model: published stories, each stored once, with every grouping
//! (month, unit, level, field, topic, tag, person) holding story ids in a
//! fixed order. No IO happens here.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::domain::story::YearMonth;
use crate::policy::{PersonKey, PublicStory};
use crate::site::urls;
use crate::source::config::SiteConfig;
use crate::source::registry::Registry;
use crate::text::vietnamese::syllable_sort_key;
use rayon::prelude::*;
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

/// A free page (`content/pages/x.md` → `/x/`).
#[derive(Debug, Serialize)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub html: String,
    /// `content/pages/x.md`, its Markdown and where that starts (for `check`).
    pub source: String,
    pub markdown: String,
    pub body_first_line: usize,
}

pub struct SiteModel {
    pub config: SiteConfig,
    pub registry: Registry,
    pub base_path: String,
    /// Published stories, newest deed first (ties: source path).
    pub stories: Vec<Arc<PublicStory>>,
    /// The text of each card: the summary, or the start of the body.
    pub excerpts: Vec<String>,
    pub story_slugs: Vec<String>,
    pub story_person: Vec<usize>,
    pub people: Vec<PersonEntry>,
    pub groups: Groups,
    pub pages: Vec<Page>,
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

impl SiteModel {
    /// An address for use outside the site: absolute when `base_url` is a full
    /// URL, else the site path.
    pub fn absolute(&self, path: &str) -> String {
        match self.config.absolute_base() {
            Some(base) => format!("{base}{path}"),
            None => format!("{}{path}", self.base_path),
        }
    }

    pub fn build(
        config: SiteConfig,
        registry: Registry,
        mut stories: Vec<Arc<PublicStory>>,
        pages: Vec<Page>,
    ) -> SiteModel {
        let base_path = config.base_path();
        stories.sort_by(|a, b| {
            b.deed_date
                .cmp(&a.deed_date)
                .then_with(|| a.source.cmp(&b.source))
        });
        let story_slugs = story_slugs(&stories);
        // Each excerpt moves here, where cards and the index read it, so it
        // is not held twice (a story still shared elsewhere lends a copy).
        let excerpts: Vec<String> = stories
            .iter_mut()
            .map(|s| match Arc::get_mut(s) {
                Some(s) => std::mem::take(&mut s.derived.excerpt),
                None => s.derived.excerpt.clone(),
            })
            .collect();
        let (people, story_person) = group_people(&stories);
        let mut groups = Groups::collect(&stories);
        sort_boards(&mut groups.months, &registry, &stories);
        SiteModel {
            config,
            registry,
            base_path,
            stories,
            excerpts,
            story_slugs,
            story_person,
            people,
            groups,
            pages,
        }
    }

    pub fn latest_month(&self) -> Option<YearMonth> {
        self.groups.months.keys().next_back().copied()
    }
}

/// Slugs of the stories (in model order): a slug fixed by `slug:` first
/// (they are unique, checked), then collisions numbered oldest story first,
/// so adding a newer story never renames an older page.
fn story_slugs(stories: &[Arc<PublicStory>]) -> Vec<String> {
    let mut by_age: Vec<StoryId> = (0..stories.len()).collect();
    by_age.sort_by(|&a, &b| {
        (!stories[a].derived.slug_fixed)
            .cmp(&!stories[b].derived.slug_fixed)
            .then_with(|| stories[a].deed_date.cmp(&stories[b].deed_date))
            .then_with(|| stories[a].source.cmp(&stories[b].source))
    });
    let wanted: Vec<String> = by_age
        .iter()
        .map(|&i| stories[i].derived.slug.clone())
        .collect();
    let mut story_slugs = vec![String::new(); stories.len()];
    for (slug, &i) in urls::unique_slugs(&wanted).into_iter().zip(&by_age) {
        story_slugs[i] = slug;
    }
    story_slugs
}

impl Groups {
    /// Every grouping, each list in story order (newest deed first); the
    /// monthly boards are sorted afterwards by `sort_boards`.
    fn collect(stories: &[Arc<PublicStory>]) -> Groups {
        let mut g = Groups::default();
        for (id, story) in stories.iter().enumerate() {
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
                add_tag(&mut g.tags, name, slug, id);
            }
        }
        g
    }
}

/// Add story `id` under tag `slug`, once; the tag keeps the spelling it was
/// first written with.
fn add_tag(tags: &mut BTreeMap<String, TagEntry>, name: &str, slug: &str, id: StoryId) {
    // Looked up before inserting, so the key is allocated only once.
    if !tags.contains_key(slug) {
        let entry = TagEntry {
            name: name.to_string(),
            stories: vec![],
        };
        tags.insert(slug.to_string(), entry);
    }
    if let Some(entry) = tags.get_mut(slug) {
        if entry.stories.last() != Some(&id) {
            entry.stories.push(id);
        }
    }
}

/// A monthly board reads from the highest level down, then by unit and
/// person in Vietnamese order. Sort keys are computed once.
fn sort_boards(
    months: &mut BTreeMap<YearMonth, Vec<BoardEntry>>,
    registry: &Registry,
    stories: &[Arc<PublicStory>],
) {
    let unit_keys: BTreeMap<&str, Vec<u8>> = registry
        .units
        .iter()
        .map(|u| (u.id.as_str(), syllable_sort_key(&u.name)))
        .collect();
    // A unit the gate hid (a minor's school) must not place the story by
    // its name: such stories come after the named units.
    let hidden = vec![u8::MAX];
    let unit_key = |s: &PublicStory| match s.unit.as_deref() {
        Some(u) => unit_keys.get(u).unwrap_or(&hidden),
        None => &hidden,
    };
    for entries in months.values_mut() {
        entries.sort_by(|x, y| {
            let (sx, sy) = (&stories[x.story], &stories[y.story]);
            sy.awards[y.award]
                .level_rank
                .cmp(&sx.awards[x.award].level_rank)
                .then_with(|| unit_key(sx).cmp(unit_key(sy)))
                .then_with(|| sx.derived.sort_key.cmp(&sy.derived.sort_key))
                .then_with(|| sx.source.cmp(&sy.source))
        });
    }
}

/// Add story `id` to the list under `key`, once (keys are allocated only
/// the first time they are seen).
fn add(map: &mut BTreeMap<String, Vec<StoryId>>, key: &str, id: StoryId) {
    match map.get_mut(key) {
        Some(list) => {
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
        None => {
            map.insert(key.to_string(), vec![id]);
        }
    }
}

/// One page per person, however many deeds: stories meet by identity.
fn group_people(stories: &[Arc<PublicStory>]) -> (Vec<PersonEntry>, Vec<usize>) {
    // Order comes from the sort below, so a hash map is enough here.
    let mut by_identity: rustc_hash::FxHashMap<PersonKey, Vec<StoryId>> = Default::default();
    for (id, s) in stories.iter().enumerate() {
        by_identity.entry(s.person.key).or_default().push(id);
    }
    let mut people: Vec<PersonEntry> = by_identity
        .into_values()
        .map(|ids| PersonEntry {
            slug: String::new(),
            public_name: stories[ids[0]].person.public_name.clone(),
            stories: ids,
        })
        .collect();
    people.par_sort_by(|a, b| {
        let (sa, sb) = (&stories[a.stories[0]], &stories[b.stories[0]]);
        sa.derived
            .sort_key
            .cmp(&sb.derived.sort_key)
            .then_with(|| sa.source.cmp(&sb.source))
    });
    let wanted: Vec<String> = people
        .iter()
        .map(|p| stories[p.stories[0]].derived.name_slug.clone())
        .collect();
    for (p, slug) in people.iter_mut().zip(urls::unique_slugs(&wanted)) {
        p.slug = slug;
    }
    let mut story_person = vec![0; stories.len()];
    for (pi, p) in people.iter().enumerate() {
        for &s in &p.stories {
            story_person[s] = pi;
        }
    }
    (people, story_person)
}
