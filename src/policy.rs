//! The publication gate: the one place that decides what of a story is
//! public. Every channel (pages, feeds, search index, sitemap, bulletin,
//! radio script, review, share tags) renders from a `PublicStory`, which
//! cannot hold what must never be published: an unconsented, withdrawn or
//! draft story, a minor's full name, birth year, school or photo unless each
//! is allowed, the school that would name a minor, the dossier, or the
//! identity key that joins a person's stories. A rule added here protects
//! every output at once.

use chrono::NaiveDate;

use crate::domain::story::{Award, Photo, Story};
use crate::source::registry::{Kind, Registry};
use crate::text::hash::fnv1a_64;

/// Joins the stories of one person without carrying who they are: a hash of
/// the identity (name and birth year), never shown, only compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonKey(u64);

/// What the public may see of the person of a story.
#[derive(Debug, Clone)]
pub struct PublicPerson {
    /// The full name, or initials and given name for a minor.
    pub public_name: String,
    pub key: PersonKey,
    pub birth_year: Option<i32>,
    pub occupation: Option<String>,
    pub category: String,
    pub residence: Option<String>,
    pub school: Option<String>,
}

/// Values worked out once when the story was parsed, less the identity.
#[derive(Debug, Clone)]
pub struct PublicDerived {
    pub slug: String,
    pub sort_key: Vec<u8>,
    pub excerpt: String,
    pub tag_slugs: Vec<String>,
    pub name_slug: String,
    /// Site images the body shows (output paths).
    pub images: Vec<String>,
}

/// A story as the public site may show it.
#[derive(Debug, Clone)]
pub struct PublicStory {
    /// `content/…/x.md`: for located messages and stable ordering, never shown.
    pub source: String,
    pub title: String,
    pub summary: Option<String>,
    pub person: PublicPerson,
    pub deed_date: NaiveDate,
    pub field: String,
    /// The proposing unit, unless naming it would name a minor's school.
    pub unit: Option<String>,
    pub awards: Vec<Award>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub photo: Option<Photo>,
    pub featured: bool,
    pub city_selected: bool,
    pub body: String,
    pub body_first_line: usize,
    pub derived: PublicDerived,
}

/// The public form of `story`, or `None` when it may not be published at
/// all (no consent, withdrawn, or a draft when drafts are not asked for).
pub fn publish(story: &Story, registry: &Registry, include_drafts: bool) -> Option<PublicStory> {
    if !story.publication.consent
        || story.publication.withdrawn
        || (story.publication.draft && !include_drafts)
    {
        return None;
    }
    let minor = story.person.is_minor;
    let allow = story.publication.minor_allow;
    let unit_is_school = registry
        .get(Kind::Unit, &story.deed.unit)
        .is_some_and(|u| u.school);
    // A school that proposes a minor's story names the child's school.
    let show_unit = !minor || allow.school || !unit_is_school;
    Some(PublicStory {
        source: story.source.clone(),
        title: story.text.title.clone(),
        summary: story.text.summary.clone(),
        person: public_person(story),
        deed_date: story.deed.date,
        field: story.deed.field.clone(),
        unit: show_unit.then(|| story.deed.unit.clone()),
        awards: story.awards.clone(),
        topics: story.topics.clone(),
        tags: story.tags.clone(),
        photo: story.photo.clone().filter(|_| !minor || allow.photo),
        featured: story.publication.featured,
        city_selected: story.publication.city_selected,
        body: story.text.body.clone(),
        body_first_line: story.text.body_first_line,
        derived: PublicDerived {
            slug: story.derived.slug.clone(),
            sort_key: story.derived.sort_key.clone(),
            excerpt: story.derived.excerpt.clone(),
            tag_slugs: story.derived.tag_slugs.clone(),
            name_slug: story.derived.name_slug.clone(),
            images: story.derived.images.clone(),
        },
    })
}

fn public_person(story: &Story) -> PublicPerson {
    let p = &story.person;
    let (minor, allow) = (p.is_minor, story.publication.minor_allow);
    PublicPerson {
        public_name: p.public_name.clone(),
        key: PersonKey(fnv1a_64(&story.derived.identity)),
        birth_year: p.birth_year.filter(|_| !minor || allow.birth_year),
        occupation: p.occupation.clone(),
        category: p.category.clone(),
        residence: p.residence.clone(),
        school: p.school.clone().filter(|_| !minor || allow.school),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::parse_story;

    const REGISTRY: &str = r#"
levels: [{ id: phuong, name: "Cấp phường" }]
units:
  - { id: phuong-a, name: "Phường A", kind: "Phường", ward: true }
  - { id: truong-b, name: "Trường B", kind: "Trường học", school: true }
fields: [{ id: hoc-tap, name: "Học tập" }]
categories: [{ id: hoc-sinh, name: "Học sinh" }]
topics: []
"#;

    /// A story with `extra` front-matter lines, as the registry above sees it.
    fn story(person: &str, unit: &str, extra: &str) -> Story {
        let text = format!(
            "---\ntitle: \"Trả lại ví\"\nperson:\n{person}  category: hoc-sinh\n  school: \"Trường B\"\ndeed:\n  date: 2023-05-02\n  field: hoc-tap\nunit: {unit}\nawards:\n  - level: phuong\n    month: 2023-05\nphoto:\n  src: images/a.jpg\n  alt: \"Ảnh\"\n{extra}---\nEm trả lại ví.\n"
        );
        let registry = Registry::parse(REGISTRY).unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        parse_story(
            "a.md",
            &text,
            &registry,
            &["images/a.jpg".into()],
            today,
            &Default::default(),
        )
        .unwrap_or_else(|d| panic!("{:?}", d.sorted()))
    }

    fn minor(unit: &str, extra: &str) -> Story {
        story(
            "  name: \"Lê Minh Khôi\"\n  birth_year: 2012\n",
            unit,
            extra,
        )
    }

    fn adult(extra: &str) -> Story {
        story(
            "  name: \"Lê Văn Tâm\"\n  birth_year: 1980\n",
            "truong-b",
            extra,
        )
    }

    fn gate(s: &Story, drafts: bool) -> Option<PublicStory> {
        publish(s, &Registry::parse(REGISTRY).unwrap(), drafts)
    }

    #[test]
    fn nothing_is_published_without_consent_or_once_withdrawn() {
        assert!(gate(&adult("consent: false\n"), true).is_none());
        assert!(gate(&adult("consent: true\nwithdrawn: true\n"), true).is_none());
        assert!(gate(&adult("consent: true\n"), false).is_some());
    }

    #[test]
    fn a_draft_is_published_only_when_drafts_are_asked_for() {
        let draft = adult("consent: true\ndraft: true\n");
        assert!(gate(&draft, false).is_none());
        assert!(gate(&draft, true).is_some());
    }

    #[test]
    fn an_adult_is_shown_whole() {
        let public = gate(&adult("consent: true\n"), false).unwrap();
        assert_eq!(public.person.public_name, "Lê Văn Tâm");
        assert_eq!(public.person.birth_year, Some(1980));
        assert_eq!(public.person.school.as_deref(), Some("Trường B"));
        assert_eq!(public.unit.as_deref(), Some("truong-b"));
        assert!(public.photo.is_some());
    }

    #[test]
    fn a_minor_keeps_name_year_school_photo_and_school_unit_hidden() {
        let public = gate(&minor("truong-b", "consent: true\n"), false).unwrap();
        assert_eq!(public.person.public_name, "L. M. Khôi");
        assert_eq!(public.person.birth_year, None);
        assert_eq!(public.person.school, None);
        assert_eq!(
            public.unit, None,
            "the proposing school would name the child's school"
        );
        assert!(public.photo.is_none());
    }

    #[test]
    fn a_ward_proposing_a_minor_is_named() {
        let public = gate(&minor("phuong-a", "consent: true\n"), false).unwrap();
        assert_eq!(public.unit.as_deref(), Some("phuong-a"));
    }

    #[test]
    fn what_a_minor_allows_is_shown_and_nothing_else() {
        let allowed = "consent: true\nminor_allow: { photo: true, birth_year: true }\n";
        let public = gate(&minor("truong-b", allowed), false).unwrap();
        assert!(public.photo.is_some());
        assert_eq!(public.person.birth_year, Some(2012));
        assert_eq!(public.person.school, None);
        assert_eq!(public.unit, None);
        let school = gate(
            &minor("truong-b", "consent: true\nminor_allow: { school: true }\n"),
            false,
        )
        .unwrap();
        assert_eq!(school.person.school.as_deref(), Some("Trường B"));
        assert_eq!(school.unit.as_deref(), Some("truong-b"));
        assert!(school.photo.is_none());
    }

    #[test]
    fn one_person_has_one_key_and_the_key_is_not_the_name() {
        let a = gate(&adult("consent: true\n"), false).unwrap();
        let b = gate(&adult("consent: true\nsummary: \"Lần khác\"\n"), false).unwrap();
        let other = gate(&minor("phuong-a", "consent: true\n"), false).unwrap();
        assert_eq!(a.person.key, b.person.key);
        assert_ne!(a.person.key, other.person.key);
        assert!(!format!("{:?}", a.person.key).to_lowercase().contains("tam"));
    }
}
