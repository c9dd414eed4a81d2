//! What a person's name may hold, as pure functions of the text: a name is
//! published and joins a person's stories, so a title before it, an
//! invisible character or a look-alike letter from another script would be
//! published too and would make one person look like two.

/// Ways of addressing or titling someone that staff write before a name in
/// letters and reports. Compared lowercase with tone marks, one word per
/// space; abbreviations without their final dot.
const HONORIFICS: &[&str] = &[
    "ông",
    "bà",
    "anh",
    "chị",
    "em",
    "cụ",
    "cụ ông",
    "cụ bà",
    "cô",
    "chú",
    "bác",
    "dì",
    "cậu",
    "mợ",
    "thím",
    "mẹ",
    "bố",
    "cháu",
    "bé",
    "bạn",
    "thầy",
    "thầy giáo",
    "cô giáo",
    "nhà giáo",
    "đồng chí",
    "đ/c",
    "ccb",
    "cựu chiến binh",
    "bác sĩ",
    "bs",
    "y sĩ",
    "dược sĩ",
    "điều dưỡng",
    "kỹ sư",
    "ks",
    "luật sư",
    "ls",
    "tiến sĩ",
    "ts",
    "thạc sĩ",
    "ths",
    "giáo sư",
    "gs",
    "phó giáo sư",
    "pgs",
    "nghệ nhân",
    "nghệ sĩ",
    "nsnd",
    "nsưt",
    "ngưt",
    "liệt sĩ",
    "thương binh",
    "chiến sĩ",
    "đại tá",
    "thượng tá",
    "trung tá",
    "thiếu tá",
    "đại úy",
    "thượng úy",
    "trung úy",
    "thiếu úy",
    "đại uý",
    "thượng uý",
    "trung uý",
    "thiếu uý",
    "trung sĩ",
    "hạ sĩ",
    "linh mục",
    "đại đức",
    "thượng tọa",
    "ni sư",
    "sư cô",
    "mẹ việt nam anh hùng",
];

/// Honorifics that are also family names (Ông Ích Khiêm; Đồng Chí Thanh):
/// a title only when a common family name follows.
const ALSO_FAMILY_NAMES: &[&str] = &["ông", "đồng chí"];

/// The family names of most people, lowercase.
const COMMON_FAMILY_NAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "đinh", "đoàn", "trương", "lâm", "mai", "trịnh", "tạ", "lương",
    "đào", "cao", "hà", "tô", "chu", "vương", "quách", "tăng", "thái", "triệu", "lại", "đàm",
    "kiều", "lưu", "la", "lò", "hứa", "mạc", "phùng", "tôn",
];

/// The honorific at the start of `name` as written, and the name after it,
/// when a full name of two or more words follows it.
pub(super) fn leading_honorific(name: &str) -> Option<(String, String)> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let lower: Vec<String> = words
        .iter()
        .map(|w| w.to_lowercase().trim_end_matches('.').to_string())
        .collect();
    let n = HONORIFICS
        .iter()
        .filter(|h| {
            let h_words: Vec<&str> = h.split(' ').collect();
            let n = h_words.len();
            words.len() >= n + 2
                && lower[..n] == h_words[..]
                && (!ALSO_FAMILY_NAMES.contains(h) || COMMON_FAMILY_NAMES.contains(&&*lower[n]))
        })
        .map(|h| h.split(' ').count())
        .max()?;
    Some((words[..n].join(" "), words[n..].join(" ")))
}

/// What an invisible or control character is, in plain words.
pub(super) fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "dấu cách không có bề rộng",
        '\u{200C}' | '\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{034F}' | '\u{180E}' => {
            "ký tự vô hình"
        }
        '\u{00AD}' => "dấu gạch nối ẩn",
        '\u{FEFF}' => "dấu đầu tệp (BOM)",
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => "dấu đổi chiều chữ",
        '\u{FE00}'..='\u{FE0F}' | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => {
            "ký tự vô hình"
        }
        // Line breaks and tabs are spaces in a name: they are made single.
        c if c.is_control() && !c.is_whitespace() => "ký tự điều khiển",
        _ => return None,
    })
}

/// The script of a letter that looks Latin but is not, in plain words.
pub(super) fn foreign_script(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => "chữ Hy Lạp",
        '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' => {
            "chữ Nga (Kirin)"
        }
        '\u{A640}'..='\u{A69F}' => "chữ Nga (Kirin)",
        '\u{0530}'..='\u{058F}' => "chữ Armenia",
        '\u{FF01}'..='\u{FF5E}' => "chữ khổ rộng của bộ gõ tiếng Trung, tiếng Nhật",
        '\u{1D400}'..='\u{1D7FF}' => "chữ kiểu công thức toán",
        _ => return None,
    })
}

/// Every letter a capital, in a name with a word of two letters or more.
pub(super) fn all_capitals(name: &str) -> bool {
    let letters = || name.chars().filter(|c| c.is_alphabetic());
    letters().all(char::is_uppercase)
        && name
            .split_whitespace()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
}

/// Not one Vietnamese mark or letter (ă, ê, đ, tones…) in the whole name.
pub(super) fn without_marks(name: &str) -> bool {
    name.is_ascii() && name.chars().any(|c| c.is_ascii_alphabetic())
}

/// Each word with a capital first letter and the rest small: "Nguyễn Văn Hùng".
pub(super) fn capitalized(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
            first.unwrap_or_default() + &chars.as_str().to_lowercase()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_honorific_is_taken_off() {
        assert_eq!(
            leading_honorific("Cụ bà Đỗ Thị Tám"),
            Some(("Cụ bà".into(), "Đỗ Thị Tám".into()))
        );
        assert_eq!(
            leading_honorific("BS. Phạm Minh Đức"),
            Some(("BS.".into(), "Phạm Minh Đức".into()))
        );
        assert_eq!(
            leading_honorific("ĐỒNG CHÍ LÊ VĂN HẢI").map(|h| h.1),
            Some("LÊ VĂN HẢI".into())
        );
    }

    #[test]
    fn tones_tell_titles_from_family_names() {
        for name in [
            "Bế Văn Đàn",
            "Chu Văn An",
            "Cù Chính Lan",
            "Cồ Văn Tâm",
            "Bá Văn Tư",
        ] {
            assert_eq!(leading_honorific(name), None, "{name}");
        }
    }

    #[test]
    fn a_line_break_is_a_space_not_a_hidden_character() {
        // A long name folded onto two lines in YAML is still one name.
        assert_eq!(invisible('\n'), None);
        assert_eq!(invisible('\t'), None);
        assert!(invisible('\u{200B}').is_some());
        assert!(invisible('\u{0007}').is_some());
    }

    #[test]
    fn capitals_and_marks() {
        assert!(all_capitals("NGUYỄN VĂN HÙNG"));
        assert!(!all_capitals("Lê Văn A"));
        assert!(without_marks("Nguyen Van Hung"));
        assert!(!without_marks("Nguyễn Van Hung"));
        assert_eq!(capitalized("NGUYỄN VĂN HÙNG"), "Nguyễn Văn Hùng");
        assert_eq!(capitalized("đỗ thị ánh"), "Đỗ Thị Ánh");
    }
}
