//! Share cards: the 1200×630 PNG a chat or social app shows when a story is
//! shared (`og:image`), one per story beside its page (`truyen/x.png`) and
//! one for the site (`chia-se.png`). The theme's `share-card.svg` is filled
//! (`card`), drawn with the theme's fonts (`raster`), and kept in a cache
//! beside the output, found by the hash of the filled SVG, the fonts and
//! the photo: a rebuild that changes nothing on a card draws nothing.

pub mod card;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fsio;
use crate::render::memo::{Key, PageMemo};
use crate::render::output::OutputFile;
use crate::render::raster;
use crate::render::share_card::card::{bad_image, CardText, CardWords, HEIGHT, TEMPLATE, WIDTH};
use crate::render::theme::Theme;
use crate::site::model::{SiteModel, StoryId};
use crate::site::urls;
use crate::source::image_cache::cache_root;

/// Bumped whenever how a card is drawn changes outside the template.
const VERSION: &str = "cards-v3";
/// The first bytes of every PNG file.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The published photo a card may show, by the photo's output path.
pub type PhotoOf<'a> = dyn Fn(&str) -> Option<Vec<u8>> + Sync + 'a;

/// Cards drawn before, one PNG file per key.
#[derive(Debug, Clone)]
pub struct CardCache {
    dir: PathBuf,
}

impl CardCache {
    /// `public/` → `.public.bangvang-cache/cards-v3/` beside it.
    pub fn beside(output: &Path) -> CardCache {
        CardCache {
            dir: cache_root(output).join(VERSION),
        }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.png"))
    }

    fn load(&self, key: &str) -> Option<Vec<u8>> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        // A file cut short (a full disk) or damaged (a disk error, a stray
        // write) is drawn again: the key says what the card should show,
        // not that the file still shows it.
        whole_png(&bytes).then_some(bytes)
    }

    /// Written whole, then renamed into place: a reader never sees half.
    fn store(&self, key: &str, png: &[u8]) -> Result<(), fsio::IoError> {
        fsio::write_replacing(&self.path(key), png)
    }
}

/// A card to publish: its file, and where the cache holds the same bytes
/// (if it does), for the writer to link instead of writing them again.
pub struct Card {
    pub file: OutputFile,
    pub cached: Option<PathBuf>,
}

/// The card of story `id`: `None` when `memo` kept the last build's file.
pub fn story_card(
    model: &SiteModel,
    theme: &Theme,
    cache: &CardCache,
    id: StoryId,
    photo_of: &PhotoOf,
    memo: Option<&PageMemo>,
) -> Result<Option<Card>, Diagnostic> {
    let s = &model.stories[id];
    let words = CardWords::story(&model.config.title, s, &model.registry);
    let photo = s
        .photo
        .as_ref()
        .and_then(|p| photo_of(p.src.trim_start_matches('/')));
    let path = urls::share_card(&model.story_slugs[id]);
    // Kept, the card is not laid out, filled, read from the cache nor
    // compared with the last build's file: at 100,000 stories that is
    // 2.7 GB not read.
    let key = kept_key(theme, &words, photo.as_deref());
    if memo.is_some_and(|m| m.kept(&path, key, None)) {
        return Ok(None);
    }
    let text = words.lay_out(&theme.fonts);
    let card = Filled::new(theme, &text, photo)?.draw(theme, cache, &text, path)?;
    if let Some(memo) = memo {
        memo.record(&card.file.path, key, None);
    }
    Ok(Some(card))
}

/// A story card's key in the last build's record: its words, the theme's
/// card (template and fonts) and its photo. The memo's salt adds the
/// program and every template, so this is everything its pixels are made
/// from, found without laying out a line.
fn kept_key(theme: &Theme, words: &CardWords, photo: Option<&[u8]>) -> Key {
    let mut hasher = blake3::Hasher::new();
    hasher.update(VERSION.as_bytes());
    hasher.update(theme.share_key.as_bytes());
    words.hash_into(&mut hasher);
    if let Some(photo) = photo {
        hasher.update(b"\0photo\0");
        hasher.update(photo);
    }
    *hasher.finalize().as_bytes()
}

/// The site's own card.
pub fn site_card(model: &SiteModel, theme: &Theme, cache: &CardCache) -> Result<Card, Diagnostic> {
    let c = &model.config;
    let text = CardText::site(&c.title, &c.description, &theme.fonts);
    let path = urls::SITE_SHARE_CARD.to_string();
    Filled::new(theme, &text, None)?.draw(theme, cache, &text, path)
}

/// Every card of the site, on every core, each handed to `emit` unless
/// `memo` keeps the last build's.
pub fn all(
    model: &SiteModel,
    theme: &Theme,
    cache: &CardCache,
    photo_of: &PhotoOf,
    memo: Option<&PageMemo>,
    emit: &(dyn Fn(Card) -> Result<(), Diagnostic> + Sync),
) -> Result<usize, Diagnostics> {
    let site = site_card(model, theme, cache).and_then(emit).err();
    // Tasks of a few cards: a core that ran out of work steals from the
    // other instead of waiting for it (see `render::engine::JOBS_PER_TASK`).
    let mut errors: Vec<Diagnostic> = (0..model.stories.len())
        .into_par_iter()
        .with_max_len(64)
        .filter_map(|id| {
            story_card(model, theme, cache, id, photo_of, memo)
                .and_then(|card| card.map_or(Ok(()), emit))
                .err()
        })
        .collect();
    errors.extend(site);
    if errors.is_empty() {
        return Ok(model.stories.len() + 1);
    }
    // A broken template breaks every card the same way: one report.
    errors.dedup_by(|a, b| a.message == b.message);
    let mut diags = Diagnostics::default();
    diags.extend(errors);
    Err(diags)
}

/// The card written to `path` (for `serve`), if the site has it.
pub fn for_path(
    model: &SiteModel,
    theme: &Theme,
    cache: &CardCache,
    path: &str,
    photo_of: &PhotoOf,
) -> Option<Result<Vec<u8>, Diagnostic>> {
    if path == urls::SITE_SHARE_CARD {
        return Some(site_card(model, theme, cache).map(|c| c.file.bytes));
    }
    let id =
        (0..model.stories.len()).find(|&id| urls::share_card(&model.story_slugs[id]) == path)?;
    let card = story_card(model, theme, cache, id, photo_of, None);
    Some(card.map(|c| c.map(|c| c.file.bytes).unwrap_or_default()))
}

/// A card's template filled, and its key: the hash of everything its
/// pixels are made from.
struct Filled {
    svg: String,
    photo: Option<Vec<u8>>,
    key: Key,
}

impl Filled {
    fn new(theme: &Theme, text: &CardText, photo: Option<Vec<u8>>) -> Result<Self, Diagnostic> {
        let svg = text.svg(&theme.tera).map_err(|why| {
            Diagnostic::error(
                "template",
                format!("templates/{TEMPLATE}"),
                format!("không dựng được thẻ chia sẻ: {why}"),
            )
            .hint("sửa mẫu trang (Tera) theo thông báo trên")
        })?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(VERSION.as_bytes());
        hasher.update(theme.share_key.as_bytes());
        hasher.update(svg.as_bytes());
        if let Some(photo) = &photo {
            hasher.update(b"\0photo\0");
            hasher.update(photo);
        }
        let key = *hasher.finalize().as_bytes();
        Ok(Filled { svg, photo, key })
    }

    /// The card at `path`: from the cache, or drawn and put in the cache.
    fn draw(
        self,
        theme: &Theme,
        cache: &CardCache,
        text: &CardText,
        path: String,
    ) -> Result<Card, Diagnostic> {
        let key = blake3::Hash::from_bytes(self.key).to_hex().to_string();
        let card = |bytes, stored: bool| Card {
            file: OutputFile { path, bytes },
            cached: stored.then(|| cache.path(&key)),
        };
        if let Some(hit) = cache.load(&key) {
            return Ok(card(hit, true));
        }
        let photo = self.photo.map(Arc::new);
        let png = raster::png(&self.svg, &theme.fonts, photo.as_ref(), WIDTH, HEIGHT)
            .map_err(|why| bad_image(&format!("templates/{TEMPLATE}"), &why))?;
        let png = with_description(png, &text.description());
        // A cache that cannot be written only costs speed.
        let stored = cache.store(&key, &png).is_ok();
        Ok(card(png, stored))
    }
}

/// Whether `bytes` are a whole PNG file as written: the signature, then
/// chunks whose checksums (CRC-32 of type and data) all hold, the last one
/// `IEND` ending the file. Found by a rebuild that published a cached card
/// garbled in its middle (tests/rebuild_equals_clean.rs).
fn whole_png(bytes: &[u8]) -> bool {
    let Some(mut rest) = bytes.strip_prefix(PNG_SIGNATURE) else {
        return false;
    };
    while rest.len() >= 12 {
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let Some(end) = len.checked_add(12).filter(|&end| end <= rest.len()) else {
            return false;
        };
        let (kind_and_data, crc) = rest[4..end].split_at(end - 8);
        if crc32fast::hash(kind_and_data).to_be_bytes() != crc {
            return false;
        }
        if &kind_and_data[..4] == b"IEND" {
            return rest.len() == end;
        }
        rest = &rest[end..];
    }
    false
}

/// `png` with an `iTXt` chunk `Description` (in Vietnamese) right after
/// its header: what the card says, for whoever reads the file as text.
fn with_description(png: Vec<u8>, text: &str) -> Vec<u8> {
    // Signature (8) and the IHDR chunk (4 + 4 + 13 + 4).
    const AFTER_HEADER: usize = 33;
    if png.len() < AFTER_HEADER || &png[12..16] != b"IHDR" {
        return png;
    }
    let mut data = b"iTXtDescription\0\0\0vi\0\0".to_vec();
    data.extend_from_slice(text.as_bytes());
    let mut chunk = ((data.len() - 4) as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(&data);
    chunk.extend_from_slice(&crc32fast::hash(&data).to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..AFTER_HEADER]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[AFTER_HEADER..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png() -> Vec<u8> {
        let img = image::RgbImage::from_pixel(4, 3, image::Rgb([0xa6, 0x1b, 0x1b]));
        let mut bytes = std::io::Cursor::new(Vec::new());
        img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
        with_description(bytes.into_inner(), "Thẻ chia sẻ")
    }

    #[test]
    fn a_cached_card_cut_short_or_garbled_anywhere_is_not_whole() {
        let good = png();
        assert!(whole_png(&good));
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x5a;
            assert!(!whole_png(&bad), "byte {at} garbled");
            assert!(!whole_png(&good[..at]), "cut at {at}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(!whole_png(&longer));
    }
}
