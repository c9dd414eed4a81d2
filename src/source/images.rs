//! Images are published without their metadata: EXIF (with GPS position and
//! camera serials), XMP, IPTC and comments are removed, pixels untouched.

use std::path::Path;

use img_parts::jpeg::markers;
use img_parts::{Bytes, DynImage, ImageEXIF};

use crate::diagnostics::{display_path, Diagnostic};
use crate::fsio;
use crate::source::load::Asset;

/// The bytes an asset is published with: an image without its metadata.
/// `check` runs it too, so an image that would fail the build fails the check.
pub fn publishable(root: &Path, asset: &Asset) -> Result<Vec<u8>, Diagnostic> {
    let rel = display_path(root, &asset.source);
    let bytes = fsio::read(&asset.source).map_err(|e| {
        Diagnostic::error("unreadable", &rel, e.to_string()).hint("kiểm tra quyền đọc của tệp")
    })?;
    if !is_image(&asset.output_path) {
        return Ok(bytes);
    }
    strip_metadata(bytes).map_err(|why| {
        Diagnostic::error("bad-image", &rel, why)
            .hint("mở ảnh bằng phần mềm xem ảnh và lưu lại dưới dạng JPEG hoặc PNG")
    })
}

/// File endings treated as images whose metadata must go.
pub fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The image without metadata, or why it could not be read.
pub fn strip_metadata(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let image = match DynImage::from_bytes(Bytes::from(bytes)) {
        Ok(Some(image)) => image,
        Ok(None) => return Err("không phải ảnh JPEG, PNG hay WebP".into()),
        Err(e) => return Err(format!("ảnh bị hỏng: {e}")),
    };
    let mut image = image;
    image.set_exif(None);
    match &mut image {
        DynImage::Jpeg(jpeg) => {
            // APP1 also carries XMP; APP13 carries IPTC; COM is free text.
            for marker in [markers::APP1, markers::APP13, markers::COM] {
                jpeg.remove_segments_by_marker(marker);
            }
        }
        DynImage::Png(png) => {
            for kind in [*b"tEXt", *b"iTXt", *b"zTXt", *b"eXIf", *b"tIME"] {
                png.remove_chunks_by_type(kind);
            }
        }
        DynImage::WebP(webp) => webp.remove_chunks_by_id(img_parts::webp::CHUNK_XMP),
    }
    Ok(image.encoder().bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny JPEG: SOI, APP0 (JFIF), APP1 (EXIF with a GPS tag name), COM, SOS, data, EOI.
    fn jpeg_with_gps() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        let segment = |marker: u8, body: &[u8]| {
            let mut s = vec![0xFF, marker];
            s.extend(((body.len() + 2) as u16).to_be_bytes());
            s.extend(body);
            s
        };
        b.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        b.extend(segment(0xE1, b"Exif\0\0GPSLatitude 21.0136N"));
        b.extend(segment(0xFE, b"Chup tai so 12 ngo 34"));
        b.extend(segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"));
        b.extend([0x12, 0x34, 0x56, 0xFF, 0xD9]);
        b
    }

    #[test]
    fn gps_and_comments_are_removed_pixels_kept() {
        let clean = strip_metadata(jpeg_with_gps()).unwrap();
        let text = String::from_utf8_lossy(&clean);
        assert!(!text.contains("GPS"));
        assert!(!text.contains("ngo 34"));
        assert!(text.contains("JFIF"));
        assert!(
            clean.windows(3).any(|w| w == [0x12, 0x34, 0x56]),
            "entropy data kept"
        );
    }

    #[test]
    fn broken_images_are_reported() {
        assert!(strip_metadata(b"\xFF\xD8\xFF".to_vec()).is_err());
        assert!(strip_metadata(b"not an image".to_vec()).is_err());
    }
}
