//! Quote marks a writer gets wrong on one line, found before the parser:
//! Word's curly closing quote after a straight opening one, curly quotes
//! around the items of a list, a stray quote at the end of a plain value, and
//! a quotation inside a quoted value. The parser either publishes the mark
//! (`chợ Mơ"`, `“chợ Mơ”` as a tag) or fails with words that do not fit
//! (ward-officer test). Every message gives a clean line to copy.

use crate::diagnostics::Diagnostic;
use crate::source::yaml_words::{column_of, curly_inner, key_value, relined, write_line, GUIDE};

/// Closing marks Word puts in place of a straight `"`.
const CURLY: &[char] = &['“', '”', '„', '«', '»'];

/// The first quote mistake in `text`, line by line.
pub fn scan(path: &str, text: &str, first_line: usize) -> Option<Diagnostic> {
    text.lines()
        .enumerate()
        .find_map(|(i, line)| quote_mistake(path, line, first_line + i))
}

/// The first quote mistake on `line`, if any.
pub fn quote_mistake(path: &str, line: &str, n: usize) -> Option<Diagnostic> {
    let (key, value, at) = key_value(line)?;
    if let Some(rest) = value.strip_prefix('"') {
        return quoted(path, line, n, (key, rest, at));
    }
    if value.starts_with(['[', '{']) {
        return curly_in_list(path, line, n, key, value, at)
            .or_else(|| unclosed_in_flow(path, line, n, key, (value, at)))
            .or_else(|| missing_comma(path, line, n, key, (value, at)));
    }
    if value.starts_with(['\'', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    stray_quote(path, line, n, key, value, at)
}

/// Byte offset in `rest` of the first `"` not escaped by a backslash.
fn closing(rest: &str) -> Option<usize> {
    let mut escaped = false;
    rest.char_indices().find_map(|(b, c)| {
        let end = c == '"' && !escaped;
        escaped = c == '\\' && !escaped;
        end.then_some(b)
    })
}

/// A value opened with a straight `"`: closed by a curly mark, or holding a
/// quotation in straight quotes.
fn quoted(
    path: &str,
    line: &str,
    n: usize,
    (key, rest, at): (&str, &str, usize),
) -> Option<Diagnostic> {
    if let Some(d) = backslash(path, line, n, (key, rest, at)) {
        return Some(d);
    }
    let Some(end) = closing(rest) else {
        let close = rest.chars().last().filter(|c| CURLY.contains(c))?;
        let inner = rest.trim_end_matches(CURLY);
        return Some(curly(
            path,
            (n, column_of(line, at + 1 + rest.len() - close.len_utf8())),
            format!("giá trị của `{key}` đóng bằng ngoặc kép cong `{close}` (kiểu Word); chương trình chỉ hiểu ngoặc kép thẳng `\"`, nên ngoặc cong sẽ bị đăng lên trang"),
            relined(line, key, &format!("\"{}\"", curly_inner(inner))),
        ));
    };
    let after = rest[end + 1..].trim();
    if after.is_empty() || after.starts_with('#') || !after.contains('"') {
        return None;
    }
    let last = rest.rfind('"').unwrap_or(end);
    let inner = &rest[..last];
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!("giá trị của `{key}` có dấu ngoặc kép thẳng `\"` ở giữa: chương trình hiểu đó là chỗ giá trị kết thúc"),
        )
        .at(n, column_of(line, at + 1 + end))
        .hint(format!(
            "lời trích dẫn bên trong giá trị phải dùng ngoặc kép cong “…” hoặc ngoặc đơn '…'; chỉ hai dấu \" ở hai đầu giá trị là ngoặc kép thẳng. Xem mục “Ngoặc kép, dấu hai chấm và dấu #” trong {GUIDE}. {}",
            write_line(&relined(line, key, &format!("\"{}\"", curly_inner(inner))))
        )),
    )
}

/// `src: "images\vi-cho-mo.jpg"`: inside double quotes a `\` starts an
/// escape, and `\v` became a control character in the path (user test).
/// A Windows path is the usual cause: `/` is what the site reads.
fn backslash(
    path: &str,
    line: &str,
    n: usize,
    (key, rest, at): (&str, &str, usize),
) -> Option<Diagnostic> {
    // Only a path: `\n` in a title or `\\` in site.yaml are meant.
    let inner = rest.trim_end().trim_end_matches('"').to_lowercase();
    let drive = inner.as_bytes().get(1) == Some(&b':');
    let image = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic"]
        .iter()
        .any(|e| inner.ends_with(e));
    if !(drive || image) || rest.contains("\\\\") {
        return None;
    }
    let b = rest
        .char_indices()
        .find(|&(b, c)| c == '\\' && !rest[b + 1..].starts_with('"'))?
        .0;
    let fixed = format!(
        "\"{}",
        rest.replace("\\\"", "\u{0}")
            .replace('\\', "/")
            .replace('\u{0}', "\\\"")
    );
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!("giá trị của `{key}` có dấu `\\` trong ngoặc kép: chương trình đọc dấu này cùng chữ đứng sau thành một ký tự khác"),
        )
        .at(n, column_of(line, at + 1 + b))
        .hint(format!(
            "dùng dấu `/` thay cho dấu `\\` (đường dẫn ảnh luôn viết bằng `/`, ví dụ images/ten-anh.jpg). Xem mục “Ngoặc kép, dấu hai chấm và dấu #” trong {GUIDE}. {}",
            write_line(&relined(line, key, &fixed))
        )),
    )
}

fn curly(path: &str, (n, column): (usize, usize), message: String, fixed: String) -> Diagnostic {
    Diagnostic::error("curly-quotes", path, message)
        .at(n, column)
        .hint(format!(
            "gõ ngoặc kép bằng bàn phím, không chép từ Word. Xem mục “Dấu cách lạ và ngoặc kép cong” trong {GUIDE}. {}",
            write_line(&fixed)
        ))
}

/// `tags: [“a”, “b”]`: the marks would be part of each tag. Inside a
/// one-line `{ … }` (`decision: { number: “52/QĐ-UBND”, … }`) they were
/// published in the decision's number (user test): the same mistake.
fn curly_in_list(
    path: &str,
    line: &str,
    n: usize,
    key: &str,
    value: &str,
    at: usize,
) -> Option<Diagnostic> {
    let (b, mark) = value.char_indices().find(|(_, c)| CURLY.contains(c))?;
    let clean: String = value
        .chars()
        .map(|c| if CURLY.contains(&c) { '"' } else { c })
        .collect();
    Some(curly(
        path,
        (n, column_of(line, at + b)),
        format!(
            "{} `{key}` có ngoặc kép cong `{mark}` (kiểu Word); chương trình chỉ hiểu ngoặc kép thẳng `\"`, nên ngoặc cong sẽ bị đăng lên trang cùng với chữ",
            if value.starts_with('[') { "danh sách" } else { "dòng" }
        ),
        relined(line, key, &clean),
    ))
}

/// `proposal: { number: "31/TTr-UBND }` or `tags: ["trả lại, "chợ Mơ"]`:
/// a quote opened in one item of a one-line `{ … }` or `[ … ]` and not
/// closed. The parser then fails on the next line (user test); the item
/// is named here, and closed where it ends, in a line to copy.
fn unclosed_in_flow(
    path: &str,
    line: &str,
    n: usize,
    key: &str,
    (value, at): (&str, usize),
) -> Option<Diagnostic> {
    let (open, close) = (&value[..1], if value.starts_with('{') { '}' } else { ']' });
    let end = value.rfind(close)?;
    if value[1..end].matches('"').count() % 2 == 0 {
        return None;
    }
    let items: Vec<&str> = value[1..end].split(',').collect();
    let (first_bad, _) = items
        .iter()
        .enumerate()
        .find(|(_, item)| half_quoted(item))?;
    let fixed: Vec<String> = items.iter().map(|item| closed(item)).collect();
    let offset = 1 + items[..first_bad]
        .iter()
        .map(|i| i.len() + 1)
        .sum::<usize>();
    let item = items[first_bad].trim();
    let what = match item.split_once(':') {
        Some((k, _)) if open == "{" => format!("`{}` trong dòng `{key}`", k.trim()),
        _ => format!("mục thứ {} của `{key}`", first_bad + 1),
    };
    let fixed_value = format!("{open}{}{close}{}", fixed.join(","), &value[end + 1..]);
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            match item_value(items[first_bad]).starts_with('"') {
                true => format!("giá trị {what} mở ngoặc kép `\"` nhưng không đóng lại: «{item}»"),
                false => format!("giá trị {what} có ngoặc kép `\"` ở cuối nhưng thiếu ngoặc kép ở đầu: «{item}»"),
            },
        )
        .at(n, column_of(line, at + offset + value_start(items[first_bad])))
        .hint(format!(
            "mỗi giá trị trong ngoặc phải có đủ hai dấu ngoặc kép thẳng, một ở đầu và một ở cuối. Xem mục “Ngoặc kép, dấu hai chấm và dấu #” trong {GUIDE}. {}",
            write_line(&relined(line, key, &fixed_value))
        )),
    )
}

/// `decision: { number: "1/QĐ" date: 2026-11-25; issuer: x }`: the parts of
/// a one-line `{ … }` without their commas, or with `;` (user test): the
/// line with each comma in place.
fn missing_comma(
    path: &str,
    line: &str,
    n: usize,
    key: &str,
    (value, at): (&str, usize),
) -> Option<Diagnostic> {
    let end = value.rfind('}').filter(|_| value.starts_with('{'))?;
    let inner = &value[1..end];
    let mut fixed = String::new();
    let mut first: Option<usize> = None;
    let mut quoted = false;
    let mut last = '{';
    for (b, c) in inner.char_indices() {
        let starts_key = !quoted && last == ' ' && {
            let rest = &inner[b..];
            let word = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(0);
            word > 0 && rest[word..].starts_with(": ")
        };
        let before = fixed.trim_end();
        if starts_key && !before.is_empty() && !before.ends_with([',', '{']) {
            first.get_or_insert(b);
            fixed.truncate(before.len());
            fixed.push_str(", ");
        }
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                first.get_or_insert(b);
                fixed.push(',');
                last = ',';
                continue;
            }
            _ => {}
        }
        fixed.push(c);
        if !c.is_whitespace() || c == ' ' {
            last = c;
        }
    }
    let b = first?;
    let whole = format!("{{{fixed}}}{}", &value[end + 1..]);
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!("trong `{{ … }}` của `{key}`, các phần phải cách nhau bằng dấu phẩy `,`"),
        )
        .at(n, column_of(line, at + 1 + b))
        .hint(format!(
            "đặt một dấu phẩy sau mỗi phần (số, ngày, người ký){}. Xem mục “Đề nghị và quyết định khen thưởng” trong {GUIDE}. {}",
            if inner.contains(';') { ", không dùng dấu chấm phẩy" } else { "" },
            write_line(&relined(line, key, &whole))
        )),
    )
}

/// The value part of a flow item (`number: "31/TTr` or `"chợ Mơ`).
fn item_value(item: &str) -> &str {
    let t = item.trim();
    match t.split_once(':') {
        Some((k, v)) if !k.contains('"') => v.trim(),
        _ => t,
    }
}

fn value_start(item: &str) -> usize {
    item.rfind(item_value(item)).unwrap_or(0)
}

fn half_quoted(item: &str) -> bool {
    let v = item_value(item);
    v.matches('"').count() == 1
}

/// `item` with its lone quote given a partner at the other end.
fn closed(item: &str) -> String {
    if !half_quoted(item) {
        return item.to_string();
    }
    let v = item_value(item);
    let fixed = if v.starts_with('"') {
        format!("{v}\"")
    } else {
        format!("\"{v}")
    };
    let start = value_start(item);
    format!("{}{fixed}{}", &item[..start], &item[start + v.len()..])
}

/// `occupation: Tiểu thương chợ Mơ"`: one quote mark with no partner.
fn stray_quote(
    path: &str,
    line: &str,
    n: usize,
    key: &str,
    value: &str,
    at: usize,
) -> Option<Diagnostic> {
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    let marks = value.chars().filter(|c| *c == '"' || *c == '”').count();
    let last = value.chars().last()?;
    if marks % 2 == 0 || !matches!(last, '"' | '”') {
        return None;
    }
    let text = value[..value.len() - last.len_utf8()].trim_end();
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!("giá trị của `{key}` có dấu ngoặc kép `{last}` ở cuối mà không có ở đầu: dấu này sẽ bị đăng lên trang"),
        )
        .at(n, column_of(line, at + value.len() - last.len_utf8()))
        .hint(format!(
            "đặt cả giá trị trong một cặp ngoặc kép thẳng \"…\" (một dấu ở đầu, một dấu ở cuối). Xem mục “Ngoặc kép, dấu hai chấm và dấu #” trong {GUIDE}. {}",
            write_line(&relined(line, key, &format!("\"{}\"", curly_inner(text))))
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::source::yaml_words::line_to_copy as fix;

    #[test]
    fn a_curly_closing_quote_gets_a_clean_line() {
        let d = quote_mistake("a.md", "title: \"Chợ Mơ”", 3).unwrap();
        assert_eq!(d.code, "curly-quotes");
        assert_eq!(d.pos, Some(Pos::new(3, 15)));
        assert_eq!(fix(&d), "title: \"Chợ Mơ\"");
    }

    #[test]
    fn curly_quotes_in_a_list_are_caught() {
        let d = quote_mistake("a.md", "tags: [“trả lại”, “chợ Mơ”]", 3).unwrap();
        assert_eq!(d.code, "curly-quotes");
        assert_eq!(d.pos, Some(Pos::new(3, 8)));
        assert_eq!(fix(&d), "tags: [\"trả lại\", \"chợ Mơ\"]");
    }

    #[test]
    fn a_stray_quote_at_the_end_is_an_error_with_the_clean_line() {
        let d = quote_mistake("a.md", "  occupation: Tiểu thương chợ Mơ\"", 7).unwrap();
        assert_eq!(d.pos, Some(Pos::new(7, 33)));
        assert_eq!(fix(&d), "occupation: \"Tiểu thương chợ Mơ\"");
        assert!(quote_mistake("a.md", "title: Cô giáo \"tí hon\"", 3).is_none());
    }

    #[test]
    fn an_unclosed_quote_inside_one_line_braces_is_named_and_closed() {
        let line = "    proposal: { date: 2026-11-12, number: \"31/TTr-UBND }";
        let d = quote_mistake("a.md", line, 18).unwrap();
        assert_eq!(d.pos, Some(Pos::new(18, 43)));
        assert_eq!(
            d.message,
            "giá trị `number` trong dòng `proposal` mở ngoặc kép `\"` nhưng không đóng lại: «number: \"31/TTr-UBND»"
        );
        assert_eq!(
            fix(&d),
            "proposal: { date: 2026-11-12, number: \"31/TTr-UBND\" }"
        );
        let d = quote_mistake("a.md", "tags: [\"trả lại của rơi, \"chợ Mơ\"]", 21).unwrap();
        assert_eq!(d.pos, Some(Pos::new(21, 8)));
        assert_eq!(fix(&d), "tags: [\"trả lại của rơi\", \"chợ Mơ\"]");
        assert!(quote_mistake("a.md", "tags: [\"a, b\", c]", 2).is_none());
        let d = quote_mistake("a.md", "decision: { number: 1/QĐ\", date: 2026-01-02 }", 5).unwrap();
        assert!(
            d.message.contains("ở cuối nhưng thiếu ngoặc kép ở đầu"),
            "{}",
            d.message
        );
        assert_eq!(fix(&d), "decision: { number: \"1/QĐ\", date: 2026-01-02 }");
    }

    #[test]
    fn parts_of_braces_without_commas_get_them() {
        let line = "    decision: { number: \"1/QĐ\" date: 2026-11-25; issuer: chu-tich }";
        let d = quote_mistake("a.md", line, 19).unwrap();
        assert_eq!(
            fix(&d),
            "decision: { number: \"1/QĐ\", date: 2026-11-25, issuer: chu-tich }"
        );
        assert_eq!(d.pos, Some(Pos::new(19, 32)));
        for fine in [
            "    decision: { number: \"1/QĐ; 2\", date: 2026-11-25 }",
            "    proposal: { date: 2026-11-12, number: \"87/TTr\" }",
            "dossier: { to_trinh: true }",
        ] {
            assert!(quote_mistake("a.md", fine, 2).is_none(), "{fine}");
        }
    }

    #[test]
    fn a_backslash_in_quotes_is_named_before_it_becomes_another_character() {
        let d = quote_mistake("a.md", "  src: \"images\\vi-cho-mo.jpg\"", 19).unwrap();
        assert_eq!(d.pos, Some(Pos::new(19, 15)));
        assert_eq!(fix(&d), "src: \"images/vi-cho-mo.jpg\"");
        assert!(quote_mistake("a.md", "title: \"Cô \\\"tí hon\\\"\"", 2).is_none());
        assert!(quote_mistake("a.md", "title: \"Dòng một\\nDòng hai\"", 2).is_none());
        assert!(quote_mistake("a.md", "theme: \"a\\\\b\"", 2).is_none());
    }

    #[test]
    fn a_quotation_inside_a_quoted_value_becomes_curly() {
        let line = "summary: \"Chị nói \"của rơi phải trả lại\" rồi đi.\"";
        let d = quote_mistake("a.md", line, 4).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 19)));
        assert_eq!(
            fix(&d),
            "summary: \"Chị nói “của rơi phải trả lại” rồi đi.\""
        );
        for fine in [
            "title: \"A\" # ghi chú",
            "title: \"Cô \\\"tí hon\\\"\"",
            "title: \"A\"",
        ] {
            assert!(quote_mistake("a.md", fine, 2).is_none(), "{fine}");
        }
    }
}
