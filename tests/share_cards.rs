//! Share cards: every story page names a 1200×630 PNG as its `og:image`
//! (an absolute address), every other page the site's own card; the cards
//! are the same bytes on every build, a minor's card says no more than the
//! page (initials and given name, no photo unless allowed), a rebuild takes
//! the cards from the cache, and the favicon is published under the base path.

mod common;

use std::path::Path;

use common::*;

const BASE: &str = "https://example.gov.vn/bang-vang/";

fn build(root: &Path) {
    let run = bangvang(root, &["build", "--base-url", BASE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn minor_site() -> tempfile::TempDir {
    let dir = site(&["privacy/minor/site"]);
    build(dir.path());
    dir
}

fn png(root: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(root.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text of the PNG's `iTXt` chunk `Description`: what the card says.
fn description(png: &[u8]) -> String {
    let mut at = 8;
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        let data = &png[at + 8..at + 8 + len];
        if kind == b"iTXt" && data.starts_with(b"Description\0") {
            let text = data.splitn(5, |b| *b == 0).nth(4).unwrap();
            return String::from_utf8(text.to_vec()).unwrap();
        }
        at += 12 + len;
    }
    panic!("no Description chunk")
}

/// The card's pixel in the middle of where a photo would stand.
fn photo_spot(png: &[u8]) -> [u8; 3] {
    let img = image::load_from_memory(png).unwrap().to_rgb8();
    img.get_pixel(980, 360).0
}

const PAPER: [u8; 3] = [0xff, 0xfd, 0xf7];

#[test]
fn every_story_has_a_1200_by_630_card_and_the_same_bytes_on_every_build() {
    let a = minor_site();
    let b = minor_site();
    let cards: Vec<(String, Vec<u8>)> = tree(&a.path().join("public"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".png") && (p.starts_with("truyen/") || p == "chia-se.png"))
        .collect();
    // Three stories and the site's own card.
    assert_eq!(
        cards.len(),
        4,
        "{:?}",
        cards.iter().map(|c| &c.0).collect::<Vec<_>>()
    );
    for (rel, bytes) in &cards {
        let img = image::load_from_memory(bytes).unwrap();
        assert_eq!((img.width(), img.height()), (1200, 630), "{rel}");
        assert_eq!(
            bytes,
            &png(b.path(), rel),
            "{rel} differs between two builds"
        );
    }
}

#[test]
fn a_minors_card_shows_the_public_name_and_a_photo_only_when_allowed() {
    let dir = minor_site();
    let anh = png(dir.path(), "truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.png");
    let text = description(&anh);
    assert!(text.contains("N. M. Anh"), "{text}");
    assert!(
        !text.contains("Nguyễn Minh Anh") && !text.contains("Nguyễn"),
        "{text}"
    );
    assert!(
        !text.contains("Vũ Thị Nhàn"),
        "no guardian on the card: {text}"
    );
    // Photo not allowed: the page shows none, nor does the card.
    assert_eq!(photo_spot(&anh), PAPER);
    // Allowed (`minor_allow: { photo: true }`): both show it.
    let ha = png(dir.path(), "truyen/em-hoc-sinh-dat-cu-gia-qua-duong.png");
    assert!(
        description(&ha).contains("T. K. Hà"),
        "{}",
        description(&ha)
    );
    assert_ne!(photo_spot(&ha), PAPER);
    // A grown-up's card carries the full name, the level and its month.
    let good = description(&png(dir.path(), "truyen/lao-xuong-ho-cuu-chau-be.png"));
    assert!(good.contains("Nguyễn Văn Hùng"), "{good}");
    assert!(good.contains("Tháng "), "{good}");
}

#[test]
fn og_image_is_absolute_with_its_size_and_alt_and_other_pages_use_the_site_card() {
    let dir = minor_site();
    let page = read(
        dir.path(),
        "public/truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.html",
    );
    for want in [
        format!("<meta property=\"og:image\" content=\"{BASE}truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.png\">"),
        "<meta property=\"og:image:width\" content=\"1200\">".into(),
        "<meta property=\"og:image:height\" content=\"630\">".into(),
        "<meta name=\"twitter:card\" content=\"summary_large_image\">".into(),
    ] {
        assert!(page.contains(&want), "story page lacks {want}");
    }
    let alt = page.split("og:image:alt\" content=\"").nth(1).unwrap();
    let alt = alt.split('"').next().unwrap();
    assert!(alt.ends_with("— N. M. Anh"), "{alt}");
    assert_eq!(page.matches("property=\"og:image\"").count(), 1);
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains(&format!(
        "<meta property=\"og:image\" content=\"{BASE}chia-se.png\">"
    )));
}

#[test]
fn a_rebuild_takes_every_card_from_the_cache() {
    let dir = minor_site();
    let cache = dir.path().join(".public.bangvang-cache/cards-v3");
    let entries = || {
        let mut names: Vec<_> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "png"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(entries().len(), 4);
    // Mark every kept card: a rebuild that publishes the marked bytes drew nothing.
    let marked = png(dir.path(), "chia-se.png");
    for entry in entries() {
        std::fs::write(&entry, &marked).unwrap();
    }
    // Without the record of the last build, an unchanged site is rendered
    // again (not kept as it is); without the record of its cards, none is
    // kept from the output, so every card is looked up.
    std::fs::remove_file(dir.path().join(".public.bangvang-cache/build-v1.json")).unwrap();
    std::fs::remove_file(dir.path().join(".public.bangvang-cache/cards-kept-v2.bin")).unwrap();
    build(dir.path());
    for story in [
        "lao-xuong-ho-cuu-chau-be",
        "em-hoc-sinh-tra-lai-vi-nhat-duoc",
        "em-hoc-sinh-dat-cu-gia-qua-duong",
    ] {
        assert_eq!(
            png(dir.path(), &format!("truyen/{story}.png")),
            marked,
            "{story}"
        );
    }
    // A card whose text changes is drawn anew, under a key of its own.
    let file = dir.path().join("content/stories/good.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Nguyễn Văn Hùng", "Nguyễn Văn Hưng")).unwrap();
    build(dir.path());
    assert_eq!(entries().len(), 5);
    let redrawn = png(dir.path(), "truyen/lao-xuong-ho-cuu-chau-be.png");
    assert!(description(&redrawn).contains("Nguyễn Văn Hưng"));
}

#[test]
fn the_favicon_is_published_and_linked_under_the_base_path() {
    let dir = minor_site();
    let ico = png(dir.path(), "favicon.ico");
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "an icon file");
    assert_eq!(&ico[22..26], b"\x89PNG", "holding a PNG");
    assert!(png(dir.path(), "favicon.svg").starts_with(b"<svg"));
    let touch = image::load_from_memory(&png(dir.path(), "apple-touch-icon.png")).unwrap();
    assert_eq!((touch.width(), touch.height()), (180, 180));
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("<link rel=\"icon\" href=\"/bang-vang/favicon.ico\" sizes=\"32x32\">"));
    assert!(
        home.contains("<link rel=\"icon\" href=\"/bang-vang/favicon.svg\" type=\"image/svg+xml\">")
    );
}

#[test]
fn the_copy_button_is_hidden_until_its_script_runs() {
    let dir = minor_site();
    let page = read(dir.path(), "public/truyen/lao-xuong-ho-cuu-chau-be.html");
    assert!(page.contains("<script src=\"/bang-vang/share.js\" defer></script>"));
    assert!(page.contains(&format!(
        "<p class=\"share\" data-share hidden><button type=\"button\" class=\"share-copy\" data-url=\"{BASE}truyen/lao-xuong-ho-cuu-chau-be.html\">Sao chép liên kết</button>"
    )));
    assert!(page.contains("role=\"status\" aria-live=\"polite\""));
}

/// A webmaster sizing a host reads the output's size from `--timings`, with
/// the cards' part of it (at 10,000 stories, more than half of the bytes).
#[test]
fn timings_say_how_much_of_the_output_the_cards_are() {
    let dir = site(&["valid_site"]);
    let run = bangvang(dir.path(), &["build", "--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = tree(&dir.path().join("public"));
    let all: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let cards: Vec<u64> = files
        .iter()
        .filter(|(p, _)| p == "chia-se.png" || (p.starts_with("truyen/") && p.ends_with(".png")))
        .map(|(_, b)| b.len() as u64)
        .collect();
    assert_eq!(cards.len(), 8, "7 stories and the site's own card");
    let bytes: u64 = cards.iter().sum();
    let line = format!(
        "    trong đó ảnh chia sẻ (PNG): 8 tệp, {:.1} MB ({:.0}% số byte)",
        bytes as f64 / 1e6,
        100.0 * bytes as f64 / all as f64
    );
    assert!(
        run.stdout.lines().any(|l| l == line),
        "{line}\nnot in:\n{}",
        run.stdout
    );
}
