//! Photos reach the public site as pixels only: no EXIF (GPS), no comment,
//! no image hidden after the first; turned upright; in a few widths the
//! story page offers to phones; and an unchanged photo is not encoded again.

mod common;

use std::path::Path;

use common::*;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, GenericImageView, Rgb, RgbImage};

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 251) as u8, (y % 241) as u8, 60]));
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85))
        .unwrap();
    out
}

fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend(((body.len() + 2) as u16).to_be_bytes());
    s.extend(body);
    s
}

/// As a phone saves it: stored 1200×800 with "turn right" (orientation 6)
/// in EXIF beside a GPS position, a comment, and a preview JPEG appended.
fn phone_photo() -> Vec<u8> {
    let mut exif =
        b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0".to_vec();
    exif.extend(b"GPSLatitude 21.0136N GPSLongitude 105.8412E");
    let plain = jpeg(1200, 800);
    let mut b = plain[..2].to_vec();
    b.extend(segment(0xE1, &exif));
    b.extend(segment(0xFE, b"Chup tai so 12 ngo 34"));
    b.extend(&plain[2..]);
    b.extend(jpeg(16, 16));
    b
}

fn story_with_photo(src: &str) -> String {
    format!(
        "---\ntitle: \"Nhặt được ví trả lại người đánh rơi\"\nperson:\n  name: \"Trần Thị Lan\"\n  birth_year: 1980\n  category: lao-dong-truc-tiep\ndeed:\n  date: 2023-06-02\n  field: doi-song-xa-hoi\nunit: phuong-bach-khoa\nawards:\n  - level: phuong\n    month: 2023-06\n    decision: {{ number: \"12/QĐ-UBND\", date: 2023-06-30, issuer: chu-tich-phuong-bach-khoa }}\nconsent: {{ by: nguoi-duoc-khen, date: 2023-06-02, channels: [web, ban-tin, phat-thanh] }}\nsummary: \"Chị Lan trả lại ví.\"\nphoto:\n  src: {src}\n  alt: \"Chị Lan\"\n---\nChị Lan nhặt được ví.\n"
    )
}

fn site_with(photo: &[u8]) -> tempfile::TempDir {
    let dir = site(&["invalid_base"]);
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("images")).unwrap();
    std::fs::write(content.join("images/dt.jpg"), photo).unwrap();
    std::fs::write(
        content.join("stories/lan.md"),
        story_with_photo("images/dt.jpg"),
    )
    .unwrap();
    dir
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

fn story_page(root: &Path) -> String {
    tree(&root.join("public"))
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .find(|text| text.contains("<figure class=\"story-photo\">"))
        .expect("a page shows the photo")
}

#[test]
fn a_phone_photo_is_published_clean_upright_and_in_widths() {
    let dir = site_with(&phone_photo());
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = std::fs::read(dir.path().join("public/images/dt.jpg")).unwrap();
    let text = String::from_utf8_lossy(&published);
    assert!(!text.contains("Exif") && !text.contains("GPS") && !text.contains("ngo 34"));
    assert_eq!(count(&published, &[0xFF, 0xD8]), 1, "one image: one SOI");
    assert_eq!(count(&published, &[0xFF, 0xD9]), 1, "and one EOI");
    // Upright: the stored 1200×800 is shown 800 wide, 1200 high.
    let big = image::load_from_memory(&published).unwrap();
    assert_eq!(big.dimensions(), (800, 1200));
    let small = std::fs::read(dir.path().join("public/images/dt-480.jpg")).unwrap();
    assert_eq!(
        image::load_from_memory(&small).unwrap().dimensions(),
        (480, 720)
    );
    assert!(
        !dir.path().join("public/images/dt-960.jpg").exists(),
        "never enlarged"
    );
    let page = story_page(dir.path());
    assert!(
        page.contains("images/dt-480.jpg 480w, /images/dt.jpg 800w"),
        "{page}"
    );
    assert!(page.contains("width=\"800\" height=\"1200\""), "{page}");
    // Shared, the story shows its card, which holds the upright published copy.
    let card = page.split("og:image\" content=\"").nth(1).unwrap();
    let card = card.split('"').next().unwrap();
    assert!(
        card.starts_with("/truyen/") && card.ends_with(".png"),
        "{card}"
    );
    assert!(dir.path().join("public").join(&card[1..]).exists());
}

#[test]
fn an_unchanged_photo_is_taken_from_the_cache() {
    let dir = site_with(&jpeg(1000, 600));
    assert_eq!(bangvang(dir.path(), &["build"]).code, 0);
    let cache = dir.path().join(".public.bangvang-cache");
    // The parse record is no image cache: a file of it is written again
    // once the story files have been left alone long enough for their
    // stamps to be trusted (`load::Settled`), which a slow run may reach
    // between the two builds.
    let images = |root: &Path| -> Vec<(String, Vec<u8>)> {
        let all = tree(root);
        all.into_iter()
            .filter(|(p, _)| !p.starts_with("parse-"))
            .collect()
    };
    let before = images(&cache);
    assert!(!before.is_empty(), "the first build fills the cache");
    let stamps = |root: &Path| -> Vec<std::time::SystemTime> {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with("parse-"))
            .map(|e| e.unwrap().metadata().unwrap().modified().unwrap())
            .collect()
    };
    let first = stamps(&cache);
    let published = tree(&dir.path().join("public"));
    assert_eq!(bangvang(dir.path(), &["build"]).code, 0);
    assert_eq!(images(&cache), before, "no new cache entry");
    assert_eq!(stamps(&cache), first, "nothing in the cache rewritten");
    assert_eq!(tree(&dir.path().join("public")), published);
    assert!(published.iter().all(|(p, _)| !p.contains("bangvang-cache")));
}

/// Whether every published photo (under `images/`) is a file of the image
/// cache, linked, rather than a second copy of its bytes.
#[cfg(unix)]
fn photos_are_the_caches_files(root: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let inodes = |dir: &Path| -> Vec<u64> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.metadata().unwrap().ino())
            .collect()
    };
    let cached = inodes(&root.join(".public.bangvang-cache/v1"));
    let published = inodes(&root.join("public/images"));
    !published.is_empty() && published.iter().all(|p| cached.contains(p))
}

#[cfg(unix)]
#[test]
fn a_published_photo_is_on_the_disk_once_linked_from_the_cache() {
    let dir = site_with(&jpeg(1000, 600));
    assert_eq!(bangvang(dir.path(), &["build"]).code, 0);
    assert!(
        photos_are_the_caches_files(dir.path()),
        "encoded, stored, then linked"
    );
    let published = tree(&dir.path().join("public"));
    std::fs::remove_dir_all(dir.path().join("public")).unwrap();
    assert_eq!(bangvang(dir.path(), &["build"]).code, 0);
    assert!(
        photos_are_the_caches_files(dir.path()),
        "found in the cache, then linked"
    );
    assert_eq!(tree(&dir.path().join("public")), published);
}

#[test]
fn check_refuses_the_image_build_would_refuse() {
    // An iPhone photo (HEIC, with its GPS) saved under a `.jpg` name.
    let dir = site_with(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic GPS 21.0136N");
    let check = bangvang(dir.path(), &["check"]);
    let build = bangvang(dir.path(), &["build"]);
    assert_eq!((check.code, build.code), (1, 1));
    for run in [&check, &build] {
        assert!(
            run.stderr.contains("content/images/dt.jpg: lỗi[bad-image]: tệp mang đuôi JPEG nhưng không phải ảnh JPEG"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("gợi ý: mở ảnh bằng Paint hoặc Photos"));
    }
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_photo_in_another_format_is_refused_where_it_is_named() {
    let dir = site_with(&jpeg(40, 30));
    std::fs::write(
        dir.path().join("content/images/dt.heic"),
        b"\0\0\0\x18ftypheic GPS",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/stories/lan.md"),
        story_with_photo("images/dt.heic"),
    )
    .unwrap();
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/stories/lan.md:18:8: lỗi[image-format]: ảnh `images/dt.heic` là tệp HEIC; trang chỉ đăng ảnh JPEG, PNG hoặc WebP\n  gợi ý: mở ảnh bằng Paint hoặc Photos, chọn Lưu thành (Save as) → JPEG, đặt vào content/images/ và ghi `images/dt.jpg`. Xem mục “Ảnh” trong docs/huong-dan-viet-bai.md\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("public").exists(), "nothing published");
}

/// Round-2 user test (j2): a path typed the Windows way, with `.jpeg` for a
/// `.jpg`, with no ending or with spaces for dashes names the file there is.
#[test]
fn a_photo_path_typed_loosely_names_the_file_there_is() {
    let dir = site_with(&jpeg(40, 30));
    let cases = [
        (
            "images\\d-t.jpg",
            "đường dẫn ảnh dùng dấu `/`, không dùng dấu `\\` như Windows",
        ),
        ("images/d-t.jpeg", "tệp có đuôi `.jpg`, không phải `.jpeg`"),
        ("images/d-t", "tên tệp phải ghi cả phần đuôi `.jpg`"),
        (
            "\"images/d t.jpg\"",
            "tên tệp có dấu `-` ở chỗ bạn gõ dấu cách",
        ),
    ];
    std::fs::rename(
        dir.path().join("content/images/dt.jpg"),
        dir.path().join("content/images/d-t.jpg"),
    )
    .unwrap();
    for (src, why) in cases {
        std::fs::write(
            dir.path().join("content/stories/lan.md"),
            story_with_photo(src),
        )
        .unwrap();
        let run = bangvang(dir.path(), &["check", "content/stories/lan.md"]);
        let written = src.trim_matches('"');
        let want = format!("content/stories/lan.md:18:8: lỗi[missing-photo]: không tìm thấy ảnh `{written}` trong content/\n  gợi ý: có phải ý bạn là `images/d-t.jpg`? {why}: sửa thành `images/d-t.jpg`. Xem mục “Ảnh” trong docs/huong-dan-viet-bai.md\n");
        assert!(run.stderr.contains(&want), "{src}:\n{}", run.stderr);
    }
}
