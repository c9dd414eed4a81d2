//! The monthly radio script read over the ward loudspeakers, written as an
//! announcer speaks: every number, date and abbreviation in words (the
//! abbreviations from site.yaml `radio: abbreviations:`), an honorific in
//! lower case mid-sentence, the deed's date said once, the decision with its
//! number and its issuer, a child named as a speaker would ("em Khôi"), and
//! no symbol a voice cannot say. Plain text, UTF-8 with a byte-order mark so
//! that any browser and static host shows it right.

use chrono::Datelike;

use crate::domain::story::{Award, YearMonth};
use crate::policy::PublicStory;
use crate::render::spoken::{
    number_words, spoken_date_words, spoken_decision_number, spoken_text, Abbreviations,
};
use crate::site::model::SiteModel;
use crate::source::config::Reading;
use crate::source::registry::Kind;
use crate::text::vietnamese::nfc;

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
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}

/// Every run of whitespace, line breaks included, as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text of the story as the announcer says it: numbers and abbreviations
/// in words, a child's initials as the child's given name, and no symbol a
/// voice cannot say.
fn say(text: &str, s: &PublicStory, table: &Abbreviations) -> String {
    let text = match given_name_for(s) {
        Some(given) => text.replace(&s.person.public_name, given),
        None => text.to_string(),
    };
    sayable(&spoken_text(&text, table))
}

/// The given name said for a child whose public name is initials.
fn given_name_for(s: &PublicStory) -> Option<&str> {
    (s.person.spoken_name != s.person.public_name)
        .then(|| s.person.spoken_name.rsplit(' ').next())
        .flatten()
}

/// Only what a voice says: letters, digits (none are left by then), spaces
/// and the punctuation that makes a pause. "/" between words is "mỗi"
/// ("đồng/tháng"), "&" is "và", a hyphen inside a word a space; any other
/// symbol (a tag, "=", "#", "*") goes.
fn sayable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let spaced = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_none_or(|c| c.is_whitespace())
        };
        match c {
            c if c.is_alphanumeric() || c.is_whitespace() => out.push(c),
            '.' | ',' | ';' | ':' | '!' | '?' | '…' | '“' | '”' | '"' | '(' | ')' => {
                out.push(c)
            }
            '-' | '–' | '—' if spaced(i.checked_sub(1)) && spaced(Some(i + 1)) => out.push('–'),
            '/' => out.push_str(" mỗi "),
            '&' => out.push_str(" và "),
            _ => out.push(' '),
        }
    }
    one_line(&out)
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
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if lower => c.to_lowercase().chain(chars).collect(),
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

/// "… được tặng theo Quyết định số hai trăm mười lăm của Chủ tịch Ủy ban
/// nhân dân phường …, ngày …": the decision as the announcer reads it.
fn granted(m: &SiteModel, s: &PublicStory, award: &Award, level: &str) -> String {
    let table = &m.config.radio.abbreviations;
    let Some(d) = &award.decision else {
        return format!("Danh hiệu “Người tốt, việc tốt” {level} được xét tặng");
    };
    let mut text = format!(
        "Danh hiệu “Người tốt, việc tốt” {level} được tặng theo Quyết định số {}",
        spoken_decision_number(&d.number, table)
    );
    if let Some(issuer) = m.registry.get(Kind::Issuer, &d.issuer) {
        text += &format!(" của {}", say(&issuer.name, s, table));
    }
    text += &format!(
        ", ký {}",
        spoken_date_words(d.date.day(), d.date.month(), Some(d.date.year()))
    );
    text
}

/// The lines of one honoree: title, who, what, the award.
fn honoree(m: &SiteModel, n: usize, s: &PublicStory, award: &Award, excerpt: &str) -> String {
    let table = &m.config.radio.abbreviations;
    let level = m
        .registry
        .get(Kind::Level, &award.level)
        .map(|l| l.name.to_lowercase())
        .unwrap_or_default();
    let mut out = format!(
        "Tấm gương thứ {}: {}\n",
        ordinal(n),
        sentence(&say(&s.title, s, table))
    );
    let mut who = s.person.spoken_name.clone();
    if let Some(job) = &s.person.occupation {
        who += &format!(", {}", job.to_lowercase());
    }
    if let Some(unit) = s.unit.as_ref().and_then(|u| m.registry.get(Kind::Unit, u)) {
        who += &format!(", do {} đề nghị", unit.name);
    }
    out += &format!("{}\n", sentence(&say(&who, s, table)));
    let what = say(&lowercase_first(excerpt), s, table);
    out += &format!(
        "{}\n",
        if starts_with_date(excerpt) {
            sentence(&what)
        } else {
            let d = s.deed_date;
            let date = spoken_date_words(d.day(), d.month(), Some(d.year()));
            sentence(&format!("{date}, {what}"))
        }
    );
    out += &format!("{}\n\n", sentence(&granted(m, s, award, &level)));
    out
}

/// The radio script of a month: an opening, each honoree in a few sentences
/// in the order of the month's board, a closing. UTF-8 with a BOM, NFC,
/// deterministic.
pub fn radio_script(m: &SiteModel, ym: YearMonth) -> String {
    // Only honorees whose consent covers the radio.
    let entries: Vec<_> = m
        .groups
        .months
        .get(&ym)
        .into_iter()
        .flatten()
        .filter(|e| m.stories[e.story].on_radio)
        .collect();
    let when = month_words(ym);
    let table = &m.config.radio.abbreviations;
    let mut out = String::from(BOM);
    out += &format!(
        "BẢN TIN PHÁT THANH “NGƯỜI TỐT, VIỆC TỐT” — {}\n",
        when.to_uppercase()
    );
    out += &format!(
        "{}\n\n",
        sayable(&spoken_text(&one_line(&m.config.title), table))
    );
    out += "[Nhạc hiệu]\n\n";
    out += "Kính thưa toàn thể bà con nhân dân!\n\n";
    out += &format!(
        "Thực hiện phong trào thi đua “Người tốt, việc tốt”, trong {when}, đã khen thưởng {} lượt cá nhân có hành động đẹp, việc làm tốt. Sau đây, xin giới thiệu cùng bà con những tấm gương ấy.\n\n",
        number_words(entries.len() as u64)
    );
    for (n, e) in entries.iter().enumerate() {
        let s = &m.stories[e.story];
        out += &honoree(m, n + 1, s, &s.awards[e.award], &m.excerpts[e.story]);
    }
    out += &format!("Kính thưa bà con! Những việc làm bình dị mà cao đẹp ấy là tấm gương để mỗi chúng ta học tập và làm theo. Bà con có thể đọc toàn văn các câu chuyện trên {}. Xin cảm ơn bà con đã lắng nghe.\n\n", sayable(&spoken_text(m.config.wording.radio_site.trim(), table)));
    out += "[Nhạc hiệu kết]\n";
    let out = nfc(&out);
    match m.config.radio.numbers {
        Reading::Bac => out,
        Reading::Nam => southern(&out),
    }
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
