//! The colon after a key, as staff type it wrong: `title:"…"` or
//! `category:nhan-dan` with no space, or the full-width `：` that some
//! Vietnamese input methods produce. The parser then reads the line as text
//! and blames the next line (ward-officer test); here the line itself is
//! named, with the line to copy.

use crate::diagnostics::Diagnostic;
use crate::source::yaml_lines::significant;
use crate::source::yaml_words::{column_of, write_line, GUIDE};

const FULL_WIDTH: char = '：';

/// Every line with a colon typed wrong, said in one message.
pub fn scan(path: &str, text: &str, first_line: usize) -> Option<Diagnostic> {
    // Not the text of a `|` or `>` block, where a colon is the writer's.
    let lines = significant(text);
    let mut found = lines.iter().map(|l| (l.i, l.text)).filter_map(|(i, line)| {
        wrong_colon(line).map(|(b, fixed)| (first_line + i, line, b, fixed))
    });
    let (n, line, b, fixed) = found.next()?;
    let others: Vec<String> = found.map(|(m, ..)| m.to_string()).collect();
    let also = match others.len() {
        0 => String::new(),
        1 => format!("; dòng {} cũng vậy", others[0]),
        _ => format!("; các dòng {} cũng vậy", others.join(", ")),
    };
    let (what, how) = if line[b..].starts_with(FULL_WIDTH) {
        (
            "dấu hai chấm toàn khổ `：` (của bộ gõ hoặc chép từ Word); chương trình chỉ hiểu dấu hai chấm thường `:`",
            "xóa dấu `：`, gõ dấu hai chấm thường bằng bàn phím (Shift và phím ;) rồi một dấu cách",
        )
    } else {
        (
            "dấu hai chấm dính liền với giá trị, thiếu một dấu cách sau dấu hai chấm",
            "gõ thêm một dấu cách ngay sau dấu hai chấm",
        )
    };
    Some(
        Diagnostic::error("yaml-syntax", path, format!("dòng này có {what}{also}"))
            .at(n, column_of(line, b))
            .hint(format!(
                "{how}; mỗi dòng viết dạng tên khóa, dấu hai chấm, dấu cách, giá trị. Xem mục “Ngoặc kép, dấu hai chấm và dấu #” trong {GUIDE}. {}",
                write_line(&fixed)
            )),
    )
}

/// Where the colon after a line's key is typed wrong, and the line fixed.
fn wrong_colon(line: &str) -> Option<(usize, String)> {
    let body = line.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body);
    let key_start = line.len() - body.len();
    let key_len = body
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .filter(|&k| k > 0)?;
    let b = key_start + key_len;
    let after_key = &line[b..];
    let rest = if let Some(rest) = after_key.strip_prefix(FULL_WIDTH) {
        rest
    } else {
        let rest = after_key.strip_prefix(':')?;
        // `key:value`, but not `key:` alone, `key:<Tab>value` (YAML reads a
        // space there) nor `http://…`.
        if rest.is_empty() || rest.starts_with([' ', '\t', '/']) {
            return None;
        }
        rest
    };
    Some((b, format!("{}: {}", &line[..b], rest.trim_start())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::source::yaml_words::line_to_copy as fix;

    #[test]
    fn a_colon_without_space_is_named_on_its_own_line() {
        let text = "title:\"Nhặt được ví\"\nsummary: \"A\"\nperson:\n  category:nhan-dan\n";
        let d = scan("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(2, 6)));
        assert_eq!(
            d.message,
            "dòng này có dấu hai chấm dính liền với giá trị, thiếu một dấu cách sau dấu hai chấm; dòng 5 cũng vậy"
        );
        assert_eq!(fix(&d), "title: \"Nhặt được ví\"");
    }

    #[test]
    fn a_full_width_colon_is_named() {
        let d = scan("a.md", "unit：phuong-bach-mai\n", 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(2, 5)));
        assert!(d.message.contains('：'), "{}", d.message);
        assert_eq!(fix(&d), "unit: phuong-bach-mai");
        let d = scan("a.md", "  occupation： Thợ khóa\n", 2).unwrap();
        assert_eq!(fix(&d), "occupation: Thợ khóa");
    }

    #[test]
    fn right_lines_and_block_text_pass() {
        for fine in [
            "title: \"Lúc 8:30 sáng\"\n",
            "deed:\n  date: 2026-01-02\n",
            "person:\n  birth_year:\t1978\n",
            "awards:\n  - level: phuong\n",
            "summary: |\n  Ghi chú:xem thêm\n  Lúc 8:30\nunit: a\n",
            "decision: { number: \"1/QĐ\", date: 2026-01-02 }\n",
        ] {
            assert!(scan("a.md", fine, 2).is_none(), "{fine}");
        }
    }
}
