//! A key line indented unlike the lines of its group, found at that line.
//! The parser reads a wrong indentation as a different structure and fails
//! (or reports a missing key) lines later; a ward officer who typed three
//! spaces under `person:` must be sent to that line, told how many spaces it
//! has and how many its group has. Not a YAML parser: it reads indentation
//! only, before the parser runs, and says nothing about a text it is unsure of.

use crate::diagnostics::Diagnostic;
use crate::source::yaml_lines::{significant, Line};
use crate::source::yaml_lists::{item_line_out_of_column, item_without_dash};
use crate::source::yaml_words::{write_line, GUIDE};

/// The first key line whose indentation breaks its group, if any.
pub fn misindented(path: &str, text: &str, first_line: usize) -> Option<Diagnostic> {
    let lines = significant(text);
    if let Some(d) = (1..lines.len()).find_map(|n| missing_opener(path, &lines, n, first_line)) {
        return Some(d);
    }
    for (n, line) in lines.iter().enumerate() {
        if let Some(d) = item_line_out_of_column(path, &lines[n..], first_line) {
            return Some(d);
        }
        if line.opens && line.is_key {
            if let Some(d) = item_without_dash(path, line, lines.get(n + 1), first_line) {
                return Some(d);
            }
        }
        let Some(prev) = n.checked_sub(1).map(|p| &lines[p]) else {
            continue;
        };
        // Deeper than the line above, which holds a value: no group opened.
        if line.is_key && !prev.opens && prev.is_key && line.indent > prev.key_indent {
            // The first line of a group left at the group's own column, or
            // the group's line deleted: the lines below are right, and
            // advice to un-indent them broke four good lines (user test).
            let before = n.checked_sub(2).map(|p| &lines[p]);
            if let Some(d) = value_over_group(path, prev, &lines[n..], first_line) {
                return Some(d);
            }
            if let Some(d) = middle_not_indented(path, before, prev, line, first_line) {
                return Some(d);
            }
            if let Some(d) = first_not_indented(path, before, prev, line.indent, first_line) {
                return Some(d);
            }
            return Some(report(path, line, prev.key_indent, first_line));
        }
        if !line.opens || !line.is_key {
            continue;
        }
        if let Some(d) = group_of(path, &lines[n..], first_line) {
            return Some(d);
        }
    }
    None
}

/// `group[0]` opens a group: its first line sets the indentation, and a
/// later key line between the parent's and that one breaks it. The line
/// with fewer like it is the one to move.
fn group_of(path: &str, group: &[Line], first_line: usize) -> Option<Diagnostic> {
    let parent = group[0].key_indent;
    let members: Vec<&Line> = group[1..]
        .iter()
        .take_while(|l| l.indent > parent)
        .collect();
    let first = members.first()?;
    let odd = members
        .iter()
        .find(|l| l.is_key && l.indent < first.indent)?;
    let count = |indent: usize| members.iter().filter(|l| l.indent == indent).count();
    Some(if count(first.indent) <= count(odd.indent) {
        report(path, first, odd.indent, first_line)
    } else {
        report(path, odd, first.indent, first_line)
    })
}

/// `person:` then `name:` at the column of `person:`, then the other lines
/// of the group indented: `name:` is the line to indent.
fn first_not_indented(
    path: &str,
    opener: Option<&Line>,
    first: &Line,
    want: usize,
    first_line: usize,
) -> Option<Diagnostic> {
    let opener = opener.filter(|o| o.opens && o.is_key && o.key_indent == first.indent)?;
    if first.key.is_empty() || first.key_indent != first.indent {
        return None;
    }
    let fix = format!("{}{}", " ".repeat(want), first.text.trim_start());
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!(
                "dòng `{}:` phải thụt vào {want} dấu cách như các dòng dưới: đây là dòng đầu của nhóm `{}`",
                first.key, opener.key
            ),
        )
        .at(first_line + first.i, first.indent + 1)
        .hint(format!(
            "thêm {} dấu cách ở đầu dòng này; các dòng bên dưới đã đúng, giữ nguyên. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
            want - first.indent,
            write_line(&fix)
        )),
    )
}

/// `consent: có` (or `photo: images/x.jpg`, `person: "Tên"`) with the
/// group's lines still below: the value is the mistake, not the good lines
/// (blaming them sent staff round in a loop, user test).
fn value_over_group(
    path: &str,
    opener: &Line,
    below: &[Line],
    first_line: usize,
) -> Option<Diagnostic> {
    let keys: Vec<&str> = below
        .iter()
        .take_while(|l| l.indent > opener.key_indent)
        .map(|l| l.key)
        .collect();
    if opener.key.is_empty() || group_named_by(&keys) != Some(opener.key) {
        return None;
    }
    let (head, value) = opener.text.split_once(':')?;
    let value = value.trim();
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!(
                "dòng `{}:` không được có giá trị khi có các dòng thụt vào bên dưới: xóa `{value}`",
                opener.key
            ),
        )
        .at(first_line + opener.i, opener.indent + 1)
        .hint(format!(
            "xóa `{value}` sau dấu hai chấm; các dòng thụt vào bên dưới đã đúng, giữ nguyên. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
            write_line(&format!("{head}:"))
        )),
    )
}

/// `occupation:` at column 0 between lines of `person` at 2 spaces: that
/// line is to indent, not the good line below it.
fn middle_not_indented(
    path: &str,
    before: Option<&Line>,
    line: &Line,
    next: &Line,
    first_line: usize,
) -> Option<Diagnostic> {
    let want = next.indent;
    let before = before.filter(|b| b.is_key && !b.opens && b.indent == want)?;
    // Only a key of the group around it (`tags:` under `consent` lines is
    // a line of its own, and the lines below it are the mistake).
    let group = group_named_by(&[line.key])?;
    if group_named_by(&[before.key, next.key]) != Some(group) {
        return None;
    }
    if line.key_indent != line.indent || line.indent >= want {
        return None;
    }
    let fix = format!("{}{}", " ".repeat(want), line.text.trim_start());
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!(
                "dòng `{}:` phải thụt vào {want} dấu cách như các dòng trên và dưới nó trong cùng nhóm",
                line.key
            ),
        )
        .at(first_line + line.i, line.indent + 1)
        .hint(format!(
            "thêm {} dấu cách ở đầu dòng này; các dòng khác của nhóm đã đúng, giữ nguyên. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
            want - line.indent,
            write_line(&fix)
        )),
    )
}

/// The group a set of indented keys belongs to, when the keys say it.
fn group_named_by(keys: &[&str]) -> Option<&'static str> {
    let has = |k: &[&str]| keys.iter().any(|key| k.contains(key));
    if has(&["by", "channels"]) {
        Some("consent")
    } else if has(&[
        "birth_year",
        "occupation",
        "residence",
        "category",
        "gender",
    ]) {
        Some("person")
    } else if has(&["src", "alt"]) {
        Some("photo")
    } else if has(&["field", "period"]) {
        Some("deed")
    } else {
        None
    }
}

/// Indented lines whose keys name their group (`by`, `date`, `channels`)
/// when no line of that group is written, and they do not stand under it:
/// the `consent:` line was deleted. Say so at the first of them.
fn missing_opener(path: &str, lines: &[Line], n: usize, first_line: usize) -> Option<Diagnostic> {
    let first = &lines[n];
    let starts = first.is_key && first.indent > 0 && lines[n - 1].indent != first.indent;
    if !starts || first.key_indent != first.indent {
        return None;
    }
    let mut run: Vec<&Line> = lines[n..]
        .iter()
        .take_while(|l| l.indent >= first.indent)
        .filter(|l| l.indent == first.indent)
        .collect();
    let parent = lines[..n]
        .iter()
        .rev()
        .find(|l| l.key_indent < first.indent);
    // `photo:` with its `src`, `alt`, then `by`, `date`, `channels` whose
    // `consent:` line was deleted: the lines of the open group stand right;
    // the missing line goes above the first that belongs elsewhere, never
    // inside the photo block (user test).
    if let Some(open) = parent.filter(|p| p.opens) {
        let own = |l: &&Line| group_named_by(&[l.key]) == Some(open.key);
        let foreign = run
            .iter()
            .position(|l| group_named_by(&[l.key]).is_some_and(|g| g != open.key));
        if let Some(split) = foreign.and_then(|f| run[..f].iter().rposition(own)) {
            run.drain(..=split);
        }
    }
    let first = *run.first()?;
    let keys: Vec<&str> = run.iter().map(|l| l.key).collect();
    let group = group_named_by(&keys)?;
    if parent.is_some_and(|p| p.opens && p.key == group) || lines.iter().any(|l| l.key == group) {
        return None;
    }
    let numbers: Vec<String> = run.iter().map(|l| (first_line + l.i).to_string()).collect();
    let names: Vec<&str> = keys.iter().copied().filter(|k| !k.is_empty()).collect();
    let place = match first.indent - 2.min(first.indent) {
        0 => "không thụt vào".to_string(),
        n => format!("thụt vào {n} dấu cách"),
    };
    Some(
        Diagnostic::error(
            "yaml-syntax",
            path,
            format!(
                "thiếu dòng `{group}:` ở trên các dòng này: dòng {} thụt vào nhưng không thuộc nhóm nào",
                numbers.join(", ")
            ),
        )
        .at(first_line + first.i, first.indent + 1)
        .hint(format!(
            "thêm dòng {group}: ({place}) ngay trên dòng {}; các dòng bên dưới ({}) đã đúng, giữ nguyên. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. Dòng cần thêm (chép nguyên dòng dưới đây):\n      {group}:",
            first_line + first.i,
            names.join(", "),
        )),
    )
}

fn report(path: &str, line: &Line, want: usize, first_line: usize) -> Diagnostic {
    let has = line.indent;
    let fix = format!("{}{}", " ".repeat(want), line.text.trim_start());
    let what = if has > want {
        format!("xóa bớt {} dấu cách ở đầu dòng", has - want)
    } else {
        format!("thêm {} dấu cách ở đầu dòng", want - has)
    };
    Diagnostic::error(
        "yaml-syntax",
        path,
        format!(
            "dòng này thụt vào {has} dấu cách, các dòng cùng nhóm thụt {want}, nên chương trình hiểu sai nhóm của dòng"
        ),
    )
    .at(first_line + line.i, has + 1)
    .hint(format!(
        "{what} cho thẳng cột với các dòng cùng nhóm. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}. {}",
        write_line(&fix)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    #[test]
    fn three_spaces_on_the_first_line_of_a_group_are_found_there() {
        let text =
            "title: \"A\"\nperson:\n   name: \"B\"\n  birth_year: 1978\n  category: x\nunit: y\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 4)));
        assert!(d
            .message
            .starts_with("dòng này thụt vào 3 dấu cách, các dòng cùng nhóm thụt 2"));
        assert!(d.hint.unwrap().ends_with("\n      name: \"B\""));
    }

    #[test]
    fn a_deeper_line_under_a_value_is_found() {
        let text = "person:\n  name: \"B\"\n   birth_year: 1978\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 4)));
    }

    #[test]
    fn an_unindented_first_line_is_blamed_not_the_good_lines_below() {
        let text =
            "title: \"A\"\nperson:\nname: \"B\"\n  birth_year: 1978\n  category: x\nunit: y\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 1)));
        assert_eq!(
            d.message,
            "dòng `name:` phải thụt vào 2 dấu cách như các dòng dưới: đây là dòng đầu của nhóm `person`"
        );
        assert!(d.hint.unwrap().ends_with("\n      name: \"B\""));
    }

    #[test]
    fn a_deleted_group_line_is_named_above_its_lines() {
        let text = "unit: y\ntags: [a]\n  by: x\n  date: 2023-05-03\n  channels: [web]\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert_eq!(d.pos, Some(Pos::new(4, 3)));
        assert_eq!(
            d.message,
            "thiếu dòng `consent:` ở trên các dòng này: dòng 4, 5, 6 thụt vào nhưng không thuộc nhóm nào"
        );
        assert!(d
            .hint
            .unwrap()
            .ends_with("Dòng cần thêm (chép nguyên dòng dưới đây):\n      consent:"));
        // Written elsewhere: the lines are the mistake, not a missing group.
        let text = "consent:\n  by: x\ntags: [a]\n  channels: [web]\n";
        let d = misindented("a.md", text, 2).unwrap();
        assert!(
            d.message.starts_with("dòng này thụt vào 2 dấu cách"),
            "{}",
            d.message
        );
    }

    #[test]
    fn well_indented_texts_pass() {
        for text in [
            "person:\n  name: \"B\"\n  category: x\nawards:\n  - level: a\n    month: 2023-05\n  - level: b\n    month: 2023-06\n",
            "awards:\n- level: a\n  month: 2023-05\n",
            "summary: |\n  một đoạn\n     thụt sâu: cũng được\ntitle: x\n",
            "tags: [a, b]\nconsent: { by: x }\n",
            "consent:     # khi đã có văn bản\n  by: \"\"   # ai\n  channels: []\n",
        ] {
            assert!(misindented("a.md", text, 2).is_none(), "{text}");
        }
    }
}
