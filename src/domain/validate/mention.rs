//! Finding a name in text as a reader would see it: however the words are
//! spaced (a line wrap, two spaces, a non-breaking space), emphasised
//! (`Nguyễn **Minh** Khôi`), written with entities (`&nbsp;`), composed (NFC
//! or not), cased or accented. Each found mention keeps the byte offset of
//! the source it came from, so an error can point at it.

use pulldown_cmark::{Event, Parser, TagEnd};

use crate::text::vietnamese::fold;

/// Characters of a text, each with the byte offset in the source it stands for.
type Stream = Vec<(char, usize)>;

/// The visible characters of Markdown `text`: what its text, code and alt
/// texts say, blocks and line breaks as spaces.
pub(super) fn markdown_stream(text: &str) -> Stream {
    let mut out = Stream::with_capacity(text.len());
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Text(t) | Event::Code(t) => {
                // An entity or escape stands for more source than it shows:
                // all of it is placed at its start.
                let verbatim = text.get(range.clone()) == Some(&*t);
                for (i, c) in t.char_indices() {
                    out.push((c, range.start + if verbatim { i } else { 0 }));
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => out.push((' ', range.start)),
            _ => {}
        }
    }
    out
}

/// The characters of `text` as written, less emphasis marks: for finding,
/// in a YAML source, the place of a mention already found in its value.
pub(super) fn raw_stream(text: &str) -> Stream {
    text.char_indices()
        .filter(|(_, c)| !matches!(c, '*' | '_' | '~'))
        .map(|(i, c)| (c, i))
        .collect()
}

/// The source offset of the first mention of `name` in `stream`, as a whole
/// word.
pub(super) fn find(stream: &Stream, name: &str) -> Option<usize> {
    let needle: Vec<char> = normalize(&name.char_indices().map(|(i, c)| (c, i)).collect())
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let hay = normalize(stream);
    let word = |i: Option<usize>| {
        i.and_then(|i| hay.get(i))
            .is_some_and(|(c, _)| c.is_alphanumeric())
    };
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .find(|&at| {
            hay[at..at + needle.len()]
                .iter()
                .map(|(c, _)| *c)
                .eq(needle.iter().copied())
                && !word(at.checked_sub(1))
                && !word(Some(at + needle.len()))
        })
        .map(|at| hay[at].1)
}

/// Folded (lowercase, no marks, đ → d), invisible characters dropped, every
/// run of whitespace one space.
fn normalize(stream: &Stream) -> Stream {
    let mut out = Stream::with_capacity(stream.len());
    for &(c, at) in stream {
        if matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            if out.last().is_some_and(|(l, _)| *l != ' ') {
                out.push((' ', at));
            }
            continue;
        }
        let mut buf = [0u8; 4];
        out.extend(fold(c.encode_utf8(&mut buf)).chars().map(|f| (f, at)));
    }
    if out.last().is_some_and(|(l, _)| *l == ' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: &str = "Trần Minh Khôi";

    fn at(text: &str) -> Option<usize> {
        find(&markdown_stream(text), NAME)
    }

    #[test]
    fn a_name_is_found_however_it_is_spaced_or_marked_up() {
        for text in [
            "Em Trần Minh Khôi.",
            "Em Trần\nMinh Khôi.",
            "Em Trần  Minh Khôi.",
            "Em Trần\u{A0}Minh Khôi.",
            "Em Trần **Minh** Khôi.",
            "Em _Trần Minh_ Khôi.",
            "Em Trần&nbsp;Minh Khôi.",
            "Em Tr&#7847;n Minh Khôi.",
            "Em TRẦN MINH KHÔI.",
            "Em Tra\u{300}n Minh Kho\u{302}i.",
            "Em ![Trần Minh Khôi](a.png).",
            "Em Trần\u{200B} Minh Khôi.",
        ] {
            assert!(at(text).is_some(), "{text:?}");
        }
    }

    #[test]
    fn other_names_and_parts_of_words_are_not_mentions() {
        assert_eq!(at("Em T. M. Khôi và anh Trần Minh."), None);
        assert_eq!(at("Em Trần Minh Khôin."), None);
        assert_eq!(find(&markdown_stream("Lê Ánh"), "Lê An"), None);
    }

    #[test]
    fn a_mention_keeps_the_offset_of_its_first_letter() {
        let text = "Một dòng.\n\nEm Trần **Minh** Khôi.";
        assert_eq!(at(text), text.find("Trần"));
        let wrapped = "title: \"x\"\nsummary: >\n  Em Trần\n  *Minh* Khôi\n";
        assert_eq!(find(&raw_stream(wrapped), NAME), wrapped.find("Trần"));
    }
}
