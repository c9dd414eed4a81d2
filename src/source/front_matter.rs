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
        return Err(Diagnostic::error(
            "no-front-matter",
            path,
            "tệp không bắt đầu bằng phần khai báo `---`",
        )
        .at(1, 1)
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
    // The opening `---` is what stands unclosed.
    .at(1, 1)
    .hint("thêm một dòng chỉ gồm `---` sau khóa cuối cùng, trước nội dung bài"))
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
}
