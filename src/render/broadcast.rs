//! The data of the reviews: the yearly tổng kết and the six-month sơ kết,
//! one tally filtered by award month (the radio script is `radio`).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;

use crate::domain::story::Gender;
use crate::render::charts::Bar;
use crate::render::views;
use crate::site::model::{SiteModel, StoryId};
use crate::site::urls;
use crate::source::periods::{Period, When};
use crate::source::registry::{Entry, Kind};
use crate::text::vietnamese::syllable_sort_key;

/// Where awards of a unit that is not named are counted.
pub const OTHER_UNITS: &str = "Đơn vị khác";

/// The months a review covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Tổng kết: January to December.
    Year,
    /// Sơ kết: January to June.
    FirstHalf,
}

impl Span {
    pub fn months(self) -> RangeInclusive<u32> {
        match self {
            Span::Year => 1..=12,
            Span::FirstHalf => 1..=6,
        }
    }

    /// The period as a sentence names it: "năm 2023", "6 tháng đầu năm 2023".
    pub fn period(self, year: i32) -> String {
        match self {
            Span::Year => format!("năm {year}"),
            Span::FirstHalf => format!("6 tháng đầu năm {year}"),
        }
    }

    /// The page's title: "Tổng kết năm 2023", "Sơ kết 6 tháng đầu năm 2023".
    pub fn title(self, year: i32) -> String {
        match self {
            Span::Year => format!("Tổng kết {}", self.period(year)),
            Span::FirstHalf => format!("Sơ kết {}", self.period(year)),
        }
    }

    pub fn url(self, year: i32) -> String {
        match self {
            Span::Year => urls::review(year),
            Span::FirstHalf => urls::review_first_half(year),
        }
    }
}

/// The figures of a review.
pub struct Review {
    pub awards: usize,
    pub people: usize,
    pub by_month: Vec<Bar>,
    pub by_unit: Vec<Bar>,
    pub by_level: Vec<Bar>,
    pub by_field: Vec<Bar>,
    pub by_category: Vec<Bar>,
    /// Honorees (people, not awards) by gender: nam, nữ, chưa ghi (not
    /// written, or kept out by the gate for a child).
    pub by_gender: Vec<Bar>,
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
    /// Each person once, with the gender of their first story that has one.
    gender: BTreeMap<usize, Option<Gender>>,
    city_selected: Vec<StoryId>,
}

fn tally(m: &SiteModel, year: i32, span: Span) -> Tally<'_> {
    let mut t = Tally::default();
    let months = span.months();
    for (id, s) in m.stories.iter().enumerate() {
        let this_year: Vec<_> = s
            .awards
            .iter()
            .filter(|a| a.month.year == year && months.contains(&a.month.month))
            .collect();
        if this_year.is_empty() {
            continue;
        }
        t.people.insert(m.story_person[id]);
        let gender = t.gender.entry(m.story_person[id]).or_default();
        *gender = gender.or(s.person.gender);
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

/// Count the awards of `span` of `year` (published stories only: the
/// review is public).
pub fn review(m: &SiteModel, year: i32, span: Span) -> Review {
    let t = tally(m, year, span);
    Review {
        awards: t.awards,
        people: t.people.len(),
        by_month: span
            .months()
            .map(|mo| Bar {
                label: format!("Tháng {mo}"),
                value: t.by_month.get(&mo).copied().unwrap_or(0),
            })
            .collect(),
        by_unit: unit_bars(m, &t),
        // Only the levels that existed in some month of the span: no
        // a zero count for a level in a year after that level ended.
        by_level: m
            .registry
            .levels
            .iter()
            .enumerate()
            .filter(|(i, l)| t.by_level.contains_key(i) || in_span(&l.period, year, span))
            .map(|(i, l)| Bar {
                label: l.name.clone(),
                value: t.by_level.get(&i).copied().unwrap_or(0),
            })
            .collect(),
        by_field: named_bars(m, Kind::Field, &t.by_field),
        by_category: category_bars(m, &t.by_category),
        by_gender: gender_bars(&t.gender),
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

/// People by gender, always the three rows, so two reviews compare.
fn gender_bars(people: &BTreeMap<usize, Option<Gender>>) -> Vec<Bar> {
    let count = |g: Option<Gender>| people.values().filter(|&&p| p == g).count() as u64;
    [
        ("Nam", Some(Gender::Male)),
        ("Nữ", Some(Gender::Female)),
        ("Chưa ghi", None),
    ]
    .into_iter()
    .map(|(label, g)| Bar {
        label: label.to_string(),
        value: count(g),
    })
    .collect()
}

/// Whether `period` has a day in the `span` of `year`.
fn in_span(period: &Period, year: i32, span: Span) -> bool {
    let (month, day) = match span {
        Span::Year => (12, 31),
        Span::FirstHalf => (6, 30),
    };
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, month, day),
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

/// Years with an award in January to June (each has a sơ kết), oldest first.
pub fn first_halves(m: &SiteModel) -> Vec<i32> {
    let mut years: Vec<i32> = m
        .groups
        .months
        .keys()
        .filter(|ym| Span::FirstHalf.months().contains(&ym.month))
        .map(|ym| ym.year)
        .collect();
    years.dedup();
    years
}

/// The reviews of the site, newest first: a year's tổng kết, then its sơ
/// kết when the first half has awards.
pub fn reviews(m: &SiteModel) -> Vec<(i32, Span)> {
    let halves = first_halves(m);
    let mut all = Vec::new();
    for year in years(m).into_iter().rev() {
        all.push((year, Span::Year));
        if halves.contains(&year) {
            all.push((year, Span::FirstHalf));
        }
    }
    all
}
