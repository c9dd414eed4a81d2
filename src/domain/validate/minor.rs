//! A person under 16 on the deed date is shown by initials only: no free
//! text of the story (title, summary, body and its image descriptions,
//! occupation, decisions, tags, photo description) may give the full name,
//! and a story that looks like a schoolchild's must say when they were born.

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::front_matter::Split;
use crate::source::registry::Kind;
use crate::source::yaml::{column_of, Seg};
use crate::text::vietnamese::fold;

use super::context::Ctx;
use super::mention;
use super::schema::RawStory;

/// Under 16 on the deed date. With only a birth year, anyone who might still
/// be 15 counts as a minor.
pub(super) fn is_minor(
    birth_date: Option<NaiveDate>,
    birth_year: Option<i32>,
    deed: Option<NaiveDate>,
) -> bool {
    match (birth_date, birth_year, deed) {
        (Some(b), _, Some(d)) => b
            .checked_add_months(chrono::Months::new(16 * 12))
            .is_some_and(|sixteen| d < sixteen),
        (None, Some(y), Some(d)) => d.year().saturating_sub(y) <= 16,
        _ => false,
    }
}

/// Words that say a person is a schoolchild, however written (folded).
const SCHOOLCHILD: &str = "hoc sinh";

/// A story that looks like a schoolchild's must say when the child was born:
/// without it the child would be shown as an adult, full name and all.
pub(super) fn check_birth_given(cx: &mut Ctx, raw: &RawStory) {
    let p = &raw.person;
    if p.birth_year.is_some() || p.birth_date.is_some() || !looks_like_schoolchild(cx, raw) {
        return;
    }
    cx.push(
        Diagnostic::error(
            "minor-needs-birth",
            cx.path,
            "bài viết về một học sinh nhưng chưa ghi năm sinh, nên không biết em có dưới 16 tuổi không",
        )
        .at_pos(cx.loc.key(&[Seg::Key("person")]))
        .hint("thêm dòng `birth_year: 2012` ngay dưới `person:`, thụt vào bằng dòng `name:` (thay 2012 bằng năm sinh thật), hoặc `birth_date: 2012-09-05` nếu biết ngày sinh; người dưới 16 tuổi chỉ được ghi chữ cái đầu của họ tên"),
    );
}

/// A category or occupation that says "học sinh", a school, or a school
/// proposing the story.
fn looks_like_schoolchild(cx: &Ctx, raw: &RawStory) -> bool {
    let says = |text: &str| fold(&text.replace('-', " ")).contains(SCHOOLCHILD);
    let category = cx.registry.get(Kind::Category, &raw.person.category);
    says(&raw.person.category)
        || category.is_some_and(|c| says(&c.name))
        || raw.person.occupation.as_deref().is_some_and(says)
        || raw
            .person
            .school
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty())
        || cx
            .registry
            .get(Kind::Unit, &raw.unit)
            .is_some_and(|u| u.school)
}

/// An error for each free text that writes `name` in full, at the mention
/// (`public_name` is what it should say instead).
pub(super) fn check_full_name(
    cx: &mut Ctx,
    name: &str,
    public_name: &str,
    raw: &RawStory,
    split: &Split,
) {
    if name.is_empty() {
        return;
    }
    for (what, path, value) in front_matter_texts(raw) {
        if mention::find(&mention::markdown_stream(value), name).is_some() {
            let pos = locate_in_yaml(cx, split, &path, name);
            push_full_name(cx, &what, pos, public_name);
        }
    }
    if let Some(at) = mention::find(&mention::markdown_stream(split.body), name) {
        let pos = position_in(split.body, split.body_first_line, at);
        push_full_name(cx, "nội dung", pos, public_name);
    }
}

/// A free text of the front matter: what it is called, where it stands,
/// what it says.
type FieldText<'a> = (String, Vec<Seg<'static>>, &'a str);

/// The free texts of the front matter.
fn front_matter_texts(raw: &RawStory) -> Vec<FieldText<'_>> {
    let person = |k| vec![Seg::Key("person"), Seg::Key(k)];
    let mut out: Vec<(String, Vec<Seg>, Option<&str>)> = vec![
        (
            "tiêu đề (`title`)".into(),
            vec![Seg::Key("title")],
            Some(&raw.title),
        ),
        (
            "tóm tắt (`summary`)".into(),
            vec![Seg::Key("summary")],
            raw.summary.as_deref(),
        ),
        (
            "nghề nghiệp (`occupation`)".into(),
            person("occupation"),
            raw.person.occupation.as_deref(),
        ),
    ];
    for (i, award) in raw.awards.iter().enumerate() {
        out.push((
            format!("số quyết định (`decision`) của danh hiệu thứ {}", i + 1),
            vec![Seg::Key("awards"), Seg::Index(i), Seg::Key("decision")],
            award.decision_text(),
        ));
    }
    for (i, tag) in raw.tags.iter().enumerate() {
        out.push((
            format!("thẻ (`tags`) thứ {}", i + 1),
            vec![Seg::Key("tags"), Seg::Index(i)],
            Some(tag),
        ));
    }
    let alt = raw.photo.as_ref().map(|p| p.alt.as_str());
    out.push((
        "lời tả ảnh (`photo.alt`)".into(),
        vec![Seg::Key("photo"), Seg::Key("alt")],
        alt,
    ));
    out.into_iter()
        .filter_map(|(what, path, text)| Some((what, path, text?)))
        .collect()
}

/// Where in the YAML source the value at `path` names `name`: its lines are
/// searched from the value on, as long as they belong to it (indented more
/// than its first line). The value's start when the source spells it
/// otherwise (an escape).
fn locate_in_yaml(cx: &Ctx, split: &Split, path: &[Seg], name: &str) -> Pos {
    let start = cx.at(path);
    let lines: Vec<&str> = split.yaml.lines().collect();
    let first = start.line.saturating_sub(split.yaml_first_line);
    let Some(line) = lines.get(first) else {
        return start;
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let own = lines[first + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > indent(line))
        .count();
    let column = line
        .char_indices()
        .nth(start.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let value = lines[first..=first + own].join("\n");
    match mention::find(&mention::raw_stream(&value[column..]), name) {
        Some(at) => position_in(&value, start.line, column + at),
        None => start,
    }
}

/// The file position of byte `at` of `text`, which starts on `first_line`.
fn position_in(text: &str, first_line: usize, at: usize) -> Pos {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos::new(
        first_line + before.matches('\n').count(),
        column_of(&text[line_start..], at - line_start),
    )
}

fn push_full_name(cx: &mut Ctx, what: &str, pos: Pos, public_name: &str) {
    cx.push(
        Diagnostic::error(
            "minor-full-name",
            cx.path,
            format!("{what} ghi đủ họ tên của một người dưới 16 tuổi"),
        )
        .at_pos(pos)
        .hint(format!(
            "với trẻ em chỉ ghi chữ cái đầu của họ và tên đệm cùng tên: thay họ tên đầy đủ ở chỗ này bằng {public_name}"
        )),
    );
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::source::registry::Registry;

    use super::super::parse_story;

    const REGISTRY: &str = r#"
levels: [{ id: phuong, name: "Cấp phường" }]
units:
  - { id: phuong-a, name: "Phường A", kind: "Phường", ward: true }
  - { id: truong-b, name: "Trường B", kind: "Trường học", school: true }
fields: [{ id: f, name: "Học tập" }]
categories:
  - { id: cat-a, name: "Học sinh tiểu học" }
  - { id: lao-dong, name: "Người lao động" }
topics: []
"#;

    /// The codes (and positions) of the errors of a story whose person has
    /// `person` lines, with `extra` front matter and `body`.
    fn errors(person: &str, extra: &str, body: &str) -> Vec<String> {
        let text = format!(
            "---\ntitle: \"Việc tốt\"\nperson:\n  name: \"Lê Minh Khôi\"\n{person}deed:\n  date: 2023-05-02\n  field: f\n{extra}awards:\n  - level: phuong\n    month: 2023-05\nconsent: {{ by: cha-me, name: \"Lê Thị Hoa\", date: 2023-05-02, channels: [web] }}\n---\n{body}"
        );
        let registry = Registry::parse(REGISTRY).unwrap();
        let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let images = ["images/a.jpg".to_string()];
        match parse_story(
            "a.md",
            &text,
            &registry,
            &images,
            today,
            &Default::default(),
        ) {
            Ok(_) => vec![],
            Err(d) => d
                .sorted()
                .iter()
                .map(|d| format!("{}@{}", d.code, d.place()))
                .collect(),
        }
    }

    #[test]
    fn each_sign_of_a_schoolchild_asks_for_the_birth_year() {
        let needs = vec!["minor-needs-birth@a.md:3:1".to_string()];
        let worker = "  category: lao-dong\n";
        assert_eq!(errors("  category: cat-a\n", "unit: phuong-a\n", ""), needs);
        assert_eq!(
            errors(
                &format!("{worker}  school: \"Trường B\"\n"),
                "unit: phuong-a\n",
                ""
            ),
            needs
        );
        assert_eq!(
            errors(
                &format!("{worker}  occupation: \"HỌC SINH\"\n"),
                "unit: phuong-a\n",
                ""
            ),
            needs
        );
        assert_eq!(errors(worker, "unit: truong-b\n", ""), needs);
        assert_eq!(errors(worker, "unit: phuong-a\n", ""), Vec::<String>::new());
        let born = "  birth_year: 2012\n  category: cat-a\n";
        assert_eq!(errors(born, "unit: phuong-a\n", ""), Vec::<String>::new());
    }

    #[test]
    fn the_full_name_is_found_in_occupation_photo_and_image_descriptions() {
        let child =
            "  birth_year: 2012\n  occupation: \"Học sinh, tên Lê Minh Khôi\"\n  category: cat-a\n";
        let photo = "unit: phuong-a\nphoto:\n  src: images/a.jpg\n  alt: \"Em Lê Minh Khôi\"\n";
        let body = "Một đoạn.\n\nẢnh ![Lê Minh\nKhôi ở trường](images/a.jpg).\n";
        assert_eq!(
            errors(child, photo, body),
            [
                "minor-full-name@a.md:6:30",
                "minor-full-name@a.md:14:12",
                "minor-full-name@a.md:22:7",
            ]
        );
    }
}
