//! A key line indented unlike the lines of its group, found at that line.
//! The parser reads a wrong indentation as a different structure and fails
//! (or reports a missing key) lines later; a ward officer who typed three
//! spaces under `person:` must be sent to that line, told how many spaces it
//! has and how many its group has. Not a YAML parser: it reads indentation
//! only, before the parser runs, and says nothing about a text it is unsure of.

use crate::diagnostics::Diagnostic;
use crate::source::yaml_words::{write_line, GUIDE};

/// One significant line: not blank, not a comment, not inside a block text.
struct Line<'a> {
    /// Index in the text.
    i: usize,
    /// Spaces before the first character.
    indent: usize,
    /// Spaces before the key, past a `- ` item mark.
    key_indent: usize,
    /// `key:` with no value after it: a group opens.
    opens: bool,
    /// `key:` (or `- key:`) with a name a writer types: a line that must line up.
    is_key: bool,
    text: &'a str,
}

fn significant(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut block_text: Option<usize> = None;
    for (i, text) in text.lines().enumerate() {
        let body = text.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = text.len() - body.len();
        if let Some(at) = block_text {
            if indent > at {
                continue;
            }
            block_text = None;
        }
        let item = body.strip_prefix("- ").map(str::trim_start);
        let key_indent = item.map_or(indent, |rest| text.len() - rest.len());
        let after_mark = item.unwrap_or(body);
        let key = after_mark.split_once(':').filter(|(k, v)| {
            !k.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && (v.is_empty() || v.starts_with(' '))
        });
        let value = key.map_or("", |(_, v)| v.trim());
        // A comment after the key is no value: `consent:   # …` opens a group.
        let value = if value.starts_with('#') {
            ""
        } else {
            value.split(" #").next().unwrap_or("").trim()
        };
        if value.starts_with(['|', '>']) {
            block_text = Some(indent);
        }
        out.push(Line {
            i,
            indent,
            key_indent,
            opens: key.is_some() && value.is_empty(),
            is_key: key.is_some() || item.is_some(),
            text,
        });
    }
    out
}

/// The first key line whose indentation breaks its group, if any.
pub fn misindented(path: &str, text: &str, first_line: usize) -> Option<Diagnostic> {
    let lines = significant(text);
    for (n, line) in lines.iter().enumerate() {
        let Some(prev) = n.checked_sub(1).map(|p| &lines[p]) else {
            continue;
        };
        // Deeper than the line above, which holds a value: no group opened.
        if line.is_key && !prev.opens && prev.is_key && line.indent > prev.key_indent {
            return Some(report(path, line, prev.key_indent, first_line));
        }
        if !line.opens || !line.is_key {
            continue;
        }
        if let Some(d) = group_of(path, &lines[n..], first_line) {
            return Some(d);
        }
    }
    None
}

/// `group[0]` opens a group: its first line sets the indentation, and a
/// later key line between the parent's and that one breaks it. The line
/// with fewer like it is the one to move.
fn group_of(path: &str, group: &[Line], first_line: usize) -> Option<Diagnostic> {
    let parent = group[0].key_indent;
    let members: Vec<&Line> = group[1..]
        .iter()
        .take_while(|l| l.indent > parent)
        .collect();
    let first = members.first()?;
    let odd = members
        .iter()
        .find(|l| l.is_key && l.indent < first.indent)?;
    let count = |indent: usize| members.iter().filter(|l| l.indent == indent).count();
    Some(if count(first.indent) <= count(odd.indent) {
        report(path, first, odd.indent, first_line)
    } else {
        report(path, odd, first.indent, first_line)
    })
}

fn report(path: &str, line: &Line, want: usize, first_line: usize) -> Diagnostic {
    let has = line.indent;
    let fix = format!("{}{}", " ".repeat(want), line.text.trim_start());
    let what = if has > want {
        format!("xóa bớt {} dấu cách ở đầu dòng", has - want)
    } else {
        format!("thêm {} dấu cách ở đầu dòng", want - has)
    };
    Diagnostic::error(
        "yaml-syntax",
        path,
        format!(
            "dòng này thụt vào {has} dấu cách, các dòng cùng nhóm thụt {want}, nên chương trình hiểu sai nhóm của dòng"
        ),
    )
    .at(first_line + line.i, has + 1)
    .hint(format!(
        "{what} cho thẳng cột với các dòng cùng nhóm. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
        write_line(&fix)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    #[test]
    fn three_spaces_on_the_first_line_of_a_group_are_found_there() {
        let text =
            "title: \"A\"\nperson:\n   name: \"B\"\n  birth_year: 1978\n  category: x\nunit: y\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 4)));
        assert!(d
            .message
            .starts_with("dòng này thụt vào 3 dấu cách, các dòng cùng nhóm thụt 2"));
        assert!(d.hint.unwrap().ends_with("\n      name: \"B\""));
    }

    #[test]
    fn a_deeper_line_under_a_value_is_found() {
        let text = "person:\n  name: \"B\"\n   birth_year: 1978\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 4)));
    }

    #[test]
    fn well_indented_texts_pass() {
        for text in [
            "person:\n  name: \"B\"\n  category: x\nawards:\n  - level: a\n    month: 2023-05\n  - level: b\n    month: 2023-06\n",
            "awards:\n- level: a\n  month: 2023-05\n",
            "summary: |\n  một đoạn\n     thụt sâu: cũng được\ntitle: x\n",
            "tags: [a, b]\nconsent: { by: x }\n",
            "consent:     # khi đã có văn bản\n  by: \"\"   # ai\n  channels: []\n",
        ] {
            assert!(misindented("a.md", text, 2).is_none(), "{text}");
        }
    }
}
