//! SVG to PNG, for the images the site makes itself: share cards and the
//! favicon. Text is drawn only with the fonts handed in (the theme's, never
//! the machine's), so the same input gives the same bytes on every machine,
//! and an SVG may load no file: the one picture it may show is the photo
//! handed in, named `bangvang:photo`.

use std::sync::Arc;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb, ImageHrefResolver, ImageKind};

/// What an SVG writes to show the photo handed to `png`.
pub const PHOTO_HREF: &str = "bangvang:photo";

/// The fonts an SVG may use, loaded once per build.
#[derive(Clone)]
pub struct Fonts {
    db: Arc<fontdb::Database>,
}

impl Fonts {
    /// Fonts from their files' bytes (TrueType or OpenType). The first
    /// family is the one a `font-family` that names none of them falls to.
    pub fn new(files: &[&[u8]]) -> Fonts {
        let mut db = fontdb::Database::new();
        for bytes in files {
            db.load_font_data(bytes.to_vec());
        }
        let first = db.faces().next().and_then(|f| f.families.first());
        if let Some((family, _)) = first.cloned() {
            db.set_sans_serif_family(family.clone());
            db.set_serif_family(family);
        }
        Fonts { db: Arc::new(db) }
    }

    /// How wide text is at `size` pixels in the face of `family` with
    /// `bold` weight or not, from the glyphs' advances (no kerning: a little
    /// wider than drawn, which is the safe side for wrapping).
    pub fn measure(&self, family: &str, bold: bool, size: f32) -> Measure<'_> {
        // Parsed once here, not per string: a card's wrapping measures
        // dozens of them.
        Measure {
            face: self.face(family, bold),
            size,
        }
    }

    /// The face `family` (else the sans-serif one) at the weight asked.
    fn face(&self, family: &str, bold: bool) -> Option<ttf_parser::Face<'_>> {
        let weight = if bold {
            fontdb::Weight::BOLD
        } else {
            fontdb::Weight::NORMAL
        };
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(family), fontdb::Family::SansSerif],
            weight,
            ..Default::default()
        };
        let info = self.db.face(self.db.query(&query)?)?;
        // Fonts are only ever loaded from bytes (`new`); the other kinds of
        // source exist only with fontdb's file features.
        #[allow(irrefutable_let_patterns)]
        let fontdb::Source::Binary(data) = &info.source
        else {
            return None;
        };
        ttf_parser::Face::parse((**data).as_ref(), info.index).ok()
    }
}

/// Widths of text in one face at one size.
pub struct Measure<'a> {
    face: Option<ttf_parser::Face<'a>>,
    size: f32,
}

impl Measure<'_> {
    /// The width of `text` in the face's units: the sum of its letters'
    /// widths, so the units of two strings add up to those of both.
    pub fn units(&self, text: &str) -> u32 {
        let Some(face) = &self.face else {
            return text.chars().count() as u32;
        };
        let fallback = face.units_per_em() / 2;
        text.chars()
            .map(|c| {
                let glyph = face.glyph_index(c);
                let advance = glyph.and_then(|g| face.glyph_hor_advance(g));
                u32::from(advance.unwrap_or(fallback))
            })
            .sum()
    }

    /// `units` in pixels.
    pub fn pixels(&self, units: u32) -> f32 {
        match &self.face {
            Some(face) => units as f32 * self.size / f32::from(face.units_per_em()),
            // No font at all: a rough average width of a letter.
            None => units as f32 * self.size * 0.55,
        }
    }

    /// The width of `text` in pixels.
    pub fn width(&self, text: &str) -> f32 {
        self.pixels(self.units(text))
    }
}

/// Parse `svg` with `fonts`; `photo` (JPEG or PNG bytes) is what
/// `bangvang:photo` shows. Any other file an SVG names is not loaded.
pub fn parse(svg: &str, fonts: &Fonts, photo: Option<&Arc<Vec<u8>>>) -> Result<usvg::Tree, String> {
    let photo = photo.cloned();
    let options = usvg::Options {
        fontdb: fonts.db.clone(),
        image_href_resolver: ImageHrefResolver {
            resolve_data: ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(move |href: &str, _| {
                let bytes = photo.clone().filter(|_| href == PHOTO_HREF)?;
                Some(if bytes.starts_with(b"\x89PNG") {
                    ImageKind::PNG(bytes)
                } else if bytes.starts_with(b"RIFF") {
                    ImageKind::WEBP(bytes)
                } else {
                    ImageKind::JPEG(bytes)
                })
            }),
        },
        resources_dir: None,
        ..Default::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| match e {
        usvg::Error::ParsingFailed(x) => format!(
            "SVG viết sai ở dòng {}, cột {} (thẻ mở mà không đóng, hay dấu < & viết trần?)",
            x.pos().row,
            x.pos().col
        ),
        usvg::Error::InvalidSize => "SVG không ghi kích thước (width, height hay viewBox)".into(),
        _ => "không đọc được SVG".into(),
    })
}

/// The PNG of `svg` drawn at `width`×`height` pixels (scaled from its own size).
pub fn png(
    svg: &str,
    fonts: &Fonts,
    photo: Option<&Arc<Vec<u8>>>,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, String> {
    let tree = parse(svg, fonts, photo)?;
    let mut pixmap = Pixmap::new(width, height).ok_or("kích thước ảnh bằng 0")?;
    let size = tree.size();
    let scale = Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    resvg::render(&tree, scale, &mut pixmap.as_mut());
    if !is_opaque(pixmap.data()) {
        return pixmap.encode_png().map_err(|e| e.to_string());
    }
    opaque_png(pixmap.data(), width, height)
}

/// Whether every pixel of `rgba` is opaque. Every pixel ANDed together, two
/// at a time as whole words: no branch per pixel (a card is opaque, so an
/// early exit would not come anyway), and the compiler vectorises it. A
/// byte at a time (`step_by(4)`) took about a tenth of a card's drawing.
fn is_opaque(rgba: &[u8]) -> bool {
    const ALPHAS: u64 = 0xFF00_0000_FF00_0000;
    let pairs = rgba.chunks_exact(8);
    let odd_pixel = pairs.remainder().get(3).copied().unwrap_or(u8::MAX);
    let all = pairs.fold(u64::MAX, |all, pair| {
        let mut word = [0u8; 8];
        word.copy_from_slice(pair);
        all & u64::from_le_bytes(word)
    });
    all & ALPHAS == ALPHAS && odd_pixel == u8::MAX
}

/// An opaque picture (a share card) as PNG: one byte a pixel (a palette)
/// when it has at most 256 colours, as flat cards with smooth text do;
/// else three bytes a pixel. Exact either way: no colour is changed.
fn opaque_png(rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let Some((palette, indices)) = indexed(rgba, width as usize) else {
        let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
        for p in rgba.chunks_exact(4) {
            rgb.extend_from_slice(&p[..3]);
        }
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        );
        image::ImageEncoder::write_image(
            encoder,
            &rgb,
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| e.to_string())?;
        return Ok(out);
    };
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    encoder.set_compression(png::Compression::Fast);
    // Each row picks its own filter: a run of one colour becomes zeros
    // (which the fast compressor is made for; unfiltered it would store
    // the rows raw), and a row of text under a like row becomes near
    // zeros too. Measured on 40 cards of the 10,000-story benchmark:
    // 27.0 KB a card against 39.8 KB with `Sub` alone, 0.37 ms against
    // 0.25 ms to encode (zlib's default level gives 20.8 KB but 4.6 ms,
    // more than drawing the card).
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&indices)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The palette (RGB, in the order colours first appear, so the bytes are
/// the same on every run) and each pixel's index in it, or `None` when
/// `rgba` has more than 256 colours. `width` is in pixels.
fn indexed(rgba: &[u8], width: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut palette: Vec<u8> = Vec::new();
    let mut index: rustc_hash::FxHashMap<u32, u8> = Default::default();
    let mut indices = vec![0u8; rgba.len() / 4];
    let row_bytes = width * 4;
    for (y, row) in rgba.chunks_exact(row_bytes).enumerate() {
        let (done, rest) = indices.split_at_mut(y * width);
        let out = &mut rest[..width];
        // A card is mostly rows of background, each like the one above:
        // one comparison of the whole row (vectorised) copies its indices.
        if y > 0 && row == &rgba[(y - 1) * row_bytes..y * row_bytes] {
            out.copy_from_slice(&done[(y - 1) * width..]);
            continue;
        }
        index_row(row, out, &mut index, &mut palette)?;
    }
    Some((palette, indices))
}

/// The indices of one row's pixels, adding new colours to the palette.
fn index_row(
    row: &[u8],
    out: &mut [u8],
    index: &mut rustc_hash::FxHashMap<u32, u8>,
    palette: &mut Vec<u8>,
) -> Option<()> {
    // Most pixels repeat their left neighbour: skip the lookup for them.
    // (No colour is u32::MAX: its top byte is always 0.)
    let (mut last, mut last_index) = (u32::MAX, 0u8);
    for (p, slot) in row.chunks_exact(4).zip(out.iter_mut()) {
        let colour = u32::from_le_bytes([p[0], p[1], p[2], 0]);
        if colour != last {
            let next = index.len();
            last_index = *index.entry(colour).or_insert_with(|| {
                palette.extend_from_slice(&p[..3]);
                next.min(255) as u8
            });
            if index.len() > 256 {
                return None;
            }
            last = colour;
        }
        *slot = last_index;
    }
    Some(())
}

/// An `.ico` file holding one PNG (every browser since 2010 reads it).
pub fn ico(png: &[u8], size: u8) -> Vec<u8> {
    let mut ico = Vec::with_capacity(22 + png.len());
    ico.extend_from_slice(&[0, 0, 1, 0, 1, 0]); // reserved, type icon, one image
    ico.extend_from_slice(&[size, size, 0, 0]); // width, height, no palette
    ico.extend_from_slice(&1u16.to_le_bytes()); // colour planes
    ico.extend_from_slice(&32u16.to_le_bytes()); // bits per pixel
    ico.extend_from_slice(&(png.len() as u32).to_le_bytes());
    ico.extend_from_slice(&22u32.to_le_bytes()); // where the PNG starts
    ico.extend_from_slice(png);
    ico
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGULAR: &[u8] = include_bytes!("../../themes/default/fonts/BeVietnamPro-Regular.ttf");

    #[test]
    fn vietnamese_text_is_measured_and_drawn() {
        let fonts = Fonts::new(&[REGULAR]);
        let measure = fonts.measure("Be Vietnam Pro", false, 40.0);
        let wide = measure.width("Nguyễn Thị Hường");
        assert!(wide > 200.0 && wide < 500.0, "{wide}");
        assert!(measure.width("Hường") < wide);
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="2" y="30" font-family="Be Vietnam Pro" font-size="20">Ước mơ</text></svg>"#;
        let a = png(svg, &fonts, None, 120, 40).unwrap();
        assert_eq!(a, png(svg, &fonts, None, 120, 40).unwrap(), "deterministic");
        let blank = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"></svg>"#;
        assert_ne!(
            a,
            png(blank, &fonts, None, 120, 40).unwrap(),
            "text is drawn"
        );
    }

    #[test]
    fn an_svg_loads_no_file_of_its_own() {
        let fonts = Fonts::new(&[REGULAR]);
        let named = r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><image href="/etc/hostname" width="8" height="8"/></svg>"#;
        let empty = r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"></svg>"#;
        assert_eq!(
            png(named, &fonts, None, 8, 8).unwrap(),
            png(empty, &fonts, None, 8, 8).unwrap()
        );
    }

    /// What a PNG shows, as RGBA pixels.
    fn pixels(png: &[u8]) -> Vec<u8> {
        image::load_from_memory(png).unwrap().to_rgba8().into_raw()
    }

    #[test]
    fn a_flat_card_keeps_every_pixel_with_one_byte_each() {
        let fonts = Fonts::new(&[REGULAR]);
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#fffdf7"/><text x="2" y="30" font-family="Be Vietnam Pro" font-size="20" fill="#8a1414">Ước mơ</text></svg>"##;
        let card = png(svg, &fonts, None, 120, 40).unwrap();
        assert_eq!(card[25], 3, "colour type: palette");
        assert!(card.len() < 120 * 40 / 4, "compressed: {}", card.len());
        let tree = parse(svg, &fonts, None).unwrap();
        let mut drawn = Pixmap::new(120, 40).unwrap();
        resvg::render(&tree, Transform::identity(), &mut drawn.as_mut());
        assert_eq!(pixels(&card), drawn.data(), "no colour changed");
    }

    #[test]
    fn a_card_of_many_colours_stays_true_colour() {
        // A gradient: more than 256 colours.
        let rgba: Vec<u8> = (0..300u32 * 2)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 7, 255])
            .collect();
        let card = opaque_png(&rgba, 300, 2).unwrap();
        assert_eq!(card[25], 2, "colour type: RGB");
        assert_eq!(pixels(&card), rgba);
    }

    #[test]
    fn one_pixel_not_quite_opaque_anywhere_is_seen() {
        for pixels in [1usize, 2, 5, 6] {
            let opaque = vec![200u8; pixels * 4]
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect::<Vec<u8>>();
            assert!(is_opaque(&opaque), "{pixels} opaque pixels");
            for i in 0..pixels {
                let mut one = opaque.clone();
                one[i * 4 + 3] = 254;
                assert!(!is_opaque(&one), "pixel {i} of {pixels}");
            }
        }
    }

    #[test]
    fn an_ico_wraps_its_png() {
        let ico = ico(b"\x89PNGdata", 32);
        assert_eq!(&ico[..6], &[0, 0, 1, 0, 1, 0]);
        assert_eq!(ico[6], 32);
        assert_eq!(&ico[22..], b"\x89PNGdata");
    }
}
