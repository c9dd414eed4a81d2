//! What a writer did wrong in a YAML text, in words a ward officer uses. The
//! parser's own English ("did not find expected key") never reaches them:
//! `prescan` finds what the parser accepts silently or misreads (odd spaces
//! pasted from Word, curly quotes, a `#` that cuts a title), and `syntax`
//! turns a parser failure into the mistake that causes it, at the line where
//! the writer made it. No serde_yaml here: `yaml` passes its text and place.

use crate::diagnostics::{Diagnostic, Pos};

/// The guide every hint points to.
pub const GUIDE: &str = "docs/huong-dan-viet-bai.md";

/// Keys whose values are free text, where a ` #` is part of the sentence to
/// the writer but starts a comment to YAML, and the rest is silently lost.
const TEXT_KEYS: &[&str] = &[
    "title",
    "summary",
    "name",
    "occupation",
    "alt",
    "decision",
    "school",
];

/// Spaces that look like a space but are not one to YAML, and invisible ones.
fn odd_space(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00A0}' | '\u{202F}' | '\u{2007}' => "dấu cách không ngắt dòng",
        '\u{200B}' => "dấu cách không có bề rộng",
        '\u{200C}' | '\u{200D}' | '\u{2060}' => "ký tự vô hình",
        '\u{FEFF}' => "dấu đầu tệp (BOM) lẫn giữa tệp",
        '\u{3000}' => "dấu cách khổ rộng",
        _ => return None,
    })
}

/// Characters with no width at all: inside quotes they pass into the page
/// unseen and break search ("nguyen van hung" no longer finds the name).
fn zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// The visible mark put where an odd space stands, so the writer sees it.
pub const MARK: char = '⍽';

/// The line to write, on a line of its own under the hint, indented and
/// without backticks: staff copy what they see, and backticks copied along
/// broke the front matter (ward-officer test). Leading spaces are hard to
/// copy, so how many the line needs is said in words.
pub fn write_line(line: &str) -> String {
    let indent = line.len() - line.trim_start().len();
    let lead = match indent {
        0 => "Dòng đúng (chép nguyên dòng dưới đây):".to_string(),
        n => format!("Dòng đúng (thụt vào {n} dấu cách, rồi chép phần dưới đây):"),
    };
    format!("{lead}\n      {}", line.trim())
}

/// A mistake the parser would accept or misreport, first one found.
pub fn prescan(path: &str, text: &str, first_line: usize) -> Option<Diagnostic> {
    let by_line = |check: fn(&str, &str, usize) -> Option<Diagnostic>| {
        text.lines()
            .enumerate()
            .find_map(|(i, line)| check(path, line, first_line + i))
    };
    // Spaces first: a pasted space in the indentation would otherwise be
    // reported as a wrong indentation (`yaml_indent`, run after this).
    // The same mistake on several lines (an editor that indents with Tab)
    // is said once with every line, not one line per run (user test).
    let also = |d: Diagnostic, check: fn(&str, &str, usize) -> Option<Diagnostic>| {
        let first = d.pos.map_or(0, |p| p.line);
        let others: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, line)| (first_line + i, line))
            .filter(|&(n, line)| n != first && check(path, line, n).is_some())
            .map(|(n, _)| n.to_string())
            .collect();
        let lines = if others.len() > 1 {
            "các dòng"
        } else {
            "dòng"
        };
        match others.len() {
            0 => d,
            _ => {
                let message = format!("{}; {lines} {} cũng vậy", d.message, others.join(", "));
                Diagnostic { message, ..d }
            }
        }
    };
    by_line(odd_space_in)
        .map(|d| also(d, odd_space_in))
        .or_else(|| first_tab(path, text, first_line))
        .or_else(|| {
            text.lines().enumerate().find_map(|(i, line)| {
                let n = first_line + i;
                curly_quotes(path, line, n).or_else(|| hash_in_text(path, line, n))
            })
        })
}

/// Byte ranges of `line` outside double and single quotes.
fn outside_quotes(line: &str) -> Vec<(usize, char)> {
    let mut quote: Option<char> = None;
    let mut out = Vec::new();
    for (b, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, _) => out.push((b, c)),
            _ => {}
        }
    }
    out
}

fn odd_space_in(path: &str, line: &str, n: usize) -> Option<Diagnostic> {
    // Inside quotes too: a non-breaking space pasted from Word reached the
    // page, where search does not find the words it joins (user test). A
    // name is checked on its own, with its own code.
    let (b, c, what) = outside_quotes(line)
        .into_iter()
        .find_map(|(b, c)| odd_space(c).map(|w| (b, c, w)))
        .or_else(|| {
            if key_value(line).is_some_and(|(key, _, _)| key == "name") {
                return None;
            }
            let (b, c) = line.char_indices().find(|(_, c)| odd_space(*c).is_some())?;
            Some((b, c, odd_space(c)?))
        })?;
    let shown: String = line
        .chars()
        .map(|c| if odd_space(c).is_some() { MARK } else { c })
        .collect();
    let fixed: String = line
        .chars()
        .filter_map(|c| match odd_space(c) {
            Some(_) if c == '\u{00A0}' || c == '\u{202F}' || c == '\u{3000}' => Some(' '),
            Some(_) => None,
            None => Some(c),
        })
        .collect();
    let fixed = fixed.trim_end();
    let how = if fixed.chars().count() < line.chars().count() {
        "xóa nó"
    } else {
        "xóa nó rồi gõ lại bằng phím cách"
    };
    Some(
        Diagnostic::error(
            "odd-space",
            path,
            format!(
                "dòng này có {what} (U+{:04X}), đánh dấu {MARK}: «{shown}»",
                c as u32
            ),
        )
        .at(n, column_of(line, b))
        .hint(format!(
            "ký tự này không nhìn thấy được và thường lẫn vào khi chép từ Word hay Zalo; {how}. Xem mục “Dấu cách lạ và ngoặc kép cong” trong {GUIDE}. {}",
            write_line(fixed)
        )),
    )
}

/// A character with no width, or a space that is not a space, in the
/// story's text, where nobody sees it but search does: "Nguyễn\u{200B}Văn"
/// and "Nguyễn\u{A0}Văn" are not found by "nguyen van". The joiner U+200D
/// is left alone: emoji are built with it.
pub fn invisible_in_body(path: &str, body: &str, first_line: usize) -> Option<Diagnostic> {
    let odd = |c: char| c != '\u{200D}' && odd_space(c).is_some();
    let mut found = body.lines().enumerate().flat_map(|(i, line)| {
        line.char_indices()
            .filter(move |(_, c)| odd(*c))
            .map(move |(b, c)| (i, line, b, c))
    });
    let (i, line, b, c) = found.next()?;
    // Each other place with its column and kind: "dòng 31" alone left the
    // writer searching an invisible character (user test).
    let others: Vec<String> = found
        .map(|(j, l, b, c)| {
            format!(
                "dòng {}, cột {} ({})",
                first_line + j,
                column_of(l, b),
                odd_space(c).unwrap_or("ký tự vô hình")
            )
        })
        .collect();
    let (head, tail) = (&line[..b], &line[b + c.len_utf8()..]);
    let skip = head.chars().count().saturating_sub(20);
    let before: String = head.chars().skip(skip).collect();
    let after: String = tail.chars().take(20).collect();
    let (open, close) = (
        if skip > 0 { "…" } else { "" },
        if tail.chars().count() > 20 { "…" } else { "" },
    );
    let column = column_of(line, b);
    let press = if zero_width(c) {
        "bấm Delete một lần"
    } else {
        "bấm Delete một lần, gõ lại một dấu cách bằng phím cách"
    };
    let also = match others.len() {
        0 => String::new(),
        1..=5 => format!("; còn có ở {}", others.join("; ")),
        n => format!(
            "; còn có ở {} và {} chỗ khác",
            others[..5].join("; "),
            n - 5
        ),
    };
    Some(
        Diagnostic::error(
            "odd-space",
            path,
            format!(
                "nội dung bài có {} (U+{:04X}), đánh dấu {MARK}: «{open}{before}{MARK}{after}{close}»{also}",
                odd_space(c).unwrap_or("ký tự vô hình"),
                c as u32
            ),
        )
        .at(first_line + i, column)
        .hint(format!(
            "ký tự này không nhìn thấy được, thường lẫn vào khi chép từ Word hay Zalo, và làm ô tìm kiếm không tìm ra chữ đó: đặt con trỏ ở dòng {}, cột {column} (số dòng, số cột hiện ở thanh trạng thái của trình soạn thảo) rồi {press}. Xem mục “Dấu cách lạ và ngoặc kép cong” trong {GUIDE}",
            first_line + i
        )),
    )
}

/// Where a Tab stands in a line's indentation, or right after its `-`.
fn tab_at(line: &str) -> Option<usize> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    indent
        .find('\t')
        .or_else(|| body.starts_with("-\t").then(|| indent.len() + 1))
}

/// The first line indented with Tab, told the column its place needs: under
/// `- level:` that is 4, not "two spaces a step" (user test).
fn first_tab(path: &str, text: &str, first_line: usize) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let want = |i: usize| {
        lines[..i]
            .iter()
            .rev()
            .find(|l| {
                !l.trim().is_empty() && !l.trim_start().starts_with('#') && tab_at(l).is_none()
            })
            .map_or(0, |prev| column_under(prev))
    };
    let tabbed: Vec<usize> = (0..lines.len())
        .filter(|&i| tab_at(lines[i]).is_some())
        .collect();
    let (&i, others) = tabbed.split_first()?;
    let d = tab_message(path, lines[i], first_line + i, tab_at(lines[i])?, want(i));
    if others.is_empty() {
        return Some(d);
    }
    // Lines that need another column say so: "dòng 17 cũng vậy" led a
    // tester to give 2 spaces where 4 were needed.
    let same = others.iter().all(|&j| want(j) == want(i));
    let listed: Vec<String> = others
        .iter()
        .map(|&j| match same {
            true => (first_line + j).to_string(),
            false => format!("{} (cần {} dấu cách)", first_line + j, want(j)),
        })
        .collect();
    let lines_word = if others.len() > 1 {
        "các dòng"
    } else {
        "dòng"
    };
    let message = format!("{}; {lines_word} {} cũng vậy", d.message, listed.join(", "));
    Some(Diagnostic { message, ..d })
}

/// The column of a line written under `prev`: inside the group it opens, or
/// beside the words of its item, or beside it.
fn column_under(prev: &str) -> usize {
    let body = prev.trim_start();
    let indent = prev.len() - body.len();
    let (column, rest) = match body.strip_prefix('-') {
        Some(after) => (
            indent + 1 + (after.len() - after.trim_start().len()),
            after.trim(),
        ),
        None => (indent, body.trim_end()),
    };
    column + if rest.ends_with(':') { 2 } else { 0 }
}

fn tab_message(path: &str, line: &str, n: usize, b: usize, want: usize) -> Diagnostic {
    let body = line.trim_start();
    if let Some(after) = body.strip_prefix("-\t") {
        let fixed = format!("{}- {}", " ".repeat(want), after.trim_start());
        return Diagnostic::error("yaml-syntax", path, "sau dấu `-` là phím Tab; phần khai báo chỉ nhận một dấu cách ở đó")
            .at(n, column_of(line, b))
            .hint(format!(
                "xóa phím Tab sau dấu `-` rồi gõ một dấu cách. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
                write_line(&fixed)
            ));
    }
    Diagnostic::error(
        "yaml-syntax",
        path,
        "dòng này thụt lề bằng phím Tab; phần khai báo chỉ nhận dấu cách",
    )
    .at(n, column_of(line, b))
    .hint(format!(
        "xóa khoảng trống đầu dòng rồi gõ lại bằng phím cách: dòng này cần {want} dấu cách. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
        write_line(&format!("{}{}", " ".repeat(want), body))
    ))
}

/// `text` with every straight (or escaped) double quote turned into Word's
/// “…”, opening and closing in turn: how a quotation is written inside a
/// quoted value.
pub fn curly_inner(text: &str) -> String {
    let mut out = String::new();
    let mut open = true;
    for c in text.replace("\\\"", "\"").chars() {
        if c == '"' {
            out.push(if open { '“' } else { '”' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out
}

/// `key: value` of a block line (after any `- `), with the value's byte offset.
pub fn key_value(line: &str) -> Option<(&str, &str, usize)> {
    let body = line.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body);
    let (key, _) = body.split_once(':')?;
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let after_key = line.len() - body.len() + key.len() + 1;
    let value = line[after_key..].trim_start();
    Some((key, value.trim_end(), line.len() - value.len()))
}

fn curly_quotes(path: &str, line: &str, n: usize) -> Option<Diagnostic> {
    let (key, value, at) = key_value(line)?;
    let open = value.chars().next()?;
    if !matches!(open, '“' | '”' | '‘' | '’' | '„' | '«') {
        return None;
    }
    // Word closes what it opened, but a writer who retyped one end leaves a
    // straight quote there: every quote at either end goes.
    let quotes = |c: char| matches!(c, '“' | '”' | '‘' | '’' | '„' | '«' | '»' | '"' | '\'');
    let inner = &value[open.len_utf8()..];
    let inner = curly_inner(inner.strip_suffix(quotes).unwrap_or(inner));

    Some(
        Diagnostic::error(
            "curly-quotes",
            path,
            format!("giá trị của `{key}` mở bằng ngoặc kép cong `{open}` (kiểu Word); chương trình chỉ hiểu ngoặc kép thẳng `\"`, nên ngoặc cong sẽ bị đăng lên trang"),
        )
        .at(n, column_of(line, at))
        .hint(format!(
            "gõ ngoặc kép bằng bàn phím, không chép từ Word. Xem mục “Dấu cách lạ và ngoặc kép cong” trong {GUIDE}. {}",
            write_line(&relined(line, key, &format!("\"{inner}\"")))
        )),
    )
}

fn hash_in_text(path: &str, line: &str, n: usize) -> Option<Diagnostic> {
    let (key, value, at) = key_value(line)?;
    if !TEXT_KEYS.contains(&key) || value.starts_with(['"', '\'', '|', '>']) {
        return None;
    }
    let cut = value.find(" #")?;
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!("dấu `#` trong giá trị của `{key}` không nằm trong ngoặc kép: phần từ `#` trở đi bị bỏ mất"),
        )
        .at(n, column_of(line, at + cut + 1))
        .hint(format!(
            "đặt cả giá trị trong một cặp ngoặc kép. Xem mục “Ngoặc kép, dấu hai chấm và dấu #” trong {GUIDE}. {}",
            write_line(&relined(line, key, &format!("\"{}\"", curly_inner(value))))
        )),
    )
}

/// `line` with its value replaced, at the same indentation and item mark.
pub fn relined(line: &str, key: &str, value: &str) -> String {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let item = if body.starts_with("- ") { "- " } else { "" };
    format!("{indent}{item}{key}: {value}")
}

/// `line` with the value that starts at character `column` (1-based)
/// replaced by `value`: a value inside a one-line `{ … }` or `[ … ]` is fixed
/// where it stands, so the line to copy keeps the number and the date beside
/// it (copying `issuer: …` alone in place of the line lost the decision).
pub fn revalued(line: &str, key: &str, column: usize, value: &str) -> Option<String> {
    let mut start = line.char_indices().nth(column.checked_sub(1)?)?.0;
    // The position may be that of the key: the value follows `key: `.
    if let Some(after) = line[start..]
        .strip_prefix(key)
        .and_then(|r| r.strip_prefix(':'))
    {
        start = line.len() - after.trim_start().len();
    }
    let rest = &line[start..];
    let len = match rest.chars().next()? {
        '"' => rest[1..].find('"').map_or(rest.len(), |i| i + 2),
        _ => rest.find([',', '}', ']']).unwrap_or(rest.len()),
    };
    let tail = &rest[len..];
    let kept = rest[..len].trim_end();
    let gap = &rest[kept.len()..len];
    Some(format!("{}{value}{gap}{tail}", &line[..start]))
}

/// A parser failure `detail` at `pos`, as the mistake that causes it.
pub fn syntax(path: &str, text: &str, first_line: usize, detail: &str, pos: Pos) -> Diagnostic {
    let lines: Vec<&str> = text.lines().collect();
    let at = pos.line.saturating_sub(first_line);
    if let Some(d) = unclosed_quote(path, &lines[..(at + 1).min(lines.len())], first_line) {
        return d;
    }
    let line = lines.get(at).copied().unwrap_or("");
    if detail.starts_with("mapping values are not allowed") {
        if let Some((key, value, _)) = key_value(line) {
            return Diagnostic::error(
                "yaml-syntax",
                path,
                format!("giá trị của `{key}` có dấu `:` mà không nằm trong ngoặc kép"),
            )
            .at_pos(pos)
            .hint(format!(
                "đặt cả giá trị trong một cặp ngoặc kép. Xem mục “Ngoặc kép, dấu hai chấm và dấu #” trong {GUIDE}. {}",
                write_line(&relined(line, key, &format!("\"{}\"", curly_inner(value))))
            ));
        }
    }
    let indent = line.len() - line.trim_start().len();
    if let Some(tick) = line.find('`') {
        return copied_backtick(path, line, pos.line, tick);
    }
    // Staff indent by two; an odd indent is the likely mistake. An even one
    // is not: blaming it sent a tester hunting for spaces that were right.
    if indent % 2 == 1 {
        return Diagnostic::error(
            "yaml-syntax",
            path,
            format!("dòng này thụt lề {indent} dấu cách, không thẳng cột với các dòng cùng nhóm"),
        )
        .at(pos.line, indent + 1)
        .hint(format!(
            "các dòng cùng nhóm phải thẳng cột: dòng con thụt vào đúng hai dấu cách so với dòng mở nhóm (ví dụ dòng name dưới dòng person:). Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}"
        ));
    }
    Diagnostic::error(
        "yaml-syntax",
        path,
        format!("dòng này viết sai cách khai báo: «{}»", line.trim()),
    )
    .at(pos.line, indent + 1)
    .hint(format!(
        "mỗi dòng viết dạng tên khóa, dấu hai chấm, dấu cách, giá trị (ví dụ title: \"Trả lại ví\"); nếu giá trị có dấu hai chấm, dấu # hay dấu ngoặc kép thì đặt cả giá trị trong một cặp ngoặc kép thẳng \"…\". Xem mục “Ngoặc kép, dấu hai chấm và dấu #” trong {GUIDE}"
    ))
}

/// A backtick in the front matter: almost always copied along with a hint,
/// where backticks only mark what to copy.
fn copied_backtick(path: &str, line: &str, n: usize, tick: usize) -> Diagnostic {
    Diagnostic::error(
        "yaml-syntax",
        path,
        "dòng này có dấu ` (dấu huyền ngược), thường do chép cả dấu này từ gợi ý",
    )
    .at(n, column_of(line, tick))
    .hint(format!(
        "xóa mọi dấu ` trên dòng này: trong gợi ý, dấu ` chỉ bao quanh tên khóa hay giá trị, không phải là chữ. Xem mục “Đọc một thông báo” trong {GUIDE}. {}",
        write_line(&line.replace('`', ""))
    ))
}

/// A value that opens a `"` and never closes it on its line: the parser
/// gives up lines later, but the writer's mistake is where the quote opened.
fn unclosed_quote(path: &str, lines: &[&str], first_line: usize) -> Option<Diagnostic> {
    lines.iter().enumerate().find_map(|(i, line)| {
        let (key, value, at) = key_value(line)?;
        let rest = value.strip_prefix('"')?;
        let mut escaped = false;
        let closed = rest.chars().any(|c| {
            let end = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            end
        });
        (!closed).then(|| {
            Diagnostic::error(
                "yaml-syntax",
                path,
                format!("giá trị của `{key}` mở ngoặc kép `\"` nhưng không đóng lại trên dòng này"),
            )
            .at(first_line + i, column_of(line, at))
            .hint(format!(
                "thêm một dấu ngoặc kép \" ở cuối giá trị. Xem mục “Ngoặc kép, dấu hai chấm và dấu #” trong {GUIDE}. {}",
                write_line(&relined(line, key, &format!("\"{}\"", rest.trim_end())))
            ))
        })
    })
}

/// The line a hint gives to copy (its last line), for tests of messages.
#[cfg(test)]
pub fn line_to_copy(d: &Diagnostic) -> &str {
    d.hint
        .as_deref()
        .unwrap_or("")
        .rsplit("\n      ")
        .next()
        .unwrap_or("")
}

/// 1-based column counted in characters, not bytes.
pub fn column_of(line: &str, byte_offset: usize) -> usize {
    line[..byte_offset.min(line.len())].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_under_an_item_is_told_the_items_column() {
        let text = "awards:\n  - level: phuong\n\tmonth: 2026-11\n";
        let d = prescan("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 1)));
        assert!(d
            .hint
            .unwrap()
            .ends_with("(thụt vào 4 dấu cách, rồi chép phần dưới đây):\n      month: 2026-11"));
        let text = "person:\n\tname: \"A\"\nawards:\n  - level: phuong\n\tmonth: 2026-11\n";
        let d = prescan("a.md", text, 2).unwrap();
        assert!(
            d.message.ends_with("; dòng 6 (cần 4 dấu cách) cũng vậy"),
            "{}",
            d.message
        );
        let d = prescan("a.md", "awards:\n  -\tlevel: phuong\n", 2).unwrap();
        assert_eq!(
            d.message,
            "sau dấu `-` là phím Tab; phần khai báo chỉ nhận một dấu cách ở đó"
        );
        assert!(d.hint.unwrap().ends_with("\n      - level: phuong"));
    }

    #[test]
    fn an_even_indent_is_not_blamed_and_a_copied_backtick_is_named() {
        let text = "title: \"A\"\n`consent: { by: x }`\n";
        let d = syntax("a.md", text, 1, "did not find expected key", Pos::new(2, 1));
        assert!(d.message.contains("dấu huyền ngược"), "{}", d.message);
        assert!(d
            .hint
            .as_deref()
            .unwrap_or("")
            .ends_with("\n      consent: { by: x }"));
        let text = "title: \"A\"\nsummary: “x\"\n";
        let d = syntax("a.md", text, 1, "did not find expected key", Pos::new(2, 1));
        assert!(!d.message.contains("thụt lề"), "{}", d.message);
        let text = "person:\n   name: \"A\"\n";
        let d = syntax("a.md", text, 1, "did not find expected key", Pos::new(2, 1));
        assert!(d.message.contains("thụt lề 3 dấu cách"), "{}", d.message);
    }

    #[test]
    fn a_half_curly_title_gets_a_clean_line() {
        let d = prescan("a.md", "title: “Cô giáo \"tí hon\"\"\n", 2).unwrap();
        assert!(d
            .hint
            .unwrap()
            .ends_with("\n      title: \"Cô giáo “tí hon”\""));
    }

    #[test]
    fn every_line_with_a_tab_is_named_in_one_run() {
        let text = "person:\n\tname: \"A\"\n\tbirth_year: 1978\n\tcategory: x\nunit:\ty\n";
        let d = prescan("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(3, 1)));
        assert_eq!(
            d.message,
            "dòng này thụt lề bằng phím Tab; phần khai báo chỉ nhận dấu cách; các dòng 4, 5 cũng vậy"
        );
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opened() {
        let text = "title: \"A\nperson:\n  name: \"B\"\n";
        let d = syntax("a.md", text, 2, "did not find expected key", Pos::new(4, 9));
        assert_eq!(d.pos, Some(Pos::new(2, 8)));
        assert!(d.hint.unwrap().ends_with("\n      title: \"A\""));
    }

    #[test]
    fn odd_spaces_are_marked_inside_quotes_and_out() {
        let d = prescan("a.md", "  occupation: \"Tiểu thương\u{a0}chợ Mơ\"\n", 7).unwrap();
        assert_eq!(d.pos, Some(Pos::new(7, 27)));
        assert!(
            d.message.contains("«  occupation: \"Tiểu thương⍽chợ Mơ\"»"),
            "{}",
            d.message
        );
        assert!(d
            .hint
            .unwrap()
            .ends_with("\n      occupation: \"Tiểu thương chợ Mơ\""));
        assert!(
            prescan("a.md", "  name: \"Lê\u{a0}Văn\"\n", 3).is_none(),
            "a name has its own check"
        );
        let d = prescan("a.md", "unit: x-y\u{a0}\n", 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(2, 10)));
        assert!(d.message.contains("«unit: x-y⍽»"), "{}", d.message);
        assert!(d.hint.unwrap().ends_with("\n      unit: x-y"));
        let d = prescan("a.md", "title: \"Cô\u{200B} giáo\"\n", 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(2, 11)));
        assert!(d.hint.unwrap().ends_with("\n      title: \"Cô giáo\""));
    }
}
