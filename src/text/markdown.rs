//! Markdown bodies to HTML. Raw HTML written in a story is shown as text, and
//! links may only be web, mail or site links: content never runs script.

use std::ops::Range;

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_FOOTNOTES
}

/// The body as HTML. `base_path` ("/" or "/sub/") is put before site-relative
/// links and images.
pub fn render(markdown: &str, base_path: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url, base_path),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url, base_path),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Byte ranges of `markdown` that are the addresses of links and images
/// (and link definitions), not words a reader sees. `mailto:` and `tel:`
/// addresses are contact details, shown by any browser: not among them.
pub fn address_ranges(markdown: &str) -> Vec<Range<usize>> {
    let parser = Parser::new_ext(markdown, options()).into_offset_iter();
    let mut ranges: Vec<Range<usize>> = parser
        .reference_definitions()
        .iter()
        .filter(|(_, def)| !is_contact(&def.dest))
        .map(|(_, def)| def.span.clone())
        .collect();
    for (event, range) in parser {
        let (Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            ..
        })) = event
        else {
            continue;
        };
        if is_contact(&dest_url) || link_type == LinkType::Email {
            continue;
        }
        let source = &markdown[range.clone()];
        if link_type == LinkType::Autolink {
            ranges.push(range);
        } else if let Some(i) = source.rfind(dest_url.as_ref()) {
            // The address comes after the text: `[text](address "title")`.
            ranges.push(range.start + i..range.start + i + dest_url.len());
        } else if let Some(i) = source.rfind("](") {
            ranges.push(range.start + i..range.end);
        }
    }
    ranges
}

fn is_contact(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("mailto:") || lower.starts_with("tel:")
}

/// The words of the body, single-spaced (for excerpts and the search index).
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    // Whitespace is collapsed as it comes: at most one space, none leading.
    let mut push = |t: &str| {
        for c in t.chars() {
            if c.is_whitespace() {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
            } else {
                text.push(c);
            }
        }
    };
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Html(t) | Event::InlineHtml(t) | Event::Text(t) | Event::Code(t) => push(&t),
            // Keep words of separate blocks apart: "đoạn một" + "đoạn hai".
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => push(" "),
            _ => {}
        }
    }
    if text.ends_with(' ') {
        text.pop();
    }
    text
}

/// Keep http(s), mailto, tel, in-page and site links; anything else
/// (`javascript:`, `data:`) becomes a harmless `#`.
fn safe_url<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.starts_with('#')
        || lower.starts_with("//")
    {
        return url;
    }
    let scheme_like = lower
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .contains(':');
    if scheme_like {
        return CowStr::Borrowed("#");
    }
    let rel = url.trim_start_matches('/');
    CowStr::from(format!("{base_path}{rel}"))
}

/// A short plain-text excerpt, cut at a word boundary.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if count + len + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        out.push_str(word);
        count += len;
    }
    out.push('…');
    out
}

/// Whether `body` may hold a link, an image or raw HTML to check: a body
/// without `](`, `]:` or `<` holds none.
pub fn may_link(body: &str) -> bool {
    body.contains("](") || body.contains("]:") || body.contains('<')
}

/// The site images a Markdown body shows (output paths).
pub fn body_images(body: &str) -> Vec<String> {
    Parser::new(body)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => internal_target(&dest_url),
            _ => None,
        })
        .collect()
}

/// The body with every image replaced by its alt text (escaped, so it reads
/// as written), for a story whose pictures may not be shown. The source is
/// edited where the parser says each image stands, so everything else stays
/// byte for byte, and each line break inside an image is kept so later lines
/// keep their numbers.
pub fn without_images(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut copied = 0;
    let mut image: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match (&mut image, event) {
            (None, Event::Start(Tag::Image { .. })) => image = Some((range.start, String::new())),
            (Some((_, alt)), Event::Text(t) | Event::Code(t)) => alt.push_str(&t),
            (Some((_, alt)), Event::SoftBreak | Event::HardBreak) => alt.push(' '),
            (Some((start, alt)), Event::End(TagEnd::Image)) => {
                out.push_str(&body[copied..*start]);
                out.push_str(&escape(alt.trim()));
                let breaks = body[*start..range.end].matches('\n').count();
                out.extend(std::iter::repeat_n('\n', breaks));
                copied = range.end;
                image = None;
            }
            _ => {}
        }
    }
    out.push_str(&body[copied..]);
    out
}

/// Text that Markdown shows as it is: ASCII punctuation backslash-escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The site file a link points to, when it points inside the site.
pub fn internal_target(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") || lower.contains(':') {
        return None;
    }
    let path = url
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .trim_start_matches('/');
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    Some(crate::text::url_path::file_path(&decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render("Xin <img src=x onerror=alert(1)> chào", "/");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(!html.contains("<img"));
    }

    #[test]
    fn script_links_are_neutralised() {
        let html = render(
            "[a](javascript:alert(1)) [b](https://x.vn) [c](/gioi-thieu/) [d](images/a.jpg)",
            "/sub/",
        );
        assert!(html.contains("href=\"#\""));
        assert!(html.contains("href=\"https://x.vn\""));
        assert!(html.contains("href=\"/sub/gioi-thieu/\""));
        assert!(html.contains("href=\"/sub/images/a.jpg\""));
    }

    #[test]
    fn plain_text_keeps_blocks_apart() {
        assert_eq!(
            plain_text("# Tiêu đề\n\nĐoạn *một*.\n\n- mục\n- hai"),
            "Tiêu đề Đoạn một. mục hai"
        );
    }

    #[test]
    fn images_give_way_to_their_alt_text_and_lines_stay() {
        let body = "Đầu.\n\nEm ![Lớp *6A* [x]](a.png) và ![](b.png \"t\")\n![hai\ndòng](c.png) cuối.\n\n[r]: d.png\n![ref][r]\n";
        let out = without_images(body);
        assert_eq!(
            out,
            "Đầu.\n\nEm Lớp 6A \\[x\\] và \nhai dòng\n cuối.\n\n[r]: d.png\nref\n"
        );
        assert!(body_images(&out).is_empty());
        assert_eq!(out.lines().count(), body.lines().count());
        assert_eq!(without_images("Không ảnh."), "Không ảnh.");
    }

    #[test]
    fn excerpts_cut_on_words() {
        assert_eq!(excerpt("một hai ba bốn", 8), "một hai…");
        assert_eq!(excerpt("ngắn", 8), "ngắn");
    }
}
