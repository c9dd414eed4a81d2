//! The layout of a paper, as its template writes it: one line per piece,
//! a tag first, then the text. The same layout becomes the HTML page and
//! the .docx, so the two never say different things.
//!
//! Tags (a `.` and letters after the tag style the line: `b` bold, `i`
//! italic, `u` underlined, `s` small):
//! - `page landscape`: the paper is printed across (a wide table);
//! - `head-left`, `head-right`: the two columns of the heading of Nghị định
//!   30 (issuing body and number; national name, motto, place and date);
//! - `center`, `para` (justified, first line indented), `text` (flush left);
//! - `widths`, `th`, `td`: a table, cells apart by `|`, widths in percent;
//! - `sign-left`, `sign-right`: recipients and the signature;
//! - `blank`: an empty line.
//!
//! The template escapes every value it prints (`\|`, `\\`; a line break
//! becomes a space), so no text from a story can start a cell or a line.

/// One line of text with its style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub small: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Center,
    Justify,
    Left,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    Heading,
    Signature,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Columns {
        kind: Columns,
        left: Vec<Line>,
        right: Vec<Line>,
    },
    Para {
        align: Align,
        line: Line,
    },
    Table {
        widths: Vec<u32>,
        head: Vec<Vec<Line>>,
        rows: Vec<Vec<Line>>,
    },
    Blank,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub landscape: bool,
    pub blocks: Vec<Block>,
}

/// What the template engine does to every value a paper's template prints.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The cells of a line, apart by unescaped `|`, unescaped and trimmed.
fn cells(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out
                .last_mut()
                .into_iter()
                .for_each(|s| s.extend(chars.next())),
            '|' => out.push(String::new()),
            c => out.last_mut().into_iter().for_each(|s| s.push(c)),
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

fn styled(style: &str, text: String) -> Line {
    Line {
        text,
        bold: style.contains('b'),
        italic: style.contains('i'),
        underline: style.contains('u'),
        small: style.contains('s'),
    }
}

/// A line of the heading or the signature joins the columns just before it.
fn column(blocks: &mut Vec<Block>, tag: &str, line: Line) {
    let kind = if tag.starts_with("head") {
        Columns::Heading
    } else {
        Columns::Signature
    };
    if !matches!(blocks.last(), Some(Block::Columns { kind: k, .. }) if *k == kind) {
        blocks.push(Block::Columns {
            kind,
            left: vec![],
            right: vec![],
        });
    }
    if let Some(Block::Columns { left, right, .. }) = blocks.last_mut() {
        if tag.ends_with("left") { left } else { right }.push(line);
    }
}

/// A row joins the table just before it, or starts one.
fn table_row(blocks: &mut Vec<Block>, is_head: bool, row: Vec<Line>) {
    if !matches!(blocks.last(), Some(Block::Table { .. })) {
        blocks.push(Block::Table {
            widths: vec![],
            head: vec![],
            rows: vec![],
        });
    }
    if let Some(Block::Table { head, rows, .. }) = blocks.last_mut() {
        if is_head { head } else { rows }.push(row);
    }
}

/// The layout of a rendered template; an unknown tag is an error naming
/// its line (a mistake in a theme's template, not in a story).
pub fn parse(text: &str) -> Result<Layout, String> {
    let mut layout = Layout::default();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let (head, rest) = line.split_once(' ').unwrap_or((line, ""));
        let (tag, style) = head.split_once('.').unwrap_or((head, ""));
        let one = || {
            let mut c = cells(rest);
            styled(
                style,
                if c.len() == 1 {
                    c.remove(0)
                } else {
                    c.join(" | ")
                },
            )
        };
        let row = || {
            cells(rest)
                .into_iter()
                .map(|c| styled(style, c))
                .collect::<Vec<_>>()
        };
        match tag {
            "page" => layout.landscape = rest.trim() == "landscape",
            "head-left" | "head-right" | "sign-left" | "sign-right" => {
                column(&mut layout.blocks, tag, one());
            }
            "center" | "para" | "text" => {
                let align = match tag {
                    "center" => Align::Center,
                    "para" => Align::Justify,
                    _ => Align::Left,
                };
                layout.blocks.push(Block::Para { align, line: one() });
            }
            "widths" => layout.blocks.push(Block::Table {
                widths: cells(rest).iter().filter_map(|w| w.parse().ok()).collect(),
                head: vec![],
                rows: vec![],
            }),
            "th" | "td" => table_row(&mut layout.blocks, tag == "th", row()),
            "blank" => layout.blocks.push(Block::Blank),
            _ => return Err(format!("dòng {}: không hiểu thẻ `{tag}`", n + 1)),
        }
    }
    Ok(layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_or_a_break_in_a_value_stays_text() {
        let text = format!("td 1 | {} | x\n", escape("A | B\\C\nD"));
        let layout = parse(&text).unwrap();
        let Block::Table { rows, .. } = &layout.blocks[0] else {
            panic!()
        };
        let texts: Vec<&str> = rows[0].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["1", "A | B\\C D", "x"]);
    }

    #[test]
    fn heading_lines_gather_into_two_columns() {
        let layout =
            parse("head-left.b A\nhead-right.bu B\nhead-left Số: 1\ncenter.b T\n").unwrap();
        assert_eq!(layout.blocks.len(), 2);
        let Block::Columns { left, right, .. } = &layout.blocks[0] else {
            panic!()
        };
        assert_eq!(left.len(), 2);
        assert!(right[0].bold && right[0].underline && !right[0].italic);
        assert_eq!(parse("x y").unwrap_err(), "dòng 1: không hiểu thẻ `x`");
    }
}
