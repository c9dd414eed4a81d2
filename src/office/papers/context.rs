//! What the papers' templates are given: the document (issuing body, place,
//! month, the tờ trình's number and date when every proposal shares them)
//! and one `Person` per award, with every value already written the way the
//! papers write it (dd/mm/yyyy, registry names), or empty when unknown.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::story::{DeedPeriod, Story, YearMonth};
use crate::office::report::{day, month};
use crate::source::config::SiteConfig;
use crate::source::registry::{Entry, Kind, Registry};
use crate::text::vietnamese::syllable_sort_key;

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub stt: usize,
    pub name: String,
    pub birth_year: String,
    pub gender: String,
    pub occupation: String,
    pub residence: String,
    pub category: String,
    pub field: String,
    pub title: String,
    pub summary: String,
    pub deed_date: String,
    /// "từ 01/06/2013 đến 14/06/2023", "nhiều năm" or empty.
    pub period: String,
    pub level: String,
    pub month: String,
    pub proposal_number: String,
    pub proposal_date: String,
    /// The decision as staff write it, when there is one.
    pub decision: String,
    #[serde(skip)]
    pub source: String,
}

/// What the papers leave blank for one person.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub name: String,
    pub source: String,
    pub what: Vec<&'static str>,
}

impl Missing {
    pub fn of(p: &Person) -> Option<Missing> {
        let what: Vec<&'static str> = [
            (&p.birth_year, "năm sinh"),
            (&p.gender, "giới tính"),
            (&p.occupation, "nghề nghiệp/chức vụ"),
            (&p.residence, "nơi cư trú"),
            (&p.summary, "tóm tắt thành tích (summary)"),
            (&p.proposal_number, "số tờ trình"),
            (&p.proposal_date, "ngày tờ trình"),
        ]
        .into_iter()
        .filter(|(v, _)| v.is_empty())
        .map(|(_, w)| w)
        .collect();
        (!what.is_empty()).then(|| Missing {
            name: p.name.clone(),
            source: p.source.clone(),
            what,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub unit: String,
    /// The unit is a ward (its own administration) rather than an office
    /// or a school under the publisher.
    pub unit_is_ward: bool,
    pub publisher: String,
    pub place: String,
    pub plan: String,
    pub month: String,
    /// The tờ trình's number and day, when every proposal shares them.
    pub number: String,
    pub day: String,
    pub day_month: String,
    pub day_year: String,
    /// Who decides: the levels' `issuer`, or the publisher.
    pub recipients: Vec<String>,
    pub count: usize,
    pub people: Vec<Person>,
}

fn name(registry: &Registry, kind: Kind, id: &str) -> String {
    registry
        .get(kind, id)
        .map(|e| e.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Every award of `month` that `unit` proposed, by person, numbered.
pub fn people(
    stories: &[Arc<Story>],
    registry: &Registry,
    unit: &str,
    m: YearMonth,
) -> Vec<Person> {
    let mut found: Vec<(Vec<u8>, Person)> = Vec::new();
    for s in stories {
        for a in s.awards.iter().filter(|a| a.month == m) {
            let proposer = a.proposal.as_ref().map_or(&s.deed.unit, |p| &p.unit);
            if proposer != unit {
                continue;
            }
            let p = &s.person;
            let period = match s.deed.period {
                Some(DeedPeriod::Span { from, to }) => format!("từ {} đến {}", day(from), day(to)),
                Some(DeedPeriod::ManyYears) => "nhiều năm".to_string(),
                None => String::new(),
            };
            let person = Person {
                stt: 0,
                name: p.name.clone(),
                birth_year: p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                gender: p.gender.map(|g| g.word().to_string()).unwrap_or_default(),
                occupation: p.occupation.clone().unwrap_or_default(),
                residence: p
                    .residence
                    .as_deref()
                    .map(|r| name(registry, Kind::Unit, r))
                    .unwrap_or_default(),
                category: name(registry, Kind::Category, &p.category),
                field: name(registry, Kind::Field, &s.deed.field),
                title: s.text.title.clone(),
                summary: s.text.summary.clone().unwrap_or_default(),
                deed_date: day(s.deed.date),
                period,
                level: name(registry, Kind::Level, &a.level),
                month: month(a.month),
                proposal_number: a
                    .proposal
                    .as_ref()
                    .and_then(|p| p.number.clone())
                    .unwrap_or_default(),
                proposal_date: a.proposal.as_ref().map(|p| day(p.date)).unwrap_or_default(),
                decision: a
                    .decision
                    .as_ref()
                    .map(|d| decision(d, registry))
                    .unwrap_or_default(),
                source: s.source.clone(),
            };
            let mut key = s.derived.sort_key.clone();
            key.extend(syllable_sort_key(&p.name));
            key.extend(a.level_rank.to_be_bytes());
            key.extend(s.source.as_bytes());
            found.push((key, person));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
        .into_iter()
        .enumerate()
        .map(|(i, (_, p))| Person { stt: i + 1, ..p })
        .collect()
}

/// "Quyết định số 45/QĐ-UBND ngày 05/06/2023 của …", dates as the papers
/// write them.
fn decision(d: &crate::domain::story::Decision, registry: &Registry) -> String {
    let mut text = format!("Quyết định số {} ngày {}", d.number, day(d.date));
    if let Some(issuer) = registry.get(Kind::Issuer, &d.issuer) {
        text.push_str(" của ");
        text.push_str(&issuer.name);
    }
    text
}

/// The one value every person shares, or empty.
fn shared<'a>(people: &'a [Person], get: impl Fn(&'a Person) -> &'a str) -> &'a str {
    let first = people.first().map_or("", &get);
    if people.iter().all(|p| get(p) == first) {
        first
    } else {
        ""
    }
}

pub fn document(
    config: &SiteConfig,
    registry: &Registry,
    unit: &Entry,
    m: YearMonth,
    people: &[Person],
) -> Document {
    let publisher = config.publisher.as_ref();
    let number = shared(people, |p| p.proposal_number.as_str()).to_string();
    let date =
        NaiveDate::parse_from_str(shared(people, |p| p.proposal_date.as_str()), "%d/%m/%Y").ok();
    let mut recipients: Vec<String> = Vec::new();
    for level in &registry.levels {
        if people.iter().any(|p| p.level == level.name)
            && !level.issuer.is_empty()
            && !recipients.contains(&level.issuer)
        {
            recipients.push(level.issuer.clone());
        }
    }
    if recipients.is_empty() {
        recipients.extend(publisher.map(|p| p.name.clone()));
    }
    Document {
        unit: unit.name.clone(),
        unit_is_ward: unit.ward,
        publisher: publisher.map(|p| p.name.clone()).unwrap_or_default(),
        place: publisher.map(|p| p.place.clone()).unwrap_or_default(),
        plan: config.plan.citation.clone(),
        month: month(m),
        number,
        day: date.map(|d| format!("{:02}", d.day())).unwrap_or_default(),
        day_month: date
            .map(|d| format!("{:02}", d.month()))
            .unwrap_or_default(),
        day_year: date.map(|d| d.year().to_string()).unwrap_or_default(),
        recipients,
        count: people.len(),
        people: people.to_vec(),
    }
}
