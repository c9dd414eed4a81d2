//! What every renderer hands back, and the one escaper for everything that
//! came from content and lands in HTML or XML.

/// A file of the finished site: a path under the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// The one escaper for HTML and XML (pages, feeds, sitemap, reports), text
/// and quoted attribute values. Tera's default also escapes `/` and makes
/// every URL three times longer; `/` is harmless in quoted attributes.
/// Characters XML 1.0 forbids are dropped as a last defence (the loader
/// already refuses them in content): one would make a whole feed unreadable.
pub fn escape_html(input: &str) -> String {
    if !input
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || is_xml_forbidden_byte(b))
        && !input.contains(['\u{fffe}', '\u{ffff}'])
    {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '\u{fffe}' | '\u{ffff}' => {}
            c if c.is_ascii() && is_xml_forbidden_byte(c as u8) => {}
            _ => out.push(c),
        }
    }
    out
}

/// C0 controls but tab, newline and CR: not allowed anywhere in XML 1.0.
fn is_xml_forbidden_byte(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            escape_html("<a href=\"x\">Tô & 'Lan'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tô &amp; &#x27;Lan&#x27;&lt;/a&gt;"
        );
        assert_eq!(escape_html("a\0b\u{1}c\u{1f}d\u{ffff}"), "abcd");
        assert_eq!(escape_html("dòng 1\n\tdòng 2\r"), "dòng 1\n\tdòng 2\r");
        assert_eq!(escape_html("/truyen/a.html"), "/truyen/a.html");
    }
}
