//! Where the keys of a story live, in words staff use: the key a Vietnamese
//! word means (`nghề nghiệp:` is `occupation`), and the group a key belongs
//! to when it was written at the start of a line (`decision:` pasted without
//! its spaces). Schema words only: no organisation is named here.

use crate::diagnostics::Diagnostic;
use crate::source::yaml_words::{write_line, GUIDE};
use crate::text::vietnamese::slugify;

/// The key a writer means by a Vietnamese word (`nghề nghiệp:`): keys are
/// English words staff cannot guess from the list alone (user test).
pub fn vietnamese_key(written: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &[&str])] = &[
        ("title", &["tieu-de", "ten-bai"]),
        ("summary", &["tom-tat", "tom-tat-viec-tot"]),
        ("person", &["nguoi", "nguoi-duoc-khen", "ca-nhan"]),
        ("name", &["ten", "ho-ten", "ho-va-ten"]),
        ("birth_year", &["nam-sinh"]),
        ("birth_date", &["ngay-sinh"]),
        (
            "occupation",
            &["nghe-nghiep", "nghe", "cong-viec", "chuc-vu"],
        ),
        ("category", &["doi-tuong", "thanh-phan"]),
        ("gender", &["gioi-tinh", "gioi"]),
        (
            "residence",
            &["noi-o", "cu-tru", "noi-cu-tru", "dia-chi", "que-quan"],
        ),
        ("school", &["truong", "truong-hoc"]),
        ("deed", &["viec-tot", "viec-lam-tot"]),
        ("date", &["ngay", "ngay-thang"]),
        ("field", &["linh-vuc"]),
        ("unit", &["don-vi"]),
        ("awards", &["khen-thuong", "danh-hieu"]),
        ("level", &["cap", "cap-khen"]),
        ("month", &["thang"]),
        ("decision", &["quyet-dinh"]),
        ("proposal", &["to-trinh", "de-nghi"]),
        ("topics", &["chu-de"]),
        ("tags", &["the", "tu-khoa"]),
        ("photo", &["anh", "hinh-anh", "hinh"]),
        ("consent", &["dong-y", "su-dong-y"]),
        ("channels", &["noi-dang", "kenh"]),
        ("dossier", &["ho-so"]),
    ];
    let slug = slugify(written);
    WORDS
        .iter()
        .find(|(_, words)| words.contains(&slug.as_str()))
        .map(|(key, _)| *key)
}

/// The group each inner key belongs to, the spaces it is indented by, and
/// where in the group it goes.
const HOMES: &[(&[&str], &str, usize, &str)] = &[
    (
        &["level", "month", "proposal", "decision"],
        "awards",
        4,
        "dưới dòng `- level:` của lần khen đó, thẳng cột với chữ `level`",
    ),
    (
        &[
            "name",
            "birth_year",
            "birth_date",
            "occupation",
            "category",
            "gender",
            "residence",
            "school",
        ],
        "person",
        2,
        "dưới dòng `person:`",
    ),
    (&["field", "period"], "deed", 2, "dưới dòng `deed:`"),
    (&["by", "channels"], "consent", 2, "dưới dòng `consent:`"),
    (&["src", "alt"], "photo", 2, "dưới dòng `photo:`"),
];

/// `decision:` at the start of a line, where only the story's own keys
/// stand: it belongs inside a group, which the list of top-level keys
/// never said (user test).
pub fn home_of(path: &str, key: &str, line: Option<&str>) -> Option<Diagnostic> {
    let (_, group, spaces, place) = HOMES.iter().find(|(keys, ..)| keys.contains(&key))?;
    let fixed = line.map(|l| format!("{}{}", " ".repeat(*spaces), l.trim()));
    let copy = fixed
        .map(|f| format!(" {}", write_line(&f)))
        .unwrap_or_default();
    Some(
        Diagnostic::error(
            "unknown-key",
            path,
            format!("khóa `{key}` thuộc nhóm `{group}` nhưng đang viết ở đầu dòng, ngoài nhóm đó"),
        )
        .hint(format!(
            "chuyển dòng này vào {place} và thụt vào {spaces} dấu cách. Xem mục “Thụt lề bằng dấu cách” trong {GUIDE}.{copy}"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_words_name_their_keys() {
        assert_eq!(vietnamese_key("nghề nghiệp"), Some("occupation"));
        assert_eq!(vietnamese_key("Năm sinh"), Some("birth_year"));
        assert_eq!(vietnamese_key("không rõ"), None);
    }

    #[test]
    fn a_decision_at_the_start_of_a_line_is_sent_into_its_award() {
        let line = "decision: { number: \"1/QĐ\", date: 2026-11-25 }";
        let d = home_of("a.md", "decision", Some(line)).unwrap();
        assert_eq!(
            d.message,
            "khóa `decision` thuộc nhóm `awards` nhưng đang viết ở đầu dòng, ngoài nhóm đó"
        );
        assert!(d.hint.unwrap().ends_with("(thụt vào 4 dấu cách, rồi chép phần dưới đây):\n      decision: { number: \"1/QĐ\", date: 2026-11-25 }"));
        assert!(home_of("a.md", "colour", None).is_none());
    }
}
