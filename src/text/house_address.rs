//! House addresses typed into free text: "số nhà 12", "ngõ 34/12", and the
//! short form people write every day, "ở 12/45 Bạch Mai", "tại 12 Bạch Mai".
//! A pure function over a string that returns byte ranges; the hard part is
//! not taking money, decision numbers, dates, years and counts for houses,
//! so its table of cases is in the tests. Nothing here knows what a story is.

use std::ops::Range;

use crate::text::vietnamese::nfc;

/// Words that name a lane; with a number they point at a house.
const LANES: &[&str] = &["ngõ", "ngách", "hẻm", "kiệt"];

/// Words after which a number and a capitalised name are a place someone
/// lives: "ở 12 Bạch Mai", "tại 12/45 Bạch Mai", "nhà 5 Bạch Mai".
const LIVES_AT: &[&str] = &["ở", "tại", "nhà"];

/// Words before `số` that make "số 5" the number of a group or a paper, not
/// of a house: "tổ dân phố số 5 Bạch Mai", "quyết định số 12 Chủ tịch …".
const GROUPS: &[&str] = &[
    "phố", "tổ", "khu", "cụm", "xóm", "thôn", "đội", "định", "trình", "lớp", "phòng", "giải",
    "hiệu", "bàn", "kỳ", "tập", "bản",
];

/// Words that count things rather than name a street, even capitalised at
/// the start of a name: "ở 2 Tổ dân phố", "tại 3 Trường học".
const COUNTED: &[&str] = &[
    "tổ",
    "khu",
    "cụm",
    "thôn",
    "xóm",
    "xã",
    "trường",
    "lớp",
    "điểm",
    "hộ",
    "người",
    "năm",
    "tháng",
    "ngày",
    "lần",
    "gia",
];

/// The byte ranges of the words of the text.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Letters, digits and combining accents; a cheap test, as every character of
/// every text goes through it (Unicode's alphabetic table is slow).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !c.is_whitespace() && !matches!(c, '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '«' | '»')
    }
}

/// Whether `word` is `keyword` (lowercase NFC), in any case. Most words are
/// compared without an allocation; one written with combining accents (NFD)
/// is normalised first.
fn word_is(word: &str, keyword: &str) -> bool {
    if word.len() == keyword.len() {
        return word
            .chars()
            .flat_map(char::to_lowercase)
            .eq(keyword.chars());
    }
    // Combining accents only make a word longer than its NFC form.
    word.len() > keyword.len()
        && word.len() <= 3 * keyword.len()
        && word.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c))
        && nfc(&word.to_lowercase()) == keyword
}

/// The words of a text, with the questions the scanner asks about them.
struct Words<'a> {
    text: &'a str,
    w: Vec<Range<usize>>,
}

impl Words<'_> {
    fn word(&self, k: usize) -> Option<&str> {
        self.w.get(k).map(|r| &self.text[r.clone()])
    }
    fn is_num(&self, k: usize) -> bool {
        self.word(k)
            .is_some_and(|x| x.starts_with(|c: char| c.is_ascii_digit()))
    }
    fn is(&self, k: usize, s: &str) -> bool {
        self.word(k).is_some_and(|x| word_is(x, s))
    }
    fn is_any(&self, k: usize, list: &[&str]) -> bool {
        list.iter().any(|s| self.is(k, s))
    }
    fn is_capitalised(&self, k: usize) -> bool {
        self.word(k)
            .and_then(|x| x.chars().next())
            .is_some_and(char::is_uppercase)
    }
    /// The word that starts after `end` with only spaces between, if any.
    fn next_after(&self, end: usize) -> Option<usize> {
        let m = self.w.iter().position(|r| r.start >= end)?;
        let gap = &self.text[end..self.w[m].start];
        (!gap.is_empty() && gap.chars().all(|c| c == ' ')).then_some(m)
    }
}

/// "ngõ 34", "ngách số 5", "hẻm 7/2", "số nhà 12", "nhà số 12", "số 12 ngõ 34",
/// "số 12 phố …", "ở 12/45 Bạch Mai", "tại 12 Bạch Mai", "nhà 5 ngõ 12": a lane
/// or street name alone is fine. Each range is one address, never overlapping.
pub fn find(text: &str) -> Vec<Range<usize>> {
    let ws = Words {
        text,
        w: words(text),
    };
    let mut found: Vec<Range<usize>> = Vec::new();
    for k in 0..ws.w.len() {
        // Every form has a number in the next two words; most words have none.
        if !(ws.is_num(k + 1) || ws.is_num(k + 2)) {
            continue;
        }
        let Some(range) = written_form(&ws, k).or_else(|| short_form(&ws, k)) else {
            continue;
        };
        // "số 12 ngõ 34" and "nhà số 12 ngõ 45" are one address, not two.
        match found.last_mut() {
            Some(last)
                if range.start <= last.end || text[last.end..range.start].trim().is_empty() =>
            {
                last.end = last.end.max(range.end);
            }
            _ => found.push(range),
        }
    }
    found
}

/// The forms with a word saying "house" or "lane": "ngõ 34", "số nhà 12",
/// "nhà số 12", "số 12 ngõ 34", "số 12 phố …".
fn written_form(ws: &Words, k: usize) -> Option<Range<usize>> {
    let is_lane = |k: usize| ws.is_any(k, LANES);
    let num_at = if is_lane(k) {
        [k + 1, k + 2]
            .into_iter()
            .find(|&n| ws.is_num(n) && (n == k + 1 || ws.is(k + 1, "số")))
    } else if (ws.is(k, "số") && ws.is(k + 1, "nhà")) || (ws.is(k, "nhà") && ws.is(k + 1, "số"))
    {
        Some(k + 2).filter(|&n| ws.is_num(n))
    } else if ws.is(k, "số")
        && ws.is_num(k + 1)
        && (is_lane(k + 2) || ws.is(k + 2, "đường") || ws.is(k + 2, "phố"))
        && ws.text[ws.w[k + 1].end..ws.w[k + 2].start]
            .trim()
            .is_empty()
    {
        Some(k + 1)
    } else {
        None
    }?;
    Some(ws.w[k].start..address_number_end(ws.text, ws.w[num_at].start))
}

/// The short form: after `ở`, `tại`, `nhà` (maybe with `số`) or `số`, a house
/// number then a street's capitalised name or a lane: "ở 12/45 Bạch Mai",
/// "tại số 12 Bạch Mai", "nhà 5 ngõ 12". The range runs from `số` or `nhà`
/// (or the number) to the end of the street's name.
fn short_form(ws: &Words, k: usize) -> Option<Range<usize>> {
    let after_so = ws.is(k, "số") && !(k > 0 && ws.is_any(k - 1, GROUPS));
    if !(after_so || ws.is_any(k, LIVES_AT)) {
        return None;
    }
    let n = if ws.is_num(k + 1) {
        k + 1
    } else if ws.is(k + 1, "số") && ws.is_num(k + 2) {
        k + 2
    } else {
        return None;
    };
    let end = house_number_end(ws.text, ws.w[n].start)?;
    let m = ws.next_after(end)?;
    let street = if ws.is_any(m, LANES) {
        // The lane's own number is found as a lane and joined to this range.
        end
    } else if (ws.is_capitalised(m) && !ws.is_any(m, COUNTED))
        || (ws.is_any(m, &["phố", "đường"]) && ws.is_capitalised(m + 1))
    {
        name_end(ws, m)
    } else {
        return None;
    };
    let start = if n == k + 2 {
        ws.w[k + 1].start
    } else if after_so || ws.is(k, "nhà") {
        ws.w[k].start
    } else {
        ws.w[n].start
    };
    Some(start..street)
}

/// The end of a street's name that starts at word `m`: up to four words
/// joined by single spaces, each capitalised after the first.
fn name_end(ws: &Words, m: usize) -> usize {
    let mut last = m;
    while last < m + 3
        && ws.is_capitalised(last + 1)
        && &ws.text[ws.w[last].end..ws.w[last + 1].start] == " "
    {
        last += 1;
    }
    ws.w[last].end
}

/// The end of a house number written at `from` as people write one: "12",
/// "12A", "12/45", "12/45/3". A year ("2023"), a date ("12/11/2026"), money
/// ("8.350.000") or a paper's number ("52/QĐ-UBND") is none.
fn house_number_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut parts = 0;
    loop {
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        i += digits;
        if bytes.get(i).is_some_and(u8::is_ascii_alphabetic)
            && !bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            i += 1;
        }
        parts += 1;
        match bytes.get(i) {
            Some(b'/') if parts < 3 && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => i += 1,
            Some(b' ') => return Some(i),
            _ => return None,
        }
    }
}

/// The end of a house number: "12", "12A", "34/12".
fn address_number_end(text: &str, from: usize) -> usize {
    from + text[from..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '/'))
        .unwrap_or(text.len() - from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The addresses in `text`, as matched text.
    fn matches(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn house_addresses_are_found_in_every_usual_writing() {
        let cases = [
            ("ở số nhà 12 phố Huế", vec!["số nhà 12 phố Huế"]),
            ("Nhà số 12A", vec!["Nhà số 12A"]),
            ("ở số 12 ngõ 34 phố Huế", vec!["số 12 ngõ 34"]),
            ("ở ngõ 34/12 Bạch Mai", vec!["ngõ 34/12"]),
            ("ngách 5", vec!["ngách 5"]),
            ("hẻm 7 đường Lê Lợi", vec!["hẻm 7"]),
            ("kiệt 9", vec!["kiệt 9"]),
            ("Ngõ số 3", vec!["Ngõ số 3"]),
            ("ở số 25 phố Huế", vec!["số 25 phố Huế"]),
            // Typed with combining accents (NFD), as some keyboards do.
            ("ở nga\u{301}ch 5", vec!["nga\u{301}ch 5"]),
            ("NGÕ 8", vec!["NGÕ 8"]),
            // The short form people write every day.
            ("Chị ở số 12/45 Bạch Mai.", vec!["số 12/45 Bạch Mai"]),
            ("Chị ở 12/45 Bạch Mai", vec!["12/45 Bạch Mai"]),
            ("Chị sống tại 12 Bạch Mai, gần chợ", vec!["12 Bạch Mai"]),
            ("nhà 5 ngõ 12", vec!["nhà 5 ngõ 12"]),
            ("nhà 12 Bạch Mai", vec!["nhà 12 Bạch Mai"]),
            ("tại số 7A Lò Đúc", vec!["số 7A Lò Đúc"]),
            ("ở 12 phố Huế", vec!["12 phố Huế"]),
            ("ở 12/45/3 Minh Khai", vec!["12/45/3 Minh Khai"]),
            ("ở 3 ngõ 45 Bạch Mai", vec!["3 ngõ 45"]),
            // Every address of a line at once, joined when they are one.
            ("Chị ở nhà số 12 ngõ 45 phố Huế", vec!["nhà số 12 ngõ 45"]),
            ("ở ngõ 5, sau chuyển đến 12 Bạch Mai", vec!["ngõ 5"]),
            (
                "trước ở ngõ 5, nay ở 12 Bạch Mai",
                vec!["ngõ 5", "12 Bạch Mai"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(matches(text), want, "{text}");
        }
    }

    #[test]
    fn money_papers_dates_ages_counts_and_years_are_not_houses() {
        for text in [
            "sống ở phố Huế",
            "đầu ngõ nhỏ",
            "đường Lê Lợi",
            "tổ trưởng tổ dân phố số 5",
            "tổ trưởng tổ dân phố số 5 Bạch Mai",
            "kiệt sức sau 3 giờ",
            "Quyết định số 12 năm 2023",
            "trả lại 8.350.000 đồng tại chợ",
            "ở 8.350.000 Đồng",
            "Quyết định số 52/QĐ-UBND ngày 25/11/2026",
            "tại Quyết định số 52/QĐ-UBND",
            "tại 12/11/2026 Chị",
            "ở 12/11/2026 Hội nghị",
            "ở tuổi 70 chị vẫn",
            "ở 70 tuổi",
            "ở 3 tổ dân phố",
            "tại 2 điểm",
            "tại 2023",
            "tại 2023 Hà Nội",
            "nhà 5 tầng",
            "số 113, 114, 115",
            "ở 12, Bạch Mai",
            "có mặt ở 2 Tổ dân phố",
            "tại 3 Trường học",
            "ở 5 Xã",
        ] {
            assert_eq!(matches(text), Vec::<&str>::new(), "{text}");
        }
    }
}
