//! Markdown bodies to HTML. Raw HTML written in a story is shown as text, and
//! links may only be web, mail or site links: content never runs script.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

pub struct Rendered {
    pub html: String,
    /// Plain text of the body (for excerpts and, later, search).
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_FOOTNOTES
}

/// `base_path` ("/" or "/sub/") is put before site-relative links and images.
pub fn render(markdown: &str, base_path: &str) -> Rendered {
    let mut text = String::new();
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => {
            text.push_str(&raw);
            Event::Text(raw)
        }
        Event::Text(t) => {
            text.push_str(&t);
            Event::Text(t)
        }
        Event::Code(t) => {
            text.push_str(&t);
            Event::Code(t)
        }
        Event::SoftBreak | Event::HardBreak => {
            text.push(' ');
            event
        }
        Event::End(
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::BlockQuote(_),
        ) => {
            text.push('\n');
            event
        }
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
    Rendered {
        html: out,
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
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
    {
        return url;
    }
    if lower.starts_with("//") {
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
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let r = render("Xin <img src=x onerror=alert(1)> chào", "/");
        assert!(
            r.html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<img"));
    }

    #[test]
    fn script_links_are_neutralised() {
        let r = render(
            "[a](javascript:alert(1)) [b](https://x.vn) [c](/gioi-thieu/) [d](images/a.jpg)",
            "/sub/",
        );
        assert!(r.html.contains("href=\"#\""));
        assert!(r.html.contains("href=\"https://x.vn\""));
        assert!(r.html.contains("href=\"/sub/gioi-thieu/\""));
        assert!(r.html.contains("href=\"/sub/images/a.jpg\""));
    }

    #[test]
    fn excerpts_cut_on_words() {
        assert_eq!(excerpt("một hai ba bốn", 8), "một hai…");
        assert_eq!(excerpt("ngắn", 8), "ngắn");
    }
}
