//! Where keys and values stand in a block-style YAML text (site.yaml, the
//! registry, front matter), for checks serde cannot do (dates, registry ids)
//! and errors it cannot place. Not a YAML parser: it reads indentation only.

use crate::diagnostics::Pos;
pub use crate::source::yaml_words::column_of;

/// One step of a path into a YAML text: a key or a list index.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Finds where keys and values stand in a block-style YAML text. Not a YAML
/// parser: serde_yaml has already accepted the text, this only reads
/// indentation to point an error at the right line.
pub struct Locator<'a> {
    lines: Vec<&'a str>,
    first_line: usize,
}

struct Found {
    line: usize,
    key_col: usize,
    value_col: usize,
    indent: isize,
}

impl<'a> Locator<'a> {
    pub fn new(yaml: &'a str, first_line: usize) -> Self {
        Locator {
            lines: yaml.lines().collect(),
            first_line,
        }
    }

    /// The text of file line `line`, if it is in the front matter.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        self.lines.get(line.checked_sub(self.first_line)?).copied()
    }

    /// Position of the value at `path` (or of its key, or of the nearest
    /// parent found); the start of the front matter if nothing matches.
    pub fn value(&self, path: &[Seg]) -> Pos {
        self.find(path, true).0
    }

    /// Position of the key at `path`, or as `value` does.
    pub fn key(&self, path: &[Seg]) -> Pos {
        self.find(path, false).0
    }

    /// Position of the key at `path`; `None` unless the whole path is there.
    pub fn find_key(&self, path: &[Seg]) -> Option<Pos> {
        let (pos, whole) = self.find(path, false);
        whole.then_some(pos)
    }

    /// Position of the value at `path`; `None` unless the whole path is there.
    pub fn find_value(&self, path: &[Seg]) -> Option<Pos> {
        let (pos, whole) = self.find(path, true);
        whole.then_some(pos)
    }

    /// Where `needle` is first written at or after `from` (a value's
    /// position), to point into a text value rather than at its start.
    /// `None` when the text is not written as is (escapes, a folded line).
    pub fn find_text_from(&self, from: Pos, needle: &str) -> Option<Pos> {
        let first = from.line.checked_sub(self.first_line)?;
        self.lines
            .iter()
            .enumerate()
            .skip(first)
            .find_map(|(i, line)| {
                let skip = if i == first {
                    line.char_indices()
                        .nth(from.column.saturating_sub(1))
                        .map_or(line.len(), |(b, _)| b)
                } else {
                    0
                };
                let at = line[skip..].find(needle)? + skip;
                Some(Pos::new(self.first_line + i, column_of(line, at)))
            })
    }

    /// The best position for `path`, and whether all of it was found.
    fn find(&self, path: &[Seg], want_value: bool) -> (Pos, bool) {
        let mut best = Pos::new(self.first_line, 1);
        let mut start = 0usize;
        let mut inclusive = false;
        let mut parent_indent: isize = -1;
        for (depth, seg) in path.iter().enumerate() {
            let last = depth + 1 == path.len();
            let found = match seg {
                Seg::Key(k) => self.find_key_in(k, start, inclusive, parent_indent),
                Seg::Index(n) => self.find_item(*n, start, inclusive, parent_indent),
            };
            let Some(f) = found else {
                return self.on_parent_line(best, seg, depth > 0 && last);
            };
            best = Pos::new(
                self.first_line + f.line,
                if last && want_value {
                    f.value_col
                } else {
                    f.key_col
                },
            );
            (start, inclusive) = match seg {
                Seg::Key(_) => (f.line + 1, false),
                Seg::Index(_) => (f.line, true),
            };
            parent_indent = f.indent;
        }
        (best, true)
    }

    /// A flow value on the parent line: `tags: [a, b]`, `dossier: {…}`. Only
    /// a last key under a found parent counts as the whole path found.
    fn on_parent_line(&self, best: Pos, seg: &Seg, may_be_whole: bool) -> (Pos, bool) {
        let line = self.lines.get(best.line.wrapping_sub(self.first_line));
        if let (Some(line), Seg::Key(k)) = (line, seg) {
            if let Some(i) = line.find(&format!("{k}:")) {
                return (Pos::new(best.line, column_of(line, i)), may_be_whole);
            }
        }
        (best, false)
    }

    /// Lines of the block under the parent, as (index, effective indent, text after `- `).
    fn block(
        &self,
        start: usize,
        inclusive: bool,
        parent_indent: isize,
    ) -> impl Iterator<Item = (usize, isize, usize, &'a str)> + '_ {
        let mut first = true;
        self.lines
            .iter()
            .enumerate()
            .skip(start)
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|(i, l)| {
                let trimmed = l.trim_start();
                let indent = (l.len() - trimmed.len()) as isize;
                (i, indent, l.len() - trimmed.len(), trimmed)
            })
            .take_while(move |(_, indent, _, _)| {
                let keep = (first && inclusive) || *indent > parent_indent;
                first = false;
                keep
            })
    }

    fn find_key_in(
        &self,
        key: &str,
        start: usize,
        inclusive: bool,
        parent_indent: isize,
    ) -> Option<Found> {
        let mut block_indent: Option<isize> = None;
        for (i, indent, byte, trimmed) in self.block(start, inclusive, parent_indent) {
            let (eff, byte, body) = match trimmed.strip_prefix("- ") {
                Some(b) => (indent + 2, byte + 2, b),
                None => (indent, byte, trimmed),
            };
            let bi = *block_indent.get_or_insert(eff);
            if eff != bi {
                continue;
            }
            if let Some(after) = body.strip_prefix(key) {
                if let Some(value) = after.trim_start().strip_prefix(':') {
                    let line = self.lines[i];
                    let value_byte = line.len() - value.trim_start().len();
                    let value_col = if value.trim().is_empty() {
                        column_of(line, byte)
                    } else {
                        column_of(line, value_byte)
                    };
                    return Some(Found {
                        line: i,
                        key_col: column_of(line, byte),
                        value_col,
                        indent: eff,
                    });
                }
            }
        }
        None
    }

    fn find_item(
        &self,
        n: usize,
        start: usize,
        inclusive: bool,
        parent_indent: isize,
    ) -> Option<Found> {
        let mut count = 0;
        let mut block_indent: Option<isize> = None;
        for (i, indent, byte, trimmed) in self.block(start, inclusive, parent_indent) {
            if !trimmed.starts_with("- ") && trimmed != "-" {
                continue;
            }
            let bi = *block_indent.get_or_insert(indent);
            if indent != bi {
                continue;
            }
            if count == n {
                let line = self.lines[i];
                return Some(Found {
                    line: i,
                    key_col: column_of(line, byte),
                    value_col: column_of(line, (byte + 2).min(line.len())),
                    indent,
                });
            }
            count += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FM: &str = "title: \"A\"\nperson:\n  name: \"B\"\n  category: x\nawards:\n  - level: phuong\n    month: 2023-05\n  - level: quan\n    month: 2023-13\ntags: [a, b]\n";

    #[test]
    fn finds_nested_values() {
        let loc = Locator::new(FM, 2);
        assert_eq!(loc.value(&[Seg::Key("title")]), Pos::new(2, 8));
        assert_eq!(
            loc.value(&[Seg::Key("person"), Seg::Key("category")]),
            Pos::new(5, 13)
        );
        assert_eq!(
            loc.value(&[Seg::Key("awards"), Seg::Index(1), Seg::Key("month")]),
            Pos::new(10, 12)
        );
        assert_eq!(
            loc.value(&[Seg::Key("awards"), Seg::Index(0), Seg::Key("level")]),
            Pos::new(7, 12)
        );
        assert_eq!(
            loc.key(&[Seg::Key("awards"), Seg::Index(1)]),
            Pos::new(9, 3)
        );
    }

    #[test]
    fn top_level_key_is_not_confused_with_nested_one() {
        let loc = Locator::new("person:\n  name: x\nname: y\n", 2);
        assert_eq!(loc.value(&[Seg::Key("name")]), Pos::new(4, 7));
    }
}
