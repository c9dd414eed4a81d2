use super::*;
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
