//! The one person a story is about: a name of one individual (not a group,
//! not a list of people), and a residence that is a ward.

use crate::diagnostics::Diagnostic;
use crate::source::registry::Kind;
use crate::source::yaml::{self, Locator, Seg};

use super::context::Ctx;

/// The plan's rule 3.2, quoted in errors about groups.
const INDIVIDUALS_ONLY: &str = "Kế hoạch 124/KH-UBND, mục 3.2: «Xét tặng danh hiệu \"Người tốt, việc tốt\" chỉ thực hiện đối với cá nhân (không áp dụng cho tập thể, gia đình).»";

/// Words that open the name of a group rather than of a person.
const COLLECTIVE_OPENERS: &[&str] = &[
    "gia đình",
    "hộ gia đình",
    "tập thể",
    "nhóm",
    "đội",
    "tổ",
    "chi đoàn",
    "chi hội",
    "câu lạc bộ",
    "công ty",
    "ban",
    "hội",
    "lớp",
    "trường",
    "khu phố",
    "tổ dân phố",
    "các",
    "những",
    "vợ chồng",
    "anh em",
    "bà con",
    "cán bộ",
    "đoàn viên",
    "nhân dân",
];

/// The name with its spaces made single; an error if it is empty or names
/// a group.
pub(super) fn check_name(cx: &mut Ctx, raw_name: &str) -> String {
    let name = raw_name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name_pos = cx.at(&[Seg::Key("person"), Seg::Key("name")]);
    if name.is_empty() {
        cx.push(
            Diagnostic::error(
                "empty-name",
                cx.path,
                "họ tên (`person.name`) đang để trống",
            )
            .at_pos(name_pos)
            .hint("ghi đủ họ, tên đệm và tên, ví dụ \"Nguyễn Văn Hùng\""),
        );
    } else if let Some(problem) = collective_problem(&name) {
        cx.push(
            Diagnostic::error("not-an-individual", cx.path, format!("`{name}` {problem}; danh hiệu chỉ xét tặng cho một cá nhân"))
                .at_pos(name_pos)
                .hint(format!("{INDIVIDUALS_ONLY} Mỗi bài viết về đúng một người; nếu nhiều người cùng làm việc tốt, viết một bài cho mỗi người được đề nghị.")),
        );
    }
    name
}

/// Where one lives is told only down to the ward.
pub(super) fn check_residence(cx: &mut Ctx, residence: Option<&str>) {
    let Some(ward) = residence else { return };
    let seg = [Seg::Key("person"), Seg::Key("residence")];
    if cx.check_id(Kind::Unit, ward, &seg).is_some()
        && !cx.registry.get(Kind::Unit, ward).is_some_and(|u| u.ward)
    {
        cx.push(Diagnostic::error("residence-not-ward", cx.path, format!("nơi cư trú `{ward}` không phải là phường")).at_pos(cx.at(&seg)).hint("nơi cư trú chỉ ghi đến cấp phường (một đơn vị có `ward: true`), không ghi số nhà, đường phố"));
    }
}

/// Why `name` looks like a group rather than one person, if it does.
fn collective_problem(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    if lower.contains(',')
        || lower.contains('&')
        || lower.contains('+')
        || lower.contains(';')
        || lower
            .split_whitespace()
            .any(|w| w == "và" || w == "cùng" || w == "với")
    {
        return Some("có vẻ gồm nhiều người");
    }
    let starts = |opener: &str| lower == opener || lower.starts_with(&format!("{opener} "));
    COLLECTIVE_OPENERS
        .iter()
        .any(|o| starts(o))
        .then_some("là tên một tập thể hoặc gia đình")
}

/// A `person:` written as a list means several people: say so plainly.
pub(super) fn explain_people_list(
    path: &str,
    yaml_text: &str,
    first_line: usize,
) -> Option<Diagnostic> {
    let people = yaml::top_level_list_len(yaml_text, "person")?;
    let pos = Locator::new(yaml_text, first_line).key(&[Seg::Key("person")]);
    let what = if people > 1 {
        format!("`person` ghi {people} người")
    } else {
        "`person` được viết dạng danh sách".to_string()
    };
    Some(
        Diagnostic::error("several-people", path, format!("{what}; mỗi bài chỉ viết về đúng một người"))
            .at_pos(pos)
            .hint(format!("{INDIVIDUALS_ONLY} Tách thành nhiều bài, mỗi bài một người, và viết `person:` là một nhóm khóa (name, category, …), không phải danh sách.")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_recognised_but_surnames_are_not() {
        assert!(collective_problem("Gia đình ông Nguyễn Văn A").is_some());
        assert!(collective_problem("Tập thể tổ dân phố 5").is_some());
        assert!(collective_problem("Nguyễn Văn A và Trần Thị B").is_some());
        assert!(collective_problem("Tô Văn Hải").is_none());
        assert!(collective_problem("Đoàn Văn Hậu").is_none());
        assert!(collective_problem("Hồ Thị Lan").is_none());
    }
}
