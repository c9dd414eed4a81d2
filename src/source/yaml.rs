//! The one place that talks to `serde_yaml` (archived upstream, so a later
//! swap to a maintained fork touches this file only). Errors come back as
//! located diagnostics in plain Vietnamese. `Locator` is the one way to find
//! where a key stands in a YAML text (site.yaml, the registry, front matter),
//! for checks serde cannot do (dates, registry ids) and errors it cannot place.

use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, Diagnostic, Pos};
use crate::source::yaml_words::{self, field_path_words, write_line, GUIDE};
use crate::source::{yaml_indent, yaml_quotes};

/// Parse `text` (which starts at `first_line` of the file `path`) into `T`.
/// Types use `deny_unknown_fields`, so an unknown key comes back with the
/// closest valid key as a hint.
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    let found = yaml_words::prescan(path, text, first_line)
        .or_else(|| yaml_quotes::scan(path, text, first_line))
        .or_else(|| yaml_indent::misindented(path, text, first_line));
    if let Some(found) = found {
        return Err(found);
    }
    serde_yaml::from_str::<T>(text).map_err(|err| to_diagnostic(path, text, first_line, &err))
}

fn to_diagnostic(path: &str, text: &str, first_line: usize, err: &serde_yaml::Error) -> Diagnostic {
    let pos = match err.location() {
        Some(loc) => Pos::new(loc.line() + first_line - 1, loc.column()),
        None => Pos::new(first_line, 1),
    };
    let raw = err.to_string();
    // serde_yaml appends " at line N column M"; we give the place ourselves.
    let detail = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw.as_str(),
    };
    let (field_path, detail) = split_field_path(detail);
    let found = SerdeError {
        path,
        field_path: &field_path,
        pos,
    };
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let key_pos = Locator::new(text, first_line).find_key(&field_segs(&field_path, rest));
        return unknown_key(&found, rest).at_pos(key_pos.unwrap_or(pos));
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        return missing_key(&found, text, first_line, rest);
    }
    if detail.starts_with("invalid type")
        || detail.starts_with("invalid value")
        || detail.starts_with("invalid length")
    {
        return wrong_type(&found, &detail);
    }
    yaml_words::syntax(path, text, first_line, &detail, pos)
}

/// What serde_yaml said, and where.
struct SerdeError<'a> {
    path: &'a str,
    /// `person.name`, `awards[0]`; empty at the top level.
    field_path: &'a str,
    pos: Pos,
}

impl SerdeError<'_> {
    fn inside(&self) -> String {
        if self.field_path.is_empty() {
            String::new()
        } else {
            format!(" (ở {})", field_path_words(self.field_path))
        }
    }
}

/// The key named first in `rest` (after "unknown field `"), as a path under
/// the field path: the unknown key is located where it stands in the text,
/// not where serde stopped.
fn field_segs<'a>(field_path: &'a str, rest: &'a str) -> Vec<Seg<'a>> {
    let mut segs = Vec::new();
    for part in field_path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        segs.push(Seg::Key(pieces.next().unwrap_or("")));
        for index in pieces {
            if let Ok(n) = index.trim_end_matches(']').parse() {
                segs.push(Seg::Index(n));
            }
        }
    }
    segs.push(Seg::Key(rest.split('`').next().unwrap_or("")));
    segs
}

/// `rest` is "key`, expected one of `a`, `b`…".
fn unknown_key(found: &SerdeError, rest: &str) -> Diagnostic {
    let key = rest.split('`').next().unwrap_or("");
    let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
    let mut hint = match did_you_mean(key, expected.iter().copied()) {
        Some(best) => format!("có phải ý bạn là `{best}`? "),
        None => String::new(),
    };
    if PRIVATE_KEYS.contains(&key) {
        hint.push_str("Trang không bao giờ công bố số điện thoại, email hay địa chỉ nhà; nơi cư trú chỉ ghi mã đơn vị nơi người đó sống bằng `residence`. ");
    }
    hint.push_str(&format!("Các khóa hợp lệ ở đây: {}.", expected.join(", ")));
    Diagnostic::error(
        "unknown-key",
        found.path,
        format!("khóa `{key}` không dùng được ở chỗ này{}", found.inside()),
    )
    .hint(hint)
}

fn missing_key(found: &SerdeError, text: &str, first_line: usize, rest: &str) -> Diagnostic {
    let key = rest.split('`').next().unwrap_or("");
    if let Some(d) = misplaced_key(found, text, first_line, key) {
        return d;
    }
    Diagnostic::error(
        "missing-key",
        found.path,
        format!("thiếu khóa bắt buộc `{key}`{}", found.inside()),
    )
    .at_pos(found.pos)
    .hint(format!(
        "thêm dòng `{key}: …`. Xem mục “Khóa bắt buộc và khóa không bắt buộc” trong {GUIDE}"
    ))
}

/// A required key that is written, but at an indentation that puts it
/// outside its group (`field:` pulled out of `deed:`): say so, not "missing".
fn misplaced_key(
    found: &SerdeError,
    text: &str,
    first_line: usize,
    key: &str,
) -> Option<Diagnostic> {
    if found.field_path.is_empty() {
        return None;
    }
    let (i, line) = text.lines().enumerate().find(|(_, l)| {
        let body = l.trim_start();
        body.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })?;
    let indent = line.len() - line.trim_start().len();
    let parent = found
        .field_path
        .rsplit('.')
        .next()
        .unwrap_or(found.field_path);
    Some(
        Diagnostic::error(
            "missing-key",
            found.path,
            format!(
                "khóa `{key}` có ở đây nhưng thụt lề sai ({indent} dấu cách), nên không nằm trong {}",
                field_path_words(found.field_path)
            ),
        )
        .at(first_line + i, indent + 1)
        .hint(format!(
            "chuyển dòng này vào dưới dòng {parent}: và thụt vào thẳng cột với các dòng khác của nhóm {parent}. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
            write_line(&format!("  {}", line.trim_start()))
        )),
    )
}

fn wrong_type(found: &SerdeError, detail: &str) -> Diagnostic {
    if detail.starts_with("invalid type: unit value") && !found.field_path.is_empty() {
        return Diagnostic::error(
            "wrong-type",
            found.path,
            format!(
                "{} để trống, chưa có giá trị",
                field_path_words(found.field_path)
            ),
        )
        .at_pos(found.pos)
        .hint(type_hint(detail));
    }
    Diagnostic::error(
        "wrong-type",
        found.path,
        format!(
            "giá trị không đúng dạng{}: {}",
            found.inside(),
            explain_type_error(detail)
        ),
    )
    .at_pos(found.pos)
    .hint(type_hint(detail))
}

/// What to write instead, from the type serde expected.
fn type_hint(detail: &str) -> &'static str {
    if detail.contains("expected a sequence") {
        "giá trị này phải là một danh sách, ví dụ `[a, b]` hoặc các dòng bắt đầu bằng `- `. Xem mục “Bài mẫu có chú thích” trong docs/huong-dan-viet-bai.md"
    } else if detail.contains("expected a boolean") {
        "giá trị này phải là `true` hoặc `false`"
    } else if detail.contains("expected i32")
        || detail.contains("expected u16")
        || detail.contains("expected u32")
    {
        "giá trị này phải là một số nguyên, ví dụ `1978`"
    } else if detail.contains("expected a string") {
        "đặt giá trị trong ngoặc kép, ví dụ \"…\". Xem mục “Bài mẫu có chú thích” trong docs/huong-dan-viet-bai.md"
    } else if detail.contains("struct") || detail.contains("map") {
        "dưới khóa này viết các dòng khóa con, mỗi khóa một dòng, thụt vào hai dấu cách. Xem mục “Bài mẫu có chú thích” trong docs/huong-dan-viet-bai.md"
    } else {
        "sửa giá trị theo bài mẫu. Xem mục “Khóa bắt buộc và khóa không bắt buộc” trong docs/huong-dan-viet-bai.md"
    }
}

/// How many items the top-level `key` holds when it is a list, if it is one:
/// for errors that explain a shape serde rejected (`person:` as a list).
pub fn top_level_list_len(text: &str, key: &str) -> Option<usize> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    Some(value.get(key)?.as_sequence()?.len())
}

/// Keys people try for contact details, which are never published.
const PRIVATE_KEYS: &[&str] = &[
    "phone",
    "so_dien_thoai",
    "dien_thoai",
    "email",
    "address",
    "dia_chi",
    "street",
    "duong",
];

/// "invalid type: string \"x\", expected i32" in words staff use.
fn explain_type_error(detail: &str) -> String {
    let Some(rest) = detail.strip_prefix("invalid type: ") else {
        return detail.to_string();
    };
    let Some((got, want)) = rest.rsplit_once(", expected ") else {
        return detail.to_string();
    };
    let got = got
        .replacen("string ", "chữ ", 1)
        .replace("unit value", "để trống")
        .replacen("integer ", "số ", 1)
        .replace("sequence", "danh sách")
        .replace("map", "nhóm khóa")
        .replacen("boolean ", "giá trị đúng/sai ", 1)
        .replace("floating point ", "số thập phân ");
    let want = match want {
        w if w.starts_with('i') || w.starts_with('u') => "một số nguyên",
        "a boolean" => "`true` hoặc `false`",
        "a string" => "chữ đặt trong ngoặc kép",
        w if w.starts_with("a sequence") => "một danh sách",
        w if w.starts_with("struct") || w.contains("map") => "các dòng khóa con",
        _ => want,
    };
    format!("đang là {got}, cần {want}")
}

/// serde_yaml prefixes nested errors with the field path: "person.name: …".
fn split_field_path(detail: &str) -> (String, String) {
    if let Some((head, tail)) = detail.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && !head.contains(' ')
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
        if looks_like_path {
            return (head.to_string(), tail.to_string());
        }
    }
    (String::new(), detail.to_string())
}

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

pub use crate::source::yaml_words::column_of;

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
