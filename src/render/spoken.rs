//! Numbers and dates as a loudspeaker announcer reads them, for the monthly
//! radio script (bản tin phát thanh). Northern reading: "linh", "mốt", "lăm",
//! "tư", "không trăm", "nghìn", "tỷ".
//!
//! Every literal here is precomposed (NFC), so the output is NFC whenever the
//! input is; text the functions do not rewrite is copied unchanged.

use std::collections::BTreeMap;

use crate::text::vietnamese::is_letter;

/// Digit names, index = digit.
const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Names of the three-digit groups inside a number below one billion,
/// lowest first. Billions are read by recursion, so "nghìn tỷ" and "triệu tỷ"
/// come out of the same rule as in speech.
const GROUP_NAMES: [&str; 3] = ["", "nghìn", "triệu"];

const BILLION: u64 = 1_000_000_000;

/// Vietnamese reading of a whole number: 21 "hai mươi mốt",
/// 105 "một trăm linh năm", 1005 "một nghìn không trăm linh năm".
pub fn number_words(n: u64) -> String {
    if n == 0 {
        return DIGITS[0].to_string();
    }
    let mut words = Vec::new();
    push_number(&mut words, n, true);
    words.join(" ")
}

/// Reads `n` (> 0) into `words`. `leading` is false when a higher, non-zero
/// part was already read: then an empty hundreds digit must be said
/// ("một nghìn không trăm linh năm"), because skipping it would sound like
/// "một nghìn linh năm" and blur 1005 with 1000 + 5 said quickly.
fn push_number(words: &mut Vec<&'static str>, n: u64, leading: bool) {
    let billions = n / BILLION;
    let rest = n % BILLION;
    if billions > 0 {
        push_number(words, billions, leading);
        words.push("tỷ");
    }
    if rest > 0 {
        push_below_billion(words, rest, leading && billions == 0);
    }
}

/// Reads 1 ..= 999 999 999 group by group; all-zero groups are skipped, as
/// announcers say "một triệu không trăm linh năm", not "… không nghìn …".
fn push_below_billion(words: &mut Vec<&'static str>, n: u64, mut leading: bool) {
    for (i, name) in GROUP_NAMES.iter().enumerate().rev() {
        let group = (n / 1000u64.pow(i as u32)) % 1000;
        if group == 0 {
            continue;
        }
        push_hundreds(words, group as usize, !leading);
        if !name.is_empty() {
            words.push(name);
        }
        leading = false;
    }
}

/// Reads one group 1 ..= 999. `full` says the group follows a higher group,
/// so its hundreds digit is read even when it is zero.
fn push_hundreds(words: &mut Vec<&'static str>, group: usize, full: bool) {
    let (hundreds, tens, units) = (group / 100, group / 10 % 10, group % 10);
    let said_hundreds = full || hundreds > 0;
    if said_hundreds {
        words.push(DIGITS[hundreds]);
        words.push("trăm");
    }
    match tens {
        // "linh" keeps 105 ("một trăm linh năm") apart from 150.
        0 if units > 0 && said_hundreds => words.push("linh"),
        0 => {}
        1 => words.push("mười"),
        t => {
            words.push(DIGITS[t]);
            words.push("mươi");
        }
    }
    if units > 0 {
        words.push(unit_word(tens, units));
    }
}

/// The units digit after a tens digit: the spoken variants exist because
/// "hai mươi một" and "hai mươi năm" are ambiguous or awkward aloud.
fn unit_word(tens: usize, units: usize) -> &'static str {
    match (tens, units) {
        (t, 1) if t >= 2 => "mốt",
        (t, 4) if t >= 2 => "tư",
        (t, 5) if t >= 1 => "lăm",
        (_, u) => DIGITS[u],
    }
}

/// A date spelled out: "ngày mồng năm tháng sáu năm hai nghìn không trăm
/// hai mươi ba". Out-of-range values are read as they are, never rejected.
pub fn spoken_date_words(day: u32, month: u32, year: Option<i32>) -> String {
    format!("ngày {}", date_words_after_ngay(day, month, year))
}

/// The spelled date without its leading "ngày", for text that already says
/// "ngày" before the digits ("ngày 30/5/2023").
fn date_words_after_ngay(day: u32, month: u32, year: Option<i32>) -> String {
    let mut out = format!("{} tháng {}", day_words(day), month_words(month));
    if let Some(y) = year {
        out.push_str(" năm ");
        out.push_str(&year_words(y));
    }
    out
}

/// Days 1–10 take "mồng" on air ("mồng năm"), which also keeps "ngày năm"
/// from sounding like "the fifth year".
fn day_words(day: u32) -> String {
    let words = number_words(u64::from(day));
    if (1..=10).contains(&day) {
        format!("mồng {words}")
    } else {
        words
    }
}

/// April is "tháng tư" in speech; every other month is its plain number
/// ("tháng một", "tháng mười hai").
fn month_words(month: u32) -> String {
    match month {
        4 => "tư".to_string(),
        m => number_words(u64::from(m)),
    }
}

/// Years are plain numbers; a negative year cannot come from a valid
/// decision, but it is read rather than panicking on `abs` overflow.
fn year_words(year: i32) -> String {
    let words = number_words(u64::from(year.unsigned_abs()));
    if year < 0 {
        format!("âm {words}")
    } else {
        words
    }
}

/// The abbreviations a site reads aloud (site.yaml `radio: abbreviations:`):
/// "UBND" → "Ủy ban nhân dân", "SN" → "sinh năm". Data, not code: what
/// "CT" means (Chủ tịch, not chỉ thị) is the site's to say.
pub type Abbreviations = BTreeMap<String, String>;

/// The general pass for story sentences: numbers, dates "d/m/yyyy", "%",
/// thousand separators ("30.000.000 đồng" → "ba mươi triệu đồng"), decimal
/// commas, decision references and the abbreviations of `table`;
/// everything else is kept.
pub fn spoken_text(text: &str, table: &Abbreviations) -> String {
    Reader::new(text, table).read()
}

/// The number of a decision as the announcer says it: "215/QĐ-CT" →
/// "hai trăm mười lăm" (the symbol names the issuer, which is said in full).
pub fn spoken_decision_number(number: &str, table: &Abbreviations) -> String {
    let head = number.split('/').next().unwrap_or("").trim();
    if !head.is_empty() && head.bytes().all(|b| b.is_ascii_digit()) {
        padded_number_words(head)
    } else {
        spoken_text(number, table)
    }
}

/// Reads a symbol such as "QĐ-UBND" → "quyết định của Ủy ban nhân dân".
/// "của" only joins a known first part to the rest; otherwise the parts are
/// read one after another so nothing is claimed that the text did not say.
fn symbol_words(parts: &[String], table: &Abbreviations) -> String {
    let read: Vec<String> = parts
        .iter()
        .map(|p| table.get(p).cloned().unwrap_or_else(|| p.clone()))
        .collect();
    match parts.first() {
        Some(first) if table.contains_key(first) && read.len() > 1 => {
            format!("{} của {}", read[0], read[1..].join(" "))
        }
        _ => read.join(" "),
    }
}

/// A digit string read digit by digit: used when a leading zero or the
/// length shows it is a code (phone, account number) rather than a quantity.
fn digit_by_digit(digits: &str) -> String {
    let words: Vec<&str> = digits
        .bytes()
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect();
    words.join(" ")
}

/// Reads an ASCII digit string as a quantity when it is one.
fn digits_words(digits: &str) -> String {
    if digits.len() > 1 && digits.starts_with('0') {
        return digit_by_digit(digits);
    }
    match digits.parse::<u64>() {
        Ok(n) => number_words(n),
        Err(_) => digit_by_digit(digits),
    }
}

/// A register number such as "03" in "03/CT-TTg": the zero only pads the
/// number, so it is read "ba", not as a code.
fn padded_number_words(digits: &str) -> String {
    match digits.trim_start_matches('0') {
        "" => DIGITS[0].to_string(),
        rest => digits_words(rest),
    }
}

/// Decimal part after the comma: "2,05" is "hai phẩy không năm", so leading
/// zeros are said one by one and the rest as a number.
fn fraction_words(digits: &str) -> String {
    let rest = digits.trim_start_matches('0');
    let mut words: Vec<String> = vec![DIGITS[0].to_string(); digits.len() - rest.len()];
    if !rest.is_empty() {
        words.push(digits_words(rest));
    }
    words.join(" ")
}

/// A decision reference "45/QĐ-UBND" or "45/2023/NĐ-CP" found in text.
struct Reference {
    number: String,
    year: Option<String>,
    symbol: Vec<String>,
}

/// One left-to-right pass over the text. Char-indexed so that no slice can
/// fall inside a multi-byte letter, whatever the input.
struct Reader<'t> {
    chars: Vec<char>,
    pos: usize,
    out: String,
    table: &'t Abbreviations,
}

impl<'t> Reader<'t> {
    fn new(text: &str, table: &'t Abbreviations) -> Self {
        Reader {
            chars: text.chars().collect(),
            pos: 0,
            out: String::with_capacity(text.len() * 2),
            table,
        }
    }

    fn read(mut self) -> String {
        while let Some(c) = self.peek(0) {
            if c.is_ascii_digit() {
                self.number_like();
            } else if c == '%' {
                self.percent();
            } else if is_letter(c) {
                self.word();
            } else {
                self.out.push(c);
                self.pos += 1;
            }
        }
        self.out
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn is_digit_at(&self, at: usize) -> bool {
        self.chars.get(at).is_some_and(char::is_ascii_digit)
    }

    /// Length of the ASCII digit run starting at `at`.
    fn digit_run(&self, at: usize) -> usize {
        (at..self.chars.len())
            .take_while(|&i| self.chars[i].is_ascii_digit())
            .count()
    }

    fn collect(&self, from: usize, len: usize) -> String {
        self.chars[from..from + len].iter().collect()
    }

    /// Written as it is, then swapped for its expansion if it is an
    /// abbreviation: most words are not, and are copied only once.
    fn word(&mut self) {
        let start = self.pos;
        while self.peek(0).is_some_and(is_letter) {
            self.pos += 1;
        }
        let written = self.out.len();
        self.out.extend(&self.chars[start..self.pos]);
        if let Some(expanded) = self.table.get(&self.out[written..]) {
            self.out.truncate(written);
            self.out.push_str(expanded);
        }
    }

    fn percent(&mut self) {
        self.pos += 1;
        self.push_spoken("phần trăm");
    }

    /// Appends spoken words with a space on each side where the text had
    /// them glued to letters or numbers ("42lần", "15%").
    fn push_spoken(&mut self, words: &str) {
        if self.out.chars().last().is_some_and(char::is_alphanumeric) {
            self.out.push(' ');
        }
        self.out.push_str(words);
        if self.peek(0).is_some_and(char::is_alphanumeric) {
            self.out.push(' ');
        }
    }

    /// Tries the patterns from most to least specific, so "30/5/2023" is a
    /// date before it is three numbers.
    fn number_like(&mut self) {
        if let Some((day, month, year, len)) = self.date_at(self.pos) {
            self.pos += len;
            self.push_date(day, month, year);
        } else if let Some((reference, len)) = self.reference_at(self.pos) {
            self.pos += len;
            self.push_reference(&reference);
        } else {
            let digits = self.integer();
            let mut words = digits_words(&digits);
            if let Some(fraction) = self.fraction() {
                words = format!("{words} phẩy {}", fraction_words(&fraction));
            }
            self.push_spoken(&words);
        }
    }

    /// "d/m/yyyy" with a real day and month; "99/99/99999" is not a date and
    /// falls through to plain numbers.
    fn date_at(&self, at: usize) -> Option<(u32, u32, i32, usize)> {
        let d_len = self.digit_run(at);
        let m_at = at + d_len + 1;
        let m_len = self.digit_run(m_at);
        let y_at = m_at + m_len + 1;
        let y_len = self.digit_run(y_at);
        let shape_ok = (1..=2).contains(&d_len)
            && (1..=2).contains(&m_len)
            && y_len == 4
            && self.chars.get(m_at - 1) == Some(&'/')
            && self.chars.get(y_at - 1) == Some(&'/')
            && self.chars.get(y_at + y_len) != Some(&'/');
        if !shape_ok {
            return None;
        }
        let day: u32 = self.collect(at, d_len).parse().ok()?;
        let month: u32 = self.collect(m_at, m_len).parse().ok()?;
        let year: i32 = self.collect(y_at, y_len).parse().ok()?;
        let valid = (1..=31).contains(&day) && (1..=12).contains(&month);
        valid.then_some((day, month, year, y_at + y_len - at))
    }

    /// Skips the "ngày" the spelled date would repeat when the text already
    /// says it ("ngày 30/5/2023").
    fn push_date(&mut self, day: u32, month: u32, year: i32) {
        let words = date_words_after_ngay(day, month, Some(year));
        if ends_with_word_ngay(&self.out) {
            if !self.out.ends_with(char::is_whitespace) {
                self.out.push(' ');
            }
            self.push_spoken(&words);
        } else {
            self.push_spoken(&format!("ngày {words}"));
        }
    }

    /// "45/QĐ-UBND" or "45/2023/NĐ-CP": the symbol must start with an
    /// uppercase abbreviation, so "100.000/tháng" is not taken for one.
    fn reference_at(&self, at: usize) -> Option<(Reference, usize)> {
        let n_len = self.digit_run(at);
        let mut next = at + n_len;
        if self.chars.get(next) != Some(&'/') {
            return None;
        }
        next += 1;
        let mut year = None;
        let y_len = self.digit_run(next);
        if y_len == 4 && self.chars.get(next + y_len) == Some(&'/') {
            year = Some(self.collect(next, y_len));
            next += y_len + 1;
        }
        let (symbol, s_len) = self.symbol_at(next)?;
        let reference = Reference {
            number: self.collect(at, n_len),
            year,
            symbol,
        };
        Some((reference, next + s_len - at))
    }

    /// Letters and hyphens; a trailing hyphen is left in the text.
    fn symbol_at(&self, at: usize) -> Option<(Vec<String>, usize)> {
        let len = (at..self.chars.len())
            .take_while(|&i| self.chars[i].is_alphabetic() || self.chars[i] == '-')
            .count();
        let raw = self.collect(at, len);
        let raw = raw.trim_end_matches('-');
        let parts: Vec<String> = raw
            .split('-')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let first = parts.first()?;
        let looks_like_abbreviation =
            first.chars().all(char::is_uppercase) && !raw.starts_with('-');
        looks_like_abbreviation.then(|| (parts, raw.chars().count()))
    }

    /// Ends with ", " before more words, because the announcer pauses after
    /// the symbol ("…, quyết định của Ủy ban nhân dân, ngày …").
    fn push_reference(&mut self, reference: &Reference) {
        let mut words = padded_number_words(&reference.number);
        if let Some(year) = &reference.year {
            words.push_str(", năm ");
            words.push_str(&padded_number_words(year));
        }
        words.push_str(", ");
        words.push_str(&symbol_words(&reference.symbol, self.table));
        self.push_spoken(&words);
        if self.more_words_follow() {
            self.out.push(',');
        }
    }

    fn more_words_follow(&self) -> bool {
        let blank = self.peek(0).is_some_and(char::is_whitespace);
        let next = self.chars[self.pos..].iter().find(|c| !c.is_whitespace());
        blank && next.is_some_and(|c| c.is_alphanumeric())
    }

    /// An integer, with "." thousand separators removed when every group
    /// after the first has exactly three digits ("30.000.000").
    fn integer(&mut self) -> String {
        let first = self.digit_run(self.pos);
        let mut digits = self.collect(self.pos, first);
        let mut end = self.pos + first;
        let mut grouped = String::new();
        let mut group_end = end;
        while first <= 3
            && self.chars.get(group_end) == Some(&'.')
            && self.digit_run(group_end + 1) == 3
        {
            grouped.push_str(&self.collect(group_end + 1, 3));
            group_end += 4;
        }
        // "1.000.00" or "192.168.1.1" are not thousands; read them piece by piece.
        let clean_end =
            !(self.chars.get(group_end) == Some(&'.') && self.is_digit_at(group_end + 1));
        if !grouped.is_empty() && clean_end {
            digits.push_str(&grouped);
            end = group_end;
        }
        self.pos = end;
        digits
    }

    /// A decimal comma with at most three digits after it: "2,5 tấn". Longer
    /// runs are more likely a list written without a space ("2021,2022").
    fn fraction(&mut self) -> Option<String> {
        if self.peek(0) != Some(',') {
            return None;
        }
        let len = self.digit_run(self.pos + 1);
        let after = self.chars.get(self.pos + 1 + len);
        let list_follows = after == Some(&',') && self.is_digit_at(self.pos + 2 + len);
        if !(1..=3).contains(&len) || list_follows {
            return None;
        }
        let fraction = self.collect(self.pos + 1, len);
        self.pos += 1 + len;
        Some(fraction)
    }
}

/// True when `out` ends with the word "ngày" (any case), possibly followed
/// by spaces.
fn ends_with_word_ngay(out: &str) -> bool {
    let trimmed = out.trim_end();
    let tail: Vec<char> = trimmed.chars().rev().take(5).collect();
    let word: String = tail.iter().take(4).rev().collect();
    let boundary = tail.get(4).is_none_or(|c| !c.is_alphanumeric());
    word.to_lowercase() == "ngày" && boundary
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of the example site.yaml, as a site would write it.
    fn table() -> Abbreviations {
        [
            ("QĐ", "quyết định"),
            ("CV", "công văn"),
            ("TB", "thông báo"),
            ("CT", "Chủ tịch"),
            ("NQ", "nghị quyết"),
            ("NĐ", "nghị định"),
            ("UBND", "Ủy ban nhân dân"),
            ("HĐND", "Hội đồng nhân dân"),
            ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
            ("CP", "Chính phủ"),
            ("TTg", "Thủ tướng Chính phủ"),
            ("SN", "sinh năm"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn spoken_decision(text: &str) -> String {
        super::spoken_text(text, &table())
    }

    fn spoken_text(text: &str) -> String {
        super::spoken_text(text, &table())
    }

    #[test]
    fn a_decision_number_is_its_number_in_words() {
        assert_eq!(
            spoken_decision_number("215/QĐ-CT", &table()),
            "hai trăm mười lăm"
        );
        assert_eq!(spoken_decision_number("05/QĐ", &table()), "năm");
        assert_eq!(
            spoken_decision("theo 215/QĐ-CT"),
            "theo hai trăm mười lăm, quyết định của Chủ tịch"
        );
        assert_eq!(
            spoken_text("SN 1991, học lớp 8"),
            "sinh năm một nghìn chín trăm chín mươi mốt, học lớp tám"
        );
    }

    #[test]
    fn number_words_table() {
        let cases: &[(u64, &str)] = &[
            (0, "không"),
            (1, "một"),
            (4, "bốn"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (31, "ba mươi mốt"),
            (34, "ba mươi tư"),
            (45, "bốn mươi lăm"),
            (99, "chín mươi chín"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (104, "một trăm linh bốn"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (111, "một trăm mười một"),
            (115, "một trăm mười lăm"),
            (121, "một trăm hai mươi mốt"),
            (999, "chín trăm chín mươi chín"),
            (1000, "một nghìn"),
            (1005, "một nghìn không trăm linh năm"),
            (1010, "một nghìn không trăm mười"),
            (1100, "một nghìn một trăm"),
            (2023, "hai nghìn không trăm hai mươi ba"),
            (4486, "bốn nghìn bốn trăm tám mươi sáu"),
            (10_000, "mười nghìn"),
            (15_000, "mười lăm nghìn"),
            (21_000, "hai mươi mốt nghìn"),
            (100_000, "một trăm nghìn"),
            (1_000_000, "một triệu"),
            (1_000_005, "một triệu không trăm linh năm"),
            (1_005_000, "một triệu không trăm linh năm nghìn"),
            (1_500_000, "một triệu năm trăm nghìn"),
            (30_000_000, "ba mươi triệu"),
            (1_000_000_000, "một tỷ"),
            (2_000_000_001, "hai tỷ không trăm linh một"),
            (3_050_000_000, "ba tỷ không trăm năm mươi triệu"),
            (1_000_000_000_000, "một nghìn tỷ"),
            (1_000_000_000_000_000_000, "một tỷ tỷ"),
        ];
        for (n, expected) in cases {
            assert_eq!(number_words(*n), *expected, "n = {n}");
        }
    }

    #[test]
    fn number_words_u64_max_does_not_panic() {
        let words = number_words(u64::MAX);
        assert!(words.starts_with("mười tám tỷ bốn trăm bốn mươi sáu triệu"));
        assert!(words.ends_with("sáu trăm mười lăm"));
    }

    #[test]
    fn dates_in_words() {
        let cases: &[(u32, u32, Option<i32>, &str)] = &[
            (
                30,
                5,
                Some(2023),
                "ngày ba mươi tháng năm năm hai nghìn không trăm hai mươi ba",
            ),
            (5, 6, None, "ngày mồng năm tháng sáu"),
            (1, 1, None, "ngày mồng một tháng một"),
            (10, 4, None, "ngày mồng mười tháng tư"),
            (11, 12, None, "ngày mười một tháng mười hai"),
            (14, 11, None, "ngày mười bốn tháng mười một"),
            (21, 2, None, "ngày hai mươi mốt tháng hai"),
            (24, 7, None, "ngày hai mươi tư tháng bảy"),
            (
                25,
                3,
                Some(1975),
                "ngày hai mươi lăm tháng ba năm một nghìn chín trăm bảy mươi lăm",
            ),
        ];
        for (d, m, y, expected) in cases {
            assert_eq!(spoken_date_words(*d, *m, *y), *expected);
        }
    }

    #[test]
    fn odd_dates_are_read_not_rejected() {
        assert_eq!(
            spoken_date_words(0, 13, Some(-5)),
            "ngày không tháng mười ba năm âm năm"
        );
        assert!(spoken_date_words(u32::MAX, u32::MAX, Some(i32::MIN)).starts_with("ngày "));
    }

    #[test]
    fn decision_examples() {
        assert_eq!(
            spoken_decision("Quyết định số 45/QĐ-UBND ngày 30/5/2023"),
            "Quyết định số bốn mươi lăm, quyết định của Ủy ban nhân dân, \
             ngày ba mươi tháng năm năm hai nghìn không trăm hai mươi ba"
        );
        assert_eq!(
            spoken_decision("Quyết định số 4486/QĐ-UBND ngày 27/10/2023"),
            "Quyết định số bốn nghìn bốn trăm tám mươi sáu, quyết định của Ủy ban nhân dân, \
             ngày hai mươi bảy tháng mười năm hai nghìn không trăm hai mươi ba"
        );
    }

    #[test]
    fn decision_symbols() {
        let cases = [
            (
                "Công văn số 12/CV-UBND",
                "Công văn số mười hai, công văn của Ủy ban nhân dân",
            ),
            (
                "Thông báo số 7/TB-UBND.",
                "Thông báo số bảy, thông báo của Ủy ban nhân dân.",
            ),
            (
                "Nghị quyết số 03/NQ-HĐND",
                "Nghị quyết số ba, nghị quyết của Hội đồng nhân dân",
            ),
            ("số 5/QĐ", "số năm, quyết định"),
            ("số 9/QĐ-XYZ", "số chín, quyết định của XYZ"),
            ("số 9/ABC-UBND", "số chín, ABC Ủy ban nhân dân"),
            (
                "Nghị định số 45/2023/NĐ-CP",
                "Nghị định số bốn mươi lăm, năm hai nghìn không trăm hai mươi ba, \
                 nghị định của Chính phủ",
            ),
            (
                "Quyết định số 45/QĐ-UBND của UBND huyện",
                "Quyết định số bốn mươi lăm, quyết định của Ủy ban nhân dân, \
                 của Ủy ban nhân dân huyện",
            ),
            (
                "ngày 5/6/2024",
                "ngày mồng năm tháng sáu năm hai nghìn không trăm hai mươi tư",
            ),
            (
                "Ngày 5/6/2024",
                "Ngày mồng năm tháng sáu năm hai nghìn không trăm hai mươi tư",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(spoken_decision(input), expected, "input: {input}");
        }
    }

    #[test]
    fn decision_never_panics_on_odd_input() {
        let odd = [
            "",
            "số /",
            "/",
            "số 45/",
            "số 45/-",
            "số 45/-QĐ",
            "45/QĐ-",
            "ngày 99/99/99999",
            "ngày 31/12/",
            "1/2/3/2023",
            "số 99999999999999999999999/QĐ",
            "🎉 số 45/QĐ-UBND 🎉",
            "QĐ-UBND",
            "1.000.00",
            "%%%",
            ",,,1,",
            "\u{0}\u{7f}",
        ];
        for input in odd {
            let _ = spoken_decision(input);
            let _ = spoken_text(input);
        }
        assert_eq!(spoken_decision(""), "");
        assert_eq!(spoken_decision("số /"), "số /");
        assert_eq!(
            spoken_decision("ngày 99/99/99999"),
            "ngày chín mươi chín/chín mươi chín/chín mươi chín nghìn chín trăm chín mươi chín"
        );
        assert_eq!(
            spoken_decision("🎉 45/QĐ 🎉"),
            "🎉 bốn mươi lăm, quyết định 🎉"
        );
    }

    #[test]
    fn text_examples() {
        let cases = [
            ("42 lần", "bốn mươi hai lần"),
            ("42lần", "bốn mươi hai lần"),
            ("ủng hộ 30.000.000 đồng", "ủng hộ ba mươi triệu đồng"),
            ("đạt 95%", "đạt chín mươi lăm phần trăm"),
            ("đạt 95 % kế hoạch", "đạt chín mươi lăm phần trăm kế hoạch"),
            ("tăng 12,5%", "tăng mười hai phẩy năm phần trăm"),
            ("2,05 tấn", "hai phẩy không năm tấn"),
            (
                "hôm 30/5/2023, anh",
                "hôm ngày ba mươi tháng năm năm hai nghìn không trăm hai mươi ba, anh",
            ),
            ("Năm 2023.", "Năm hai nghìn không trăm hai mươi ba."),
            (
                "gọi 0912345678",
                "gọi không chín một hai ba bốn năm sáu bảy tám",
            ),
            (
                "các năm 2021,2022",
                "các năm hai nghìn không trăm hai mươi mốt,hai nghìn không trăm hai mươi hai",
            ),
            ("100.000/tháng", "một trăm nghìn/tháng"),
            ("UBND xã", "Ủy ban nhân dân xã"),
            ("Không có số.", "Không có số."),
        ];
        for (input, expected) in cases {
            assert_eq!(spoken_text(input), expected, "input: {input}");
        }
    }

    #[test]
    fn outputs_use_precomposed_letters_only() {
        let combining = |s: &str| s.chars().any(|c| ('\u{0300}'..='\u{036f}').contains(&c));
        for n in (0..2_000u64).chain([1_000_005, 1_500_000, u64::MAX]) {
            assert!(!combining(&number_words(n)), "n = {n}");
        }
        for day in 1..=31 {
            for month in 1..=12 {
                assert!(!combining(&spoken_date_words(day, month, Some(2023))));
            }
        }
        assert!(!combining(&spoken_decision(
            "Quyết định số 45/QĐ-UBND ngày 30/5/2023 của UBND, HĐND và UBMTTQ"
        )));
    }
}
