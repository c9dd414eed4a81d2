//! Markdown a page shows, rendered only when the page is. After a one-story
//! edit nearly every page is kept from the last build (see `memo`), yet its
//! context is made to find its key: rendering every story's Markdown for
//! that (twice for the bulletin, which first takes the images out) was
//! about a tenth of the work. The context holds a stand-in instead, and the
//! page's key hashes the Markdown itself, which is the same thing: the HTML
//! is a pure function of the Markdown and the site's base path, and the
//! program and the base path are in every key. It hashes the Markdown as
//! it is held, packed (`text::packed`), so a kept page never unpacks it.
//!
//! A page shows a body only through here, and each piece says whose body
//! it is: the build records which stories' bodies each page shows, so that
//! after an edit of a body alone only those pages are made at all (see
//! `site::fingerprint`).

use serde_json::Value;
use tera::Context;

use crate::site::model::{SiteModel, StoryId};
use crate::text::hash::update_framed;
use crate::text::markdown;
use crate::text::packed::PackedText;

/// What a stand-in starts and ends with. Never in a context otherwise: a
/// control character in any content or registry file is refused by `check`
/// (`source::load`), and no program text holds one.
const MARK: char = '\u{1}';

/// The Markdown of one page, each piece in the order its stand-in was made.
#[derive(Default)]
pub struct Deferred(Vec<Piece>);

struct Piece {
    /// Whose body this is.
    story: StoryId,
    markdown: PackedText,
    /// Each image left as its alt text (`markdown::without_images`): paper.
    without_images: bool,
}

impl Deferred {
    /// The stand-in for the body of `story` as HTML.
    pub fn body_html(&mut self, model: &SiteModel, story: StoryId) -> String {
        self.add(story, &model.stories[story].body, false)
    }

    /// The stand-in for the body of `story` as HTML, each image as its alt
    /// text (paper).
    pub fn body_html_without_images(&mut self, model: &SiteModel, story: StoryId) -> String {
        self.add(story, &model.stories[story].body, true)
    }

    fn add(&mut self, story: StoryId, markdown: &PackedText, without_images: bool) -> String {
        self.0.push(Piece {
            story,
            markdown: markdown.clone(),
            without_images,
        });
        format!("{MARK}{}{MARK}", self.0.len() - 1)
    }

    /// The stories whose bodies the page shows, in the order shown.
    pub fn stories(&self) -> Box<[u32]> {
        self.0.iter().map(|piece| piece.story as u32).collect()
    }

    /// Feed every piece to `hasher`, each with its kind and length.
    pub fn hash_into(&self, hasher: &mut blake3::Hasher) {
        for piece in &self.0 {
            hasher.update(&[u8::from(piece.without_images)]);
            update_framed(hasher, piece.markdown.digest());
        }
    }

    /// `ctx` with every stand-in replaced by its HTML.
    pub fn fill(&self, ctx: Context, base_path: &str) -> Context {
        if self.0.is_empty() {
            return ctx;
        }
        let mut json = ctx.into_json();
        self.fill_value(&mut json, base_path);
        // A context is always a JSON object, so this gives back all of it.
        Context::from_value(json).unwrap_or_default()
    }

    fn fill_value(&self, value: &mut Value, base_path: &str) {
        match value {
            Value::String(text) => {
                if let Some(piece) = self.stand_in(text) {
                    *text = piece.html(base_path);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.fill_value(v, base_path)),
            Value::Object(fields) => fields
                .values_mut()
                .for_each(|v| self.fill_value(v, base_path)),
            _ => {}
        }
    }

    /// The piece `text` stands in for, if it is a stand-in.
    fn stand_in(&self, text: &str) -> Option<&Piece> {
        let index = text.strip_prefix(MARK)?.strip_suffix(MARK)?;
        self.0.get(index.parse::<usize>().ok()?)
    }
}

impl Piece {
    fn html(&self, base_path: &str) -> String {
        let text = self.markdown.unpack();
        if self.without_images {
            markdown::render(&markdown::without_images(&text), base_path)
        } else {
            markdown::render(&text, base_path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stand_in_becomes_its_html_and_nothing_else_changes() {
        let mut deferred = Deferred::default();
        let mut ctx = Context::new();
        ctx.insert(
            "a",
            &deferred.add(0, &"**đậm** ![ảnh](/a.jpg)".into(), false),
        );
        let paper = deferred.add(1, &"![ảnh mô tả](/a.jpg)".into(), true);
        ctx.insert("b", &[paper]);
        ctx.insert("plain", "\u{1}9\u{1}");
        let json = deferred.fill(ctx, "/").into_json();
        assert_eq!(json["a"], markdown::render("**đậm** ![ảnh](/a.jpg)", "/"));
        let paper = json["b"][0].as_str().unwrap();
        assert!(
            paper.contains("ảnh mô tả") && !paper.contains("<img"),
            "{paper}"
        );
        assert_eq!(json["plain"], "\u{1}9\u{1}", "no piece 9: left as it is");
    }

    #[test]
    fn the_hash_tells_the_markdown_and_its_kind_apart() {
        let hash = |build: &dyn Fn(&mut Deferred)| {
            let mut deferred = Deferred::default();
            build(&mut deferred);
            let mut hasher = blake3::Hasher::new();
            deferred.hash_into(&mut hasher);
            *hasher.finalize().as_bytes()
        };
        let one = hash(&|d| drop(d.add(0, &"ab".into(), false)));
        assert_eq!(one, hash(&|d| drop(d.add(0, &"ab".into(), false))));
        assert_ne!(one, hash(&|d| drop(d.add(0, &"ac".into(), false))));
        assert_ne!(one, hash(&|d| drop(d.add(0, &"ab".into(), true))));
        assert_ne!(
            hash(&|d| drop((d.add(0, &"a".into(), false), d.add(1, &"b".into(), false)))),
            hash(&|d| drop(d.add(0, &"ab".into(), false)))
        );
    }
}
