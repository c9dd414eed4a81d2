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

/// The hint for an image path that names no file: when a file differs only
/// in letter case or stray spaces (`ANH.JPG` for `anh.jpg`), name it exactly,
/// since the web host, unlike Windows, tells them apart.
pub fn missing_image_hint<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.into_iter().collect();
    let fold = |s: &str| s.trim().to_lowercase();
    let find = |w: &str| known.iter().copied().find(|k| fold(k) == w);
    let folded = fold(wanted);
    if let Some(real) = find(&folded) {
        return format!(
            "tệp có thật tên là `{real}` (khác chữ hoa, chữ thường hoặc dấu cách): sửa thành `{real}`"
        );
    }
    // `chi-ha.jpg` or `content/images/chi-ha.jpg` for `images/chi-ha.jpg`.
    let bare = folded.strip_prefix("content/").unwrap_or(&folded);
    let tries = [bare.to_string(), format!("images/{bare}")];
    if let Some(real) = tries.iter().find_map(|t| find(t)) {
        return format!(
            "có phải ý bạn là `{real}`? Đường dẫn ảnh bắt đầu bằng `images/` (thư mục ảnh trong content/), không ghi `content/` ở đầu: sửa thành `{real}`"
        );
    }
    // Windows hides the ending: `Ảnh chị Hà.jpg` is really `Ảnh chị Hà.jpg.jpg`.
    let doubled = tries.iter().chain([&folded]).find_map(|t| {
        let ext = t.rsplit_once('.')?.1;
        find(&format!("{t}.{ext}"))
    });
    if let Some(real) = doubled {
        return format!(
            "có phải ý bạn là `{real}`? Tệp có thật tên như vậy: Windows ẩn phần đuôi nên tên hiện ra thiếu một lần đuôi ảnh; sửa thành `{real}`"
        );
    }
    if let Some(hint) = loose_hint(wanted, &tries, &known) {
        return hint;
    }
    if let Some(hint) = path_on_the_computer(wanted, &known) {
        return hint;
    }
    "đặt ảnh vào thư mục content/images/ rồi ghi `images/` và tên tệp, ví dụ `images/ten-anh.jpg`"
        .to_string()
}

/// `C:\Users\Hoa\Pictures\anh.jpg`: the photo's place on the writer's
/// computer, which the web site cannot reach. Only its name is kept.
fn path_on_the_computer(wanted: &str, known: &[&str]) -> Option<String> {
    let w = wanted.trim();
    let drive = w.as_bytes().get(1) == Some(&b':') && w.as_bytes()[0].is_ascii_alphabetic();
    if !(drive || w.starts_with(['/', '\\'])) {
        return None;
    }
    let name = w.rsplit(['/', '\\']).next().filter(|n| !n.is_empty())?;
    let here = format!("images/{name}");
    let found = known.iter().find(|k| loose(k) == loose(&here));
    Some(match found {
        Some(real) => format!(
            "`{w}` là chỗ ảnh nằm trên máy tính của bạn, trang web không lấy được ảnh từ đó; ảnh đã có trong thư mục content/images/ của trang: sửa thành `{real}`"
        ),
        None => format!(
            "`{w}` là chỗ ảnh nằm trên máy tính của bạn, trang web không lấy được ảnh từ đó: chép tệp `{name}` vào thư mục content/images/ của trang rồi sửa thành `{here}`"
        ),
    })
}

/// A path as staff may mistype it, reduced to what names the file: `/` for
/// Windows' `\\`, no letter case, `-` for spaces and `_`, and no image ending
/// (`.jpeg` typed for `.jpg`, or none at all).
fn loose(path: &str) -> String {
    let path = path.trim().replace('\\', "/").to_lowercase();
    let path = path
        .split('/')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", &path));
    let stem = match name.rsplit_once('.') {
        Some((stem, "jpg" | "jpeg" | "png" | "webp")) => stem,
        _ => name,
    };
    let dashed: Vec<&str> = stem
        .split([' ', '_', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    format!("{dir}/{}", dashed.join("-"))
}

/// "Did you mean" for a path that names an existing file once its slashes,
/// ending and spaces are read loosely, saying what differs.
fn loose_hint(wanted: &str, tries: &[String], known: &[&str]) -> Option<String> {
    let tries: Vec<String> = tries.iter().map(|t| loose(&t.replace('\\', "/"))).collect();
    let found: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| tries.contains(&loose(k)))
        .collect();
    let [real] = found[..] else {
        return (!found.is_empty()).then(|| {
            let list: Vec<String> = found.iter().map(|f| format!("`{f}`")).collect();
            format!(
                "có phải ý bạn là một trong các tệp: {}? Ghi đúng tên tệp, cả phần đuôi",
                list.join(", ")
            )
        });
    };
    let mut why = Vec::new();
    if wanted.contains('\\') {
        why.push("đường dẫn ảnh dùng dấu `/`, không dùng dấu `\\` như Windows".to_string());
    }
    let ending = |p: &str| {
        let name = p.rsplit(['/', '\\']).next().unwrap_or(p);
        name.rsplit_once('.').map(|(_, e)| e.to_lowercase())
    };
    match (ending(wanted), ending(real)) {
        (w, Some(r))
            if w.as_deref() != Some(r.as_str())
                && !matches!(w.as_deref(), Some("jpg" | "jpeg" | "png" | "webp")) =>
        {
            why.push(format!("tên tệp phải ghi cả phần đuôi `.{r}`"));
        }
        (Some(w), Some(r)) if w != r => why.push(format!("tệp có đuôi `.{r}`, không phải `.{w}`")),
        _ => {}
    }
    let name_of = |p: &str| p.rsplit(['/', '\\']).next().unwrap_or(p).to_string();
    if name_of(wanted).contains([' ', '_']) && !name_of(real).contains([' ', '_']) {
        why.push("tên tệp có dấu `-` ở chỗ bạn gõ dấu cách".to_string());
    }
    if why.is_empty() {
        why.push("tên tệp có thật hơi khác tên đã ghi".to_string());
    }
    Some(format!(
        "có phải ý bạn là `{real}`? {}: sửa thành `{real}`",
        why.join("; ")
    ))
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
mod tests {
    use super::*;

    #[test]
    fn a_path_without_its_folder_or_with_a_hidden_ending_is_named() {
        let known = ["images/chi-ha.jpg", "images/Ảnh chị Hà.jpg.jpg"];
        let hint = |w: &str| missing_image_hint(w, known);
        for wanted in ["chi-ha.jpg", "content/images/chi-ha.jpg"] {
            assert!(
                hint(wanted).starts_with("có phải ý bạn là `images/chi-ha.jpg`?"),
                "{}",
                hint(wanted)
            );
        }
        assert!(hint("images/Ảnh chị Hà.jpg")
            .starts_with("có phải ý bạn là `images/Ảnh chị Hà.jpg.jpg`?"));
        assert!(hint("images/khac.jpg").starts_with("đặt ảnh vào thư mục content/images/"));
    }

    #[test]
    fn a_path_on_the_writers_computer_keeps_only_the_file_name() {
        let known = ["images/chi-ha.jpg"];
        assert_eq!(
            missing_image_hint("C:\\Users\\Hoa\\Pictures\\chi-ha.jpg", known),
            "`C:\\Users\\Hoa\\Pictures\\chi-ha.jpg` là chỗ ảnh nằm trên máy tính của bạn, trang web không lấy được ảnh từ đó; ảnh đã có trong thư mục content/images/ của trang: sửa thành `images/chi-ha.jpg`"
        );
        assert!(missing_image_hint("/home/hoa/anh-moi.png", known).ends_with(
            "chép tệp `anh-moi.png` vào thư mục content/images/ của trang rồi sửa thành `images/anh-moi.png`"
        ));
    }

    #[test]
    fn a_windows_path_a_wrong_ending_or_spaces_name_the_real_file() {
        let known = [
            "images/vi-cho-mo.jpg",
            "images/tu-sach.jpg",
            "images/tu-sach.png",
        ];
        let hint = |w: &str| missing_image_hint(w, known);
        let cases = [
            ("images\\vi-cho-mo.jpg", "có phải ý bạn là `images/vi-cho-mo.jpg`? đường dẫn ảnh dùng dấu `/`, không dùng dấu `\\` như Windows: sửa thành `images/vi-cho-mo.jpg`"),
            ("images/vi-cho-mo.jpeg", "có phải ý bạn là `images/vi-cho-mo.jpg`? tệp có đuôi `.jpg`, không phải `.jpeg`: sửa thành `images/vi-cho-mo.jpg`"),
            ("images/vi-cho-mo", "có phải ý bạn là `images/vi-cho-mo.jpg`? tên tệp phải ghi cả phần đuôi `.jpg`: sửa thành `images/vi-cho-mo.jpg`"),
            ("images/vi cho mo.jpg", "có phải ý bạn là `images/vi-cho-mo.jpg`? tên tệp có dấu `-` ở chỗ bạn gõ dấu cách: sửa thành `images/vi-cho-mo.jpg`"),
            ("vi_cho_mo.JPEG", "có phải ý bạn là `images/vi-cho-mo.jpg`? tệp có đuôi `.jpg`, không phải `.jpeg`; tên tệp có dấu `-` ở chỗ bạn gõ dấu cách: sửa thành `images/vi-cho-mo.jpg`"),
            ("images/tu-sach", "có phải ý bạn là một trong các tệp: `images/tu-sach.jpg`, `images/tu-sach.png`? Ghi đúng tên tệp, cả phần đuôi"),
        ];
        for (wanted, want) in cases {
            assert_eq!(hint(wanted), want, "{wanted}");
        }
    }
    use image::{GenericImageView, Rgb, RgbImage};

    /// A real JPEG of `w`×`h` with a gradient, as a phone would make it.
    fn plain_jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
            .unwrap();
        out
    }

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend(((body.len() + 2) as u16).to_be_bytes());
        s.extend(body);
        s
    }

    /// EXIF (big-endian TIFF) with one entry, Orientation = `orientation`,
    /// followed by a GPS position in plain text.
    fn exif(orientation: u16) -> Vec<u8> {
        let mut b = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
        b.extend(1u16.to_be_bytes()); // one entry
        b.extend([0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1]); // Orientation, SHORT, count 1
        b.extend(orientation.to_be_bytes());
        b.extend([0, 0, 0, 0, 0, 0]); // value padding, no next IFD
        b.extend(b"GPSLatitude 21.0136N GPSLongitude 105.8412E");
        b
    }

    /// A phone photo: EXIF with GPS and an orientation, a comment, and a second
    /// JPEG (the kind of preview some phones append) after the first EOI.
    fn phone_photo(w: u32, h: u32, orientation: u16) -> Vec<u8> {
        let plain = plain_jpeg(w, h);
        let mut b = plain[..2].to_vec();
        b.extend(segment(0xE1, &exif(orientation)));
        b.extend(segment(0xFE, b"Chup tai so 12 ngo 34"));
        b.extend(&plain[2..]);
        b.extend(plain_jpeg(8, 8));
        b
    }

    fn count(hay: &[u8], needle: &[u8]) -> usize {
        hay.windows(needle.len()).filter(|w| *w == needle).count()
    }

    #[test]
    fn gps_comment_and_appended_image_do_not_survive() {
        let source = phone_photo(64, 32, 1);
        assert_eq!(
            count(&source, &[0xFF, 0xD8]),
            2,
            "the source has two images"
        );
        let out = encode(&source, "images/a.jpg").unwrap();
        let published = &out.files.last().unwrap().1;
        let text = String::from_utf8_lossy(published);
        assert!(!text.contains("Exif"));
        assert!(!text.contains("GPS"));
        assert!(!text.contains("ngo 34"));
        assert_eq!(count(published, &[0xFF, 0xD8]), 1, "one SOI");
        assert_eq!(count(published, &[0xFF, 0xD9]), 1, "one EOI");
        assert!(published.starts_with(&[0xFF, 0xD8]) && published.ends_with(&[0xFF, 0xD9]));
    }

    #[test]
    fn a_sideways_phone_photo_is_turned_upright() {
        // Orientation 6: stored 64 wide, 32 high; shown turned a quarter right.
        let out = encode(&phone_photo(64, 32, 6), "images/a.jpg").unwrap();
        assert_eq!(
            out.checked.size,
            Size {
                width: 32,
                height: 64
            }
        );
        let decoded = image::load_from_memory(&out.files.last().unwrap().1).unwrap();
        assert_eq!(decoded.dimensions(), (32, 64));
        let checked = check(&phone_photo(64, 32, 6), "images/a.jpg").unwrap();
        assert_eq!(
            checked.size, out.checked.size,
            "check says what build makes"
        );
    }

    #[test]
    fn widths_are_made_but_never_enlarged() {
        let big = encode(&plain_jpeg(2000, 1000), "images/big.jpg").unwrap();
        let got: Vec<(u32, (u32, u32))> = big
            .files
            .iter()
            .map(|(w, b)| (*w, image::load_from_memory(b).unwrap().dimensions()))
            .collect();
        assert_eq!(
            got,
            [(480, (480, 240)), (960, (960, 480)), (1600, (1600, 800))]
        );
        let small = encode(&plain_jpeg(300, 200), "images/small.jpg").unwrap();
        assert_eq!(small.files.len(), 1);
        assert_eq!(
            small.checked.size,
            Size {
                width: 300,
                height: 200
            }
        );
    }

    #[test]
    fn png_and_webp_keep_their_format() {
        let img = DynamicImage::ImageRgba8(image::RgbaImage::new(20, 10));
        for (name, format) in [("a.png", ImageFormat::Png), ("a.webp", ImageFormat::WebP)] {
            let mut bytes = Cursor::new(Vec::new());
            img.write_to(&mut bytes, format).unwrap();
            let out = encode(bytes.get_ref(), name).unwrap();
            assert_eq!(image::guess_format(&out.files[0].1).unwrap(), format);
        }
    }

    #[test]
    fn bytes_must_match_the_name() {
        let jpeg = plain_jpeg(16, 16);
        let err = check(&jpeg, "images/a.png").unwrap_err();
        assert!(err.contains("thật ra là JPEG"), "{err}");
        let err = check(b"<html><script>alert(1)</script>", "images/a.jpg").unwrap_err();
        assert!(err.contains("không phải ảnh JPEG"), "{err}");
        assert!(check(&jpeg, "images/a.gif").is_err());
        assert!(
            check(&jpeg[..jpeg.len() / 2], "images/a.jpg").is_err(),
            "truncated"
        );
    }

    #[test]
    fn copies_are_named_beside_the_original() {
        assert_eq!(variant_path("images/x.jpg", 480, 1600), "images/x-480.jpg");
        assert_eq!(variant_path("images/x.jpg", 1600, 1600), "images/x.jpg");
        assert_eq!(widths(960), [480, 960]);
        assert!(is_image("images/A.JPEG") && !is_image("images/a.heic"));
    }
}
