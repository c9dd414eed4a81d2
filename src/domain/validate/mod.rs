//! Parsing a story file and checking it: the strict front-matter schema as
//! written by staff (docs/schema.md), every rule that needs only this file,
//! and every error located at `line:column` with a hint. This file reads the
//! front matter and runs the parts in turn; each part checks one thing.

pub mod address;
mod awards;
mod build;
mod consent;
mod context;
mod dates;
mod decision;
mod dossier;
mod mention;
mod minor;
mod name;
mod periods;
mod person;
pub mod personal_data;
mod photo;
mod placeholders;
mod record;
mod schema;

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::story::Story;
use crate::source::config::{Plan, StoryRules};
use crate::source::front_matter::{self, Split};
use crate::source::registry::Registry;
use crate::source::yaml::{self, Locator, Seg};
use crate::source::yaml_words;
use crate::text::vietnamese::minor_display_name;

use self::build::{build_story, trimmed, Checked};
use self::context::Ctx;
use self::schema::RawStory;

/// Parse and validate one story file. `today` bounds deed dates; `rules`
/// are what site.yaml says stories may publish and must hold.
pub fn parse_story(
    path: &str,
    text: &str,
    registry: &Registry,
    assets: &[String],
    today: NaiveDate,
    rules: &StoryRules,
) -> Result<Story, Diagnostics> {
    let split = front_matter::split(path, text)?;
    let raw = read_front_matter(path, &split, &rules.plan)?;
    let mut cx = Ctx {
        path,
        loc: Locator::new(split.yaml, split.yaml_first_line),
        registry,
        today,
        rules,
        diags: Diagnostics::default(),
        deed: None,
        on: None,
    };
    let title = check_title(&mut cx, &raw.title);
    let address = address::check_address(&mut cx, &raw);
    let summary = trimmed(raw.summary.clone());
    let name = person::check_name(&mut cx, &raw.person.name);
    let person_id = person::check_person_id(&mut cx, raw.person.id.as_deref());
    let dates = dates::check_dates(&mut cx, &raw);
    cx.deed = dates.deed;
    cx.check_ids(&raw);
    placeholders::check_placeholders(&mut cx, &raw, &split);
    if let Some(d) = yaml_words::invisible_in_body(path, split.body, split.body_first_line) {
        cx.push(d);
    }
    person::check_residence(&mut cx, raw.person.residence.as_deref());
    let (awards, award_positions) =
        awards::check_awards(&mut cx, &raw.awards, dates.deed, &raw.unit);
    periods::check_periods(&mut cx, &raw, dates.deed);
    let gender = record::check_gender(&mut cx, &raw);
    let deed_period = record::check_period(&mut cx, &raw);
    let city = record::check_city(&mut cx, &raw, dates.deed);
    photo::check_photo(&mut cx, raw.photo.as_ref(), assets);
    personal_data::check_story(&mut cx, &raw, &split, &rules.public);
    let dossier = dossier::check_dossier(&mut cx, &raw.dossier);
    let is_minor = minor::is_minor(dates.birth_date, dates.birth_year, dates.deed);
    let public_name = if is_minor {
        minor_display_name(&name)
    } else {
        name.clone()
    };
    minor::check_birth_given(&mut cx, &raw);
    if is_minor {
        minor::check_full_name(&mut cx, &name, &public_name, &raw, &split);
    }
    let consent = consent::check_consent(&mut cx, &raw.consent, is_minor, &awards);
    let (Some(deed_date), false) = (dates.deed, cx.diags.has_errors()) else {
        return Err(cx.diags);
    };
    let checked = Checked {
        notes: std::mem::take(&mut cx.diags).sorted(),
        person_id,
        title,
        summary,
        name,
        public_name,
        is_minor,
        birth_year: dates.birth_year,
        deed_date,
        deed_pos: dates.deed_pos,
        awards,
        award_positions,
        consent,
        dossier,
        address,
        gender,
        deed_period,
        city,
    };
    Ok(build_story(path, raw, checked, &split, &cx.loc))
}

/// The front matter in its schema; a `person:` written as a list gets its
/// own plain explanation instead of serde's.
fn read_front_matter(path: &str, split: &Split, plan: &Plan) -> Result<RawStory, Diagnostic> {
    yaml::parse(path, split.yaml, split.yaml_first_line).map_err(|d| {
        person::explain_people_list(path, split.yaml, split.yaml_first_line, plan).unwrap_or(d)
    })
}

fn check_title(cx: &mut Ctx, raw_title: &str) -> String {
    let title = raw_title.trim().to_string();
    if title.is_empty() {
        cx.push(
            Diagnostic::error("empty-title", cx.path, "tiêu đề (`title`) đang để trống")
                .at_pos(cx.at(&[Seg::Key("title")]))
                .hint("viết một tiêu đề ngắn nói lên việc tốt"),
        );
    }
    title
}

/// Stories for the unit tests of the checks and rules: a small registry with
/// two wards, and a story whose `person:` lines and deed date are given.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    const REGISTRY: &str = r#"
levels: [{ id: phuong, name: "Cấp phường" }]
units:
  - { id: phuong-a, name: "Phường A", kind: "Phường", ward: true }
  - { id: phuong-b, name: "Phường B", kind: "Phường", ward: true }
fields: [{ id: doi-song, name: "Đời sống" }]
categories: [{ id: lao-dong, name: "Lao động" }]
topics: []
"#;

    /// `person` is the lines under `person:` (indented two spaces), without
    /// `category`; `source` names the file.
    pub(crate) fn parse(source: &str, person: &str, deed_date: &str) -> Result<Story, Diagnostics> {
        let text = format!(
            "---\ntitle: \"Trả lại ví\"\nperson:\n{person}  category: lao-dong\ndeed:\n  date: {deed_date}\n  field: doi-song\nunit: phuong-a\nawards:\n  - level: phuong\n    month: 2023-06\nconsent: {{ by: cha-me, name: \"Lê Thị Hoa\", date: 2023-06-30, channels: [web] }}\n---\nTrả lại ví.\n"
        );
        let registry = Registry::parse(REGISTRY).unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        parse_story(source, &text, &registry, &[], today, &Default::default())
    }

    /// The codes a story's check gives, errors and warnings, in file order.
    pub(crate) fn codes(person: &str) -> Vec<&'static str> {
        match parse("a.md", person, "2023-06-02") {
            Ok(story) => story.notes.iter().map(|d| d.code).collect(),
            Err(d) => d.sorted().into_iter().map(|d| d.code).collect(),
        }
    }
}
