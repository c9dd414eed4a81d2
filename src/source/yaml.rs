//! The one place that talks to `serde_yaml` (archived upstream, so a later
//! swap to a maintained fork touches this file only). Errors come back as
//! located diagnostics in plain Vietnamese. `Locator` is the one way to find
//! where a key stands in a YAML text (site.yaml, the registry, front matter),
//! for checks serde cannot do (dates, registry ids) and errors it cannot place.

use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, Diagnostic, Pos};
use crate::source::yaml_keys::{home_of, vietnamese_key};
use crate::source::yaml_lines::field_path_words;
use crate::source::yaml_words::{self, write_line, GUIDE};
use crate::source::{yaml_colon, yaml_indent, yaml_quotes};

/// Parse `text` (which starts at `first_line` of the file `path`) into `T`.
/// Types use `deny_unknown_fields`, so an unknown key comes back with the
/// closest valid key as a hint.
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    let found = yaml_words::prescan(path, text, first_line)
        .or_else(|| yaml_colon::scan(path, text, first_line))
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
        let locator = Locator::new(text, first_line);
        let key_pos = locator.find_key(&field_segs(&field_path, rest));
        let line = key_pos.and_then(|p| locator.line(p.line));
        return unknown_key(&found, rest, line).at_pos(key_pos.unwrap_or(pos));
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        return missing_key(&found, text, first_line, rest);
    }
    if let Some(d) = text_for_list(&found, text, first_line, &detail) {
        return d;
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
    let mut segs = path_segs(field_path);
    segs.push(Seg::Key(rest.split('`').next().unwrap_or("")));
    segs
}

/// serde's `awards[0].proposal` as a path `Locator` follows.
fn path_segs(field_path: &str) -> Vec<Seg<'_>> {
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
    segs
}

/// `rest` is "key`, expected one of `a`, `b`…".
fn unknown_key(found: &SerdeError, rest: &str, line: Option<&str>) -> Diagnostic {
    let key = rest.split('`').next().unwrap_or("");
    if found.field_path.is_empty() {
        if let Some(d) = home_of(found.path, key, line) {
            return d;
        }
    }
    let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
    let best = vietnamese_key(key)
        .filter(|k| expected.contains(k))
        .or_else(|| did_you_mean(key, expected.iter().copied()));
    let mut hint = match best {
        Some(best) => format!("có phải ý bạn là `{best}`? "),
        None => String::new(),
    };
    if PRIVATE_KEYS.contains(&key) {
        hint.push_str("Trang không bao giờ công bố số điện thoại, email hay địa chỉ nhà; nơi cư trú chỉ ghi mã đơn vị nơi người đó sống bằng `residence`. ");
    }
    hint.push_str(&format!("Các khóa hợp lệ ở đây: {}.", expected.join(", ")));
    // The line with the key renamed, value kept, when the key is clear.
    let renamed = best.zip(line).and_then(|(best, line)| {
        let start = line.find(key)?;
        let rest = line[start + key.len()..].trim_start_matches([' ', ':', '：']);
        Some(format!("{}{best}: {rest}", &line[..start]))
    });
    if let Some(fixed) = renamed {
        hint.push_str(&format!(
            " Xem mục “Khóa bắt buộc và khóa không bắt buộc” trong {GUIDE}. {}",
            write_line(fixed.trim_end())
        ));
    }
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
    // Only a story has a closing `---` to point at.
    if !found.field_path.is_empty() || !found.path.ends_with(".md") {
        return Diagnostic::error(
            "missing-key",
            found.path,
            format!("thiếu khóa bắt buộc `{key}`{}", found.inside()),
        )
        .at_pos(found.pos)
        .hint(format!(
            "thêm dòng `{key}: …`. Xem mục “Khóa bắt buộc và khóa không bắt buộc” trong {GUIDE}"
        ));
    }
    // A key of the whole story goes before the closing `---`: point there,
    // not at the title, which is right.
    let end = first_line + text.lines().count();
    let hint = if key == "consent" {
        format!(
            "thêm dòng dưới đây ngay trên dòng --- thứ hai (dòng {end}), rồi ghi ngày ký văn bản đồng ý thay cho YYYY-MM-DD (ví dụ 2023-05-10); trong channels chỉ giữ những nơi người được khen đồng ý. Xem mục “Sự đồng ý công bố” trong {GUIDE}. Dòng cần thêm (chép nguyên dòng dưới đây):\n      {CONSENT_LINE}"
        )
    } else {
        format!(
            "thêm dòng `{key}: …` ngay trên dòng --- thứ hai (dòng {end}). Xem mục “Khóa bắt buộc và khóa không bắt buộc” trong {GUIDE}"
        )
    };
    Diagnostic::error(
        "missing-key",
        found.path,
        format!("thiếu dòng `{key}:`, dòng này bắt buộc phải có"),
    )
    .at(end, 1)
    .hint(hint)
}

/// The consent line a writer can copy, with the date left to fill in
/// (`bad-date` catches YYYY-MM-DD left as is).
pub const CONSENT_LINE: &str =
    "consent: { by: nguoi-duoc-khen, date: YYYY-MM-DD, channels: [web, ban-tin, phat-thanh] }";

/// `consent: có`, `consent: …` or an empty `consent:`: the line to write.
fn consent_not_a_record(found: &SerdeError, got: &str) -> Diagnostic {
    Diagnostic::error(
        "wrong-type",
        found.path,
        format!("`consent` {got}: cần ghi ai đồng ý, ngày nào và cho đăng ở đâu"),
    )
    .at_pos(found.pos)
    .hint(format!(
        "thay cả dòng này bằng dòng dưới đây, rồi ghi ngày ký văn bản đồng ý thay cho YYYY-MM-DD (ví dụ 2023-05-10); trong channels chỉ giữ những nơi người được khen đồng ý. Cũng có thể viết dòng consent: rồi các dòng bên dưới, thụt vào 2 dấu cách: by, date, channels. Xem mục “Sự đồng ý công bố” trong {GUIDE}. {}",
        write_line(CONSENT_LINE)
    ))
}

/// A required key that is written, but at an indentation that puts it
/// outside its group (`field:` pulled out of `deed:`): say so, not "missing",
/// and give the column the group's other lines stand at (a user test wrote
/// `    - level:` with `    month:` below and was told 2 spaces).
fn misplaced_key(
    found: &SerdeError,
    text: &str,
    first_line: usize,
    key: &str,
) -> Option<Diagnostic> {
    if found.field_path.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let group = find_group(text, first_line, found.field_path);
    let is_key = |l: &&str| {
        let body = l.trim_start().trim_start_matches("- ");
        body.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    let from = group.as_ref().map_or(0, |g| g.start + 1);
    let i = (from..lines.len())
        .find(|&i| is_key(&lines[i]))
        .or_else(|| lines.iter().position(is_key))?;
    let indent = lines[i].len() - lines[i].trim_start().len();
    let words = field_path_words(found.field_path);
    let (column, how) = match &group {
        Some(g) => (g.child_indent, g.how_to_align(&lines, first_line, &words)),
        None => (2, format!("chuyển dòng này vào trong {words}")),
    };
    Some(
        Diagnostic::error(
            "missing-key",
            found.path,
            format!("khóa `{key}` có ở đây nhưng thụt lề sai ({indent} dấu cách), nên không nằm trong {words}"),
        )
        .at(first_line + i, indent + 1)
        .hint(format!(
            "{how}. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
            write_line(&format!("{}{}", " ".repeat(column), lines[i].trim_start()))
        )),
    )
}

/// Where a group named by serde's field path (`deed`, `awards[0]`) starts in
/// the text, and the column its lines stand at.
struct Group {
    start: usize,
    child_indent: usize,
}

impl Group {
    /// "Indent to N spaces, in line with `level` on line L", naming a line the
    /// writer can see; the group's own line when it has no other line yet.
    fn how_to_align(&self, lines: &[&str], first_line: usize, words: &str) -> String {
        let n = self.child_indent;
        let head = lines[self.start].trim_start();
        let sibling = if head.starts_with("- ") {
            Some((self.start, head[1..].trim_start()))
        } else {
            let head_indent = indent_of(lines[self.start]);
            lines[self.start + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || indent_of(l) > head_indent)
                .position(|l| indent_of(l) == n && !l.trim().is_empty())
                .map(|k| (self.start + 1 + k, lines[self.start + 1 + k].trim_start()))
        };
        match sibling {
            Some((at, body)) => {
                let first_word = body.split(':').next().unwrap_or(body);
                format!(
                    "thụt dòng này vào {n} dấu cách, thẳng cột với chữ `{first_word}` ở dòng {}: các dòng của {words} phải thẳng cột với nhau",
                    first_line + at
                )
            }
            None => format!(
                "đặt dòng này ngay dưới dòng `{head}` (dòng {}) và thụt vào {n} dấu cách",
                first_line + self.start
            ),
        }
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Where `Locator` finds the group at serde's field path: for an item, its
/// lines stand at the word after `- `; for a key, two spaces in.
fn find_group(text: &str, first_line: usize, field_path: &str) -> Option<Group> {
    let at = Locator::new(text, first_line).find_key(&path_segs(field_path))?;
    let start = at.line - first_line;
    let line = text.lines().nth(start)?;
    let child_indent = match line.trim_start().strip_prefix('-') {
        Some(after) => indent_of(line) + 1 + (after.len() - after.trim_start().len()),
        None => at.column - 1 + 2,
    };
    Some(Group {
        start,
        child_indent,
    })
}

/// `channels: web, ban-tin` where a list is wanted: the same words in
/// square brackets, as a line to copy ("danh sách" and `[a, b]` meant
/// nothing to a ward officer).
fn text_for_list(
    found: &SerdeError,
    text: &str,
    first_line: usize,
    detail: &str,
) -> Option<Diagnostic> {
    if !(detail.starts_with("invalid type: string") && detail.contains("expected a sequence")) {
        return None;
    }
    let line = Locator::new(text, first_line).line(found.pos.line)?;
    let (key, value, _) = yaml_words::key_value(line)?;
    let words: Vec<&str> = value
        .split(',')
        .map(|w| w.trim().trim_matches('"'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(
        Diagnostic::error(
            "wrong-type",
            found.path,
            format!("`{key}` cần một hay nhiều giá trị đặt trong ngoặc vuông `[ ]`, cách nhau bằng dấu phẩy"),
        )
        .at_pos(found.pos)
        .hint(format!(
            "thêm `[` trước giá trị đầu và `]` sau giá trị cuối, như dòng dưới đây. Xem mục “Bài mẫu có chú thích” trong {GUIDE}. {}",
            write_line(&yaml_words::relined(line, key, &format!("[{}]", words.join(", "))))
        )),
    )
}

fn wrong_type(found: &SerdeError, detail: &str) -> Diagnostic {
    if found.field_path == "consent" && detail.contains("struct RawConsentRecord") {
        let got = if detail.starts_with("invalid type: unit value") {
            "đang để trống".to_string()
        } else {
            explain_type_error(detail)
                .split(", cần")
                .next()
                .unwrap_or("")
                .to_string()
        };
        return consent_not_a_record(found, &got);
    }
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
        "xóa giá trị sau dấu hai chấm; các dòng của nhóm này viết bên dưới, mỗi dòng một mục, thụt vào 2 dấu cách, như trong bài mẫu. Xem mục “Bài mẫu có chú thích” trong docs/huong-dan-viet-bai.md"
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
        .replace("map", "một nhóm dòng")
        .replacen("boolean ", "giá trị đúng/sai ", 1)
        .replace("floating point ", "số thập phân ");
    let want = match want {
        w if w.starts_with('i') || w.starts_with('u') => "một số nguyên",
        "a boolean" => "`true` hoặc `false`",
        "a string" => "chữ đặt trong ngoặc kép",
        w if w.starts_with("a sequence") => "một danh sách",
        w if w.starts_with("struct") || w.contains("map") => {
            "các dòng bên dưới, thụt vào 2 dấu cách"
        }
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

pub use crate::source::yaml_locate::{column_of, Locator, Seg};
