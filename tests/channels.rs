//! Spreading the word: feeds (Atom, RSS, JSON Feed, site-wide and per unit),
//! the sitemap and robots.txt, share tags, the monthly radio script and
//! printable bulletin, the yearly review and the `report` subcommand. Every
//! test builds a fresh copy of `tests/fixtures/valid_site` with the real
//! binary. The radio scripts are compared exactly with
//! `tests/fixtures/channels/radio-*.txt` (regenerate with
//! `UPDATE_EXPECTED=1 cargo test --test channels`, then read the diff).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use feed_rs::model::{Feed, FeedType};

const BASE: &str = "https://example.gov.vn/bang-vang/";
const SITE_TITLE: &str = "Bảng vàng thử nghiệm";
const XSS: &str = "<img src=x onerror=alert(1)>";

/// A published story of the fixture, as the public sees it.
struct Pub {
    slug: &'static str,
    title: &'static str,
    summary: &'static str,
    date: &'static str,
    /// The unit's id, or None when it is hidden (a minor's school).
    unit: Option<&'static str>,
}

/// The seven published stories of valid_site, newest deed first (feed order).
const PUBLISHED: [Pub; 7] = [
    Pub {
        slug: "hien-mau-cuu-nguoi-o-bach-dang",
        title: "Hiến máu cứu người ở Bạch Đằng",
        summary: "Chị Hoà hiến máu lần thứ 20.",
        date: "2023-07-15",
        unit: Some("phuong-bach-dang"),
    },
    Pub {
        slug: "tra-lai-vi-cho-nguoi-danh-roi",
        title: "Trả lại ví cho người đánh rơi",
        summary: "Tóm tắt: Trả lại ví cho người đánh rơi",
        date: "2023-07-10",
        unit: Some("phuong-bach-khoa"),
    },
    Pub {
        slug: "em-hoc-sinh-tra-lai-vi-nhat-duoc",
        title: "Em học sinh trả lại ví nhặt được",
        summary: "Em N. M. Anh nhặt được ví và trả lại người mất.",
        date: "2023-06-20",
        unit: None,
    },
    Pub {
        slug: "img-src-x-onerror-alert-1",
        title: XSS,
        summary: "Tóm tắt: <img src=x onerror=alert(1)>",
        date: "2023-06-07",
        unit: Some("phuong-bach-dang"),
    },
    Pub {
        slug: "nguoi-giu-ho-dong-du-2",
        title: "Người giữ hồ Đồng Du",
        summary: "Tóm tắt: Người giữ hồ Đồng Du",
        date: "2023-06-03",
        unit: Some("phuong-dong-tam"),
    },
    Pub {
        slug: "nguoi-giu-ho-dong-du",
        title: "Người giữ hồ Đông Du",
        summary: "Tóm tắt: Người giữ hồ Đông Du",
        date: "2023-06-01",
        unit: Some("phuong-bach-dang"),
    },
    Pub {
        slug: "lao-xuong-ho-cuu-chau-be",
        title: "Lao xuống hồ cứu cháu bé",
        summary: "Tóm tắt: Lao xuống hồ cứu cháu bé",
        date: "2023-05-02",
        unit: Some("phuong-bach-khoa"),
    },
];

const UNITS: [(&str, &str); 3] = [
    ("phuong-bach-dang", "Phường Bạch Đằng"),
    ("phuong-bach-khoa", "Phường Bách Khoa"),
    ("phuong-dong-tam", "Phường Đồng Tâm"),
];

/// What must never be published: the unconsented and draft stories, and a
/// minor's full name.
const NEVER_PUBLIC: [&str; 9] = [
    "Phạm Văn Bình",
    "pham-van-binh",
    "Bài chưa có sự đồng ý",
    "bai-chua-co-su-dong-y",
    "Đỗ Văn Cường",
    "do-van-cuong",
    "Bài nháp",
    "bai-nhap",
    "Nguyễn Minh Anh",
];

/// A story that was withdrawn: nothing of it may reach public/.
const WITHDRAWN_STORY: &str = r#"---
title: "Dập lửa cứu chợ Kiều"
summary: "Tóm tắt: bà Quách Thị Tuất dập lửa cứu chợ Kiều."
person:
  name: "Quách Thị Tuất"
  birth_year: 1962
  category: lao-dong-truc-tiep
  residence: phuong-bach-khoa
deed:
  date: 2023-06-09
  field: doi-song-xa-hoi
unit: phuong-bach-khoa
awards:
  - level: phuong
    month: 2023-06
    decision: { number: "13/QĐ-UBND", date: 2023-06-30, issuer: chu-tich-phuong-bach-khoa }
topics: [an-sinh-xa-hoi]
tags: ["chợ Kiều"]
consent:
  by: nguoi-duoc-khen
  date: 2023-06-09
  channels: [web, ban-tin, phat-thanh]
featured: true
city_selected: true
withdrawn: true
dossier: { to_trinh: true, trich_ngang: true, xac_nhan_cu_tru: true }
---
Bà Quách Thị Tuất đã dập lửa cứu chợ Kiều.
"#;

/// Everything of the withdrawn story that could leak: names, slugs, folded
/// search words.
const WITHDRAWN_MARKS: [&str; 9] = [
    "Quách",
    "Tuất",
    "Kiều",
    "quach",
    "tuat",
    "kieu",
    "dap-lua-cuu-cho-kieu",
    "quach-thi-tuat",
    "cho-kieu",
];

fn url(slug: &str) -> String {
    format!("{BASE}truyen/{slug}.html")
}

fn deed_time(date: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(&format!("{date}T00:00:00+07:00"))
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// A copy of valid_site published at BASE, changed by `prepare`, then built.
fn built(prepare: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = site(&["valid_site"]);
    let root = dir.path();
    let config = read(root, "site.yaml");
    assert!(config.contains("base_url: \"/\""), "site.yaml changed");
    std::fs::write(
        root.join("site.yaml"),
        config.replace("base_url: \"/\"", &format!("base_url: \"{BASE}\"")),
    )
    .unwrap();
    prepare(root);
    let run = bangvang(root, &["build"]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    dir
}

/// Adds `extra` (whole lines) just before the `consent:` block of a story.
fn add_keys(root: &Path, story: &str, extra: &str) {
    let path = root.join("content/stories").join(story);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("\nconsent:").expect("consent line") + 1;
    let text = format!("{}{extra}{}", &text[..at], &text[at..]);
    std::fs::write(&path, text).unwrap();
}

/// A minimal valid JPEG, 8×8.
fn tiny_jpeg() -> Vec<u8> {
    // A real picture: images are decoded and encoded anew when published.
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::new(8, 8));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn parse_feed(root: &Path, rel: &str) -> Feed {
    let bytes =
        std::fs::read(root.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
}

fn text(t: &Option<feed_rs::model::Text>) -> &str {
    t.as_ref().map(|t| t.content.as_str()).unwrap_or("")
}

/// One feed checked against the stories it must carry, in order.
fn check_feed(root: &Path, rel: &str, kind: FeedType, title: &str, expected: &[&Pub]) {
    let feed = parse_feed(root, rel);
    assert_eq!(feed.feed_type, kind, "{rel}");
    assert_eq!(text(&feed.title), title, "{rel}: feed title");
    assert!(!feed.links.is_empty(), "{rel}: no feed link");
    for link in &feed.links {
        assert!(
            link.href.starts_with(BASE),
            "{rel}: relative feed link {}",
            link.href
        );
    }
    let got: Vec<&str> = feed.entries.iter().map(|e| text(&e.title)).collect();
    let want: Vec<&str> = expected.iter().map(|s| s.title).collect();
    assert_eq!(got, want, "{rel}: entries (titles, newest first)");
    for (e, s) in feed.entries.iter().zip(expected) {
        let what = format!("{rel}: entry {}", s.slug);
        assert_eq!(e.links.len(), 1, "{what}: links {:?}", e.links);
        assert_eq!(e.links[0].href, url(s.slug), "{what}: link");
        assert_eq!(e.id, url(s.slug), "{what}: id");
        assert_eq!(e.published, Some(deed_time(s.date)), "{what}: date");
        if kind == FeedType::RSS2 {
            // RSS readers show <description> as HTML: the summary must come
            // out as text there, never as markup (a live <img onerror>).
            let html = text(&e.summary);
            assert!(!html.contains('<'), "{what}: markup in description {html}");
            assert_eq!(unescape(html), s.summary, "{what}: summary");
        } else {
            assert_eq!(text(&e.summary), s.summary, "{what}: summary");
        }
        // Who proposed it: the unit, or the site when the unit is hidden.
        let author = s
            .unit
            .map(|u| UNITS.iter().find(|(id, _)| *id == u).unwrap().1)
            .unwrap_or(SITE_TITLE);
        match kind {
            FeedType::RSS2 => {
                assert_eq!(e.categories.len(), 1, "{what}: category");
                assert_eq!(e.categories[0].term, author, "{what}: category");
            }
            _ => {
                if kind == FeedType::Atom {
                    assert_eq!(e.updated, Some(deed_time(s.date)), "{what}: updated");
                }
                assert_eq!(e.authors.len(), 1, "{what}: authors");
                assert_eq!(e.authors[0].name, author, "{what}: author");
                let body = e.content.as_ref().and_then(|c| c.body.as_deref());
                assert!(
                    body.is_some_and(|b| b.starts_with("<p>")),
                    "{what}: content {body:?}"
                );
            }
        }
    }
    let newest = expected.iter().map(|s| deed_time(s.date)).max();
    if kind == FeedType::Atom {
        assert_eq!(feed.updated, newest, "{rel}: updated");
    }
}

const FEED_FILES: [(&str, FeedType); 3] = [
    ("atom.xml", FeedType::Atom),
    ("rss.xml", FeedType::RSS2),
    ("feed.json", FeedType::JSON),
];

#[test]
fn feeds_parse_and_carry_exactly_the_published_stories() {
    let dir = built(|_| {});
    let root = dir.path();
    let all: Vec<&Pub> = PUBLISHED.iter().collect();
    for (file, kind) in FEED_FILES {
        check_feed(root, file, kind.clone(), SITE_TITLE, &all);
        let raw = read(root, &format!("public/{file}"));
        // The script-like title is text: escaped in XML, a plain string in JSON.
        if file.ends_with(".xml") {
            assert!(!raw.contains(XSS), "{file}: title not escaped");
            assert!(raw.contains("&lt;img src=x onerror=alert(1)&gt;"), "{file}");
        }
        for never in NEVER_PUBLIC {
            assert!(!raw.contains(never), "{file} names {never}");
        }
        assert!(!raw.contains("Ngô Gia Tự"), "{file} names a minor's school");
    }
    // Per unit: only that unit's stories; none for the hidden school.
    for (unit, name) in UNITS {
        let mine: Vec<&Pub> = PUBLISHED.iter().filter(|s| s.unit == Some(unit)).collect();
        assert!(!mine.is_empty());
        for (file, kind) in FEED_FILES {
            let rel = format!("don-vi/{unit}/{file}");
            check_feed(root, &rel, kind, &format!("{name} — {SITE_TITLE}"), &mine);
        }
        let atom = parse_feed(root, &format!("don-vi/{unit}/atom.xml"));
        let hrefs: Vec<&str> = atom.links.iter().map(|l| l.href.as_str()).collect();
        assert!(
            hrefs.contains(&format!("{BASE}don-vi/{unit}/atom.xml").as_str())
                && hrefs.contains(&format!("{BASE}don-vi/{unit}/").as_str()),
            "{unit}: atom links {hrefs:?}"
        );
        let json = parse_feed(root, &format!("don-vi/{unit}/feed.json"));
        let hrefs: Vec<&str> = json.links.iter().map(|l| l.href.as_str()).collect();
        assert!(
            hrefs.contains(&format!("{BASE}don-vi/{unit}/feed.json").as_str()),
            "{unit}: json links {hrefs:?}"
        );
    }
    assert!(!root.join("public/don-vi/truong-thcs-ngo-gia-tu").exists());
    // JSON Feed 1.1 by its version string, not only by what feed-rs accepts.
    let json: serde_json::Value = serde_json::from_str(&read(root, "public/feed.json")).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["feed_url"], format!("{BASE}feed.json"));
    assert_eq!(json["items"][3]["title"], XSS);
}

#[test]
fn feeds_are_independent_of_build_time_and_output_folder() {
    let dir = built(|_| {});
    let root = dir.path();
    let again = bangvang(root, &["build", "--output", "elsewhere"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    for rel in [
        "atom.xml",
        "rss.xml",
        "feed.json",
        "sitemap.xml",
        "robots.txt",
        "don-vi/phuong-bach-dang/atom.xml",
        "ban-tin/2023-06/phat-thanh.txt",
        "ban-tin/2023-06/index.html",
        "tong-ket/2023/index.html",
    ] {
        assert_eq!(
            read(root, &format!("public/{rel}")),
            read(root, &format!("elsewhere/{rel}")),
            "{rel} differs between two builds"
        );
    }
}

/// The `<loc>`s of public/sitemap.xml.
fn sitemap_locs(root: &Path) -> Vec<String> {
    let xml = read(root, "public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is XML");
    let urlset = doc.root_element();
    assert_eq!(urlset.tag_name().name(), "urlset");
    assert_eq!(
        urlset.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    urlset
        .children()
        .filter(|n| n.is_element())
        .map(|u| {
            assert_eq!(u.tag_name().name(), "url");
            let loc = u
                .children()
                .find(|n| n.has_tag_name("loc"))
                .expect("<url> without <loc>");
            loc.text().unwrap_or("").to_string()
        })
        .collect()
}

/// Every public page of the built tree, as the sitemap should list it.
fn public_pages(root: &Path) -> BTreeSet<String> {
    tree(&root.join("public"))
        .into_iter()
        .map(|(path, _)| path.replace('\\', "/"))
        .filter(|p| p.ends_with(".html") && p != "404.html" && !p.starts_with("tim-kiem/"))
        .map(|p| format!("{BASE}{}", p.strip_suffix("index.html").unwrap_or(&p)))
        .collect()
}

#[test]
fn sitemap_lists_every_public_page_and_robots_names_it() {
    let dir = built(|_| {});
    let root = dir.path();
    let locs = sitemap_locs(root);
    let set: BTreeSet<String> = locs.iter().cloned().collect();
    assert_eq!(set.len(), locs.len(), "duplicate <loc> in the sitemap");
    assert_eq!(set, public_pages(root));
    for must in [
        String::from(BASE),
        url("img-src-x-onerror-alert-1"),
        format!("{BASE}ban-tin/2023-06/"),
        format!("{BASE}tong-ket/2023/"),
        format!("{BASE}don-vi/phuong-dong-tam/"),
    ] {
        assert!(set.contains(&must), "sitemap lacks {must}");
    }
    for loc in &locs {
        for never in NEVER_PUBLIC {
            assert!(!loc.contains(never), "sitemap lists {loc}");
        }
        assert!(!loc.contains("tim-kiem") && !loc.contains("404"), "{loc}");
    }
    let robots = read(root, "public/robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {BASE}sitemap.xml")),
        "robots.txt:\n{robots}"
    );

    // Without a full base_url there is no absolute address to give: no
    // Sitemap line rather than a relative one.
    let plain = site(&["valid_site"]);
    assert_eq!(bangvang(plain.path(), &["build"]).code, 0);
    let robots = read(plain.path(), "public/robots.txt");
    assert!(!robots.contains("Sitemap"), "robots.txt:\n{robots}");
    // --base-url overrides site.yaml.
    let run = bangvang(plain.path(), &["build", "--base-url", BASE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        read(plain.path(), "public/robots.txt").contains(&format!("Sitemap: {BASE}sitemap.xml"))
    );
    assert_eq!(
        sitemap_locs(plain.path())
            .into_iter()
            .collect::<BTreeSet<_>>(),
        public_pages(plain.path())
    );
}

#[test]
fn withdrawn_story_disappears_from_every_page_feed_sitemap_and_search_index() {
    let dir = built(|root| {
        std::fs::write(root.join("content/stories/rut.md"), WITHDRAWN_STORY).unwrap();
    });
    let root = dir.path();
    // The build saw it and said why it is left out.
    let run = bangvang(root, &["build"]);
    assert!(run.stderr.contains("content/stories/rut.md") && run.stderr.contains("withdrawn"));
    assert!(run.stdout.contains("7 bài được xuất bản"), "{}", run.stdout);

    let files = tree(&root.join("public"));
    let mut leaks = Vec::new();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for mark in WITHDRAWN_MARKS.iter().chain(NEVER_PUBLIC.iter()) {
            if path.contains(mark) || text.contains(mark) {
                leaks.push(format!("{path}: {mark}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "unpublished stories leak:\n{}",
        leaks.join("\n")
    );
    assert!(!root.join("public/the/cho-kieu").exists());

    // Feeds still carry the seven published stories.
    for (file, _) in FEED_FILES {
        assert_eq!(parse_feed(root, file).entries.len(), 7, "{file}");
        assert_eq!(
            parse_feed(root, &format!("don-vi/phuong-bach-khoa/{file}"))
                .entries
                .len(),
            2
        );
    }
    // The sitemap is exactly the tree, which holds no page of it.
    let locs: BTreeSet<String> = sitemap_locs(root).into_iter().collect();
    assert_eq!(locs, public_pages(root));
    // The search index counts seven documents.
    let meta: serde_json::Value =
        serde_json::from_str(&read(root, "public/search/meta.json")).unwrap();
    assert_eq!(meta["docs"], 7);
    let docs: usize = files
        .iter()
        .filter(|(p, _)| p.starts_with("search/d/"))
        .map(|(_, b)| {
            serde_json::from_slice::<Vec<serde_json::Value>>(b)
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(docs, 7, "search documents");
    // The June bulletin, radio script and the review do not count it.
    assert_eq!(
        read(root, "public/ban-tin/2023-06/index.html")
            .matches("<article class=\"bulletin-story\">")
            .count(),
        4
    );
    // (Not while UPDATE_EXPECTED rewrites that file in another test.)
    if std::env::var_os("UPDATE_EXPECTED").is_none() {
        assert_eq!(
            read(root, "public/ban-tin/2023-06/phat-thanh.txt").replacen('\u{feff}', "", 1),
            std::fs::read_to_string(fixtures().join("channels/radio-2023-06.txt")).unwrap()
        );
    }
    let review = read(root, "public/tong-ket/2023/index.html");
    assert!(review.contains("<strong>8</strong> lượt khen"));
    assert!(review.contains("Chưa có gương nào được chọn."));
    // Only the office's report still lists it, as withdrawn.
    let report = bangvang(root, &["report", "--year", "2023"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let line = report
        .stdout
        .lines()
        .find(|l| l.contains("Quách Thị Tuất"))
        .expect("withdrawn story in the report");
    assert!(
        line.contains(",\"đã quyết định, chưa đăng (đã rút)\","),
        "{line}"
    );
}

/// Photos of stories that are not published (here: withdrawn) must not be
/// published either: `withdrawn: true` “disappears everywhere”.
#[test]
fn withdrawn_story_photo_is_not_published() {
    let dir = built(|root| {
        std::fs::create_dir_all(root.join("content/images")).unwrap();
        std::fs::write(root.join("content/images/quach-thi-tuat.jpg"), tiny_jpeg()).unwrap();
        let story = WITHDRAWN_STORY.replace(
            "withdrawn: true",
            "withdrawn: true\nphoto:\n  src: images/quach-thi-tuat.jpg\n  alt: \"Bà Tuất\"",
        );
        std::fs::write(root.join("content/stories/rut.md"), story).unwrap();
    });
    assert!(
        !dir.path().join("public/images/quach-thi-tuat.jpg").exists(),
        "the withdrawn person's photo is published"
    );
}

/// Reads a share tag: `<meta {attr}="{key}" content="…">`, unescaped.
fn meta(html: &str, attr: &str, key: &str) -> Option<String> {
    let needle = format!("<meta {attr}=\"{key}\" content=\"");
    let start = html.find(&needle)? + needle.len();
    let end = start + html[start..].find('"')?;
    Some(unescape(&html[start..end]))
}

fn canonical(html: &str) -> Option<String> {
    let needle = "<link rel=\"canonical\" href=\"";
    let start = html.find(needle)? + needle.len();
    let end = start + html[start..].find('"')?;
    Some(unescape(&html[start..end]))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

#[test]
fn story_pages_have_canonical_and_share_tags() {
    let dir = built(|root| {
        std::fs::create_dir_all(root.join("content/images")).unwrap();
        std::fs::write(root.join("content/images/chi-anh.jpg"), tiny_jpeg()).unwrap();
        let photo = |alt: &str| format!("photo:\n  src: images/chi-anh.jpg\n  alt: \"{alt}\"\n");
        add_keys(root, "dong-du-1.md", &photo("Chị Ánh bên hồ Đông Du"));
        // A minor's photo is not shown without minor_allow.photo.
        add_keys(root, "hoc-sinh.md", &photo("Em Anh ở trường"));
    });
    let root = dir.path();

    // Without a photo (and a title that looks like markup).
    let page = url("img-src-x-onerror-alert-1");
    let html = read(root, "public/truyen/img-src-x-onerror-alert-1.html");
    assert_eq!(canonical(&html).as_deref(), Some(page.as_str()));
    assert_eq!(
        meta(&html, "property", "og:url").as_deref(),
        Some(page.as_str())
    );
    assert_eq!(
        meta(&html, "property", "og:type").as_deref(),
        Some("article")
    );
    assert_eq!(meta(&html, "property", "og:title").as_deref(), Some(XSS));
    assert_eq!(meta(&html, "name", "twitter:title").as_deref(), Some(XSS));
    assert_eq!(
        meta(&html, "property", "og:description").as_deref(),
        Some("Tóm tắt: <img src=x onerror=alert(1)>")
    );
    assert_eq!(
        meta(&html, "property", "og:site_name").as_deref(),
        Some(SITE_TITLE)
    );
    assert_eq!(
        meta(&html, "property", "og:locale").as_deref(),
        Some("vi_VN")
    );
    // Every story has its share card (tests/share_cards.rs), photo or not.
    assert_eq!(
        meta(&html, "name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        meta(&html, "property", "og:image").as_deref(),
        Some(format!("{BASE}truyen/img-src-x-onerror-alert-1.png").as_str())
    );
    assert!(!html.contains(XSS), "markup-like title not escaped");

    // With a photo: the absolute card (which shows the photo) and the large card.
    let page = url("nguoi-giu-ho-dong-du");
    let html = read(root, "public/truyen/nguoi-giu-ho-dong-du.html");
    assert_eq!(canonical(&html).as_deref(), Some(page.as_str()));
    assert_eq!(
        meta(&html, "property", "og:url").as_deref(),
        Some(page.as_str())
    );
    assert_eq!(
        meta(&html, "property", "og:type").as_deref(),
        Some("article")
    );
    assert_eq!(
        meta(&html, "property", "og:title").as_deref(),
        Some("Người giữ hồ Đông Du")
    );
    assert_eq!(
        meta(&html, "property", "og:description").as_deref(),
        Some("Tóm tắt: Người giữ hồ Đông Du")
    );
    assert_eq!(
        meta(&html, "property", "og:image").as_deref(),
        Some(format!("{BASE}truyen/nguoi-giu-ho-dong-du.png").as_str())
    );
    assert_eq!(
        meta(&html, "property", "og:image:width").as_deref(),
        Some("1200")
    );
    assert_eq!(
        meta(&html, "name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(html.matches("name=\"twitter:card\"").count(), 1);

    // A minor: the preview is the card (drawn without the photo), never the photo.
    let html = read(root, "public/truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.html");
    assert_eq!(
        meta(&html, "property", "og:image").as_deref(),
        Some(format!("{BASE}truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.png").as_str())
    );
    assert!(!html.contains("chi-anh.jpg"));

    // Other pages: canonical and og:url absolute, og:type website.
    for (file, path) in [
        ("index.html", ""),
        ("ban-tin/2023-06/index.html", "ban-tin/2023-06/"),
        ("tong-ket/2023/index.html", "tong-ket/2023/"),
        ("thang/2023-06/trang-2.html", "thang/2023-06/trang-2.html"),
    ] {
        let html = read(root, &format!("public/{file}"));
        let want = format!("{BASE}{path}");
        assert_eq!(canonical(&html).as_deref(), Some(want.as_str()), "{file}");
        assert_eq!(
            meta(&html, "property", "og:url").as_deref(),
            Some(want.as_str()),
            "{file}"
        );
        assert_eq!(
            meta(&html, "property", "og:type").as_deref(),
            Some("website"),
            "{file}"
        );
        assert_eq!(
            meta(&html, "property", "og:image").as_deref(),
            Some(format!("{BASE}chia-se.png").as_str()),
            "{file}"
        );
    }
}

/// Compares a built radio script with its expected file (or rewrites it
/// with UPDATE_EXPECTED=1).
fn check_radio(script: &str, month: &str) {
    let expected_path = fixtures().join(format!("channels/radio-{month}.txt"));
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
        std::fs::write(&expected_path, script).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path)
        .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
    assert!(
        script == expected,
        "radio script of {month} differs from {}\n--- expected\n{expected}\n--- got\n{script}",
        expected_path.display()
    );
}

#[test]
fn radio_script_reads_as_spoken_and_matches_exactly() {
    let dir = built(|_| {});
    let root = dir.path();
    for month in ["2023-06", "2023-07"] {
        let rel = format!("public/ban-tin/{month}/phat-thanh.txt");
        let bytes = std::fs::read(root.join(&rel)).unwrap();
        let script = String::from_utf8(bytes).expect("radio script is UTF-8");
        // A BOM: a static host that serves .txt without a charset is read
        // as UTF-8 by every browser.
        let script = script
            .strip_prefix('\u{feff}')
            .unwrap_or_else(|| panic!("{rel}: no BOM"))
            .to_string();
        assert!(unicode_normalization::is_nfc(&script), "{rel} is not NFC");
        assert!(
            script.ends_with('\n') && !script.ends_with("\n\n"),
            "{rel}: final newline"
        );
        assert!(!script.contains('\r'), "{rel}: CR");
        // Everything an announcer reads is in words: no digit anywhere.
        assert!(
            script.starts_with("BẢN TIN PHÁT THANH “NGƯỜI TỐT, VIỆC TỐT” — THÁNG "),
            "{script}"
        );
        for (n, line) in script.lines().enumerate() {
            assert!(
                !line.chars().any(|c| c.is_ascii_digit()),
                "{rel}:{}: digits left for the announcer: {line}",
                n + 1
            );
        }
        for never in NEVER_PUBLIC {
            assert!(!script.contains(never), "{rel} names {never}");
        }
        assert!(
            !script.contains("Ngô Gia Tự"),
            "{rel} names a minor's school"
        );
        check_radio(&script, month);
    }
    let june = read(root, "public/ban-tin/2023-06/phat-thanh.txt");
    for spoken in [
        "trong tháng sáu năm hai nghìn không trăm hai mươi ba",
        "khen thưởng bốn lượt cá nhân",
        "Ngày mồng một tháng sáu năm hai nghìn không trăm hai mươi ba",
        "Ngày mồng bảy tháng sáu",
        "Ngày hai mươi tháng sáu",
        "theo Quyết định số mười hai của Chủ tịch Ủy ban nhân dân phường Bạch Đằng, ký ngày ba mươi tháng sáu",
        "Tấm gương thứ tư",
        // A child as a speaker names one, never by initials.
        "Em Anh.\n",
        ", em Anh nhặt được ví",
    ] {
        assert!(june.contains(spoken), "June script lacks “{spoken}”");
    }
    let july = read(root, "public/ban-tin/2023-07/phat-thanh.txt");
    for spoken in [
        "Ngày mồng mười tháng bảy",
        "theo Quyết định số chín mươi chín của Chủ tịch Ủy ban nhân dân quận, ký ngày hai mươi lăm tháng bảy năm hai nghìn không trăm hai mươi ba",
        // An honorific mid-sentence is lower case.
        "hai mươi ba, chị Hoà hiến máu",
        "lần thứ hai mươi",
        "cấp quận",
    ] {
        assert!(july.contains(spoken), "July script lacks “{spoken}”");
    }
}

/// The unit sections of a bulletin: (unit heading, story titles as HTML).
fn bulletin_groups(html: &str) -> Vec<(String, Vec<String>)> {
    let between = |s: &str, a: &str, b: &str| -> String {
        let start = s.find(a).map(|i| i + a.len()).unwrap_or(0);
        s[start..start + s[start..].find(b).unwrap()].to_string()
    };
    html.split("<section class=\"bulletin-unit\"")
        .skip(1)
        .map(|sec| {
            let sec = &sec[..sec.find("</section>").unwrap()];
            let titles = sec
                .split("<article class=\"bulletin-story\">")
                .skip(1)
                .map(|a| between(a, "<h3>", "</h3>"))
                .collect();
            (between(sec, "<h2>", "</h2>"), titles)
        })
        .collect()
}

#[test]
fn bulletin_groups_the_month_by_unit_and_prints_on_a4() {
    let dir = built(|_| {});
    let root = dir.path();
    // "Đơn vị khác" (the minor's school, not named) comes last.
    let june = vec![
        (
            "Phường Bạch Đằng".to_string(),
            vec![
                "Người giữ hồ Đông Du".to_string(),
                "&lt;img src=x onerror=alert(1)&gt;".to_string(),
            ],
        ),
        (
            "Phường Đồng Tâm".to_string(),
            vec!["Người giữ hồ Đồng Du".to_string()],
        ),
        (
            "Đơn vị khác".to_string(),
            vec!["Em học sinh trả lại ví nhặt được".to_string()],
        ),
    ];
    let july = vec![
        // Vietnamese order: Bách (sắc) before Bạch (nặng).
        (
            "Phường Bách Khoa".to_string(),
            vec!["Trả lại ví cho người đánh rơi".to_string()],
        ),
        (
            "Phường Bạch Đằng".to_string(),
            vec!["Hiến máu cứu người ở Bạch Đằng".to_string()],
        ),
        (
            "Đơn vị khác".to_string(),
            vec!["Em học sinh trả lại ví nhặt được".to_string()],
        ),
    ];
    let may = vec![(
        "Phường Bách Khoa".to_string(),
        vec!["Lao xuống hồ cứu cháu bé".to_string()],
    )];
    for (month, awards, groups) in [
        ("2023-05", 1, may),
        ("2023-06", 4, june),
        ("2023-07", 3, july),
    ] {
        let rel = format!("public/ban-tin/{month}/index.html");
        let html = read(root, &rel);
        assert_eq!(
            html.matches("<article class=\"bulletin-story\">").count(),
            awards,
            "{rel}: one article per award"
        );
        assert_eq!(bulletin_groups(&html), groups, "{rel}");
        assert!(
            html.contains(&format!("<p class=\"intro\">{awards} lượt khen thưởng")),
            "{rel}"
        );
        assert!(
            html.contains(&format!(
                "href=\"/bang-vang/ban-tin/{month}/phat-thanh.txt\""
            )),
            "{rel}: link to the radio script"
        );
        assert!(html.contains("class=\"no-print\""), "{rel}");
        assert!(!html.contains(XSS), "{rel}: markup-like title not escaped");
        for never in NEVER_PUBLIC {
            assert!(!html.contains(never), "{rel} names {never}");
        }
        assert!(!html.contains("Ngô Gia Tự"), "{rel} names a minor's school");
        // The month's board leads to its bulletin.
        let board = read(root, &format!("public/thang/{month}/index.html"));
        assert!(
            board.contains(&format!("/bang-vang/ban-tin/{month}/")),
            "board {month}"
        );
    }
    // The district-level award of July carries its decision.
    assert!(read(root, "public/ban-tin/2023-07/index.html")
        .contains("<p class=\"decision\">Quyết định số 99/QĐ-UBND ngày 25/7/2023 của Chủ tịch Ủy ban nhân dân quận</p>"));
    // Only months with awards have a bulletin.
    let months: Vec<String> = std::fs::read_dir(root.join("public/ban-tin"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(months, ["2023-05", "2023-06", "2023-07"]);

    let css = read(root, "public/style.css");
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    // Several honorees to a sheet (no page break per story), headings kept
    // with what follows (tests/browser/print.test.mjs counts the pages).
    assert!(!print.contains("break-before: page"), "a page per story");
    for rule in ["@page", "size: A4", "break-after: avoid", ".bulletin-story"] {
        assert!(print.contains(rule), "print stylesheet lacks {rule}");
    }
}

/// A data table of the review: caption, rows (header, number), footer total.
struct Table {
    caption: String,
    rows: Vec<(String, u64)>,
    total: Option<u64>,
}

fn data_table(xml: &str) -> Table {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let table = doc.root_element();
    let caption = table
        .children()
        .find(|n| n.has_tag_name("caption"))
        .and_then(|c| c.text())
        .expect("table without caption")
        .to_string();
    let rows = |section: &str| -> Vec<(String, u64)> {
        table
            .children()
            .filter(|n| n.has_tag_name(section))
            .flat_map(|s| s.children().filter(|n| n.has_tag_name("tr")))
            .map(|tr| {
                let th = tr.children().find(|n| n.has_tag_name("th")).unwrap();
                let td = tr.children().find(|n| n.has_tag_name("td")).unwrap();
                (
                    th.text().unwrap_or("").to_string(),
                    td.text().unwrap().parse().unwrap(),
                )
            })
            .collect()
    };
    Table {
        total: rows("tfoot").first().map(|r| r.1),
        rows: rows("tbody"),
        caption,
    }
}

/// The tables of the six charts of a review page, each checked to follow
/// its chart and to be captioned with the chart's title.
fn review_charts(html: &str) -> Vec<Table> {
    let svgs: Vec<usize> = html.match_indices("<svg").map(|(i, _)| i).collect();
    let tables: Vec<usize> = html
        .match_indices("<table class=\"data-table\">")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(svgs.len(), 6, "six charts");
    assert_eq!(tables.len(), 6, "six data tables");
    (0..6)
        .map(|i| {
            // Each chart is followed by its table, before the next chart.
            assert!(svgs[i] < tables[i], "chart {i} has no table after it");
            if i + 1 < 6 {
                assert!(tables[i] < svgs[i + 1], "chart {i} has no table of its own");
            }
            let svg_end = svgs[i] + html[svgs[i]..].find("</svg>").unwrap() + "</svg>".len();
            let svg = &html[svgs[i]..svg_end];
            let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("chart {i}: {e}"));
            assert_eq!(doc.root_element().attribute("role"), Some("img"));
            let title = doc
                .root_element()
                .children()
                .find(|n| n.has_tag_name("title"))
                .and_then(|t| t.text())
                .unwrap_or("")
                .to_string();
            let end = tables[i] + html[tables[i]..].find("</table>").unwrap() + "</table>".len();
            let table = data_table(&html[tables[i]..end]);
            assert_eq!(title, table.caption, "chart {i}: title and caption");
            table
        })
        .collect()
}

fn rows(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(l, v)| (l.to_string(), *v)).collect()
}

#[test]
fn yearly_review_has_six_charts_with_tables_and_the_right_totals() {
    let dir = built(|root| {
        add_keys(root, "dong-du-1.md", "city_selected: true\n");
        // Not consented: never listed, even when selected.
        add_keys(root, "khong-dong-y.md", "city_selected: true\n");
    });
    let root = dir.path();
    let html = read(root, "public/tong-ket/2023/index.html");
    // Counted by hand from the fixture: 7 published stories, 8 awards in
    // 2023 (hoc-sinh has two), 6 people (Nguyễn Văn Hùng has two stories).
    assert!(
        html.contains("<strong>8</strong> lượt khen thưởng danh hiệu “Người tốt, việc tốt” cho <strong>6</strong> người"),
        "totals"
    );
    let charts = review_charts(&html);
    let mut by_month: Vec<(String, u64)> = (1..=12).map(|m| (format!("Tháng {m}"), 0)).collect();
    by_month[4].1 = 1;
    by_month[5].1 = 4;
    by_month[6].1 = 3;
    let expected = [
        ("Lượt khen theo tháng, năm 2023", by_month, 8),
        (
            "Lượt khen theo đơn vị, năm 2023",
            rows(&[
                ("Phường Bạch Đằng", 3),
                ("Phường Bách Khoa", 2),
                ("Phường Đồng Tâm", 1),
                // The minor's school is not named; its two awards still count.
                ("Đơn vị khác", 2),
            ]),
            8,
        ),
        (
            "Lượt khen theo cấp, năm 2023",
            rows(&[("Cấp phường", 7), ("Cấp quận", 1), ("Cấp thành phố", 0)]),
            8,
        ),
        (
            "Lượt khen theo lĩnh vực, năm 2023",
            rows(&[("Đời sống xã hội", 6), ("Học tập", 2)]),
            8,
        ),
        (
            "Lượt khen theo đối tượng, năm 2023",
            rows(&[
                ("Người lao động trực tiếp (đối tượng ưu tiên)", 6),
                ("Học sinh, sinh viên", 2),
            ]),
            8,
        ),
        // People, not awards: the fixture writes no gender.
        (
            "Người được khen theo giới tính, năm 2023",
            rows(&[("Nam", 0), ("Nữ", 0), ("Chưa ghi", 6)]),
            6,
        ),
    ];
    for (
        Table {
            caption,
            rows,
            total,
        },
        (want_title, want_rows, want_total),
    ) in charts.iter().zip(expected)
    {
        assert_eq!(caption, want_title);
        let title = caption;
        assert_eq!(rows, &want_rows, "{title}");
        assert_eq!(*total, Some(want_total), "{title}: total");
        assert_eq!(
            rows.iter().map(|r| r.1).sum::<u64>(),
            want_total,
            "{title}: sum"
        );
    }
    // The stories selected for the city: the published one only.
    let selected = &html[html.find("id=\"gui-cap-tren\"").unwrap()..];
    let selected = &selected[..selected.find("</section>").unwrap()];
    assert!(
        selected.contains("/bang-vang/truyen/nguoi-giu-ho-dong-du.html"),
        "{selected}"
    );
    assert_eq!(
        selected.matches("<article class=\"card\">").count(),
        1,
        "{selected}"
    );
    for never in NEVER_PUBLIC {
        assert!(!html.contains(never), "review names {never}");
    }
    // The months index leads to the review.
    assert!(read(root, "public/thang/index.html").contains("/bang-vang/tong-ket/2023/"));
    // Only years with awards have a review.
    assert!(!root.join("public/tong-ket/2022").exists());
}

/// Every award of a year is in the review's unit chart, the hidden units
/// under one “Đơn vị khác” bar as in the bulletin, so its total is the
/// year's total.
#[test]
fn yearly_review_unit_chart_accounts_for_every_award() {
    let dir = built(|_| {});
    let html = read(dir.path(), "public/tong-ket/2023/index.html");
    let charts = review_charts(&html);
    assert_eq!(
        charts[1].total,
        Some(8),
        "unit chart total: {:?}",
        charts[1].rows
    );
}

const REPORT_HEADERS: [&str; 21] = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Nghề nghiệp/chức vụ",
    "Nơi cư trú",
    "Đơn vị đề nghị",
    "Tóm tắt thành tích",
    "Hình thức khen thưởng",
    "Tháng",
    "Số tờ trình",
    "Ngày tờ trình",
    "Số quyết định",
    "Ngày quyết định",
    "Người ký",
    "Tờ trình",
    "Trích ngang",
    "Xác nhận cư trú",
    "Hồ sơ",
    "Trạng thái",
    "Tệp",
];

/// A CSV report (with its BOM) as header and rows.
fn report_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("the CSV starts with a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(body);
    let headers = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (headers, rows)
}

#[test]
fn report_lists_every_award_with_its_dossier_outside_public() {
    let dir = built(|_| {});
    let root = dir.path();
    let before = tree(&root.join("public"));

    let run = bangvang(root, &["report", "--year", "2023"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (headers, rows) = report_rows(run.stdout.as_bytes());
    assert_eq!(headers, REPORT_HEADERS);
    // 8 published awards + the unconsented and the draft story's award.
    assert_eq!(rows.len(), 10, "{rows:#?}");
    assert!(rows.iter().all(|r| r.len() == 21));
    let stt: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(stt, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    let col = |name: &str| REPORT_HEADERS.iter().position(|h| *h == name).unwrap();
    let months: Vec<&str> = rows.iter().map(|r| r[col("Tháng")].as_str()).collect();
    assert_eq!(
        months,
        [
            "05/2023", "06/2023", "06/2023", "06/2023", "06/2023", "06/2023", "06/2023", "07/2023",
            "07/2023", "07/2023"
        ]
    );
    let by_file = |file: &str| -> Vec<&Vec<String>> {
        rows.iter()
            .filter(|r| r[col("Tệp")] == format!("content/stories/{file}"))
            .collect()
    };
    let status = |file: &str| by_file(file)[0][col("Trạng thái")].clone();
    assert_eq!(
        status("khong-dong-y.md"),
        "đã quyết định, chưa đăng (chưa đồng ý)"
    );
    assert_eq!(status("nhap.md"), "đã quyết định, chưa đăng (nháp)");
    assert_eq!(status("hung-1.md"), "đã đăng");
    // A known story, whole: the office sees the full name and the school.
    let student = by_file("hoc-sinh.md");
    assert_eq!(student.len(), 2);
    assert_eq!(
        student[1][1..],
        [
            "Nguyễn Minh Anh",
            "2010",
            "",
            "",
            "",
            "Trường THCS Ngô Gia Tự",
            "Em N. M. Anh nhặt được ví và trả lại người mất.",
            "Cấp quận",
            "07/2023",
            "",
            "",
            "99/QĐ-UBND",
            "25/07/2023",
            "Chủ tịch Ủy ban nhân dân quận",
            "có",
            "có",
            "có",
            "đủ",
            "đã đăng",
            "content/stories/hoc-sinh.md",
        ]
    );
    let dossier = |r: &Vec<String>| {
        [
            r[col("Tờ trình")].clone(),
            r[col("Trích ngang")].clone(),
            r[col("Xác nhận cư trú")].clone(),
            r[col("Hồ sơ")].clone(),
        ]
    };
    assert_eq!(
        dossier(by_file("dong-du-1.md")[0]),
        ["có", "thiếu", "có", "chưa đủ"]
    );
    // No dossier at all: everything missing.
    assert_eq!(
        dossier(by_file("nfd.md")[0]),
        ["thiếu", "thiếu", "thiếu", "chưa đủ"]
    );
    assert_eq!(by_file("nfd.md")[0][col("Họ và tên")], "Lê Thị Thuý");
    assert!(rows
        .iter()
        .all(|r| unicode_normalization::is_nfc(&r.join(","))));
    // The markup-like title is kept as it is, quoted where needed.
    assert_eq!(
        by_file("xss.md")[0][col("Tóm tắt thành tích")],
        format!("Tóm tắt: {XSS}")
    );

    // A year without awards: the header alone.
    let empty = bangvang(root, &["report", "--year", "2022"]);
    assert_eq!(empty.code, 0, "{}", empty.stderr);
    let (headers, rows) = report_rows(empty.stdout.as_bytes());
    assert_eq!(headers, REPORT_HEADERS);
    assert!(rows.is_empty());

    // Markdown.
    let md = bangvang(root, &["report", "--year", "2023", "--format", "md"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(md
        .stdout
        .starts_with("# Danh sách khen thưởng “Người tốt, việc tốt” năm 2023\n"));
    assert!(md.stdout.contains("\n10 lượt khen.\n"));
    let header = format!("| {} |", REPORT_HEADERS.join(" | "));
    let lines: Vec<&str> = md.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == header)
        .expect("table header");
    assert_eq!(lines[at + 1], format!("|{}", " --- |".repeat(21)));
    assert_eq!(lines[at + 2..].len(), 10, "one table row per award");
    assert!(lines[at + 2..]
        .iter()
        .all(|l| l.starts_with("| ") && l.ends_with(" |")));

    // -f: written where asked, nothing on stdout, nothing under public/.
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("r.csv");
    let run = bangvang(
        root,
        &["report", "--year", "2023", "-f", target.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let (_, rows) = report_rows(&std::fs::read(&target).unwrap());
    assert_eq!(rows.len(), 10);
    assert_eq!(tree(&root.join("public")), before, "report touched public/");

    // Into the published folder: refused, by any spelling of it.
    for inside in [
        "public/r.csv",
        "./public/../public/r.csv",
        "public/ban-tin/r.csv",
    ] {
        let run = bangvang(root, &["report", "--year", "2023", "-f", inside]);
        assert_eq!(run.code, 1, "{inside}: {}", run.stderr);
        assert!(
            run.stderr.contains("thư mục xuất bản công khai"),
            "{inside}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    let run = bangvang(
        root,
        &[
            "report",
            "--year",
            "2023",
            "--output",
            "out",
            "-f",
            "out/r.csv",
        ],
    );
    assert_eq!(run.code, 1, "custom output folder: {}", run.stderr);
    assert!(!root.join("out/r.csv").exists());
    assert_eq!(tree(&root.join("public")), before, "report touched public/");

    // Without a build first, report writes no public/ either.
    let fresh = site(&["valid_site"]);
    let target = elsewhere.path().join("r2.csv");
    let run = bangvang(
        fresh.path(),
        &["report", "--year", "2023", "-f", target.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!fresh.path().join("public").exists());
}

#[test]
fn dossier_status_never_reaches_public() {
    let dir = built(|root| {
        std::fs::write(root.join("content/stories/rut.md"), WITHDRAWN_STORY).unwrap();
        add_keys(root, "dong-du-1.md", "city_selected: true\n");
    });
    let root = dir.path();
    // Reports written where they are allowed do not change that.
    let run = bangvang(root, &["report", "--year", "2023", "--format", "md"]);
    assert_eq!(run.code, 0);
    let mut found = Vec::new();
    for (path, bytes) in tree(&root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        for word in [
            "trich_ngang",
            "to_trinh",
            "xac_nhan_cu_tru",
            "dossier",
            "Tờ trình",
            "Trích ngang",
            "Xác nhận cư trú",
            "chưa đủ",
        ] {
            if text.contains(word) {
                found.push(format!("{path}: {word}"));
            }
        }
        assert!(!path.ends_with(".csv") && !path.ends_with(".md"), "{path}");
    }
    assert!(
        found.is_empty(),
        "dossier data in public/:\n{}",
        found.join("\n")
    );
}

/// Replaces the `key:` line (with its indent) of a fixture story.
fn set_line(root: &Path, story: &str, key: &str, value: &str) {
    let path = root.join("content/stories").join(story);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find(&format!("\n{key}: ")).expect("key line") + 1;
    let end = start + text[start..].find('\n').unwrap();
    let text = format!("{}{key}: {value}{}", &text[..start], &text[end..]);
    std::fs::write(&path, text).unwrap();
}

#[test]
fn report_cells_never_run_as_spreadsheet_formulas() {
    let dir = built(|root| {
        set_line(
            root,
            "hung-1.md",
            "summary",
            "\"=HYPERLINK(\\\"http://x.vn\\\",\\\"Bấm\\\")\"",
        );
        // The other cells are a name, registry names or numbers, so the
        // summary is the writer's own free text here.
    });
    let run = bangvang(dir.path(), &["report", "--year", "2023"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (headers, rows) = report_rows(run.stdout.as_bytes());
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|r| r[col("Tệp")] == "content/stories/hung-1.md")
        .expect("hung-1.md row");
    // Read back, the cell is the text with a leading `'`: shown, never run.
    assert_eq!(
        row[col("Tóm tắt thành tích")],
        "'=HYPERLINK(\"http://x.vn\",\"Bấm\")"
    );
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?}"
            );
        }
    }
    // Ordinary cells are unchanged.
    assert_eq!(row[col("Tháng")], "05/2023");
}

#[test]
fn a_line_break_in_a_title_or_name_stays_inside_its_radio_sentence() {
    let dir = built(|root| {
        set_line(
            root,
            "hung-1.md",
            "title",
            "\"Lao xuống hồ\\n[Nhạc hiệu kết]\\nCứu cháu bé\"",
        );
        set_line(root, "hung-1.md", "  name", "\"Nguyễn Văn\\nHùng\"");
    });
    let script = read(dir.path(), "public/ban-tin/2023-05/phat-thanh.txt");
    let lines: Vec<&str> = script.lines().collect();
    // The cue in the title is read as words, not as a cue, inside the
    // title's line; the real closing cue is still the last line: no line
    // was injected.
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("[Nhạc hiệu kết]"))
            .count(),
        1,
        "{script}"
    );
    assert_eq!(lines.last(), Some(&"[Nhạc hiệu kết]"), "{script}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Tấm gương thứ nhất: Lao xuống hồ Nhạc hiệu kết Cứu cháu bé")),
        "{script}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Nguyễn Văn Hùng")),
        "{script}"
    );
    assert!(
        !lines
            .iter()
            .any(|l| *l == "Hùng" || l.starts_with("Cứu cháu bé")),
        "{script}"
    );
}

#[test]
fn feeds_of_a_site_without_stories_have_a_fixed_valid_date() {
    let dir = built(|root| {
        for e in std::fs::read_dir(root.join("content/stories")).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
    });
    let root = dir.path();
    let atom = parse_feed(root, "atom.xml");
    assert!(atom.entries.is_empty());
    // Not 1970, not the build time: the same fixed day on every build.
    let fixed = chrono::DateTime::parse_from_rfc3339("2000-01-01T00:00:00+07:00").unwrap();
    assert_eq!(atom.updated, Some(fixed.with_timezone(&chrono::Utc)));
    let rss = parse_feed(root, "rss.xml");
    assert!(rss.entries.is_empty());
    assert!(read(root, "public/rss.xml")
        .contains("<lastBuildDate>Sat, 01 Jan 2000 00:00:00 +0700</lastBuildDate>"));
}

/// Sets the `channels:` line of a story's consent record.
fn set_channels(root: &Path, story: &str, channels: &str) {
    let path = root.join("content/stories").join(story);
    let text = std::fs::read_to_string(&path).unwrap();
    let all = "  channels: [web, ban-tin, phat-thanh]\n";
    assert!(text.contains(all), "{story}: consent record");
    let line = format!("  channels: [{channels}]\n");
    std::fs::write(&path, text.replace(all, &line)).unwrap();
}

#[test]
fn each_story_reaches_only_the_channels_its_consent_names() {
    let dir = built(|root| {
        set_channels(root, "dong-du-1.md", "web, phat-thanh");
        set_channels(root, "dong-du-2.md", "web, ban-tin");
    });
    let root = dir.path();
    let (radio_only, bulletin_only) = ("Người giữ hồ Đông Du", "Người giữ hồ Đồng Du");
    for (page, title) in [
        ("nguoi-giu-ho-dong-du.html", radio_only),
        ("nguoi-giu-ho-dong-du-2.html", bulletin_only),
    ] {
        let html = read(root, &format!("public/truyen/{page}"));
        assert!(html.contains(title), "{title} is on the web");
    }
    let bulletin = read(root, "public/ban-tin/2023-06/index.html");
    let titles: Vec<String> = bulletin_groups(&bulletin)
        .into_iter()
        .flat_map(|(_, t)| t)
        .collect();
    assert!(titles.iter().any(|t| t == bulletin_only), "{titles:?}");
    assert!(!bulletin.contains(radio_only), "no consent to the bulletin");
    assert!(
        bulletin.contains("<p class=\"intro\">3 lượt khen thưởng"),
        "the bulletin counts only what it prints"
    );
    let radio = read(root, "public/ban-tin/2023-06/phat-thanh.txt");
    assert!(radio.contains(radio_only), "{radio}");
    assert!(!radio.contains(bulletin_only), "no consent to the radio");
    assert!(radio.contains("khen thưởng ba lượt cá nhân"), "{radio}");
}
