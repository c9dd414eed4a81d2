//! What a share card says and how it is laid out: the text comes from the
//! `PublicStory` alone (the page's own title and public name, so a minor's
//! card shows the initials and given name the page shows, never more), is
//! wrapped here in Rust, and fills the theme's `share-card.svg`, whose Tera
//! escapes every value.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::policy::PublicStory;
use crate::render::raster::{self, Fonts};
use crate::source::registry::{Kind, Registry};
use crate::text::hash::update_framed;
use crate::text::vietnamese::month_title;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// The template of the theme (`templates/share-card.svg`).
pub const TEMPLATE: &str = "share-card.svg";
/// The family `share-card.svg` writes; the wrapping measures with it.
const FAMILY: &str = "Be Vietnam Pro";

/// Sizes and places, in pixels: Rust wraps the text for them, and the
/// template draws with the same numbers.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    pub margin: u32,
    /// Where the text may run; narrower when a photo stands on the right.
    pub text_width: u32,
    pub photo_x: u32,
    pub title_size: u32,
    pub title_line: u32,
    pub title_lines: usize,
    pub name_size: u32,
    pub small_size: u32,
}

const LAYOUT: Layout = Layout {
    width: WIDTH,
    height: HEIGHT,
    margin: 72,
    text_width: WIDTH - 2 * 72,
    photo_x: 760,
    title_size: 58,
    title_line: 72,
    title_lines: 3,
    name_size: 40,
    small_size: 30,
};

/// Everything a card shows, wrapped into lines.
#[derive(Debug, Clone, Serialize)]
pub struct CardText {
    pub site: String,
    pub title: Vec<String>,
    /// The person's public name; empty on the site's own card.
    pub name: String,
    /// The highest level with its own month: "Cấp khen thưởng · Tháng 5/2023".
    pub award: String,
    pub photo: bool,
    pub layout: Layout,
}

/// What a story's card says, before it is laid out: the whole input of
/// its text, so its hash can stand for the card (with the theme and the
/// photo) without wrapping a line or filling the template.
pub struct CardWords<'a> {
    site: &'a str,
    title: &'a str,
    name: &'a str,
    award: String,
    photo: bool,
}

impl<'a> CardWords<'a> {
    /// The words of a story's card. `photo` is whether the page shows one
    /// (the gate already dropped a minor's photo that is not allowed).
    pub fn story(site: &'a str, s: &'a PublicStory, registry: &Registry) -> Self {
        let best = s.awards.iter().max_by_key(|a| (a.level_rank, a.month));
        let award = best.map(|a| {
            let level = registry
                .get(Kind::Level, &a.level)
                .map_or(a.level.as_str(), |e| e.name.as_str());
            format!("{level} · {}", month_title(a.month.year, a.month.month))
        });
        CardWords {
            site,
            title: &s.title,
            name: &s.person.public_name,
            award: award.unwrap_or_default(),
            photo: s.photo.is_some(),
        }
    }

    /// Feed every word to `hasher`, each with its length, so no two cards'
    /// words run together the same way.
    pub fn hash_into(&self, hasher: &mut blake3::Hasher) {
        for part in [self.site, self.title, self.name, &self.award] {
            update_framed(hasher, part.as_bytes());
        }
        hasher.update(&[u8::from(self.photo)]);
    }

    /// The words wrapped into the card's lines.
    pub fn lay_out(&self, fonts: &Fonts) -> CardText {
        let (site, title, name) = (self.site, self.title, self.name);
        CardText::new(site, title, name, &self.award, self.photo, fonts)
    }
}

impl CardText {
    /// The site's own card, for every page that is not a story.
    pub fn site(title: &str, description: &str, fonts: &Fonts) -> CardText {
        let text = if description.trim().is_empty() {
            title
        } else {
            description
        };
        CardText::new(title, text, "", "", false, fonts)
    }

    fn new(site: &str, title: &str, name: &str, award: &str, photo: bool, fonts: &Fonts) -> Self {
        let mut layout = LAYOUT;
        if photo {
            layout.text_width = layout.photo_x - layout.margin - 48;
        }
        let width = layout.text_width as f32;
        let line = |text: &str, bold: bool, size: u32| {
            let measure = fonts.measure(FAMILY, bold, size as f32);
            wrap(text, 1, width, &measure).pop().unwrap_or_default()
        };
        let title_measure = fonts.measure(FAMILY, true, layout.title_size as f32);
        CardText {
            site: line(site, true, layout.small_size),
            title: wrap(title, layout.title_lines, width, &title_measure),
            name: line(name, false, layout.name_size),
            award: line(award, false, layout.small_size),
            photo,
            layout,
        }
    }

    /// What the card says, as one line of plain text (the PNG carries it
    /// as its description, and the page as the image's `alt`).
    pub fn description(&self) -> String {
        let mut parts = vec![self.title.join(" ")];
        parts.extend(
            [&self.name, &self.award, &self.site]
                .into_iter()
                .filter(|p| !p.is_empty())
                .cloned(),
        );
        parts.join(" — ")
    }

    /// The filled template.
    pub fn svg(&self, tera: &tera::Tera) -> Result<String, String> {
        let mut ctx = tera::Context::new();
        ctx.insert("card", self);
        tera.render(TEMPLATE, &ctx)
            .map_err(|e| crate::render::output::error_chain(&e))
    }
}

/// How wide text is: in units that add up exactly (a string's units are
/// the sum of its letters'), and those units in pixels.
pub trait TextWidth {
    fn units(&self, text: &str) -> u32;
    fn pixels(&self, units: u32) -> f32;
}

impl TextWidth for raster::Measure<'_> {
    fn units(&self, text: &str) -> u32 {
        raster::Measure::units(self, text)
    }

    fn pixels(&self, units: u32) -> f32 {
        raster::Measure::pixels(self, units)
    }
}

/// `text` in at most `max_lines` lines no wider than `width`; what does not
/// fit ends the last line with "…". A word wider than a line is cut.
/// A line's width is kept as it grows, word by word, not measured again
/// whole: exact, since widths in units add up.
pub fn wrap(text: &str, max_lines: usize, width: f32, measure: &dyn TextWidth) -> Vec<String> {
    let fits = |units: u32| measure.pixels(units) <= width;
    let space = measure.units(" ");
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_units = 0;
    for word in text.split_whitespace() {
        let word_units = measure.units(word);
        if current.is_empty() && fits(word_units) {
            (current, current_units) = (word.to_string(), word_units);
            continue;
        }
        if !current.is_empty() && fits(current_units + space + word_units) {
            current.push(' ');
            current.push_str(word);
            current_units += space + word_units;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        current_units = 0;
        for c in word.chars() {
            let c_units = measure.units(c.encode_utf8(&mut [0; 4]));
            current.push(c);
            current_units += c_units;
            if !fits(current_units) && current.chars().count() > 1 {
                current.pop();
                lines.push(std::mem::replace(&mut current, c.to_string()));
                current_units = c_units;
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            end_with_ellipsis(last, &fits, measure);
        }
    }
    lines
}

/// `line` cut until it fits with "…" after it.
fn end_with_ellipsis(line: &mut String, fits: &dyn Fn(u32) -> bool, measure: &dyn TextWidth) {
    loop {
        let cut = format!("{}…", line.trim_end());
        if fits(measure.units(&cut)) || line.is_empty() {
            *line = cut;
            return;
        }
        line.pop();
    }
}

/// Whether a theme's `share-card.svg` (at `path`) fills and draws: a sample
/// card through the template and the SVG parser (not rasterized: `check`
/// stays quick).
pub fn check_template(tera: &tera::Tera, fonts: &Fonts, path: &str) -> Result<(), Diagnostic> {
    let mut card = CardText::new(
        "Bảng vàng",
        "Lao xuống hồ cứu cháu bé đuối nước",
        "Nguyễn Văn A",
        "Cấp khen thưởng · Tháng 5/2023",
        true,
        fonts,
    );
    for photo in [true, false] {
        card.photo = photo;
        let svg = card.svg(tera).map_err(|why| {
            Diagnostic::error(
                "template",
                path,
                format!("không dựng được thẻ chia sẻ: {why}"),
            )
            .hint("sửa mẫu trang (Tera) theo thông báo trên")
        })?;
        raster::parse(&svg, fonts, None).map_err(|why| bad_image(path, &why))?;
    }
    Ok(())
}

/// A theme's SVG (share card, favicon) that cannot be drawn.
pub fn bad_image(path: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        "bad-share-image",
        path,
        format!("không vẽ được ảnh của chủ đề giao diện: {why}"),
    )
    .hint("sửa tệp SVG theo thông báo trên, hoặc xoá tệp để dùng bản có sẵn của bangvang")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every letter 10 pixels wide.
    struct Tens;

    impl TextWidth for Tens {
        fn units(&self, text: &str) -> u32 {
            text.chars().count() as u32
        }

        fn pixels(&self, units: u32) -> f32 {
            units as f32 * 10.0
        }
    }

    #[test]
    fn lines_break_between_words_and_overflow_ends_with_an_ellipsis() {
        assert_eq!(
            wrap("Cứu người đuối nước", 3, 100.0, &Tens),
            ["Cứu người", "đuối nước"]
        );
        assert_eq!(
            wrap("một hai ba bốn năm sáu bảy", 2, 70.0, &Tens),
            ["một hai", "ba bốn…"]
        );
        assert_eq!(wrap("Nguyễnnnnnnn", 2, 50.0, &Tens), ["Nguyễ", "nnnn…"]);
        assert!(wrap("   ", 2, 50.0, &Tens).is_empty());
    }
}
