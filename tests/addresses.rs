//! Stable addresses: `slug:` fixes a story's address, `aliases:` keeps old
//! addresses working, and a build that would drop a published address says
//! which line to add. Runs the real binary twice over one site, as staff do.

mod common;

use common::*;
use std::path::Path;

const STORY: &str = "content/stories/hung-1.md";

fn build_ok(root: &Path) -> String {
    let run = bangvang(root, &["build"]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    run.stderr
}

/// Replace `from` (which must be there) with `to` in the story.
fn edit(root: &Path, from: &str, to: &str) {
    let text = read(root, STORY);
    assert!(text.contains(from), "{from}");
    std::fs::write(root.join(STORY), text.replacen(from, to, 1)).unwrap();
}

const OLD_TITLE: &str = "title: \"Lao xuống hồ cứu cháu bé\"\n";
const NEW_TITLE: &str = "title: \"Lao xuống hồ sâu cứu cháu bé\"\n";

#[test]
fn a_corrected_title_without_an_alias_warns_with_the_line_to_add() {
    let dir = site(&["valid_site"]);
    build_ok(dir.path());
    assert!(dir
        .path()
        .join("public/truyen/lao-xuong-ho-cuu-chau-be.html")
        .exists());
    edit(dir.path(), OLD_TITLE, NEW_TITLE);
    let stderr = build_ok(dir.path());
    assert!(
        stderr.contains(
            "content/stories/hung-1.md:2:8: cảnh báo[address-dropped]: địa chỉ cũ `truyen/lao-xuong-ho-cuu-chau-be.html` của bài này sẽ không mở được nữa: bài nay ở `truyen/lao-xuong-ho-sau-cuu-chau-be.html`\n  gợi ý: để liên kết đã chia sẻ vẫn mở được, thêm vào phần đầu bài dòng `aliases: [truyen/lao-xuong-ho-cuu-chau-be.html]`"
        ),
        "{stderr}"
    );
}

#[test]
fn a_corrected_title_with_its_alias_redirects_the_old_address() {
    let dir = site(&["valid_site"]);
    build_ok(dir.path());
    edit(
        dir.path(),
        OLD_TITLE,
        &format!("{NEW_TITLE}aliases: [truyen/lao-xuong-ho-cuu-chau-be.html]\n"),
    );
    let stderr = build_ok(dir.path());
    assert!(!stderr.contains("address-dropped"), "{stderr}");
    let old = read(dir.path(), "public/truyen/lao-xuong-ho-cuu-chau-be.html");
    let new = "/truyen/lao-xuong-ho-sau-cuu-chau-be.html";
    assert!(
        old.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={new}\">"
        )),
        "{old}"
    );
    assert!(
        old.contains(&format!("<link rel=\"canonical\" href=\"{new}\">")),
        "{old}"
    );
    assert!(
        old.contains(&format!(
            "<a href=\"{new}\">Lao xuống hồ sâu cứu cháu bé</a>"
        )),
        "{old}"
    );
    assert!(dir.path().join("public").join(&new[1..]).exists());
    assert_eq!(
        read(dir.path(), "public/_redirects"),
        format!("/truyen/lao-xuong-ho-cuu-chau-be.html {new} 301\n")
    );
    // The old address is a redirect, not a page of the site.
    let sitemap = read(dir.path(), "public/sitemap.xml");
    assert!(
        !sitemap.contains("lao-xuong-ho-cuu-chau-be.html"),
        "{sitemap}"
    );
}

#[test]
fn slug_wins_over_the_title() {
    let dir = site(&["valid_site"]);
    edit(
        dir.path(),
        OLD_TITLE,
        &format!("{OLD_TITLE}slug: cuu-chau-be-ho-dai\n"),
    );
    build_ok(dir.path());
    edit(dir.path(), OLD_TITLE, NEW_TITLE);
    let stderr = build_ok(dir.path());
    assert!(!stderr.contains("address-dropped"), "{stderr}");
    let page = read(dir.path(), "public/truyen/cuu-chau-be-ho-dai.html");
    assert!(page.contains("<h1>Lao xuống hồ sâu cứu cháu bé</h1>"));
    assert!(!dir
        .path()
        .join("public/truyen/lao-xuong-ho-sau-cuu-chau-be.html")
        .exists());
}

#[test]
fn a_slug_another_story_fixed_is_an_error_naming_both_files() {
    let dir = site(&["valid_site"]);
    edit(
        dir.path(),
        OLD_TITLE,
        &format!("{OLD_TITLE}slug: tra-lai-vi\n"),
    );
    let other = "content/stories/hung-2.md";
    let text = read(dir.path(), other);
    let (head, rest) = text.split_once("title:").unwrap();
    std::fs::write(
        dir.path().join(other),
        format!("{head}slug: tra-lai-vi\ntitle:{rest}"),
    )
    .unwrap();
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/stories/hung-2.md:2:7: lỗi[duplicate-address]: địa chỉ `truyen/tra-lai-vi.html` đã thuộc về bài content/stories/hung-1.md\n  liên quan: content/stories/hung-1.md:3:7: địa chỉ này được đặt ở đây"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_slug_with_tones_says_what_to_write() {
    let dir = site(&["valid_site"]);
    edit(
        dir.path(),
        OLD_TITLE,
        &format!("{OLD_TITLE}slug: Cứu cháu bé\n"),
    );
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/stories/hung-1.md:3:7: lỗi[bad-slug]: địa chỉ riêng (`slug`) `Cứu cháu bé` có chữ không dùng được trong địa chỉ trang\n  gợi ý: viết `slug: cuu-chau-be` (chữ thường không dấu, nối nhau bằng dấu `-`)"
        ),
        "{}",
        run.stderr
    );
}
