//! The `Story` made of a front matter that passed every check, with the
//! values the site model needs worked out once.

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Pos};
use crate::domain::story::{
    Award, Channels, Deed, Derived, Dossier, Person, Publication, Spans, Story, Text,
};
use crate::source::front_matter::Split;
use crate::source::yaml::{Locator, Seg};
use crate::text::file_name::safe_slug;
use crate::text::markdown;
use crate::text::packed::PackedText;
use crate::text::vietnamese::{person_sort_key, slugify};

use super::schema::RawStory;

/// What the checks worked out, beside the raw front matter.
pub(super) struct Checked {
    /// Warnings: the story is still published.
    pub(super) notes: Vec<Diagnostic>,
    pub(super) person_id: Option<String>,
    pub(super) title: String,
    pub(super) summary: Option<String>,
    pub(super) name: String,
    pub(super) public_name: String,
    pub(super) is_minor: bool,
    pub(super) birth_year: Option<i32>,
    pub(super) deed_date: NaiveDate,
    pub(super) deed_pos: Pos,
    pub(super) awards: Vec<Award>,
    pub(super) award_positions: Vec<Pos>,
    pub(super) consent: Channels,
    pub(super) dossier: Dossier,
    pub(super) address: super::address::Address,
    pub(super) gender: Option<crate::domain::story::Gender>,
    pub(super) deed_period: Option<crate::domain::story::DeedPeriod>,
    /// Selected for the city, and the decision that did it.
    pub(super) city: (bool, Option<crate::domain::story::Decision>),
}

pub(super) fn build_story(
    path: &str,
    raw: RawStory,
    checked: Checked,
    split: &Split,
    loc: &Locator,
) -> Story {
    let unpublished_position = loc.value(&[Seg::Key(unpublished_key(&checked, &raw))]);
    let mut story = Story {
        source: path.to_string(),
        text: Text {
            title: checked.title,
            summary: checked.summary,
            body: PackedText::new(split.body),
            body_first_line: split.body_first_line,
        },
        person: Person {
            name: checked.name,
            id: checked.person_id,
            public_name: checked.public_name,
            birth_year: checked.birth_year,
            occupation: trimmed(raw.person.occupation),
            category: raw.person.category,
            gender: checked.gender,
            residence: raw.person.residence,
            school: raw.person.school,
            is_minor: checked.is_minor,
            spellings: Default::default(),
        },
        deed: Deed {
            date: checked.deed_date,
            period: checked.deed_period,
            field: raw.deed.field,
            unit: raw.unit,
        },
        awards: checked.awards,
        topics: raw.topics,
        tags: raw
            .tags
            .into_iter()
            .filter_map(|t| trimmed(Some(t)))
            .collect(),
        photo: raw.photo,
        publication: Publication {
            consent: checked.consent,
            draft: raw.draft,
            withdrawn: raw.withdrawn,
            featured: raw.featured,
            city_selected: checked.city.0,
            city_decision: checked.city.1,
            minor_allow: raw.minor_allow,
        },
        dossier: checked.dossier,
        spans: Spans {
            award_positions: checked.award_positions,
            deed_position: checked.deed_pos,
            unpublished_position,
            name_position: loc.value(&[Seg::Key("person"), Seg::Key("name")]),
            birth_year_position: loc
                .find_value(&[Seg::Key("person"), Seg::Key("birth_year")])
                .or_else(|| loc.find_value(&[Seg::Key("person"), Seg::Key("birth_date")])),
            slug_position: checked.address.position,
            alias_positions: checked.address.alias_positions.clone(),
        },
        derived: Derived::default(),
        notes: checked.notes,
    };
    story.derived = derive(&story, split.body);
    if let Some(slug) = checked.address.slug {
        story.derived.slug = slug;
        story.derived.slug_fixed = true;
    }
    story.derived.aliases = checked.address.aliases;
    story
}

/// The key that says why a story is not published, where a note points:
/// no consent for the web, withdrawn, or else a draft.
fn unpublished_key(checked: &Checked, raw: &RawStory) -> &'static str {
    if !checked.consent.web {
        "consent"
    } else if raw.withdrawn {
        "withdrawn"
    } else {
        "draft"
    }
}

/// Text with its ends trimmed, `None` if nothing is left.
pub(super) fn trimmed(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// `body` is the story's body as written: `story` holds it packed.
fn derive(story: &Story, body: &str) -> Derived {
    Derived {
        // Every name taken from user text is a safe file name on any host.
        slug: safe_slug(slugify(&story.text.title)),
        identity: story.person.identity(),
        sort_key: person_sort_key(&story.person.public_name),
        excerpt: match &story.text.summary {
            Some(summary) => summary.clone(),
            None => markdown::excerpt(&markdown::plain_text(body), 200),
        },
        tag_slugs: story.tags.iter().map(|t| safe_slug(slugify(t))).collect(),
        name_slug: safe_slug(slugify(&story.person.public_name)),
        images: markdown::body_images(body),
        links_in_body: markdown::may_link(body),
        ..Derived::default()
    }
}
