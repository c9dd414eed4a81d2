//! The publication gate: the one place that decides what of a story is
//! public. Every channel (pages, feeds, search index, sitemap, bulletin,
//! radio script, review, share tags) renders from a `PublicStory`, which
//! cannot hold what must never be published: an unconsented, withdrawn or
//! draft story, an award not yet decided (only proposed), a minor's full
//! name, birth year, gender, school or photo unless each is allowed (gender
//! goes with the birth year), the school that would name a minor, the
//! dossier, or the identity key that joins a person's stories. A rule
//! added here protects every output at once.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::story::{self, Award, Gender, Photo, Story};
use crate::source::registry::{Kind, Registry};
use crate::text::hash::fnv1a_64;
use crate::text::markdown;
use crate::text::packed::PackedText;

/// Joins the stories of one person without carrying who they are: a hash of
/// the identity (`person.id`, else the name with the birth year, else with
/// the ward: `Person::identity`), never shown, only compared. Stories told
/// while the person was a minor get a key of their own, so a page never
/// joins the child's initials to the grown-up's full name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PersonKey(u64);

/// What the public may see of the person of a story.
#[derive(Debug, Clone, Serialize)]
pub struct PublicPerson {
    /// The full name, or initials and given name for a minor.
    pub public_name: String,
    /// How the radio names the person: the full name, or for a minor "em"
    /// and the given name ("em Khôi"), as a speaker would.
    pub spoken_name: String,
    pub key: PersonKey,
    pub birth_year: Option<i32>,
    pub occupation: Option<String>,
    pub category: String,
    /// For the reviews' "Theo giới tính": not sensitive for an adult; kept
    /// out for a minor whose birth year is hidden, since beside the initials
    /// and the school it narrows down which child it is.
    pub gender: Option<Gender>,
    pub residence: Option<String>,
    pub school: Option<String>,
}

/// Values worked out once when the story was parsed, less the identity.
#[derive(Debug, Clone, Serialize)]
pub struct PublicDerived {
    pub slug: String,
    /// `slug:` was written: it wins over slugs made from titles.
    pub slug_fixed: bool,
    /// Old addresses, each published as a redirect to the story.
    pub aliases: Vec<String>,
    /// Where `slug:` (or else `title:`) stands: where to add `aliases:`.
    pub address_position: crate::diagnostics::Pos,
    pub sort_key: Vec<u8>,
    /// Moved into `SiteModel::excerpts` when the model is built: read it there.
    pub excerpt: String,
    pub tag_slugs: Vec<String>,
    pub name_slug: String,
    /// Site images the body shows (output paths).
    pub images: Vec<String>,
    /// The body may hold a link or an image to check.
    pub links_in_body: bool,
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
    /// The consent covers the printed bulletin (`ban-tin`).
    pub in_bulletin: bool,
    /// The bulletin may print `photo`: an adult who consented to the
    /// bulletin. A minor's photo is never printed, whatever `minor_allow`
    /// says: paper cannot be withdrawn.
    pub photo_in_bulletin: bool,
    /// The consent covers the radio script (`phat-thanh`).
    pub on_radio: bool,
    /// Packed (`text::packed`): `unpack` it where it is shown.
    pub body: PackedText,
    pub body_first_line: usize,
    pub derived: PublicDerived,
}

impl PublicStory {
    /// Feed `hasher` every field of the story but its body, in postcard
    /// (each string and list with its length, so no two stories give the
    /// same bytes; Debug text was a tenth of a rebuild, escaping every
    /// accented letter). The body is left out because a page shows it only
    /// through `render::deferred`, which hashes it where it is shown: a build
    /// can then tell that a page showing no edited body is unchanged without
    /// making it. Every field is named, not `..`, so one added later must be
    /// placed here or the build will not compile.
    pub fn hash_besides_body(
        &self,
        hasher: &mut blake3::Hasher,
        buffer: &mut Vec<u8>,
    ) -> Option<()> {
        let PublicStory {
            source,
            title,
            summary,
            person,
            deed_date,
            field,
            unit,
            awards,
            topics,
            tags,
            photo,
            featured,
            city_selected,
            in_bulletin,
            photo_in_bulletin,
            on_radio,
            body: _,
            body_first_line,
            derived,
        } = self;
        let what = (source, title, summary, person, deed_date, field, unit);
        let shown = (awards, topics, tags, photo, featured, city_selected);
        let channels = (in_bulletin, photo_in_bulletin, on_radio);
        // Postcard leaves out what serde skips: the photo's size is known
        // only once its file is checked, and a page shows it.
        let photo_size = photo.as_ref().and_then(|p| p.size);
        let photo_size = photo_size.map(|s| (s.width, s.height));
        let rest = (body_first_line, derived, photo_size);
        buffer.clear();
        let all = (what, shown, channels, rest);
        // Plain data to a Vec cannot fail; were it to, no fingerprint
        // (two stories that failed alike would hash the same).
        let bytes = postcard::to_extend(&all, std::mem::take(buffer)).ok()?;
        hasher.update(&bytes);
        *buffer = bytes;
        Some(())
    }
}

/// Why a story is kept off every public channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldBack {
    /// No consent to the web.
    NoConsent,
    Withdrawn,
    /// A draft, when drafts are not asked for.
    Draft,
    /// No award is decided yet: a proposal is not an award, and announcing
    /// it would tell the public what the authority has not granted.
    NotDecided,
}

/// Why `story` may not be published at all, or `None` when it may be.
pub fn held_back(story: &Story, include_drafts: bool) -> Option<HeldBack> {
    let p = &story.publication;
    if !p.consent.web {
        Some(HeldBack::NoConsent)
    } else if p.withdrawn {
        Some(HeldBack::Withdrawn)
    } else if p.draft && !include_drafts {
        Some(HeldBack::Draft)
    } else if !story.awards.iter().any(|a| a.decided()) {
        Some(HeldBack::NotDecided)
    } else {
        None
    }
}

/// Every reason `story` may not be published, so staff fix them in one go
/// (none when it may be). A withdrawn story is only withdrawn: what else it
/// lacks no longer matters.
pub fn every_reason_held_back(story: &Story, include_drafts: bool) -> Vec<HeldBack> {
    let p = &story.publication;
    if p.withdrawn {
        return vec![HeldBack::Withdrawn];
    }
    let reasons = [
        (!p.consent.web, HeldBack::NoConsent),
        (p.draft && !include_drafts, HeldBack::Draft),
        (
            !story.awards.iter().any(|a| a.decided()),
            HeldBack::NotDecided,
        ),
    ];
    reasons
        .into_iter()
        .filter(|(holds, _)| *holds)
        .map(|(_, why)| why)
        .collect()
}

/// The public form of `story`, or `None` when it is held back
/// (`held_back`). Only its decided awards are public. The bulletin and the
/// radio script are files on the site, so they need the web as well as
/// their own channel.
pub fn publish(story: &Story, registry: &Registry, include_drafts: bool) -> Option<PublicStory> {
    // The body, most of a story, was copied here before too: one copy of
    // the whole story keeps one gate.
    publish_owned(story.clone(), registry, include_drafts)
}

/// `publish` for the story's last holder: every field is moved into the
/// public story rather than copied (at 100,000 stories, copying them was
/// most of the gate's time, and the body would be held twice).
pub fn publish_owned(
    story: Story,
    registry: &Registry,
    include_drafts: bool,
) -> Option<PublicStory> {
    if held_back(&story, include_drafts).is_some() {
        return None;
    }
    let consent = story.publication.consent;
    let minor = story.person.is_minor;
    let allow = story.publication.minor_allow;
    let unit_is_school = registry
        .get(Kind::Unit, &story.deed.unit)
        .is_some_and(|u| u.school);
    // A school that proposes a minor's story names the child's school.
    let show_unit = !minor || allow.school || !unit_is_school;
    // A minor's pictures are withheld wherever they stand, body included.
    let show_images = !minor || allow.photo;
    let has_photo = story.photo.is_some();
    let person = public_person(&story);
    let Story {
        source,
        text,
        deed,
        awards,
        topics,
        tags,
        photo,
        publication,
        spans,
        derived,
        ..
    } = story;
    // Only a minor's body without pictures is unpacked here.
    let (body, hidden_images) = if show_images {
        (text.body, None)
    } else {
        let shown = markdown::without_images(&text.body.unpack());
        let images = markdown::body_images(&shown);
        (PackedText::new(&shown), Some(images))
    };
    Some(PublicStory {
        source,
        title: text.title,
        summary: text.summary,
        person,
        deed_date: deed.date,
        field: deed.field,
        unit: show_unit.then_some(deed.unit),
        awards: awards.into_iter().filter(|a| a.decided()).collect(),
        topics,
        tags,
        photo: photo.filter(|_| show_images),
        featured: publication.featured,
        city_selected: publication.city_selected,
        in_bulletin: consent.bulletin,
        photo_in_bulletin: consent.bulletin && !minor && has_photo,
        on_radio: consent.radio,
        derived: public_derived(derived, spans.slug_position, hidden_images),
        body,
        body_first_line: text.body_first_line,
    })
}

/// The derived values; `images` are those of the public body when the
/// gate took some out.
fn public_derived(
    d: story::Derived,
    address_position: crate::diagnostics::Pos,
    images: Option<Vec<String>>,
) -> PublicDerived {
    PublicDerived {
        slug: d.slug,
        slug_fixed: d.slug_fixed,
        aliases: d.aliases,
        address_position,
        sort_key: d.sort_key,
        excerpt: d.excerpt,
        tag_slugs: d.tag_slugs,
        name_slug: d.name_slug,
        images: images.unwrap_or(d.images),
        links_in_body: d.links_in_body,
    }
}

fn public_person(story: &Story) -> PublicPerson {
    let p = &story.person;
    let (minor, allow) = (p.is_minor, story.publication.minor_allow);
    PublicPerson {
        public_name: p.public_name.clone(),
        spoken_name: match (minor, p.public_name.rsplit(' ').next()) {
            (true, Some(given)) => format!("em {given}"),
            _ => p.public_name.clone(),
        },
        key: PersonKey(fnv1a_64(&format!("{}|{minor}", story.derived.identity))),
        birth_year: p.birth_year.filter(|_| !minor || allow.birth_year),
        occupation: p.occupation.clone(),
        category: p.category.clone(),
        gender: p.gender.filter(|_| !minor || allow.birth_year),
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
  - { id: phuong-c, name: "Phường C", kind: "Phường", ward: true }
  - { id: truong-b, name: "Trường B", kind: "Trường học", school: true }
fields: [{ id: hoc-tap, name: "Học tập" }]
categories: [{ id: hoc-sinh, name: "Học sinh" }, { id: nhan-dan, name: "Nhân dân" }]
topics: []
issuers: [{ id: ct-a, name: "Chủ tịch Ủy ban nhân dân phường A", levels: [phuong] }]
"#;

    /// A story with `extra` front-matter lines, as the registry above sees it.
    /// A schoolchild unless `person` names its own category.
    fn story(person: &str, unit: &str, extra: &str) -> Story {
        let pupil = "  category: hoc-sinh\n  school: \"Trường B\"\n";
        let person = if person.contains("category:") {
            person.to_string()
        } else {
            format!("{person}{pupil}")
        };
        let text = format!(
            "---\ntitle: \"Trả lại ví\"\nperson:\n{person}deed:\n  date: 2023-05-02\n  field: hoc-tap\nunit: {unit}\nawards:\n  - level: phuong\n    month: 2023-05\n    decision: {{ number: \"45/QĐ-UBND\", date: 2023-05-30, issuer: ct-a }}\nphoto:\n  src: images/a.jpg\n  alt: \"Ảnh\"\n{extra}---\nEm trả lại ví.\n"
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

    /// Consent to every channel, given by a parent (valid for a minor too).
    const AGREED: &str = "consent: { by: cha-me, name: \"Lê Thị Hoa\", date: 2023-05-02, channels: [web, ban-tin, phat-thanh] }\n";

    fn gate(s: &Story, drafts: bool) -> Option<PublicStory> {
        publish(s, &Registry::parse(REGISTRY).unwrap(), drafts)
    }

    #[test]
    fn nothing_is_published_without_consent_or_once_withdrawn() {
        assert!(gate(&adult("consent: false\n"), true).is_none());
        assert!(gate(&adult(&format!("{AGREED}withdrawn: true\n")), true).is_none());
        assert!(gate(&adult(AGREED), false).is_some());
    }

    #[test]
    fn every_reason_a_story_is_held_back_is_told_at_once() {
        let mut s = adult("consent: false\ndraft: true\n");
        s.awards[0].decision = None;
        assert_eq!(
            every_reason_held_back(&s, false),
            [HeldBack::NoConsent, HeldBack::Draft, HeldBack::NotDecided]
        );
        assert_eq!(
            every_reason_held_back(&s, true),
            [HeldBack::NoConsent, HeldBack::NotDecided]
        );
        s.publication.withdrawn = true;
        assert_eq!(every_reason_held_back(&s, false), [HeldBack::Withdrawn]);
        assert!(every_reason_held_back(&adult(AGREED), false).is_empty());
    }

    #[test]
    fn each_channel_needs_its_own_consent_and_the_web_comes_first() {
        let agreed = |channels: &str| {
            let line = format!(
                "consent: {{ by: nguoi-duoc-khen, date: 2023-05-02, channels: [{channels}] }}\n"
            );
            gate(&adult(&line), false).map(|p| (p.in_bulletin, p.on_radio))
        };
        assert_eq!(agreed("web"), Some((false, false)));
        assert_eq!(agreed("web, ban-tin"), Some((true, false)));
        assert_eq!(agreed("web, phat-thanh"), Some((false, true)));
        assert_eq!(agreed("web, ban-tin, phat-thanh"), Some((true, true)));
        // The bulletin and the radio script are files on the site.
        assert_eq!(agreed("ban-tin, phat-thanh"), None);
        assert_eq!(agreed(""), None);
    }

    #[test]
    fn a_proposal_is_not_an_award_until_it_is_decided() {
        let mut s = adult(AGREED);
        let decided = s.awards[0].clone();
        let mut proposed = decided.clone();
        proposed.decision = None;
        s.awards = vec![proposed.clone()];
        assert_eq!(held_back(&s, true), Some(HeldBack::NotDecided));
        assert!(gate(&s, true).is_none(), "no decided award: held back");
        s.awards = vec![decided, proposed];
        let public = gate(&s, false).expect("one decided award is enough");
        assert_eq!(public.awards.len(), 1, "only the decided award is public");
        assert!(public.awards[0].decided());
    }

    #[test]
    fn a_child_is_named_on_the_radio_as_a_speaker_would() {
        let child = gate(&minor("phuong-a", AGREED), false).unwrap();
        assert_eq!(child.person.spoken_name, "em Khôi");
        let grown = gate(&adult(AGREED), false).unwrap();
        assert_eq!(grown.person.spoken_name, "Lê Văn Tâm");
    }

    #[test]
    fn a_draft_is_published_only_when_drafts_are_asked_for() {
        let draft = adult(&format!("{AGREED}draft: true\n"));
        assert!(gate(&draft, false).is_none());
        assert!(gate(&draft, true).is_some());
    }

    #[test]
    fn an_adult_is_shown_whole() {
        let public = gate(&adult(AGREED), false).unwrap();
        assert_eq!(public.person.public_name, "Lê Văn Tâm");
        assert_eq!(public.person.birth_year, Some(1980));
        assert_eq!(public.person.school.as_deref(), Some("Trường B"));
        assert_eq!(public.unit.as_deref(), Some("truong-b"));
        assert!(public.photo.is_some());
    }

    #[test]
    fn a_minor_keeps_name_year_school_photo_and_school_unit_hidden() {
        let public = gate(&minor("truong-b", AGREED), false).unwrap();
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
    fn a_minors_body_images_are_withheld_unless_the_photo_is_allowed() {
        let with_image = |allow: &str| {
            let mut s = minor("phuong-a", allow);
            s.text.body = "Em cùng lớp.\n\n![Cả lớp](images/lop.jpg)\n".into();
            s.derived.images = vec!["images/lop.jpg".into()];
            gate(&s, false).unwrap()
        };
        let hidden = with_image(AGREED);
        assert_eq!(hidden.body.unpack(), "Em cùng lớp.\n\nCả lớp\n");
        assert!(hidden.derived.images.is_empty());
        let shown = with_image(&format!("{AGREED}minor_allow: {{ photo: true }}\n"));
        assert!(shown.body.unpack().contains("images/lop.jpg"));
        assert_eq!(shown.derived.images, ["images/lop.jpg"]);
    }

    #[test]
    fn the_bulletin_prints_the_photo_of_a_consenting_adult_only() {
        let printed = |s: Story| gate(&s, false).unwrap().photo_in_bulletin;
        assert!(printed(adult(AGREED)));
        let web_only = "consent: { by: nguoi-duoc-khen, date: 2023-05-02, channels: [web] }\n";
        assert!(!printed(adult(web_only)), "no consent to the bulletin");
        // A minor's photo may be on the site, never on paper.
        let allowed = format!("{AGREED}minor_allow: {{ photo: true }}\n");
        let minor_story = minor("phuong-a", &allowed);
        assert!(gate(&minor_story, false).unwrap().photo.is_some());
        assert!(!printed(minor_story));
    }

    #[test]
    fn gender_is_public_for_an_adult_and_for_a_minor_only_with_the_birth_year() {
        let with_gender = |mut s: Story| {
            s.person.gender = Some(Gender::Female);
            gate(&s, false).unwrap().person.gender
        };
        assert_eq!(with_gender(adult(AGREED)), Some(Gender::Female));
        assert_eq!(with_gender(minor("phuong-a", AGREED)), None);
        let year_allowed = format!("{AGREED}minor_allow: {{ birth_year: true }}\n");
        assert_eq!(
            with_gender(minor("phuong-a", &year_allowed)),
            Some(Gender::Female)
        );
    }

    #[test]
    fn a_ward_proposing_a_minor_is_named() {
        let public = gate(&minor("phuong-a", AGREED), false).unwrap();
        assert_eq!(public.unit.as_deref(), Some("phuong-a"));
    }

    #[test]
    fn what_a_minor_allows_is_shown_and_nothing_else() {
        let allowed = &format!("{AGREED}minor_allow: {{ photo: true, birth_year: true }}\n");
        let public = gate(&minor("truong-b", allowed), false).unwrap();
        assert!(public.photo.is_some());
        assert_eq!(public.person.birth_year, Some(2012));
        assert_eq!(public.person.school, None);
        assert_eq!(public.unit, None);
        let school = gate(
            &minor(
                "truong-b",
                &format!("{AGREED}minor_allow: {{ school: true }}\n"),
            ),
            false,
        )
        .unwrap();
        assert_eq!(school.person.school.as_deref(), Some("Trường B"));
        assert_eq!(school.unit.as_deref(), Some("truong-b"));
        assert!(school.photo.is_none());
    }

    #[test]
    fn one_person_has_one_key_and_the_key_is_not_the_name() {
        let a = gate(&adult(AGREED), false).unwrap();
        let b = gate(&adult(&format!("{AGREED}summary: \"Lần khác\"\n")), false).unwrap();
        let other = gate(&minor("phuong-a", AGREED), false).unwrap();
        assert_eq!(a.person.key, b.person.key);
        assert_ne!(a.person.key, other.person.key);
        assert!(!format!("{:?}", a.person.key).to_lowercase().contains("tam"));
    }

    fn key(person: &str) -> PersonKey {
        let adult = format!("{person}  category: nhan-dan\n");
        gate(&story(&adult, "phuong-a", AGREED), false)
            .unwrap()
            .person
            .key
    }

    #[test]
    fn one_name_without_a_birth_year_in_two_wards_is_two_people() {
        let lan = |ward: &str| key(&format!("  name: \"Trần Thị Lan\"\n  residence: {ward}\n"));
        assert_ne!(lan("phuong-a"), lan("phuong-c"));
        assert_eq!(lan("phuong-a"), lan("phuong-a"));
    }

    #[test]
    fn person_id_decides_who_is_one_person() {
        let lan = |ward: &str, id: &str| {
            key(&format!(
                "  name: \"Trần Thị Lan\"\n  residence: {ward}\n  id: {id}\n"
            ))
        };
        assert_eq!(lan("phuong-a", "lan-1"), lan("phuong-c", "lan-1"));
        let lan_year = |id: &str| {
            key(&format!(
                "  name: \"Trần Thị Lan\"\n  birth_year: 1980\n  id: {id}\n"
            ))
        };
        assert_ne!(lan_year("lan-1"), lan_year("lan-2"));
    }
}
