//! The data of the yearly review (the radio script is `radio`).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::render::charts::Bar;
use crate::render::views;
use crate::site::model::{SiteModel, StoryId};
use crate::source::periods::{Period, When};
use crate::source::registry::{Entry, Kind};
use crate::text::vietnamese::syllable_sort_key;

/// Where awards of a unit that is not named are counted.
pub const OTHER_UNITS: &str = "Đơn vị khác";

/// The figures of a yearly review.
pub struct Review {
    pub awards: usize,
    pub people: usize,
    pub by_month: Vec<Bar>,
    pub by_unit: Vec<Bar>,
    pub by_level: Vec<Bar>,
    pub by_field: Vec<Bar>,
    pub by_category: Vec<Bar>,
    /// Stories selected to be sent to the city.
    pub city_selected: Vec<StoryId>,
}

/// The raw counts of a year, keyed by registry id (or rank, or month).
#[derive(Default)]
struct Tally<'a> {
    awards: usize,
    people: std::collections::BTreeSet<usize>,
    by_month: BTreeMap<u32, u64>,
    by_unit: BTreeMap<&'a str, u64>,
    /// Awards whose unit is not named (a minor's school) still count.
    unnamed_units: u64,
    by_level: BTreeMap<usize, u64>,
    by_field: BTreeMap<&'a str, u64>,
    by_category: BTreeMap<&'a str, u64>,
    city_selected: Vec<StoryId>,
}

fn tally(m: &SiteModel, year: i32) -> Tally<'_> {
    let mut t = Tally::default();
    for (id, s) in m.stories.iter().enumerate() {
        let this_year: Vec<_> = s.awards.iter().filter(|a| a.month.year == year).collect();
        if this_year.is_empty() {
            continue;
        }
        t.people.insert(m.story_person[id]);
        for a in &this_year {
            t.awards += 1;
            *t.by_month.entry(a.month.month).or_default() += 1;
            *t.by_level.entry(a.level_rank).or_default() += 1;
            if let Some(unit) = &s.unit {
                *t.by_unit.entry(unit.as_str()).or_default() += 1;
            } else {
                t.unnamed_units += 1;
            }
            *t.by_field.entry(s.field.as_str()).or_default() += 1;
            *t.by_category.entry(s.person.category.as_str()).or_default() += 1;
        }
        if s.city_selected {
            t.city_selected.push(id);
        }
    }
    t
}

/// Count the awards of `year` (published stories only: the review is public).
pub fn review(m: &SiteModel, year: i32) -> Review {
    let t = tally(m, year);
    Review {
        awards: t.awards,
        people: t.people.len(),
        by_month: (1..=12)
            .map(|mo| Bar {
                label: format!("Tháng {mo}"),
                value: t.by_month.get(&mo).copied().unwrap_or(0),
            })
            .collect(),
        by_unit: unit_bars(m, &t),
        // Only the levels that existed in some month of the year: no
        // "Cấp quận: 0" in a year after the district level ended.
        by_level: m
            .registry
            .levels
            .iter()
            .enumerate()
            .filter(|(i, l)| t.by_level.contains_key(i) || in_year(&l.period, year))
            .map(|(i, l)| Bar {
                label: l.name.clone(),
                value: t.by_level.get(&i).copied().unwrap_or(0),
            })
            .collect(),
        by_field: named_bars(m, Kind::Field, &t.by_field),
        by_category: category_bars(m, &t.by_category),
        city_selected: t.city_selected,
    }
}

/// Bars in registry order, so the priority groups and units read as the
/// office lists them.
fn named_bars(m: &SiteModel, kind: Kind, counts: &BTreeMap<&str, u64>) -> Vec<Bar> {
    m.registry
        .list(kind)
        .iter()
        .filter_map(|e| {
            counts.get(e.id.as_str()).map(|&v| Bar {
                label: e.name.clone(),
                value: v,
            })
        })
        .collect()
}

/// Whether `period` has a day in `year`.
fn in_year(period: &Period, year: i32) -> bool {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(first), Some(last)) => period.when_span(first, last) == When::Within,
        _ => false,
    }
}

/// Units with most awards first (ties in Vietnamese order), then the
/// awards of units that are not named. Only units with awards that year are
/// shown (so only units valid that year); two of one name carry their periods.
fn unit_bars(m: &SiteModel, t: &Tally) -> Vec<Bar> {
    let counted: Vec<&Entry> = m
        .registry
        .units
        .iter()
        .filter(|e| t.by_unit.contains_key(e.id.as_str()))
        .collect();
    let mut units: Vec<Bar> = counted
        .iter()
        .zip(views::unit_names(&counted))
        .map(|(e, label)| Bar {
            label,
            value: t.by_unit[e.id.as_str()],
        })
        .collect();
    units.sort_by(|a, b| {
        b.value
            .cmp(&a.value)
            .then_with(|| syllable_sort_key(&a.label).cmp(&syllable_sort_key(&b.label)))
    });
    if t.unnamed_units > 0 {
        units.push(Bar {
            label: OTHER_UNITS.to_string(),
            value: t.unnamed_units,
        });
    }
    units
}

/// Categories in registry order, the priority ones marked as such.
fn category_bars(m: &SiteModel, counts: &BTreeMap<&str, u64>) -> Vec<Bar> {
    m.registry
        .categories
        .iter()
        .filter_map(|c| {
            counts.get(c.id.as_str()).map(|&v| Bar {
                label: if c.priority {
                    format!("{} (đối tượng ưu tiên)", c.name)
                } else {
                    c.name.clone()
                },
                value: v,
            })
        })
        .collect()
}

/// Years that have at least one award, oldest first.
pub fn years(m: &SiteModel) -> Vec<i32> {
    let mut years: Vec<i32> = m.groups.months.keys().map(|ym| ym.year).collect();
    years.dedup();
    years
}
