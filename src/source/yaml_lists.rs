//! The items of a list as staff write them wrong: a line of an item left of
//! the item's column, an item without its `- `, a `-` with no space after
//! it. Found before the parser, which reports another line (user tests).

use crate::diagnostics::Diagnostic;
use crate::source::yaml_lines::item_noun;
use crate::source::yaml_lines::Line;
use crate::source::yaml_words::{write_line, GUIDE};

/// `  - level: phuong` then `month:` at 2 or 3 spaces: the lines of one
/// item stand in the column of the word after `- ` (4 spaces). Blaming the
/// good lines below sent staff round five times (user test).
pub fn item_line_out_of_column(
    path: &str,
    lines: &[Line],
    first_line: usize,
) -> Option<Diagnostic> {
    let item = &lines[0];
    if !item.text.trim_start().starts_with("- ") || item.key.is_empty() {
        return None;
    }
    let dash = item.indent;
    let strays: Vec<&Line> = lines[1..]
        .iter()
        .take_while(|l| {
            let at_dash = l.indent == dash && dash > 0 && !l.text.trim_start().starts_with('-');
            l.indent > dash || at_dash
        })
        .filter(|l| l.is_key && !l.key.is_empty() && l.indent < item.key_indent)
        .collect();
    let stray = strays.first()?;
    // Every such line is named at once: "the others are right" was said
    // while two more were wrong, one round each (user test).
    let others = match &strays[1..] {
        [] => "các dòng khác đã đúng, giữ nguyên".to_string(),
        more => format!(
            "dòng {} cũng thế, cũng thụt vào {} dấu cách",
            more.iter()
                .map(|l| (first_line + l.i).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            item.key_indent
        ),
    };
    let want = item.key_indent;
    let fix = format!("{}{}", " ".repeat(want), stray.text.trim_start());
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!(
                "dòng `{}:` thụt vào {} dấu cách; các dòng của cùng một mục phải thẳng cột với chữ `{}` ở dòng {} ({want} dấu cách)",
                stray.key,
                stray.indent,
                item.key,
                first_line + item.i
            ),
        )
        .at(first_line + stray.i, stray.indent + 1)
        .hint(format!(
            "thêm {} dấu cách ở đầu dòng này; {others}. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
            want - stray.indent,
            write_line(&fix)
        )),
    )
}

/// Keys whose value is a list of records, each opened by `- `.
const RECORD_LISTS: &[&str] = &[
    "awards",
    "units",
    "levels",
    "issuers",
    "fields",
    "categories",
    "topics",
];

/// `awards:` then `  level: phuong` with no `- `: the parser reads a group,
/// not a list, and blamed the good `month:` line below (user test).
pub fn item_without_dash(
    path: &str,
    list: &Line,
    next: Option<&Line>,
    first_line: usize,
) -> Option<Diagnostic> {
    let lists = ["tags", "channels", "aliases"];
    if RECORD_LISTS.contains(&list.key) || lists.contains(&list.key) {
        if let Some(d) = next.and_then(|l| dash_without_space(path, l, first_line)) {
            return Some(d);
        }
    }
    let first = next.filter(|l| l.indent > list.indent && !l.text.trim_start().starts_with('-'))?;
    if !RECORD_LISTS.contains(&list.key) || first.key.is_empty() {
        return None;
    }
    let noun = item_noun(list.key);
    let dash = format!(
        "{}- {}",
        " ".repeat(list.indent + 2),
        first.text.trim_start()
    );
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!("mỗi {noun} trong `{}` phải bắt đầu bằng dấu `- `; dòng `{}:` thiếu dấu này", list.key, first.key),
        )
        .at(first_line + first.i, first.indent + 1)
        .hint(format!(
            "gõ dấu trừ và một dấu cách trước `{}`, như dòng dưới đây; các dòng còn lại của {noun} này thụt vào {} dấu cách, thẳng cột với chữ `{}`. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
            first.key,
            list.indent + 4,
            first.key,
            write_line(&dash)
        )),
    )
}

/// `-level: phuong`: a dash with no space after it is no list mark.
fn dash_without_space(path: &str, line: &Line, first_line: usize) -> Option<Diagnostic> {
    let body = line.text.trim_start();
    let rest = body.strip_prefix('-')?;
    if !rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let fixed = format!("{}- {rest}", &line.text[..line.indent]);
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            "sau dấu `-` ở đầu mục phải có một dấu cách",
        )
        .at(first_line + line.i, line.indent + 1)
        .hint(format!(
            "gõ một dấu cách ngay sau dấu `-`. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
            write_line(&fixed)
        )),
    )
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Pos;
    use crate::source::yaml_indent::misindented;

    #[test]
    fn a_line_of_an_award_left_of_its_column_is_blamed_not_the_good_ones() {
        for (spaces, add) in [(2, 2), (3, 1)] {
            let text = format!(
                "awards:\n  - level: phuong\n{}month: 2026-11\n    proposal: {{ date: 2026-11-12 }}\n    decision: {{ number: \"1\" }}\ntopics: [a]\n",
                " ".repeat(spaces)
            );
            let d = misindented("a.md", &text, 2).unwrap();
            assert_eq!(d.pos, Some(Pos::new(4, spaces + 1)), "{text}");
            assert_eq!(
                d.message,
                format!("dòng `month:` thụt vào {spaces} dấu cách; các dòng của cùng một mục phải thẳng cột với chữ `level` ở dòng 3 (4 dấu cách)")
            );
            let hint = d.hint.unwrap();
            assert!(hint.starts_with(&format!("thêm {add} dấu cách")), "{hint}");
            assert!(hint
                .ends_with("(thụt vào 4 dấu cách, rồi chép phần dưới đây):\n      month: 2026-11"));
        }
        // The lines below a good month at 2 spaces are blamed one by one.
        let text =
            "awards:\n  - level: phuong\n    month: 2026-11\n  proposal: { date: 2026-11-12 }\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(5, 3)));
    }

    #[test]
    fn every_line_of_an_award_left_of_its_column_is_named_at_once() {
        let text = "awards:\n  - level: phuong\n  month: 2026-11\n  proposal: { date: 2026-11-12 }\n  decision: { number: \"1\" }\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 3)));
        assert!(d.hint.unwrap().starts_with(
            "thêm 2 dấu cách ở đầu dòng này; dòng 5, 6 cũng thế, cũng thụt vào 4 dấu cách."
        ));
    }

    #[test]
    fn a_dash_without_its_space_is_named() {
        let d = misindented("a.md", "awards:\n  -level: phuong\n    month: 2026-11\n", 2).unwrap();
        assert_eq!(d.message, "sau dấu `-` ở đầu mục phải có một dấu cách");
        assert!(d.hint.unwrap().ends_with("\n      - level: phuong"));
    }

    #[test]
    fn an_award_without_its_dash_is_named() {
        let text = "unit: y\nawards:\n  level: phuong\n    month: 2026-10\ntopics: [a]\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 3)));
        assert_eq!(
            d.message,
            "mỗi khen thưởng trong `awards` phải bắt đầu bằng dấu `- `; dòng `level:` thiếu dấu này"
        );
        assert!(d
            .hint
            .unwrap()
            .ends_with("(thụt vào 2 dấu cách, rồi chép phần dưới đây):\n      - level: phuong"));
    }
}
