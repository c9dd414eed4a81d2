//! The one place that talks to `serde_yaml` (archived upstream, so a later
//! swap to a maintained fork touches this file only). Errors come back as
//! located diagnostics in plain Vietnamese.

use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, Diagnostic, Pos};

/// Parse `text` (which starts at `first_line` of the file `path`) into `T`.
/// Types use `deny_unknown_fields`, so an unknown key comes back with the
/// closest valid key as a hint.
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
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
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let (field_path, detail) = split_field_path(&detail);
    let inside = if field_path.is_empty() {
        String::new()
    } else {
        format!(" (trong `{field_path}`)")
    };

    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let pos = locate_key(text, key, first_line).unwrap_or(pos);
        let mut hint = match did_you_mean(key, expected.iter().copied()) {
            Some(best) => format!("có phải ý bạn là `{best}`? "),
            None => String::new(),
        };
        if PRIVATE_KEYS.contains(&key) {
            hint.push_str("Trang không bao giờ công bố số điện thoại, email hay địa chỉ nhà; nơi cư trú chỉ ghi đến phường bằng `residence`. ");
        }
        hint.push_str(&format!("Các khóa hợp lệ ở đây: {}.", expected.join(", ")));
        return Diagnostic::error(
            "unknown-key",
            path,
            format!("khóa `{key}` không có trong lược đồ{inside}"),
        )
        .at_pos(pos)
        .hint(hint);
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        return Diagnostic::error(
            "missing-key",
            path,
            format!("thiếu khóa bắt buộc `{key}`{inside}"),
        )
        .at_pos(pos)
        .hint(format!(
            "thêm dòng `{key}: …`; xem lược đồ trong docs/schema.md"
        ));
    }
    if detail.starts_with("invalid type")
        || detail.starts_with("invalid value")
        || detail.starts_with("invalid length")
    {
        let hint = if detail.contains("expected a sequence") {
            "giá trị này phải là một danh sách, ví dụ `[a, b]` hoặc các dòng bắt đầu bằng `- `"
        } else if detail.contains("expected a boolean") {
            "giá trị này phải là `true` hoặc `false`"
        } else if detail.contains("expected i32")
            || detail.contains("expected u16")
            || detail.contains("expected u32")
        {
            "giá trị này phải là một số nguyên, ví dụ `1978`"
        } else if detail.contains("expected a string") {
            "đặt giá trị trong ngoặc kép, ví dụ \"…\""
        } else if detail.contains("struct") || detail.contains("map") {
            "giá trị này phải là một nhóm khóa con, mỗi khóa một dòng, thụt vào hai dấu cách"
        } else {
            "sửa giá trị cho đúng kiểu; xem lược đồ trong docs/schema.md"
        };
        return Diagnostic::error(
            "wrong-type",
            path,
            format!("sai kiểu dữ liệu{inside}: {}", explain_type_error(&detail)),
        )
        .at_pos(pos)
        .hint(hint);
    }
    Diagnostic::error("yaml-syntax", path, format!("phần khai báo (YAML) viết sai cú pháp: {detail}"))
        .at_pos(pos)
        .hint("kiểm tra dấu hai chấm sau mỗi khóa, thụt lề bằng dấu cách (không dùng tab), và đặt chuỗi có dấu `:` hoặc `#` trong ngoặc kép")
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
        .replacen("string ", "chuỗi chữ ", 1)
        .replacen("integer ", "số ", 1)
        .replace("sequence", "danh sách")
        .replace("map", "nhóm khóa")
        .replacen("boolean ", "giá trị đúng/sai ", 1)
        .replace("floating point ", "số thập phân ");
    let want = match want {
        w if w.starts_with('i') || w.starts_with('u') => "một số nguyên",
        "a boolean" => "`true` hoặc `false`",
        "a string" => "một chuỗi chữ",
        w if w.starts_with("a sequence") => "một danh sách",
        w if w.starts_with("struct") || w.contains("map") => "một nhóm khóa con",
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

/// The first line where `key:` stands as a key, for errors serde cannot place.
pub fn locate_key(text: &str, key: &str, first_line: usize) -> Option<Pos> {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let offset = indent + (trimmed.len() - body.len());
        if body.starts_with(key) && body[key.len()..].trim_start().starts_with(':') {
            return Some(Pos::new(first_line + i, column_of(line, offset)));
        }
        // Flow mappings: `dossier: { to_trinh: true }`.
        if let Some(found) = find_flow_key(line, key) {
            return Some(Pos::new(first_line + i, column_of(line, found)));
        }
    }
    None
}

fn find_flow_key(line: &str, key: &str) -> Option<usize> {
    if !line.contains('{') {
        return None;
    }
    let mut from = 0;
    while let Some(i) = line[from..].find(key) {
        let at = from + i;
        let before = line[..at].trim_end().chars().last();
        let after = line[at + key.len()..].trim_start();
        if matches!(before, Some('{') | Some(',')) && after.starts_with(':') {
            return Some(at);
        }
        from = at + key.len();
    }
    None
}

/// 1-based column counted in characters, not bytes.
pub fn column_of(line: &str, byte_offset: usize) -> usize {
    line[..byte_offset.min(line.len())].chars().count() + 1
}
