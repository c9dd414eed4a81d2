//! Personal data typed into free text: phone numbers, e-mail addresses,
//! citizen ID numbers and house addresses. Pure functions over a string that
//! return byte ranges, so a caller can point at the very place in its file.
//! Nothing here knows what a story is.
//!
//! No crate finds Vietnamese phone numbers in running text (the libphonenumber
//! port parses a whole string it is given), and the hard part is the other
//! way round: not taking years, decision numbers, money, dates and counts
//! for numbers. So the scanner is ours, with its table of cases in the tests.

use std::ops::Range;

use crate::text::house_address;
use crate::text::vietnamese::nfc;

/// What kind of personal data a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Phone,
    Email,
    IdNumber,
    HouseAddress,
}

/// One match: its kind and where it stands in the text (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    pub range: Range<usize>,
}

/// Numbers the site may publish (a ward's hotline), as digits only, with a
/// `+84`/`84` prefix read as the leading `0`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicNumbers(Vec<String>);

impl PublicNumbers {
    pub fn new<S: AsRef<str>>(numbers: &[S]) -> Self {
        PublicNumbers(numbers.iter().map(|n| national(n.as_ref())).collect())
    }

    /// Whether the number written as `text` is one of them.
    pub fn allows(&self, text: &str) -> bool {
        let digits = national(text);
        self.0.contains(&digits)
    }
}

/// The digits of `text`, a `+84`/`84` country prefix turned into `0` when what
/// follows is a Vietnamese number.
fn national(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("84") {
        Some(rest) if phone_kind(&format!("0{rest}")) => format!("0{rest}"),
        _ => digits,
    }
}

/// Every piece of personal data in `text`, in order, never overlapping.
pub fn find(text: &str) -> Vec<Found> {
    let mut found = find_emails(text);
    found.extend(find_numbers(text));
    found.extend(house_address::find(text).into_iter().map(|range| Found {
        kind: Kind::HouseAddress,
        range,
    }));
    found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if kept.last().is_none_or(|k| f.range.start >= k.range.end) {
            kept.push(f);
        }
    }
    kept
}

// ---------------------------------------------------------------------------
// E-mail addresses.

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

fn find_emails(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_local_char(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let domain_len = text[at + 1..]
            .find(|c: char| !is_domain_char(c))
            .unwrap_or(text.len() - at - 1);
        // A sentence may end right after the address: "…@gmail.com."
        let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
        let local = text[start..at].trim_start_matches('.');
        let tld = domain.rsplit('.').next().unwrap_or("");
        let ok = !local.is_empty()
            && domain.contains('.')
            && tld.len() >= 2
            && tld.chars().all(|c| c.is_ascii_alphabetic());
        if ok {
            let start = at - local.len();
            found.push(Found {
                kind: Kind::Email,
                range: start..at + 1 + domain.len(),
            });
        }
    }
    found
}

// ---------------------------------------------------------------------------
// Numbers: phones and ID numbers.

/// One run of digits in a chain, with the separator that came before it.
#[derive(Debug, Clone)]
struct Group {
    range: Range<usize>,
    /// With its "+" or "(…)" around it.
    outer: Range<usize>,
    /// The separator before this group ("" for the first).
    sep: String,
}

/// Mobile (10 digits: 03, 05, 07, 08, 09), landline (11 digits: 02…), or a
/// 1800/1900 hotline (8 or 10 digits); `digits` has the national `0`.
fn phone_kind(digits: &str) -> bool {
    let b = digits.as_bytes();
    let mobile = b.len() == 10 && b[0] == b'0' && matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9');
    let landline = b.len() == 11 && b.starts_with(b"02");
    let hotline =
        (b.len() == 8 || b.len() == 10) && (b.starts_with(b"1800") || b.starts_with(b"1900"));
    mobile || landline || hotline
}

/// "50.000.000", "1,800,000": thousands, which is money or a count, never a phone.
fn is_thousands(text: &str, groups: &[Group]) -> bool {
    let first = &text[groups[0].range.clone()];
    groups.len() > 1
        && first.len() <= 3
        && !first.starts_with('0')
        && groups[1..]
            .iter()
            .all(|g| g.range.len() == 3 && matches!(g.sep.trim(), "." | ","))
}

/// Words after a number that make it money: "500000000 đồng".
const MONEY_WORDS: &[&str] = &[
    "đồng", "đ", "vnđ", "vnd", "triệu", "nghìn", "ngàn", "tỷ", "tỉ",
];

/// Words before a number that make it an ID number.
const ID_WORDS: &[&str] = &["cccd", "cmnd", "căn cước", "chứng minh", "định danh"];

fn find_numbers(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        // A chain starts with an ASCII byte, always a character boundary:
        // the bytes between are skipped without decoding them.
        let lead = bytes[i];
        let Some(start) = (lead.is_ascii_digit() || lead == b'+' || lead == b'(')
            .then(|| chain_start(text, i))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let (groups, end) = read_chain(text, start);
        found.extend(classify_chain(text, start, &groups, end));
        i = end.max(i + 1);
    }
    found
}

/// Where a chain of digit groups starts at `i` ("0912", "+84", "(024)"), if
/// one does: not inside a word, a date or a decision number ("4486/QĐ").
fn chain_start(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let lead = rest.chars().next()?;
    let digit_at = match lead {
        '+' | '(' => i + 1,
        c if c.is_ascii_digit() => i,
        _ => return None,
    };
    if !text[digit_at..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let before = text[..i].chars().next_back();
    let inside =
        before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '_' | '.' | ',' | '-'));
    (!inside).then_some(i)
}

/// The digit groups from `start` and the byte where the chain ends.
fn read_chain(text: &str, start: usize) -> (Vec<Group>, usize) {
    let mut groups = Vec::new();
    let mut pos = start;
    let mut sep = String::new();
    loop {
        let open = text[pos..].starts_with(['(', '+']);
        let digits_from = pos + usize::from(open);
        let len = text[digits_from..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len() - digits_from);
        if len == 0 {
            break;
        }
        let plus = text[pos..].starts_with('+');
        let group_start = pos;
        pos = digits_from + len;
        // "(024) 3869…" keeps its brackets; "(0912 345 678)" is a bracketed remark.
        let closed = open && !plus && text[pos..].starts_with(')');
        if closed {
            pos += 1;
        }
        groups.push(Group {
            range: digits_from..digits_from + len,
            outer: if plus || closed {
                group_start
            } else {
                digits_from
            }..pos,
            sep: std::mem::take(&mut sep),
        });
        let gap: String = text[pos..]
            .chars()
            .take_while(|c| matches!(c, ' ' | '.' | '-' | '\u{a0}'))
            .take(4)
            .collect();
        let next = &text[pos + gap.len()..];
        let continues = !gap.is_empty()
            && gap.matches(['.', '-']).count() <= 1
            && (next.starts_with(|c: char| c.is_ascii_digit())
                || next.starts_with("(") && next[1..].starts_with(|c: char| c.is_ascii_digit()));
        if !continues {
            break;
        }
        sep = gap.clone();
        pos += gap.len();
    }
    let end = groups.last().map_or(start, |g| g.outer.end);
    (groups, end)
}

/// The phones in a chain (any run of its groups may be one: "năm 2023 0912
/// 345 678"), else the chain as an ID number.
fn classify_chain(text: &str, start: usize, groups: &[Group], end: usize) -> Vec<Found> {
    let mut found = Vec::new();
    let mut a = 0;
    while a < groups.len() {
        let hit = (a + 1..=groups.len()).rev().find(|&b| {
            let run = &groups[a..b];
            let plus = a == 0 && text[start..].starts_with('+');
            let digits: String = run.iter().map(|g| &text[g.range.clone()]).collect();
            let national = match digits.strip_prefix("84") {
                Some(rest) if plus || phone_kind(&format!("0{rest}")) => format!("0{rest}"),
                _ => digits,
            };
            !is_thousands(text, run) && phone_kind(&national)
        });
        match hit {
            Some(b) => {
                let from = groups[a].outer.start;
                let to = groups[b - 1].outer.end;
                found.push(Found {
                    kind: Kind::Phone,
                    range: from..to,
                });
                a = b;
            }
            None => a += 1,
        }
    }
    if found.is_empty() && is_id_number(text, start, groups, end) {
        found.push(Found {
            kind: Kind::IdNumber,
            range: start..end,
        });
    }
    found
}

/// 9 (CMND) or 12 (CCCD) digits: written as one number and not money, or
/// spaced out after "CCCD", "căn cước"…
fn is_id_number(text: &str, start: usize, groups: &[Group], end: usize) -> bool {
    let count: usize = groups.iter().map(|g| g.range.len()).sum();
    if count != 9 && count != 12 {
        return false;
    }
    // The few words before the number, not the whole text before it.
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(30)
        .map_or(0, |(i, _)| i);
    let near = nfc(&text[from..start].to_lowercase());
    if ID_WORDS.iter().any(|w| near.contains(w)) {
        return true;
    }
    let after = text[end..].trim_start().to_lowercase();
    let money = MONEY_WORDS
        .iter()
        .any(|w| after.starts_with(w) && !after[w.len()..].starts_with(char::is_alphanumeric));
    groups.len() == 1 && !text[start..].starts_with(['+', '(']) && !money
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matches in `text`, as (kind, matched text).
    fn matches(text: &str) -> Vec<(Kind, &str)> {
        find(text)
            .into_iter()
            .map(|f| (f.kind, &text[f.range]))
            .collect()
    }

    #[test]
    fn phone_numbers_in_every_usual_writing_are_found() {
        let cases = [
            ("Gọi 0912 345 678 nhé", "0912 345 678"),
            ("Gọi 0912.345.678 nhé", "0912.345.678"),
            ("Gọi 0912-345-678.", "0912-345-678"),
            ("số 0912345678", "0912345678"),
            ("ĐT: 091 234 5678", "091 234 5678"),
            ("Gọi +84 912 345 678", "+84 912 345 678"),
            ("Gọi +84912345678", "+84912345678"),
            ("Gọi 84 912 345 678", "84 912 345 678"),
            ("di động 0387 654 321", "0387 654 321"),
            ("máy bàn 024 3869 1234", "024 3869 1234"),
            ("máy bàn (024) 38691234", "(024) 38691234"),
            ("máy bàn 024.3869.1234", "024.3869.1234"),
            ("máy bàn 0236 3822 123", "0236 3822 123"),
            ("+84 24 3869 1234", "+84 24 3869 1234"),
            ("đường dây nóng 1900 1234", "1900 1234"),
            ("tổng đài 1800 1091", "1800 1091"),
            ("tổng đài 1900 54 54 54", "1900 54 54 54"),
            ("năm 2023 0912 345 678 là số", "0912 345 678"),
            ("(0912 345 678)", "0912 345 678"),
        ];
        for (text, want) in cases {
            assert_eq!(matches(text), vec![(Kind::Phone, want)], "{text}");
        }
    }

    #[test]
    fn years_decisions_money_dates_and_counts_are_not_phones() {
        let cases = [
            "Năm 2023 anh được khen",
            "Quyết định số 4486/QĐ-UBND ngày 12/6/2023",
            "Quyết định 1900/QĐ-UBND",
            "thưởng 50.000.000 đồng",
            "thưởng 1.800.000.000 đồng",
            "tổng 1,900,000,000 đồng",
            "giá trị 30 triệu",
            "ngày 30/5/2023",
            "ngày 30.5.2023",
            "ngày 30-05-2023",
            "30 lần hiến máu",
            "giai đoạn 2020 - 2023",
            "trong 15 năm, 120 lần",
            "từ 2019 2020 2021 đến nay",
            "mã hồ sơ H01.2023.0912",
            "số 113, 114, 115",
            "cứu 3 người, 2 cháu bé",
        ];
        for text in cases {
            assert_eq!(matches(text), vec![], "{text}");
        }
    }

    #[test]
    fn email_addresses_are_found() {
        let cases = [
            ("thư: nguyen.van.a@gmail.com.", "nguyen.van.a@gmail.com"),
            ("<a_b+1@ubnd.hanoi.gov.vn>", "a_b+1@ubnd.hanoi.gov.vn"),
            ("0912345678@yahoo.com", "0912345678@yahoo.com"),
        ];
        for (text, want) in cases {
            assert_eq!(matches(text), vec![(Kind::Email, want)], "{text}");
        }
        for text in ["@tag", "a@b", "giờ @ 5.30", "x@y.1"] {
            assert_eq!(matches(text), vec![], "{text}");
        }
    }

    #[test]
    fn id_numbers_are_found_but_not_money() {
        let cases = [
            ("CCCD 001089012345", "001089012345"),
            ("số căn cước: 001 089 012 345", "001 089 012 345"),
            ("CMND số 012345678", "012345678"),
            ("chứng minh nhân dân 012.345.678", "012.345.678"),
            ("mã 001089012345 đã cấp", "001089012345"),
        ];
        for (text, want) in cases {
            assert_eq!(matches(text), vec![(Kind::IdNumber, want)], "{text}");
        }
        for text in [
            "ủng hộ 500000000 đồng",
            "ủng hộ 500.000.000 đồng",
            "ủng hộ 100.000.000.000 đồng",
            "500000000đ",
        ] {
            assert_eq!(matches(text), vec![], "{text}");
        }
    }

    #[test]
    fn public_numbers_compare_digits_only() {
        let public = PublicNumbers::new(&["024 3869 1234"]);
        assert!(public.allows("(024) 38691234"));
        assert!(public.allows("+84 24 3869 1234"));
        assert!(!public.allows("024 3869 1235"));
    }

    #[test]
    fn ranges_point_into_the_text() {
        let text = "Ông Hùng (ĐT 0912 345 678) ở ngõ 5.";
        let found = find(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].range.clone()], "0912 345 678");
        assert_eq!(&text[found[1].range.clone()], "ngõ 5");
    }
}
