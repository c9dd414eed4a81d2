//! A story's address, fixed by staff: `slug:` keeps it whatever the title
//! says later, and `aliases:` lists old addresses, each redirected to it, so
//! a link already shared (Zalo, Facebook) never becomes a dead page.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::domain::story::Story;
use crate::source::yaml::Seg;
use crate::text::file_name::{is_windows_reserved, MAX_SLUG};
use crate::text::vietnamese::slugify;

use super::context::Ctx;
use super::schema::RawStory;

/// What `slug:` and `aliases:` say, checked.
pub(crate) struct Address {
    pub(crate) slug: Option<String>,
    /// Where `slug:` stands, or else `title:`.
    pub(crate) position: Pos,
    pub(crate) aliases: Vec<String>,
    pub(crate) alias_positions: Vec<Pos>,
}

pub(super) fn check_address(cx: &mut Ctx, raw: &RawStory) -> Address {
    let slug = raw.slug.as_deref().and_then(|s| check_slug(cx, s));
    let position = match raw.slug {
        Some(_) => cx.at(&[Seg::Key("slug")]),
        None => cx.at(&[Seg::Key("title")]),
    };
    let mut aliases = Vec::new();
    let mut alias_positions = Vec::new();
    for (i, alias) in raw.aliases.iter().enumerate() {
        // A list written `[a, b]` on one line has no line per item.
        let at = cx
            .loc
            .find_value(&[Seg::Key("aliases"), Seg::Index(i)])
            .unwrap_or_else(|| cx.at(&[Seg::Key("aliases")]));
        match alias_path(alias) {
            Ok(path) => {
                aliases.push(path);
                alias_positions.push(at);
            }
            Err(hint) => cx.push(
                Diagnostic::error(
                    "bad-alias",
                    cx.path,
                    format!(
                        "địa chỉ cũ thứ {} trong `aliases` (`{}`) không phải một địa chỉ của trang",
                        i + 1,
                        alias.trim()
                    ),
                )
                .at_pos(at)
                .hint(hint),
            ),
        }
    }
    Address {
        slug,
        position,
        aliases,
        alias_positions,
    }
}

/// A slug staff wrote: tone-free lowercase words joined by `-`, no longer
/// than a slug made from a title, and a file name any host accepts.
fn check_slug(cx: &mut Ctx, written: &str) -> Option<String> {
    let slug = written.trim();
    let words_ok = !slug.is_empty()
        && slug.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if words_ok && slug.len() <= MAX_SLUG && !is_windows_reserved(slug) {
        return Some(slug.to_string());
    }
    let wanted = slugify(slug);
    let hint = if slug.len() > MAX_SLUG {
        format!("viết ngắn hơn: tối đa {MAX_SLUG} ký tự")
    } else if is_windows_reserved(slug) {
        format!("tên `{slug}` bị một số máy chủ từ chối; viết `slug: {slug}-0` hoặc một tên khác")
    } else if wanted.trim_matches('-').is_empty() {
        "viết chữ thường không dấu nối nhau bằng dấu `-`, ví dụ `slug: tra-lai-vi`".to_string()
    } else {
        format!("viết `slug: {wanted}` (chữ thường không dấu, nối nhau bằng dấu `-`)")
    };
    cx.push(
        Diagnostic::error(
            "bad-slug",
            cx.path,
            format!("địa chỉ riêng (`slug`) `{slug}` có chữ không dùng được trong địa chỉ trang"),
        )
        .at_pos(cx.at(&[Seg::Key("slug")]))
        .hint(hint),
    );
    None
}

/// An old address as a path under the site root (`truyen/ten-cu.html`), or
/// the hint that says what to write. A leading `/` is allowed; a whole link
/// (`https://…`) is not, because the domain may change with the host.
fn alias_path(written: &str) -> Result<String, String> {
    let text = written.trim();
    let example = "ví dụ `truyen/ten-cu.html`";
    if let Some((_, rest)) = text.split_once("://") {
        let path = rest.split_once('/').map(|(_, p)| p).unwrap_or("");
        return Err(format!(
            "chỉ viết phần sau tên miền: `{}`",
            if path.is_empty() {
                "truyen/ten-cu.html"
            } else {
                path
            }
        ));
    }
    let path = text.trim_start_matches('/');
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    let good = !path.is_empty()
        && segments.iter().enumerate().all(|(i, s)| {
            let allowed = s
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b));
            allowed && !s.starts_with('.') && (!s.is_empty() || i == last)
        })
        && (path.ends_with('/') || path.ends_with(".html"));
    if good {
        Ok(path.to_string())
    } else {
        Err(format!(
            "viết địa chỉ cũ bằng chữ thường không dấu, kết thúc bằng `.html` hoặc `/`, {example}"
        ))
    }
}

/// Every address a story claims (`slug:` and `aliases:`) belongs to one
/// story: a second claim is an error on the later file (by path) naming the
/// first. A slug made from a title never collides here: it is numbered.
/// `story_page` is the site's path of a story's page (the site layer owns it).
pub fn check_unique(
    stories: &[Arc<Story>],
    story_page: impl Fn(&str) -> String,
    diags: &mut Diagnostics,
) {
    let mut sorted: Vec<&Story> = stories.iter().map(|s| s.as_ref()).collect();
    sorted.sort_by(|a, b| a.source.cmp(&b.source));
    let mut owners: BTreeMap<String, (&Story, Pos)> = BTreeMap::new();
    for story in sorted {
        let d = &story.derived;
        let fixed = d
            .slug_fixed
            .then(|| (story_page(&d.slug), story.spans.slug_position));
        let aliases = d
            .aliases
            .iter()
            .cloned()
            .zip(story.spans.alias_positions.iter().copied());
        for (path, at) in fixed.into_iter().chain(aliases) {
            match owners.get(&path) {
                Some((first, there)) if first.source != story.source => {
                    diags.push(taken(story, at, &path, first, *there));
                }
                Some(_) => {}
                None => {
                    owners.insert(path, (story, at));
                }
            }
        }
    }
}

fn taken(story: &Story, at: Pos, path: &str, first: &Story, there: Pos) -> Diagnostic {
    Diagnostic::error(
        "duplicate-address",
        &story.source,
        format!("địa chỉ `{path}` đã thuộc về bài {}", first.source),
    )
    .at_pos(at)
    .related(format!("{}:{}:{}: địa chỉ này được đặt ở đây", first.source, there.line, there.column))
    .hint("mỗi địa chỉ chỉ dẫn tới một bài: đổi `slug` hoặc bỏ dòng này khỏi `aliases` của một trong hai bài")
}

#[cfg(test)]
mod tests {
    use super::alias_path;

    #[test]
    fn old_addresses_are_paths_under_the_site() {
        assert_eq!(alias_path("/truyen/cu.html").unwrap(), "truyen/cu.html");
        assert_eq!(alias_path("don-vi/cu/").unwrap(), "don-vi/cu/");
        assert_eq!(
            alias_path("https://x.gov.vn/truyen/cu.html").unwrap_err(),
            "chỉ viết phần sau tên miền: `truyen/cu.html`"
        );
        for bad in [
            "../etc/x.html",
            "truyen/Cũ.html",
            "truyen/cu",
            "",
            "a//b.html",
        ] {
            assert!(alias_path(bad).is_err(), "{bad}");
        }
    }
}
