//! Splitting a Markdown file into its YAML front matter and body. Where a key
//! stands in the front matter is found by `yaml::Locator`.

use crate::diagnostics::Diagnostic;

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
        return Err(no_opening(path, text));
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
    if let Some((i, line)) = rest.lines().enumerate().find(|(_, l)| dash_like(l)) {
        return Err(dashes_not_three(path, "unclosed-front-matter", i + 2, line));
    }
    Err(unclosed(path, rest))
}

/// No closing `---`: pointed at the first line of the story's text, where
/// it goes (at 1:1 the writer looked at the good opening line).
fn unclosed(path: &str, rest: &str) -> Diagnostic {
    let text_starts = rest.lines().position(|l| {
        let t = l.trim_end();
        let key = t
            .split_once(':')
            .is_some_and(|(k, _)| !k.is_empty() && !k.contains(' '));
        !t.is_empty() && !t.starts_with([' ', '-', '#']) && !key
    });
    let d = Diagnostic::error(
        "unclosed-front-matter",
        path,
        "phần khai báo mở bằng `---` nhưng không có dòng `---` đóng lại",
    );
    match text_starts {
        Some(i) => d.at(i + 2, 1).hint(format!(
            "thêm một dòng chỉ gồm `---` ngay trên dòng {} (dòng đầu của nội dung bài), sau khóa cuối cùng",
            i + 2
        )),
        None => d
            .at(1, 1)
            .hint("thêm một dòng chỉ gồm `---` sau khóa cuối cùng, trước nội dung bài"),
    }
}

/// Why the file does not open with `---`: blank lines above it, Word's
/// dash in its place, or no front matter at all.
fn no_opening(path: &str, text: &str) -> Diagnostic {
    let first = text.lines().next().unwrap_or("");
    if dash_like(first) {
        return dashes_not_three(path, "no-front-matter", 1, first);
    }
    let blank = text.lines().take_while(|l| l.trim().is_empty()).count();
    if blank > 0 && text.lines().nth(blank).is_some_and(|l| l.trim() == "---") {
        return Diagnostic::error(
            "no-front-matter",
            path,
            format!("tệp có {blank} dòng trống ở trên dòng `---`; dòng `---` phải là dòng đầu tiên của tệp"),
        )
        .at(1, 1)
        .hint("xóa các dòng trống ở đầu tệp để dòng `---` lên dòng 1. Xem mục “Bài mẫu có chú thích” trong docs/huong-dan-viet-bai.md");
    }
    Diagnostic::error(
        "no-front-matter",
        path,
        "tệp không bắt đầu bằng phần khai báo `---`",
    )
    .at(1, 1)
    .hint("dòng đầu tiên của bài phải là `---`, tiếp theo là các khóa như `title:`, rồi một dòng `---` để đóng; tạo bài mới có sẵn khung bằng `bangvang new --unit <mã đơn vị>`. Xem mục “Bài mẫu có chú thích” trong docs/huong-dan-viet-bai.md")
}

/// A line of dashes that is not `---`: Word turns `---` into a long dash
/// `—` as it is typed, and some keyboards give `–` or `_`.
fn dash_like(line: &str) -> bool {
    let bare = line.trim();
    !bare.is_empty()
        && bare != "---"
        && bare
            .chars()
            .all(|c| matches!(c, '-' | '—' | '–' | '―' | '‒' | '−' | '_' | ' '))
        && bare.chars().any(|c| c != ' ')
}

fn dashes_not_three(path: &str, code: &'static str, line_no: usize, line: &str) -> Diagnostic {
    Diagnostic::error(
        code,
        path,
        format!("dòng {line_no} là «{}», không phải ba dấu gạch ngang `---`", line.trim()),
    )
    .at(line_no, 1)
    .hint("Word và một số trình soạn thảo tự đổi --- thành dấu gạch dài — khi gõ: xóa cả dòng rồi gõ lại đúng ba dấu trừ (phím - cạnh số 0), không thêm gì khác; nên soạn bài bằng Notepad++ hay VS Code, không dùng Word. Xem mục “Bài mẫu có chú thích” trong docs/huong-dan-viet-bai.md. Dòng đúng (chép nguyên dòng dưới đây):\n      ---")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_counts_lines() {
        let s = split("a.md", "---\ntitle: x\n---\nbody\n").ok().unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_first_line, 4);
        assert!(split("a.md", "no front matter").is_err());
        assert!(split("a.md", "---\ntitle: x\n").is_err());
    }

    #[test]
    fn words_dash_and_blank_lines_are_named() {
        let err = |text| split("a.md", text).err().unwrap();
        let d = err("—\ntitle: x\n---\nbody\n");
        assert_eq!(
            d.message,
            "dòng 1 là «—», không phải ba dấu gạch ngang `---`"
        );
        assert!(d.hint.unwrap().ends_with("\n      ---"));
        let d = err("---\ntitle: x\n–––\nbody\n");
        assert_eq!(
            (d.code, d.pos.map(|p| p.line)),
            ("unclosed-front-matter", Some(3))
        );
        let d = err("\n\n---\ntitle: x\n---\n");
        assert_eq!(
            d.message,
            "tệp có 2 dòng trống ở trên dòng `---`; dòng `---` phải là dòng đầu tiên của tệp"
        );
        assert!(
            split("a.md", "---\ntitle: x\n---\n- - -\n").is_ok(),
            "a rule in the body is text"
        );
        let d = err("---\ntitle: x\nperson:\n  name: y\nAnh Hùng lao xuống hồ.\n");
        assert_eq!(d.pos.map(|p| p.line), Some(5));
        assert!(d
            .hint
            .unwrap()
            .starts_with("thêm một dòng chỉ gồm `---` ngay trên dòng 5"));
    }
}
