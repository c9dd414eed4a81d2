//! Vietnamese text rules in one place: normalization, matching keys, slugs,
//! official date style and the order of names in lists.

use std::cmp::Ordering;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use unicode_normalization::UnicodeNormalization;

/// Canonical composition: a file saved in NFD renders and links like one in NFC.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// `nfc` of a text made here, given back as it is when it already is NFC:
/// checking is a scan, composing is a decomposition and a recomposition of
/// every letter, and text built from NFC pieces nearly always is NFC.
pub fn into_nfc(text: String) -> String {
    if unicode_normalization::is_nfc(&text) {
        text
    } else {
        nfc(&text)
    }
}

/// `char::is_alphabetic`, with the letters of Vietnamese (Latin-1,
/// Latin Extended-A and -B, Latin Extended Additional) answered by their
/// range: the standard library searches a table for every non-ASCII letter.
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{c0}'..='\u{24f}' => c != '×' && c != '÷',
        '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric`, by the ranges of `is_letter`.
pub fn is_letter_or_digit(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{c0}'..='\u{24f}' => c != '×' && c != '÷',
        '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// The five Vietnamese tone marks as combining characters (ngang has none).
const TONES: [(char, u8); 5] = [
    ('\u{0300}', 1), // huyền
    ('\u{0309}', 2), // hỏi
    ('\u{0303}', 3), // ngã
    ('\u{0301}', 4), // sắc
    ('\u{0323}', 5), // nặng
];

/// A key under which two spellings of the same word match: lowercase, and the
/// tone mark taken off its vowel and put at the end of the syllable, so the old
/// and new tone placements ("hoà" and "hòa", "thuý" and "thúy") are equal while
/// different letters or tones ("Hùng", "Hưng", "Húng") stay different.
pub fn spelling_key(text: &str) -> String {
    spelling_key_by_letter(text).unwrap_or_else(|| spelling_key_by_syllable(text))
}

/// `spelling_key` of a text whose every letter is ASCII or a precomposed
/// Latin letter, one letter at a time from a table made once (none for any
/// other text). Why: decomposing and recomposing every syllable was a
/// tenth of a `serve` reload at 100,000 stories (each name, each check).
/// A Latin letter never composes with the letter after it, so a syllable's
/// key is its letters' keys in a row, with the last tone found.
fn spelling_key_by_letter(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut tone = 0u8;
        for c in word.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            let (letter, its_tone) = latin_letter_and_tone(c)?;
            out.push(letter);
            if its_tone > 0 {
                tone = its_tone;
            }
        }
        if tone > 0 {
            out.push((b'0' + tone) as char);
        }
    }
    Some(out)
}

/// A precomposed Latin letter (Latin-1 to Latin Extended-B, Latin Extended
/// Additional) as the key takes it: lowercase, without its tone mark, and
/// the tone (0 for none). None for any other character, or one whose key
/// is not a single letter.
fn latin_letter_and_tone(c: char) -> Option<(char, u8)> {
    const LATIN: [std::ops::RangeInclusive<u32>; 2] = [0xc0..=0x24f, 0x1e00..=0x1eff];
    static TABLE: OnceLock<Vec<Option<(char, u8)>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=0x1effu32)
            .map(|u| {
                let latin = LATIN.iter().any(|r| r.contains(&u));
                char::from_u32(u).filter(|_| latin).and_then(one_letter_key)
            })
            .collect()
    });
    table.get(c as usize).copied().flatten()
}

/// The key of `c` alone, when it is one letter (and a tone).
fn one_letter_key(c: char) -> Option<(char, u8)> {
    let key = spelling_key_by_syllable(&c.to_string());
    let mut chars = key.chars();
    let letter = chars.next()?;
    let tone = match chars.next() {
        None => 0,
        Some(t @ '1'..='5') => t as u8 - b'0',
        Some(_) => return None,
    };
    let starter = unicode_normalization::char::canonical_combining_class(letter) == 0;
    (chars.next().is_none() && starter && !letter.is_ascii_digit()).then_some((letter, tone))
}

/// `spelling_key` the long way, for any text: each syllable decomposed,
/// its tone mark taken out, the rest lowercased and composed again.
fn spelling_key_by_syllable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut tone = 0u8;
        let mut letters = String::new();
        for c in word.nfd() {
            if let Some((_, t)) = TONES.iter().find(|(m, _)| *m == c) {
                tone = *t;
            } else {
                letters.extend(c.to_lowercase());
            }
        }
        out.extend(letters.nfc());
        if tone > 0 {
            out.push((b'0' + tone) as char);
        }
    }
    out
}

/// Fold for loose matching: NFD, marks U+0300–U+036F removed, đ → d,
/// lowercase. "NGUYỄN VĂN HÙNG" and "nguyen van hung" fold to the same text.
/// The search script (`themes/default/static/search.js`) implements exactly
/// this definition; `tests/folding_vectors.txt` holds both to it.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            // Most of any text: no decomposition needed.
            out.push(c.to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if ('\u{0300}'..='\u{036F}').contains(&d) {
                return;
            }
            match d {
                'đ' | 'Đ' => out.push('d'),
                _ => out.extend(d.to_lowercase()),
            }
        });
    }
    out
}

/// Search tokens: the runs of ASCII letters and digits of the folded text,
/// i.e. Vietnamese syllables without marks ("Đồng Tâm" → ["dong", "tam"]).
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// URL slug without tone marks (đ → d): "Đồng Du" → "dong-du".
pub fn slugify(text: &str) -> String {
    let s = slug::slugify(fold(text));
    if s.is_empty() {
        "-".to_string()
    } else {
        s
    }
}

/// Official date style: "ngày 05 tháng 02 năm 2023" — a zero before days
/// under 10 and before months 1 and 2.
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "ngày {:02} tháng {} năm {}",
        date.day(),
        month_number(date.month()),
        date.year()
    )
}

fn month_number(month: u32) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// Board title: "Tháng 5/2023".
pub fn month_title(year: i32, month: u32) -> String {
    format!("Tháng {month}/{year}")
}

/// A name split the Vietnamese way: family name first, given name last.
pub struct NameParts<'a> {
    pub family: &'a str,
    pub middle: Vec<&'a str>,
    pub given: &'a str,
}

pub fn name_parts(name: &str) -> NameParts<'_> {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.len() {
        0 => NameParts {
            family: "",
            middle: vec![],
            given: "",
        },
        1 => NameParts {
            family: "",
            middle: vec![],
            given: words[0],
        },
        n => NameParts {
            family: words[0],
            middle: words[1..n - 1].to_vec(),
            given: words[n - 1],
        },
    }
}

/// How a minor is shown: initials of family and middle names, then the given
/// name ("Nguyễn Minh Anh" → "N. M. Anh").
pub fn minor_display_name(name: &str) -> String {
    let parts = name_parts(name);
    let mut out = String::new();
    for word in std::iter::once(parts.family).chain(parts.middle.iter().copied()) {
        if let Some(first) = word.chars().next() {
            out.extend(first.to_uppercase());
            out.push_str(". ");
        }
    }
    out.push_str(parts.given);
    out
}

fn collator() -> &'static CollatorBorrowed<'static> {
    static COLLATOR: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    COLLATOR.get_or_init(|| {
        // The Vietnamese tailoring ships in ICU4X's compiled data; if it were
        // ever missing, the root order is still a sane fallback.
        Collator::try_new(locale!("vi").into(), CollatorOptions::default())
            .or_else(|_| Collator::try_new(Default::default(), CollatorOptions::default()))
            .expect("ICU root collation data is compiled into the binary")
    })
}

/// Compare two texts in Vietnamese alphabetical order (a < ă < â, d < đ,
/// ngang < huyền < hỏi < ngã < sắc < nặng).
pub fn compare(a: &str, b: &str) -> Ordering {
    collator().compare(a, b)
}

/// Compare two texts syllable by syllable in Vietnamese order, so that
/// "Bách Khoa" comes before "Bạch Đằng".
pub fn compare_syllables(a: &str, b: &str) -> Ordering {
    let mut left = a.split_whitespace();
    let mut right = b.split_whitespace();
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match compare(x, y) {
                Ordering::Equal => continue,
                other => return other,
            },
        }
    }
}

/// A byte string that sorts like `compare_syllables`: each syllable's ICU
/// sort key, closed by a 0 byte (lower than any key byte), so keys compare
/// syllable by syllable. Computing keys once makes sorting thousands of
/// names cheap.
pub fn syllable_sort_key(text: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(text.len() * 3);
    for syllable in text.split_whitespace() {
        let _ = collator().write_sort_key_to(syllable, &mut key);
        key.push(0);
    }
    key
}

/// The sort key of a person's name: given name, then middle, then family
/// (see `compare_person_names`), with the name itself last as a tie-break.
pub fn person_sort_key(name: &str) -> Vec<u8> {
    let parts = name_parts(name);
    let mut key = syllable_sort_key(parts.given);
    key.push(0);
    key.extend(syllable_sort_key(&parts.middle.join(" ")));
    key.push(0);
    key.extend(syllable_sort_key(parts.family));
    key.push(0);
    key.extend_from_slice(name.as_bytes());
    key
}

/// Order of people in lists: by given name, then middle names, then family
/// name, each compared syllable by syllable in Vietnamese order. The site
/// sorts with `person_sort_key`; this is the plain reference its test checks
/// those keys against.
#[cfg(test)]
pub fn compare_person_names(a: &str, b: &str) -> Ordering {
    let (pa, pb) = (name_parts(a), name_parts(b));
    compare_syllables(pa.given, pb.given)
        .then_with(|| compare_syllables(&pa.middle.join(" "), &pb.middle.join(" ")))
        .then_with(|| compare_syllables(pa.family, pb.family))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_by_range_are_the_standard_librarys() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn the_key_letter_by_letter_is_the_key_syllable_by_syllable() {
        let mut texts: Vec<String> = (0..=0x2000u32)
            .filter_map(char::from_u32)
            .flat_map(|c| {
                [
                    format!("{c}"),
                    format!("Ng{c}n V{c}{c} H{c}ng"),
                    format!("{c}\u{301}"),
                ]
            })
            .collect();
        for name in [
            "Nguyễn Thị Hoà",
            "NGUYỄN THỊ HÒA",
            "Đặng  Thuý\tAn",
            "Lê Văn Hưng",
            "a\u{323}\u{302}",
            "Ngô Ꜳ",
            "x\u{1161}",
            "",
        ] {
            texts.push(name.to_string());
            texts.push(name.nfd().collect());
        }
        for text in &texts {
            let by_syllable = spelling_key_by_syllable(text);
            if let Some(by_letter) = spelling_key_by_letter(text) {
                assert_eq!(by_letter, by_syllable, "{text:?}");
            }
            assert_eq!(spelling_key(text), by_syllable, "{text:?}");
        }
        // The names of a site go the short way.
        assert_eq!(
            spelling_key_by_letter("NGUYỄN THỊ HÒA").as_deref(),
            Some("nguyên3 thi5 hoa1")
        );
    }

    #[test]
    fn into_nfc_is_nfc() {
        let nfd: String = "Nguyễn Văn Hùng".nfd().collect();
        assert_eq!(into_nfc(nfd.clone()), nfc(&nfd));
        assert_eq!(into_nfc("Nguyễn Văn Hùng".into()), "Nguyễn Văn Hùng");
        // A combining mark after a precomposed letter: not NFC as it is.
        let odd = "e\u{301}\u{302} \u{1ebf}\u{301}".to_string();
        assert_eq!(into_nfc(odd.clone()), nfc(&odd));
    }

    #[test]
    fn nfd_and_nfc_are_one_text() {
        let nfd: String = "Nguyễn Văn Hùng".nfd().collect();
        assert_ne!(nfd, "Nguyễn Văn Hùng");
        assert_eq!(nfc(&nfd), "Nguyễn Văn Hùng");
    }

    #[test]
    fn old_and_new_tone_placement_match() {
        assert_eq!(spelling_key("Hoà"), spelling_key("hòa"));
        assert_eq!(spelling_key("Thuý"), spelling_key("thúy"));
        assert_ne!(spelling_key("Hùng"), spelling_key("Hưng"));
        assert_ne!(spelling_key("Hùng"), spelling_key("Húng"));
    }

    #[test]
    fn folding_removes_tones_marks_and_dd() {
        assert_eq!(fold("NGUYỄN VĂN HÙNG"), "nguyen van hung");
        assert_eq!(fold("Đồng Tâm"), "dong tam");
    }

    #[test]
    fn slugs_have_no_marks() {
        assert_eq!(slugify("Đồng Du"), "dong-du");
        assert_eq!(
            slugify("Lao xuống hồ cứu cháu bé!"),
            "lao-xuong-ho-cuu-chau-be"
        );
        assert_eq!(slugify("???"), "-");
    }

    #[test]
    fn official_dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(long_date(d(2023, 2, 5)), "ngày 05 tháng 02 năm 2023");
        assert_eq!(long_date(d(2023, 4, 21)), "ngày 21 tháng 4 năm 2023");
        assert_eq!(long_date(d(2023, 12, 1)), "ngày 01 tháng 12 năm 2023");
        assert_eq!(month_title(2023, 5), "Tháng 5/2023");
    }

    #[test]
    fn syllable_order_puts_bach_khoa_first() {
        assert_eq!(compare_syllables("Bách Khoa", "Bạch Đằng"), Ordering::Less);
        let mut letters = vec!["đa", "da", "âm", "ăn", "an"];
        letters.sort_by(|a, b| compare(a, b));
        assert_eq!(letters, ["an", "ăn", "âm", "da", "đa"]);
        let mut tones = vec!["mạ", "má", "mã", "mả", "mà", "ma"];
        tones.sort_by(|a, b| compare(a, b));
        assert_eq!(tones, ["ma", "mà", "mả", "mã", "má", "mạ"]);
    }

    #[test]
    fn sort_keys_agree_with_comparisons() {
        let names = [
            "Nguyễn Văn Hùng",
            "Nguyễn Văn Hưng",
            "Trần Thị Ánh",
            "Lê Văn Anh",
            "N. M. Anh",
            "Phạm Ân",
            "Bách",
            "Bạch",
            "Đỗ Đức",
            "Đỗ Dũng",
            "Vũ Thị Hoà",
            "Lê Thị Thuý",
            "Hồ An",
            "Hồ Ăn",
            "Hồ Ân",
            "Nguyễn Văn An Bình",
            "Lê Bình",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    person_sort_key(a).cmp(&person_sort_key(b)),
                    compare_person_names(a, b),
                    "{a} vs {b}"
                );
                assert_eq!(
                    syllable_sort_key(a).cmp(&syllable_sort_key(b)),
                    compare_syllables(a, b),
                    "{a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn people_sort_by_given_name_first() {
        let mut names = vec!["Trần Văn Bình", "Nguyễn Thị Anh", "Lê Ánh", "Phạm Văn Anh"];
        names.sort_by(|a, b| compare_person_names(a, b));
        assert_eq!(
            names,
            ["Nguyễn Thị Anh", "Phạm Văn Anh", "Lê Ánh", "Trần Văn Bình"]
        );
    }

    #[test]
    fn minors_by_initials() {
        assert_eq!(minor_display_name("Nguyễn Minh Anh"), "N. M. Anh");
        assert_eq!(minor_display_name("Đỗ Ánh"), "Đ. Ánh");
    }
}
