//! Splitting a Markdown file into its YAML front matter and body, and finding
//! where a key stands in the front matter so that checks serde cannot do
//! (dates, registry ids) still point at `line:column`.

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::yaml::column_of;

/// A file cut into its two parts. Line numbers are 1-based file lines.
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_first_line: usize,
    pub body: &'a str,
    pub body_first_line: usize,
}

/// `text` has already lost its BOM and CRLF line endings (see `load`).
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Err(Diagnostic::error(
            "no-front-matter",
            path,
            "tệp không bắt đầu bằng phần khai báo `---`",
        )
        .hint("dòng đầu tiên của bài phải là `---`, tiếp theo là các khóa như `title:`, rồi một dòng `---` để đóng; tạo bài mới có sẵn khung bằng `bangvang new --unit <mã đơn vị>`"));
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches('\n').trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml,
                yaml_first_line: 2,
                body,
                body_first_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        path,
        "phần khai báo mở bằng `---` nhưng không có dòng `---` đóng lại",
    )
    .hint("thêm một dòng chỉ gồm `---` sau khóa cuối cùng, trước nội dung bài"))
}

/// One step of a path into the front matter: a key or a list index.
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

    /// Position of the value at `path` (or of its key, or of the nearest
    /// parent found); the start of the front matter if nothing matches.
    pub fn value(&self, path: &[Seg]) -> Pos {
        self.find(path, true)
    }

    /// Position of the key at `path`.
    pub fn key(&self, path: &[Seg]) -> Pos {
        self.find(path, false)
    }

    fn find(&self, path: &[Seg], want_value: bool) -> Pos {
        let mut best = Pos::new(self.first_line, 1);
        let mut start = 0usize;
        let mut inclusive = false;
        let mut parent_indent: isize = -1;
        for (depth, seg) in path.iter().enumerate() {
            let last = depth + 1 == path.len();
            let found = match seg {
                Seg::Key(k) => self.find_key(k, start, inclusive, parent_indent),
                Seg::Index(n) => self.find_item(*n, start, inclusive, parent_indent),
            };
            let Some(f) = found else {
                // A flow value on the parent line: `tags: [a, b]`, `dossier: {…}`.
                if let (Some(line), Seg::Key(k)) =
                    (self.lines.get(best.line.wrapping_sub(self.first_line)), seg)
                {
                    if let Some(i) = line.find(&format!("{k}:")) {
                        best = Pos::new(best.line, column_of(line, i));
                    }
                }
                return best;
            };
            best = Pos::new(
                self.first_line + f.line,
                if last && want_value {
                    f.value_col
                } else {
                    f.key_col
                },
            );
            match seg {
                Seg::Key(_) => {
                    start = f.line + 1;
                    inclusive = false;
                }
                Seg::Index(_) => {
                    start = f.line;
                    inclusive = true;
                }
            }
            parent_indent = f.indent;
        }
        best
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

    fn find_key(
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

    #[test]
    fn split_counts_lines() {
        let s = split("a.md", "---\ntitle: x\n---\nbody\n").ok().unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_first_line, 4);
        assert!(split("a.md", "no front matter").is_err());
        assert!(split("a.md", "---\ntitle: x\n").is_err());
    }
}
