//! The one person a story is about: a name of one individual (not a group,
//! not a list of people), and a residence that is a ward.

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::config::Plan;
use crate::source::registry::Kind;
use crate::source::yaml::{self, Locator, Seg};

use super::context::Ctx;
use super::name;

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

/// The name with its spaces made single; an error if it is empty, names a
/// group, starts with a title, or holds a character that is not what it
/// looks like; a warning if it is all capitals or has no marks at all.
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
                .hint(format!("{}Mỗi bài viết về đúng một người; nếu nhiều người cùng làm việc tốt, viết một bài cho mỗi người được đề nghị.", cx.rules.plan.individuals_only())),
        );
    } else if !check_characters(cx, raw_name, name_pos) {
        check_honorific(cx, &name, name_pos);
        check_capitals(cx, &name, name_pos);
    }
    name
}

/// An error at each invisible character or look-alike letter of another
/// script in the name; whether there was one.
fn check_characters(cx: &mut Ctx, raw_name: &str, name_pos: Pos) -> bool {
    let mut found = false;
    for (index, c) in raw_name.chars().enumerate() {
        let pos = char_pos(cx, name_pos, raw_name, index);
        let code = format!("U+{:04X}", c as u32);
        if let Some(what) = name::invisible(c) {
            cx.push(
                Diagnostic::error("name-invisible-character", cx.path, format!("họ tên có một ký tự không nhìn thấy: {code} ({what})"))
                    .at_pos(pos)
                    .hint("ký tự này thường lẫn vào khi chép họ tên từ Word, PDF hay trang web; xóa cả chữ chứa nó rồi gõ lại họ tên bằng bàn phím"),
            );
        } else if let Some(script) = name::foreign_script(c) {
            cx.push(
                Diagnostic::error("name-foreign-letter", cx.path, format!("họ tên có chữ `{c}` ({code}, {script}): trông giống chữ tiếng Việt nhưng không phải"))
                    .at_pos(pos)
                    .hint("xóa chữ này và gõ lại bằng bàn phím tiếng Việt (Unikey, bảng mã Unicode); chữ lạ làm tìm kiếm và kiểm tra khen trùng không nhận ra tên"),
            );
        } else {
            continue;
        }
        found = true;
    }
    found
}

/// Where character `index` of the name stands: counted from the value when
/// the line holds the name as written, else the value itself (escapes).
fn char_pos(cx: &Ctx, name_pos: Pos, raw_name: &str, index: usize) -> Pos {
    let Some(line) = cx.loc.line(name_pos.line) else {
        return name_pos;
    };
    let value: String = line.chars().skip(name_pos.column - 1).collect();
    let quote = usize::from(value.starts_with(['"', '\'']));
    let written: String = value.chars().skip(quote).collect();
    if written.starts_with(raw_name) {
        Pos::new(name_pos.line, name_pos.column + quote + index)
    } else {
        name_pos
    }
}

/// "Ông Nguyễn Văn Tư" would be published as a name, and apart from the
/// stories of "Nguyễn Văn Tư".
fn check_honorific(cx: &mut Ctx, name: &str, name_pos: Pos) {
    let Some((title, rest)) = name::leading_honorific(name) else {
        return;
    };
    cx.push(
        Diagnostic::error("honorific-in-name", cx.path, format!("họ tên bắt đầu bằng cách xưng hô hoặc chức danh «{title}»"))
            .at_pos(name_pos)
            .hint(format!("chỉ ghi họ tên: name: \"{rest}\". Cách xưng hô (ông, bà, anh, chị…) viết trong nội dung bài; nghề nghiệp, chức vụ ghi ở `occupation`")),
    );
}

fn check_capitals(cx: &mut Ctx, name: &str, name_pos: Pos) {
    if name::all_capitals(name) {
        cx.push(
            Diagnostic::warning(
                "name-all-caps",
                cx.path,
                format!("họ tên «{name}» viết toàn chữ in hoa"),
            )
            .at_pos(name_pos)
            .hint(format!(
                "viết hoa chữ cái đầu mỗi tiếng: name: \"{}\"",
                name::capitalized(name)
            )),
        );
    }
    if name::without_marks(name) {
        cx.push(
            Diagnostic::warning("name-no-diacritics", cx.path, format!("họ tên «{name}» không có dấu tiếng Việt nào"))
                .at_pos(name_pos)
                .hint("gõ họ tên có dấu, ví dụ \"Nguyễn Văn Hùng\", để tìm kiếm và danh sách xếp đúng; nếu tên thật không có dấu thì để nguyên"),
        );
    }
}

/// The short id staff choose to say which stories are of one person
/// (docs/schema.md); never published.
pub(super) fn check_person_id(cx: &mut Ctx, id: Option<&str>) -> Option<String> {
    let id = id?.trim();
    let ok = (1..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if !ok {
        let seg = [Seg::Key("person"), Seg::Key("id")];
        cx.push(
            Diagnostic::error("bad-person-id", cx.path, format!("mã người `{id}` (`person.id`) viết sai"))
                .at_pos(cx.at(&seg))
                .hint("mã chỉ gồm chữ thường không dấu, chữ số và dấu `-`, dài tối đa 40 ký tự, ví dụ `id: tran-thi-lan-2`; ghi đúng mã ấy trong mọi bài về cùng người đó"),
        );
    }
    ok.then(|| id.to_string())
}

/// Where one lives is told only down to the ward.
pub(super) fn check_residence(cx: &mut Ctx, residence: Option<&str>) {
    let Some(ward) = residence else { return };
    let seg = [Seg::Key("person"), Seg::Key("residence")];
    if let Some(d) = house_address(cx, ward) {
        cx.push(d.at_pos(cx.at(&seg)));
        return;
    }
    if cx.check_id(Kind::Unit, ward, &seg).is_some()
        && !cx.registry.get(Kind::Unit, ward).is_some_and(|u| u.ward)
    {
        cx.push(Diagnostic::error("residence-not-ward", cx.path, format!("`{ward}` không dùng được làm nơi cư trú: đơn vị này không có `ward: true`")).at_pos(cx.at(&seg)).hint("nơi cư trú chỉ ghi đến đơn vị hành chính nơi người đó sống (một đơn vị có `ward: true` trong content/registry.yaml), không ghi số nhà, đường phố"));
    }
}

/// A house address written as the residence: a privacy matter, not a unit
/// missing from the registry (the admin must not be asked to add it).
fn house_address(cx: &Ctx, written: &str) -> Option<Diagnostic> {
    use crate::source::periods::When;
    use crate::text::personal_data::{find, Kind as Found};
    let found = find(written);
    let house = found.iter().find(|f| f.kind == Found::HouseAddress)?;
    let day = cx.deed.unwrap_or(cx.today);
    let wards: Vec<&str> = cx
        .registry
        .units
        .iter()
        .filter(|u| u.ward && u.period.when(day) == When::Within)
        .map(|u| u.id.as_str())
        .collect();
    Some(
        Diagnostic::error(
            "house-address",
            cx.path,
            format!(
                "nơi cư trú có địa chỉ nhà `{}`: trang công khai không đăng địa chỉ nhà",
                &written[house.range.clone()]
            ),
        )
        .hint(format!(
            "`residence` chỉ ghi mã đơn vị nơi người đó sống, không ghi số nhà, ngõ, đường; chọn một mã: {}",
            wards.join(", ")
        )),
    )
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
    plan: &Plan,
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
            .hint(format!("{}Tách thành nhiều bài, mỗi bài một người, và viết `person:` là một nhóm khóa (name, category, …), không phải danh sách.", plan.individuals_only())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::testing::{codes, parse};

    fn name_codes(name: &str) -> Vec<&'static str> {
        codes(&format!("  name: \"{name}\"\n  birth_year: 1980\n"))
    }

    #[test]
    fn an_honorific_before_a_full_name_is_an_error() {
        for name in [
            "Ông Nguyễn Văn Tư",
            "ông nguyễn văn tư",
            "Bà Trần Thị Lan",
            "Đồng chí Lê Văn Hải",
            "Đ/c Lê Văn Hải",
            "BS. Phạm Minh Đức",
            "Bác sĩ Phạm Minh Đức",
            "CCB Hoàng Văn Bảy",
            "Cháu Lê Minh Khôi",
            "Anh Thanh Tùng",
            "Cụ bà Đỗ Thị Tám",
        ] {
            assert_eq!(name_codes(name), ["honorific-in-name"], "{name}");
        }
    }

    #[test]
    fn names_that_only_look_like_honorifics_pass() {
        for name in [
            "Ông Ích Khiêm",  // Ông is a family name too
            "Đồng Chí Thanh", // so is Đồng
            "Nguyễn Thị Cô",  // a given name at the end
            "Lê Anh",         // only one syllable after it
            "Bế Văn Đàn",     // Bế, not Bé
            "Chu Văn An",     // Chu, not Chú
            "Cù Chính Lan",   // Cù, not Cụ
            "Nguyễn Văn Tư",
        ] {
            assert_eq!(name_codes(name), Vec::<&str>::new(), "{name}");
        }
    }

    #[test]
    fn invisible_characters_in_a_name_are_named_and_located() {
        for (name, what) in [
            ("Nguyễn\u{200B} Văn Hùng", "U+200B"),
            ("Nguy\u{00AD}ễn Văn Hùng", "U+00AD"),
            ("Nguyễn Văn\u{FEFF} Hùng", "U+FEFF"),
            ("\u{202E}Nguyễn Văn Hùng", "U+202E"),
            ("Nguyễn Văn H\u{200D}ùng", "U+200D"),
        ] {
            let text = format!("  name: \"{name}\"\n  birth_year: 1980\n");
            let found = parse("a.md", &text, "2023-06-02").unwrap_err().sorted();
            assert_eq!(found.len(), 1, "{name}: {found:?}");
            assert_eq!(found[0].code, "name-invisible-character");
            assert!(found[0].message.contains(what), "{}", found[0].message);
            // The line is the name's; the column is the character's.
            let column = 10
                + name
                    .chars()
                    .position(|c| what.ends_with(&format!("{:04X}", c as u32)))
                    .unwrap();
            assert_eq!(
                found[0].pos,
                Some(crate::diagnostics::Pos::new(4, column)),
                "{name}"
            );
        }
    }

    #[test]
    fn letters_of_other_scripts_in_a_name_are_errors() {
        // Cyrillic а and о, Greek ο, fullwidth Ｈ: each looks like a Latin letter.
        for (name, what) in [
            ("Nguyễn Văn T\u{0430}m", "U+0430"),
            ("Đ\u{043E} Văn Tâm", "U+043E"),
            ("Hồ Văn T\u{03BF}àn", "U+03BF"),
            ("Lê Văn \u{FF28}ùng", "U+FF28"),
        ] {
            let found = parse("a.md", &format!("  name: \"{name}\"\n"), "2023-06-02")
                .unwrap_err()
                .sorted();
            assert_eq!(found.len(), 1, "{name}: {found:?}");
            assert_eq!(found[0].code, "name-foreign-letter");
            assert!(found[0].message.contains(what), "{}", found[0].message);
        }
    }

    #[test]
    fn capitals_only_or_no_marks_at_all_is_a_warning() {
        assert_eq!(name_codes("NGUYỄN VĂN HÙNG"), ["name-all-caps"]);
        assert_eq!(name_codes("Nguyen Van Hung"), ["name-no-diacritics"]);
        assert_eq!(name_codes("Nguyễn Văn Hùng"), Vec::<&str>::new());
        let story = parse("a.md", "  name: \"NGUYỄN VĂN HÙNG\"\n", "2023-06-02").unwrap();
        assert!(story.notes[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("\"Nguyễn Văn Hùng\""));
    }

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
