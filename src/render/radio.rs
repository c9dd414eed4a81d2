//! The monthly radio script read over the ward loudspeakers, written as an
//! announcer speaks: every number, date and abbreviation in words (the
//! abbreviations from site.yaml `radio: abbreviations:`), an honorific in
//! lower case mid-sentence, the deed's date said once, the decision with its
//! number and its issuer, a child named as a speaker would ("em Khôi"), and
//! no symbol a voice cannot say. Plain text, UTF-8 with a byte-order mark so
//! that any browser and static host shows it right.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::story::YearMonth;
use crate::render::spoken::{
    number_words, spoken_date_words, spoken_decision_number, spoken_text, Abbreviations,
};
use crate::site::model::SiteModel;
use crate::source::config::Reading;
use crate::source::registry::Kind;
use crate::text::vietnamese::{into_nfc, is_letter_or_digit};

/// The byte-order mark the script starts with: a .txt served without a
/// charset is read as UTF-8 by every browser only with it.
pub const BOM: char = '\u{feff}';

/// "thứ nhất", "thứ hai", … "thứ tư", … as read aloud.
fn ordinal(n: usize) -> String {
    match n {
        1 => "nhất".to_string(),
        4 => "tư".to_string(),
        n => number_words(n as u64),
    }
}

fn month_words(ym: YearMonth) -> String {
    // "tháng năm năm hai nghìn không trăm hai mươi ba"
    let day_less = spoken_date_words(1, ym.month, Some(ym.year));
    day_less
        .split_once(" tháng ")
        .map(|(_, rest)| format!("tháng {rest}"))
        .unwrap_or(day_less)
}

/// Sentence-case, on one line: a story's own text may start lowercase, and
/// a line break inside a title or a name must not start a line of the
/// script of its own (the announcer reads line by line).
fn sentence(text: &str) -> String {
    let text = one_line(text);
    let text = text.trim_end_matches(['.', '!', '?', '…', ',', ';', ':']);
    match text.chars().next() {
        Some(first) => {
            let mut out = String::with_capacity(text.len() + 4);
            out.extend(first.to_uppercase());
            out.push_str(&text[first.len_utf8()..]);
            out.push('.');
            out
        }
        None => String::new(),
    }
}

/// Every run of whitespace, line breaks included, as one space.
fn one_line(text: &str) -> String {
    let mut out = OneLine::with_capacity(text.len());
    out.push_str(text);
    out.text
}

/// Text written on one line as it comes: every run of whitespace one space,
/// none at either end (`split_whitespace` joined by spaces), in one pass
/// and with no list of the words in between.
struct OneLine {
    text: String,
    /// Whitespace came since the last word: its one space is written only
    /// once a word follows, so none ends the line.
    gap: bool,
}

impl OneLine {
    fn with_capacity(capacity: usize) -> Self {
        OneLine {
            text: String::with_capacity(capacity),
            gap: false,
        }
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.gap = true;
        } else {
            self.word_starts();
            self.text.push(c);
        }
    }

    /// Word by word, not letter by letter: between two pieces of the split
    /// there was whitespace.
    fn push_str(&mut self, text: &str) {
        for (i, word) in text.split(char::is_whitespace).enumerate() {
            self.gap |= i > 0;
            if !word.is_empty() {
                self.word_starts();
                self.text.push_str(word);
            }
        }
    }

    fn word_starts(&mut self) {
        if self.gap && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.gap = false;
    }
}

/// A text of the story as the announcer says it: numbers and abbreviations
/// in words, a child's initials as the child's given name, and no symbol a
/// voice cannot say.
fn say(text: &str, h: &Honoree, table: &Abbreviations) -> String {
    let text = match given_name_for(h) {
        Some(given) => text.replace(h.public_name, given),
        None => text.to_string(),
    };
    sayable(&spoken_text(&text, table))
}

/// The given name said for a child whose public name is initials.
fn given_name_for<'h>(h: &Honoree<'h>) -> Option<&'h str> {
    (h.spoken_name != h.public_name)
        .then(|| h.spoken_name.rsplit(' ').next())
        .flatten()
}

/// Only what a voice says: letters, digits (none are left by then), spaces
/// and the punctuation that makes a pause. "/" between words is "mỗi"
/// ("đồng/tháng"), "&" is "và", a hyphen inside a word a space; any other
/// symbol (a tag, "=", "#", "*") goes.
fn sayable(text: &str) -> String {
    let mut out = OneLine::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let spaced = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let mut before = None;
    while let Some(c) = chars.next() {
        match c {
            c if is_letter_or_digit(c) || c.is_whitespace() => out.push(c),
            '.' | ',' | ';' | ':' | '!' | '?' | '…' | '“' | '”' | '"' | '(' | ')' => {
                out.push(c)
            }
            '-' | '–' | '—' if spaced(before) && spaced(chars.peek().copied()) => out.push('–'),
            '/' => out.push_str(" mỗi "),
            '&' => out.push_str(" và "),
            _ => out.push(' '),
        }
        before = Some(c);
    }
    out.text
}

/// Lower-case the first letter when the text goes mid-sentence: "Đang chạy
/// bộ…" → "đang chạy bộ…", "Anh Trần Đức Mạnh…" → "anh Trần Đức Mạnh…"
/// (an honorific); but "Bùi Tuấn Kiệt đã…" keeps its capital (a name).
fn lowercase_first(text: &str) -> String {
    const HONORIFICS: [&str; 16] = [
        "anh", "chị", "em", "ông", "bà", "cô", "chú", "bác", "cụ", "cháu", "thầy", "bé", "bạn",
        "cậu", "dì", "đồng",
    ];
    let text = text.trim();
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or("").to_lowercase();
    let second_is_capital = words
        .next()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    let lower = !second_is_capital || HONORIFICS.contains(&first.as_str());
    match text.chars().next() {
        Some(c) if lower => {
            let mut out = String::with_capacity(text.len());
            out.extend(c.to_lowercase());
            out.push_str(&text[c.len_utf8()..]);
            out
        }
        _ => text.to_string(),
    }
}

/// Whether the text opens with its own date ("Ngày 2/5/2023, …", "Sáng
/// 12/6, …", "Tối ngày 3/9…"): then the script does not say the date again.
fn starts_with_date(text: &str) -> bool {
    let opening = text.split(',').next().unwrap_or("");
    let words: Vec<&str> = opening.split_whitespace().take(4).collect();
    words
        .iter()
        .any(|w| w.contains('/') && w.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// Everything a month's script is made from, and nothing else: `script`
/// reads only this, so its hash is a complete key of the script
/// (`Job::made_from` keeps the last build's file when the key is the same).
/// A new thing the script should say must come in here, or `script` cannot
/// reach it.
#[derive(Serialize)]
pub struct Month<'a> {
    when: YearMonth,
    site_title: &'a str,
    /// How the closing names the site (site.yaml `wording: radio_site:`).
    radio_site: &'a str,
    table: &'a Abbreviations,
    numbers: Reading,
    /// In the order of the month's board.
    honorees: Vec<Honoree<'a>>,
}

/// What the script says of one honoree: the story as the publication gate
/// made it, with the registry's names of its unit, level and issuer.
#[derive(Serialize)]
struct Honoree<'a> {
    title: &'a str,
    public_name: &'a str,
    spoken_name: &'a str,
    occupation: Option<&'a str>,
    /// The proposing unit's name.
    unit: Option<&'a str>,
    deed_date: NaiveDate,
    /// The award level's name.
    level: Option<&'a str>,
    decision: Option<Decided<'a>>,
    excerpt: &'a str,
}

/// The decision that grants the award, its issuer by name.
#[derive(Serialize)]
struct Decided<'a> {
    number: &'a str,
    issuer: Option<&'a str>,
    date: NaiveDate,
}

impl<'a> Month<'a> {
    /// The month `ym` of the site: only honorees whose consent covers the
    /// radio.
    pub fn of(m: &'a SiteModel, ym: YearMonth) -> Self {
        let name = |kind, key: &str| m.registry.get(kind, key).map(|e| e.name.as_str());
        let honorees = m
            .groups
            .months
            .get(&ym)
            .into_iter()
            .flatten()
            .filter(|e| m.stories[e.story].on_radio)
            .map(|e| {
                let s = &m.stories[e.story];
                let award = &s.awards[e.award];
                Honoree {
                    title: &s.title,
                    public_name: &s.person.public_name,
                    spoken_name: &s.person.spoken_name,
                    occupation: s.person.occupation.as_deref(),
                    unit: s.unit.as_deref().and_then(|u| name(Kind::Unit, u)),
                    deed_date: s.deed_date,
                    level: name(Kind::Level, &award.level),
                    decision: award.decision.as_ref().map(|d| Decided {
                        number: &d.number,
                        issuer: name(Kind::Issuer, &d.issuer),
                        date: d.date,
                    }),
                    excerpt: m.excerpt(e.story),
                }
            })
            .collect();
        Month {
            when: ym,
            site_title: &m.config.title,
            radio_site: &m.config.wording.radio_site,
            table: &m.config.radio.abbreviations,
            numbers: m.config.radio.numbers,
            honorees,
        }
    }

    /// The radio script of the month: an opening, each honoree in a few
    /// sentences, a closing. UTF-8 with a BOM, NFC, deterministic.
    pub fn script(&self) -> String {
        let when = month_words(self.when);
        let table = self.table;
        let mut out = String::with_capacity(1024 + 800 * self.honorees.len());
        out.push(BOM);
        // Writing into a String cannot fail.
        let _ = write!(
            out,
            "BẢN TIN PHÁT THANH “NGƯỜI TỐT, VIỆC TỐT” — {}\n{}\n\n",
            when.to_uppercase(),
            sayable(&spoken_text(&one_line(self.site_title), table))
        );
        out += "[Nhạc hiệu]\n\n";
        out += "Kính thưa toàn thể bà con nhân dân!\n\n";
        let _ = write!(
            out,
            "Thực hiện phong trào thi đua “Người tốt, việc tốt”, trong {when}, đã khen thưởng {} lượt cá nhân có hành động đẹp, việc làm tốt. Sau đây, xin giới thiệu cùng bà con những tấm gương ấy.\n\n",
            number_words(self.honorees.len() as u64)
        );
        for (n, h) in self.honorees.iter().enumerate() {
            honoree(&mut out, n + 1, h, table);
        }
        let _ = write!(out, "Kính thưa bà con! Những việc làm bình dị mà cao đẹp ấy là tấm gương để mỗi chúng ta học tập và làm theo. Bà con có thể đọc toàn văn các câu chuyện trên {}. Xin cảm ơn bà con đã lắng nghe.\n\n", sayable(&spoken_text(self.radio_site.trim(), table)));
        out += "[Nhạc hiệu kết]\n";
        let out = into_nfc(out);
        match self.numbers {
            Reading::Bac => out,
            Reading::Nam => southern(&out),
        }
    }
}

/// "… được tặng theo Quyết định số hai trăm mười lăm của Chủ tịch Ủy ban
/// nhân dân phường …, ngày …": the decision as the announcer reads it.
fn granted(h: &Honoree, level: &str, table: &Abbreviations) -> String {
    let Some(d) = &h.decision else {
        return format!("Danh hiệu “Người tốt, việc tốt” {level} được xét tặng");
    };
    let mut text = format!(
        "Danh hiệu “Người tốt, việc tốt” {level} được tặng theo Quyết định số {}",
        spoken_decision_number(d.number, table)
    );
    if let Some(issuer) = d.issuer {
        let _ = write!(text, " của {}", say(issuer, h, table));
    }
    let _ = write!(
        text,
        ", ký {}",
        spoken_date_words(d.date.day(), d.date.month(), Some(d.date.year()))
    );
    text
}

/// The lines of one honoree: title, who, what, the award.
fn honoree(out: &mut String, n: usize, h: &Honoree, table: &Abbreviations) {
    let level = h.level.map(str::to_lowercase).unwrap_or_default();
    let _ = writeln!(
        out,
        "Tấm gương thứ {}: {}",
        ordinal(n),
        sentence(&say(h.title, h, table))
    );
    let mut who = h.spoken_name.to_string();
    if let Some(job) = h.occupation {
        let _ = write!(who, ", {}", job.to_lowercase());
    }
    if let Some(unit) = h.unit {
        let _ = write!(who, ", do {unit} đề nghị");
    }
    let _ = writeln!(out, "{}", sentence(&say(&who, h, table)));
    let what = say(&lowercase_first(h.excerpt), h, table);
    let what = if starts_with_date(h.excerpt) {
        sentence(&what)
    } else {
        let d = h.deed_date;
        let date = spoken_date_words(d.day(), d.month(), Some(d.year()));
        sentence(&format!("{date}, {what}"))
    };
    let _ = write!(out, "{what}\n{}\n\n", sentence(&granted(h, &level, table)));
}

/// The digits a number reads after "linh"/"lẻ" ("một trăm linh năm").
const DIGIT_WORDS: [&str; 9] = [
    "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// The southern reading of the number words: "lẻ" for "linh", "ngàn" for
/// "nghìn". A number's "linh" always stands between "trăm" and a digit
/// ("một trăm linh năm"); a name ("Linh") or "tâm linh năm ấy" stays.
fn southern(script: &str) -> String {
    // Words split at spaces only keep their line breaks and punctuation.
    let words: Vec<&str> = script.split(' ').collect();
    let head = |w: &str| {
        w.split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("")
            .to_string()
    };
    let read: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            let is_number_linh = head(w) == "linh"
                && i > 0
                && head(words[i - 1].rsplit('\n').next().unwrap_or("")) == "trăm"
                && words
                    .get(i + 1)
                    .is_some_and(|n| DIGIT_WORDS.contains(&head(n).as_str()));
            if is_number_linh {
                w.replacen("linh", "lẻ", 1)
            } else if head(w) == "nghìn" {
                w.replacen("nghìn", "ngàn", 1)
            } else {
                w.to_string()
            }
        })
        .collect();
    read.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::spoken::number_words;

    #[test]
    fn southern_reading_says_le_and_ngan_for_numbers_only() {
        let north = format!(
            "{} người, năm {}, {}.\nchị Linh nói về tâm linh năm ấy.",
            number_words(105),
            number_words(2023),
            number_words(1005)
        );
        assert_eq!(
            southern(&north),
            "một trăm lẻ năm người, năm hai ngàn không trăm hai mươi ba, một ngàn không trăm lẻ năm.\nchị Linh nói về tâm linh năm ấy."
        );
    }
}
