//! Images are published decoded and encoded anew: only pixels survive, so no
//! EXIF (GPS position, camera serial), XMP, IPTC, comment, trailer or second
//! embedded image can reach the site. The phone's orientation is applied to
//! the pixels, and a few widths are made so a cheap phone loads a small file.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

/// The widest file published: wider photos are scaled down to it.
pub const MAX_WIDTH: u32 = 1600;
/// Smaller copies for phones, each made only if the photo is wider.
pub const SMALLER_WIDTHS: [u32; 2] = [480, 960];
/// A source file larger than this is worth a warning (slow to copy, to check).
pub const LARGE_BYTES: u64 = 5 * 1024 * 1024;
/// A source side longer than this (pixels) is worth a warning too.
pub const LARGE_SIDE: u32 = 6000;
/// JPEG quality: small files, no visible loss on a phone screen.
const JPEG_QUALITY: u8 = 82;

/// Width and height in pixels of the published (largest) file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// A source image, checked: its published size, and whether it is large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub size: Size,
    /// The source's own width and height, oriented.
    pub source: Size,
    pub source_bytes: u64,
}

impl Checked {
    /// Whether the source is large enough to warn about.
    pub fn is_large(&self) -> bool {
        self.source_bytes > LARGE_BYTES || self.source.width.max(self.source.height) > LARGE_SIDE
    }
}

/// Every file made from one source: `(width, bytes)`, smallest first; the
/// last one is published under the source's own name.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub checked: Checked,
    pub files: Vec<(u32, Vec<u8>)>,
}

/// File endings published as images (JPEG, PNG, WebP).
pub fn is_image(path: &str) -> bool {
    format_of_name(path).is_some()
}

/// The format a file name promises, if it is one that is published.
fn format_of_name(path: &str) -> Option<ImageFormat> {
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit_once('.')?.1;
    match ext {
        "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
        "png" => Some(ImageFormat::Png),
        "webp" => Some(ImageFormat::WebP),
        _ => None,
    }
}

/// Why a reference to `src` cannot be published as an image, with what to
/// write instead: only JPEG, PNG and WebP are (an SVG or HTML file would run
/// its script on the site; HEIC, TIFF, GIF and PDF carry data we cannot clean).
pub fn format_problem(src: &str) -> Option<(String, String)> {
    if is_image(src) {
        return None;
    }
    let (stem, ext) = match src.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => (stem, ext.to_ascii_uppercase()),
        _ => (src, String::new()),
    };
    let what = if ext.is_empty() {
        "tệp không có đuôi".to_string()
    } else {
        format!("tệp {ext}")
    };
    Some((
        format!("`{src}` là {what}; trang chỉ đăng ảnh JPEG, PNG hoặc WebP"),
        format!(
            "mở ảnh bằng Paint hoặc Photos, chọn Lưu thành (Save as) → JPEG, đặt vào content/images/ và ghi `{stem}.jpg`"
        ),
    ))
}

/// The widths published for a photo whose largest file is `width` wide:
/// the smaller copies narrower than it (never enlarged), then `width`.
pub fn widths(width: u32) -> Vec<u32> {
    let mut list: Vec<u32> = SMALLER_WIDTHS
        .iter()
        .copied()
        .filter(|w| *w < width)
        .collect();
    list.push(width);
    list
}

/// Where the copy of `width` is published: `images/x.jpg` → `images/x-480.jpg`;
/// the largest keeps the name the story wrote.
pub fn variant_path(output_path: &str, width: u32, largest: u32) -> String {
    if width == largest {
        return output_path.to_string();
    }
    match output_path.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => format!("{stem}-{width}.{ext}"),
        _ => format!("{output_path}-{width}"),
    }
}

/// A name for what the bytes really are, for messages.
fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Bmp => "BMP",
        ImageFormat::Avif => "AVIF",
        ImageFormat::Ico => "ICO",
        _ => "một loại ảnh khác",
    }
}

/// The whole image, decoded and turned upright, or why it cannot be.
fn decode(bytes: &[u8], output_path: &str) -> Result<DynamicImage, String> {
    let Some(expected) = format_of_name(output_path) else {
        return Err("không phải ảnh JPEG, PNG hay WebP".into());
    };
    match image::guess_format(bytes) {
        Ok(found) if found == expected => {}
        Ok(found) => {
            return Err(format!(
                "tệp mang đuôi {} nhưng thật ra là {}",
                format_name(expected),
                format_name(found)
            ))
        }
        Err(_) => {
            return Err(format!(
                "tệp mang đuôi {} nhưng không phải ảnh {}",
                format_name(expected),
                format_name(expected)
            ))
        }
    }
    // The decoder's own words are English and technical: not for an officer.
    let broken = |_: image::ImageError| "ảnh bị hỏng, không đọc được hết".to_string();
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), expected)
        .into_decoder()
        .map_err(broken)?;
    // A phone stores a portrait photo sideways plus a note to turn it; the
    // note is dropped with the rest of the metadata, so turn the pixels.
    let orientation = decoder.orientation().map_err(broken)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(broken)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Decode the whole image (so a truncated file fails `check` as it would
/// fail `build`) and say what would be published; nothing is encoded.
pub fn check(bytes: &[u8], output_path: &str) -> Result<Checked, String> {
    let image = decode(bytes, output_path)?;
    Ok(checked_of(&image, bytes.len()))
}

fn checked_of(image: &DynamicImage, source_bytes: usize) -> Checked {
    let source = Size {
        width: image.width(),
        height: image.height(),
    };
    Checked {
        size: scaled(source, MAX_WIDTH.min(source.width)),
        source,
        source_bytes: source_bytes as u64,
    }
}

/// `size` scaled to `width`, keeping its proportions (at least 1 pixel high).
fn scaled(size: Size, width: u32) -> Size {
    let height = (u64::from(size.height) * u64::from(width) + u64::from(size.width) / 2)
        / u64::from(size.width.max(1));
    Size {
        width,
        height: (height as u32).max(1),
    }
}

/// Decode, turn upright, and encode every published width anew.
pub fn encode(bytes: &[u8], output_path: &str) -> Result<Encoded, String> {
    let image = decode(bytes, output_path)?;
    let checked = checked_of(&image, bytes.len());
    let format = format_of_name(output_path).unwrap_or(ImageFormat::Jpeg);
    let mut files = Vec::new();
    for width in widths(checked.size.width) {
        let resized;
        let at_width = if width == image.width() {
            &image
        } else {
            let size = scaled(checked.source, width);
            resized = image.resize_exact(size.width, size.height, FilterType::Triangle);
            &resized
        };
        let bytes =
            encode_one(at_width, format).map_err(|_| "không lưu lại được ảnh này".to_string())?;
        files.push((width, bytes));
    }
    Ok(Encoded { checked, files })
}

/// One image in `format`, with nothing but its pixels.
fn encode_one(image: &DynamicImage, format: ImageFormat) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        ImageFormat::Png => image.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Fast,
            PngFilter::Adaptive,
        ))?,
        ImageFormat::WebP => {
            // The WebP encoder is lossless and takes 8-bit RGB(A) only.
            let image = if image.color().has_alpha() {
                DynamicImage::ImageRgba8(image.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(image.to_rgb8())
            };
            image.write_with_encoder(WebPEncoder::new_lossless(&mut out))?
        }
        _ => {
            // JPEG holds no transparency: grey stays grey, the rest is RGB.
            let jpeg = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            match image {
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => {
                    image.write_with_encoder(jpeg)?
                }
                other if !other.color().has_color() => {
                    DynamicImage::ImageLuma8(other.to_luma8()).write_with_encoder(jpeg)?
                }
                other => DynamicImage::ImageRgb8(other.to_rgb8()).write_with_encoder(jpeg)?,
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
#[path = "images_tests.rs"]
mod tests;
