//! The fingerprint of a site model besides its stories' bodies. Every page
//! is made from the program, the templates and the model alone, and a page
//! shows a body only through `render::deferred`; so when two builds have
//! the same program, templates and fingerprint, a page is the same in both
//! unless a body it shows has changed. After the most common edit, a few
//! words of one story, a build then makes only that story's pages and the
//! bulletins that print it, and keeps every other page without making it.

use rayon::prelude::*;

use crate::site::model::SiteModel;
use crate::text::hash::update_framed;

/// The hash of everything in `model` but the stories' bodies, in postcard
/// (`PublicStory::hash_besides_body`); the site's settings and registry as
/// their Debug text (small, and not `Serialize`: quoted and escaped, and
/// holding no hash map, the same values always give the same text). The
/// groupings are made from the stories, and hashed all the same: a page
/// reads them, and the cost of that certainty is small. Every field is
/// named, not `..`, so one added later must be placed here or the build
/// will not compile.
/// `None` when a value could not be written, and then no page is kept
/// without being made.
pub fn besides_bodies(model: &SiteModel) -> Option<[u8; 32]> {
    let SiteModel {
        config,
        registry,
        base_path,
        stories,
        excerpts: _,
        story_slugs,
        story_person,
        people,
        groups,
        pages,
    } = model;
    // Most of the work, one story at a time on every core.
    let per_story: Vec<[u8; 32]> = (0..stories.len())
        .into_par_iter()
        .map_init(Vec::new, |buffer, id| {
            let mut hasher = blake3::Hasher::new();
            stories[id].hash_besides_body(&mut hasher, buffer)?;
            update_framed(&mut hasher, model.excerpt(id).as_bytes());
            update_framed(&mut hasher, story_slugs[id].as_bytes());
            hasher.update(&(story_person[id] as u64).to_le_bytes());
            Some(*hasher.finalize().as_bytes())
        })
        .collect::<Option<_>>()?;
    let mut hasher = blake3::Hasher::new();
    update_framed(&mut hasher, format!("{config:?}\0{registry:?}").as_bytes());
    let grouped = postcard::to_allocvec(&(base_path, &**people, &**groups, pages)).ok()?;
    update_framed(&mut hasher, &grouped);
    hasher.update(&(per_story.len() as u64).to_le_bytes());
    for story in &per_story {
        hasher.update(story);
    }
    Some(*hasher.finalize().as_bytes())
}
