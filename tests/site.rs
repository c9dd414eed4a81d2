//! Builds `tests/fixtures/valid_site` and checks the pages a reader relies on.

mod common;

use common::*;

fn built(args: &[&str]) -> tempfile::TempDir {
    let dir = site(&["valid_site"]);
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = bangvang(dir.path(), &all);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    dir
}

fn all_public_text(root: &std::path::Path) -> String {
    tree(&root.join("public"))
        .into_iter()
        .map(|(p, b)| format!("=== {p}\n{}", String::from_utf8_lossy(&b)))
        .collect()
}

#[test]
fn story_page_has_content_dates_and_breadcrumbs() {
    let dir = built(&[]);
    let page = read(dir.path(), "public/truyen/lao-xuong-ho-cuu-chau-be.html");
    assert!(page.contains("<h1>Lao xuống hồ cứu cháu bé</h1>"));
    assert!(
        page.contains("ngày 02 tháng 5 năm 2023"),
        "official date style"
    );
    assert!(
        page.contains("<a href=\"/thang/2023-05/\">Tháng 5/2023</a>"),
        "breadcrumb to the month board"
    );
    assert!(page.contains("Quyết định số 12/QĐ-UBND"));
    assert!(page.contains("<a href=\"/nguoi/nguyen-van-hung.html\">Nguyễn Văn Hùng</a>"));
    assert!(
        page.contains("Phường Bách Khoa"),
        "residence shown at ward level"
    );
}

#[test]
fn one_person_page_lists_every_deed() {
    let dir = built(&[]);
    let page = read(dir.path(), "public/nguoi/nguyen-van-hung.html");
    assert!(page.contains("Lao xuống hồ cứu cháu bé"));
    assert!(page.contains("Trả lại ví cho người đánh rơi"));
    assert!(page.contains("2 việc tốt"));
    let story = read(
        dir.path(),
        "public/truyen/tra-lai-vi-cho-nguoi-danh-roi.html",
    );
    assert!(story.contains("Việc tốt khác của Nguyễn Văn Hùng"));
}

#[test]
fn minors_are_shown_by_initials_without_school_birth_year_or_full_name() {
    let dir = built(&[]);
    let page = read(
        dir.path(),
        "public/truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.html",
    );
    assert!(page.contains("N. M. Anh"));
    assert!(dir.path().join("public/nguoi/n-m-anh.html").exists());
    let everything = all_public_text(dir.path());
    assert!(
        !everything.contains("Nguyễn Minh Anh"),
        "full name of a minor leaked"
    );
    assert!(!everything.contains("lớp 7A"), "school of a minor leaked");
    assert!(
        !all_pages_text(dir.path()).contains("2010"),
        "birth year of a minor leaked"
    );
    assert!(
        !all_pages_text(dir.path()).contains("Ngô Gia Tự"),
        "the school, as proposing unit, leaked"
    );
    // In the search index the minor's record names no unit (-1).
    let record = tree(&dir.path().join("public/search/d"))
        .into_iter()
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .find_map(|chunk| {
            chunk
                .split("],[")
                .find(|d| d.contains("N. M. Anh"))
                .map(str::to_string)
        })
        .expect("the minor's story is searchable");
    assert!(
        record.contains("\"Em N. M. Anh nhặt được ví và trả lại người mất.\",-1,"),
        "{record}"
    );
    assert!(!dir
        .path()
        .join("public/don-vi/truong-thcs-ngo-gia-tu")
        .exists());
}

#[test]
fn unconsented_drafts_and_dossiers_never_reach_public() {
    let dir = built(&[]);
    let everything = all_public_text(dir.path());
    assert!(!everything.contains("Bài chưa có sự đồng ý"));
    assert!(!everything.contains("Phạm Văn Bình"));
    assert!(!everything.contains("Bài nháp"));
    for word in [
        "to_trinh",
        "trich_ngang",
        "xac_nhan_cu_tru",
        "Tờ trình",
        "trích ngang",
        "dossier",
    ] {
        assert!(
            !everything.contains(word),
            "dossier field `{word}` published"
        );
    }

    let with_drafts = built(&["--drafts"]);
    let everything = all_public_text(with_drafts.path());
    assert!(everything.contains("Bài nháp"), "--drafts publishes drafts");
    assert!(
        !everything.contains("Bài chưa có sự đồng ý"),
        "--drafts never publishes without consent"
    );
}

#[test]
fn build_says_which_stories_were_not_published() {
    let dir = site(&["valid_site"]);
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("content/stories/khong-dong-y.md:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("cảnh báo[no-consent]"));
    assert!(run.stderr.contains("cảnh báo[draft]"));
}

#[test]
fn nfd_bom_crlf_file_renders_and_links_like_nfc() {
    let dir = built(&[]);
    let page = read(
        dir.path(),
        "public/truyen/hien-mau-cuu-nguoi-o-bach-dang.html",
    );
    assert!(
        page.contains("<h1>Hiến máu cứu người ở Bạch Đằng</h1>"),
        "title must be NFC"
    );
    // "Cứu người" (NFD file) and "cứu người" (NFC files) are one tag.
    let tag = read(dir.path(), "public/the/cuu-nguoi/index.html");
    assert!(tag.contains("6 câu chuyện"), "{tag}");
    assert!(!dir.path().join("public/the/cuu-nguoi-2").exists());
}

#[test]
fn tone_only_slug_collisions_are_numbered_oldest_first() {
    let dir = built(&[]);
    assert!(read(dir.path(), "public/truyen/nguoi-giu-ho-dong-du.html")
        .contains("Người giữ hồ Đông Du"));
    assert!(
        read(dir.path(), "public/truyen/nguoi-giu-ho-dong-du-2.html")
            .contains("Người giữ hồ Đồng Du")
    );
}

#[test]
fn people_are_listed_in_vietnamese_order() {
    let dir = built(&[]);
    let page = read(dir.path(), "public/nguoi/index.html");
    let order = [
        "N. M. Anh",
        "Lê Văn Anh",
        "Trần Thị Ánh",
        "Vũ Thị Hoà",
        "Nguyễn Văn Hùng",
        "Lê Thị Thuý",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|n| {
            page.find(&format!(">{n}<"))
                .unwrap_or_else(|| panic!("{n} missing"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "order {order:?} at {positions:?}"
    );
}

#[test]
fn content_is_escaped() {
    let dir = built(&[]);
    let page = read(dir.path(), "public/truyen/img-src-x-onerror-alert-1.html");
    assert!(page.contains("<h1>&lt;img src=x onerror=alert(1)&gt;</h1>"));
    assert!(!all_pages_text(dir.path()).contains("<img src=x"));
}

#[test]
fn month_boards_paginate_with_headings() {
    let dir = built(&[]);
    let first = read(dir.path(), "public/thang/2023-06/index.html");
    assert!(first.contains("Bảng vàng tháng 6/2023"));
    assert!(first.contains("Trang 1/2"));
    assert!(first.contains("href=\"/thang/2023-06/trang-2.html\""));
    let second = read(dir.path(), "public/thang/2023-06/trang-2.html");
    assert!(second.contains("rel=\"prev\""));
    assert!(
        second.contains("class=\"level-heading\""),
        "page 2 reopens its level heading"
    );
    let months = read(dir.path(), "public/thang/index.html");
    assert!(months.contains("Tháng 7/2023") && months.contains("Tháng 5/2023"));
}

#[test]
fn every_page_type_exists() {
    let dir = built(&[]);
    for page in [
        "index.html",
        "404.html",
        "style.css",
        "gioi-thieu/index.html",
        "don-vi/index.html",
        "don-vi/phuong-bach-khoa/index.html",
        "cap/index.html",
        "cap/quan/index.html",
        "linh-vuc/hoc-tap/index.html",
        "chu-de/an-sinh-xa-hoi/index.html",
        "the/hien-mau/index.html",
        "nguoi/index.html",
    ] {
        assert!(
            dir.path().join("public").join(page).is_file(),
            "{page} missing"
        );
    }
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("Gương tiêu biểu") && home.contains("Lao xuống hồ cứu cháu bé"));
    assert!(home.contains("Bảng vàng tháng 7/2023"));
    assert!(read(dir.path(), "public/gioi-thieu/index.html").contains("<strong>hư cấu</strong>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = built(&[]);
    let b = built(&[]);
    let (ta, tb) = (
        tree(&a.path().join("public")),
        tree(&b.path().join("public")),
    );
    assert_eq!(ta.len(), tb.len());
    for ((pa, ba), (pb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between builds");
    }
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let dir = built(&["--base-url", "https://example.gov.vn/bang-vang/"]);
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("href=\"/bang-vang/style.css\""));
    assert!(home.contains("href=\"/bang-vang/truyen/lao-xuong-ho-cuu-chau-be.html\""));
    let everything = all_public_text(dir.path());
    assert!(
        !everything.contains("href=\"/truyen/"),
        "a link escaped the sub-path"
    );
}

#[test]
fn site_templates_override_the_theme() {
    let dir = site(&["valid_site"]);
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}Trang riêng của quận{% endblock content %}",
    )
    .unwrap();
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(dir.path(), "public/404.html").contains("Trang riêng của quận"));
}

#[test]
fn output_folder_that_is_not_ours_is_refused() {
    let dir = site(&["valid_site"]);
    let other = dir.path().join("important");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("keep.txt"), "giữ lại").unwrap();
    let run = bangvang(dir.path(), &["build", "--output", "important"]);
    assert_eq!(run.code, 1);
    assert_eq!(read(dir.path(), "important/keep.txt"), "giữ lại");
}

/// A real 8×8 JPEG with an EXIF block naming a GPS position.
fn jpeg_with_gps() -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::new(8, 8));
    let mut plain = std::io::Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::Jpeg).unwrap();
    let plain = plain.into_inner();
    let exif = b"Exif\0\0GPSLatitude 21.0136N";
    let mut b = plain[..2].to_vec();
    b.extend([0xFF, 0xE1]);
    b.extend(((exif.len() + 2) as u16).to_be_bytes());
    b.extend(exif);
    b.extend(&plain[2..]);
    b
}

#[test]
fn photos_lose_gps_and_other_files_stay_private() {
    let dir = site(&["valid_site"]);
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/images")).unwrap();
    std::fs::write(root.join("content/images/hung.jpg"), jpeg_with_gps()).unwrap();
    std::fs::write(root.join("content/ho-so-to-trinh.pdf"), b"%PDF dossier").unwrap();
    let story = root.join("content/stories/hung-1.md");
    let text = std::fs::read_to_string(&story).unwrap().replace(
        "featured: true",
        "featured: true\nphoto:\n  src: images/hung.jpg\n  alt: \"Anh Hùng bên hồ\"",
    );
    std::fs::write(&story, text).unwrap();

    let run = bangvang(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = std::fs::read(root.join("public/images/hung.jpg")).unwrap();
    assert!(
        !String::from_utf8_lossy(&published).contains("GPS"),
        "GPS metadata published"
    );
    assert!(
        read(root, "public/truyen/lao-xuong-ho-cuu-chau-be.html").contains(
            "<img src=\"/images/hung.jpg\" width=\"8\" height=\"8\" alt=\"Anh Hùng bên hồ\""
        )
    );
    assert!(
        !root.join("public/ho-so-to-trinh.pdf").exists(),
        "a file outside content/images/ was published"
    );
    assert!(
        run.stderr
            .contains("content/ho-so-to-trinh.pdf: cảnh báo[file-not-published]"),
        "{}",
        run.stderr
    );
}

/// The HTML pages only (the search index holds numbers and JSON strings).
fn all_pages_text(root: &std::path::Path) -> String {
    tree(&root.join("public"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| format!("=== {p}\n{}", String::from_utf8_lossy(&b)))
        .collect()
}

/// A story with a 305-character title, a 300-letter word and words that are
/// Windows device names ("con", "nul"), as a title, a tag and a name.
fn hostile_names(root: &std::path::Path) {
    let title = format!("{} cứu người", "Người tốt việc tốt ".repeat(16))
        .trim()
        .to_string();
    assert!(title.chars().count() > 300, "{}", title.chars().count());
    let word = "a".repeat(300);
    let story = format!(
        "---\ntitle: \"{title}\"\nsummary: \"Tóm tắt.\"\nperson:\n  name: \"Nguyễn Văn Con\"\n  category: lao-dong-truc-tiep\ndeed:\n  date: 2023-05-03\n  field: doi-song-xa-hoi\nunit: phuong-bach-khoa\nawards:\n  - level: phuong\n    month: 2023-05\n    decision: {{ number: \"12/QĐ-UBND\", date: 2023-05-31, issuer: chu-tich-phuong-bach-khoa }}\ntags: [\"con\", \"NUL\"]\nconsent: {{ by: nguoi-duoc-khen, date: 2023-05-03, channels: [web] }}\n---\nCon đường {word} con nul aux com1 lpt9.\n"
    );
    std::fs::write(root.join("content/stories/dai.md"), story).unwrap();
    let con = "---\ntitle: \"Con\"\nsummary: \"Tóm tắt.\"\nperson:\n  name: \"Trần Thị Nul\"\n  category: lao-dong-truc-tiep\ndeed:\n  date: 2023-05-04\n  field: doi-song-xa-hoi\nunit: phuong-bach-khoa\nawards:\n  - level: phuong\n    month: 2023-05\n    decision: { number: \"12/QĐ-UBND\", date: 2023-05-31, issuer: chu-tich-phuong-bach-khoa }\nconsent: { by: nguoi-duoc-khen, date: 2023-05-04, channels: [web] }\n---\nNội dung.\n";
    std::fs::write(root.join("content/stories/con.md"), con).unwrap();
}

#[test]
fn long_and_reserved_names_never_break_a_build_or_a_windows_host() {
    let dir = site(&["valid_site"]);
    let root = dir.path();
    hostile_names(root);
    let check = bangvang(root, &["check"]);
    assert_eq!(check.code, 0, "check:\n{}{}", check.stdout, check.stderr);
    let run = bangvang(root, &["build"]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    let reserved = |name: &str| {
        let base = name.split('.').next().unwrap().to_ascii_lowercase();
        ["con", "prn", "aux", "nul"].contains(&base.as_str())
            || (base.len() == 4
                && (base.starts_with("com") || base.starts_with("lpt"))
                && base.as_bytes()[3].is_ascii_digit()
                && base.as_bytes()[3] != b'0')
    };
    for entry in walkdir::WalkDir::new(root.join("public")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(name.len() <= 120, "{name}: {} bytes", name.len());
        assert!(
            !reserved(&name),
            "Windows refuses {}",
            entry.path().display()
        );
    }
    // The pages are there under safe names, and links lead to them.
    let home = all_pages_text(root);
    for page in [
        "public/truyen/con-0.html",
        "public/the/con-0/index.html",
        "public/the/nul-0/index.html",
        "public/nguoi/tran-thi-nul.html",
    ] {
        assert!(root.join(page).is_file(), "{page} missing");
    }
    assert!(home.contains("/truyen/con-0.html"), "no link to the story");
    let long_page = std::fs::read_dir(root.join("public/truyen"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("nguoi-tot-viec-tot-nguoi-tot"))
        .expect("the long story's page");
    // Cut at a word, then a stable hash: the same name on every build.
    assert!(long_page.len() <= 105, "{long_page}");
    let full = format!("{}cuu-nguoi", "nguoi-tot-viec-tot-".repeat(16));
    let cut = long_page
        .trim_end_matches(".html")
        .rsplit_once('-')
        .unwrap()
        .0;
    assert!(full.starts_with(&format!("{cut}-")), "{long_page}");
    // Search: search.js asks for these names (tests/browser/folding.test.mjs).
    for term in [
        "con_",
        "nul_",
        "aux_",
        "com1_",
        "lpt9_",
        "aaaaaaaaaaaaaaaa_279e8f01",
    ] {
        assert!(
            root.join(format!("public/search/t/{term}.json")).is_file(),
            "search/t/{term}.json missing"
        );
    }
    let again = site(&["valid_site"]);
    hostile_names(again.path());
    assert_eq!(bangvang(again.path(), &["build"]).code, 0);
    assert!(
        again
            .path()
            .join("public/truyen")
            .join(&long_page)
            .is_file(),
        "unstable name"
    );
}

/// The `href`s of the card titles on a page, in order.
fn card_links(page: &str) -> Vec<&str> {
    page.split("<h3 class=\"card-title\"><a href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[test]
fn nav_leads_to_the_latest_board_and_each_board_to_its_neighbours() {
    let dir = built(&[]);
    let home = read(dir.path(), "public/index.html");
    assert!(
        home.contains("<li><a href=\"/thang/2023-07/\">Tháng này</a></li>"),
        "the main navigation leads to the latest board"
    );
    let latest = read(dir.path(), "public/thang/2023-07/index.html");
    assert!(
        latest.contains("<li><a href=\"/thang/2023-07/\" aria-current=\"page\">Tháng này</a></li>")
    );
    assert!(latest.contains("<a href=\"/thang/2023-06/\">‹ Tháng trước: Tháng 6/2023</a>"));
    assert!(!latest.contains("Tháng sau:"), "no board after the latest");
    for page in ["thang/2023-06/index.html", "thang/2023-06/trang-2.html"] {
        let board = read(dir.path(), &format!("public/{page}"));
        assert!(
            board.contains("<a href=\"/thang/2023-05/\">‹ Tháng trước: Tháng 5/2023</a>"),
            "{page}"
        );
        assert!(
            board.contains("<a href=\"/thang/2023-07/\">Tháng sau: Tháng 7/2023 ›</a>"),
            "{page}"
        );
    }
    let first = read(dir.path(), "public/thang/2023-05/index.html");
    assert!(!first.contains("Tháng trước:"), "no board before the first");
}

#[test]
fn home_links_the_yearly_review_and_shows_each_story_once() {
    let dir = built(&[]);
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("<a href=\"/tong-ket/2023/\">Tổng kết năm 2023</a>"));
    let links = card_links(&home);
    assert!(!links.is_empty());
    let unique: std::collections::BTreeSet<&str> = links.iter().copied().collect();
    assert_eq!(unique.len(), links.len(), "a card repeats: {links:?}");
}

#[test]
fn feeds_are_linked_from_every_page_and_each_unit() {
    let dir = built(&[]);
    for page in [
        "index.html",
        "404.html",
        "truyen/lao-xuong-ho-cuu-chau-be.html",
    ] {
        assert!(
            read(dir.path(), &format!("public/{page}"))
                .contains("<a href=\"/theo-doi/\">Theo dõi</a>"),
            "{page} has no visible link to the feeds"
        );
    }
    let follow = read(dir.path(), "public/theo-doi/index.html");
    assert!(follow.contains("<h1>Theo dõi bảng vàng</h1>"));
    assert!(follow.contains("<a href=\"/atom.xml\">Atom</a> · <a href=\"/rss.xml\">RSS</a>"));
    assert!(follow.contains("<a href=\"/don-vi/phuong-bach-khoa/rss.xml\">RSS</a>"));
    let unit = read(dir.path(), "public/don-vi/phuong-bach-khoa/index.html");
    assert!(unit.contains(
        "Theo dõi tin của đơn vị: <a href=\"/don-vi/phuong-bach-khoa/atom.xml\">Atom</a>"
    ));
    assert!(unit.contains(
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Phường Bách Khoa (RSS)\" href=\"/don-vi/phuong-bach-khoa/rss.xml\">"
    ));
    for feed in ["atom.xml", "rss.xml", "feed.json"] {
        assert!(dir
            .path()
            .join("public/don-vi/phuong-bach-khoa")
            .join(feed)
            .is_file());
    }
}

#[test]
fn the_404_page_has_no_address_of_its_own() {
    let dir = built(&["--base-url", "https://example.gov.vn/"]);
    let missing = read(dir.path(), "public/404.html");
    assert!(!missing.contains("rel=\"canonical\""), "{missing}");
    assert!(!missing.contains("og:url"));
    let home = read(dir.path(), "public/index.html");
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.gov.vn/\">"));
}

#[test]
fn robots_txt_tells_a_sub_path_site_to_use_the_hosts_root_file() {
    let dir = built(&["--base-url", "https://example.gov.vn/bang-vang/"]);
    let robots = read(dir.path(), "public/robots.txt");
    assert!(
        robots.starts_with("# Máy tìm kiếm chỉ đọc robots.txt ở gốc tên miền"),
        "{robots}"
    );
    assert!(robots.contains("hãy chép các dòng dưới đây vào robots.txt ở gốc tên miền."));
    assert!(robots.ends_with("Sitemap: https://example.gov.vn/bang-vang/sitemap.xml\n"));
}

/// A story's full text is on its own page, in the printed bulletin and in
/// the feeds (a feed reader shows it whole); a person's page and every list
/// show the card (title, summary, awards, link) and never repeat it, so the
/// output grows by about one page per story.
#[test]
fn full_text_is_on_the_story_page_not_on_person_pages_or_lists() {
    let dir = built(&[]);
    let public = dir.path().join("public");
    let body = "Em nhặt được chiếc ví trên đường đến trường";
    let holders: Vec<String> = tree(&public)
        .into_iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).contains(body))
        .map(|(p, _)| p.replace('\\', "/"))
        .collect();
    assert_eq!(
        holders,
        [
            "atom.xml",
            "ban-tin/2023-06/index.html",
            "ban-tin/2023-07/index.html",
            "feed.json",
            "truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.html",
        ]
    );
    // The person of one story: name, the award lines and the link to it.
    let person = read(dir.path(), "public/nguoi/n-m-anh.html");
    assert!(person.contains("<h1>N. M. Anh</h1>"), "{person}");
    assert!(person.contains("href=\"/truyen/em-hoc-sinh-tra-lai-vi-nhat-duoc.html\""));
    assert!(person.contains("Em N. M. Anh nhặt được ví và trả lại người mất."));
    assert!(person.contains("<a class=\"badge\" href=\"/cap/phuong/\">Cấp phường</a> <a href=\"/thang/2023-06/\">Tháng 6/2023</a>"));
    assert!(person.contains("<a class=\"badge\" href=\"/cap/quan/\">Cấp quận</a> <a href=\"/thang/2023-07/\">Tháng 7/2023</a>"));
}
