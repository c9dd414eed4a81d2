//! The channels of the plan beyond the web page: the monthly radio script
//! read over the ward loudspeakers (plain text, numbers and dates written as
//! an announcer reads them) and the data of the yearly review.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::domain::story::YearMonth;
use crate::render::charts::Bar;
use crate::render::spoken::{number_words, spoken_date_words, spoken_decision, spoken_text};
use crate::render::views;
use crate::site::model::{SiteModel, StoryId};
use crate::source::config::Reading;
use crate::source::periods::{Period, When};
use crate::source::registry::{Entry, Kind};
use crate::text::vietnamese::{nfc, syllable_sort_key};

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
    let text = text.trim_end_matches(['.', '!', '?', '…']);
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

/// The radio script of a month: an opening, each honoree in a few sentences
/// in the order of the month's board, a closing. UTF-8, NFC, deterministic.
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
    let mut out = String::new();
    out += &format!(
        "BẢN TIN PHÁT THANH “NGƯỜI TỐT, VIỆC TỐT” — {}\n",
        when.to_uppercase()
    );
    out += &format!("{}\n\n", one_line(&m.config.title));
    out += "[Nhạc hiệu]\n\n";
    out += "Kính thưa toàn thể bà con nhân dân!\n\n";
    out += &format!(
        "Thực hiện phong trào thi đua “Người tốt, việc tốt”, trong {when}, các đơn vị đã xét tặng và đề nghị khen thưởng {} lượt cá nhân có hành động đẹp, việc làm tốt. Sau đây, xin giới thiệu cùng bà con những tấm gương ấy.\n\n",
        number_words(entries.len() as u64)
    );
    for (n, e) in entries.iter().enumerate() {
        let s = &m.stories[e.story];
        let award = &s.awards[e.award];
        let level = m
            .registry
            .get(Kind::Level, &award.level)
            .map(|l| l.name.to_lowercase())
            .unwrap_or_default();
        out += &format!(
            "Tấm gương thứ {}: {}\n",
            ordinal(n + 1),
            sentence(&spoken_text(&s.title))
        );
        let mut who = s.person.public_name.clone();
        if let Some(job) = &s.person.occupation {
            who += &format!(", {}", job.to_lowercase());
        }
        if let Some(unit_id) = &s.unit {
            if let Some(unit) = m.registry.get(Kind::Unit, unit_id) {
                who += &format!(", do {} đề nghị", unit.name);
            }
        }
        out += &format!("{}\n", sentence(&who));
        let date = spoken_date_words(
            s.deed_date.day(),
            s.deed_date.month(),
            Some(s.deed_date.year()),
        );
        out += &format!(
            "{}\n",
            sentence(&format!(
                "{date}, {}",
                spoken_text(&lowercase_first(&m.excerpts[e.story]))
            ))
        );
        let granted = match &award.decision {
            Some(d) => format!(
                "Danh hiệu “Người tốt, việc tốt” {level} được tặng theo {}",
                spoken_decision(&lowercase_first(d))
            ),
            None => format!("Danh hiệu “Người tốt, việc tốt” {level} được xét tặng trong {when}"),
        };
        out += &format!("{}\n\n", sentence(&granted));
    }
    out += &format!("Kính thưa bà con! Những việc làm bình dị mà cao đẹp ấy là tấm gương để mỗi chúng ta học tập và làm theo. Bà con có thể đọc toàn văn các câu chuyện trên {}. Xin cảm ơn bà con đã lắng nghe.\n\n", m.config.wording.radio_site.trim());
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

/// Lowercase the first letter when the text goes mid-sentence, unless it
/// opens with a name: "Đang chạy bộ…" → "đang chạy bộ…", but "Bùi Tuấn
/// Kiệt đã…" and "Anh Hùng…" keep their capitals (the next word is one too).
fn lowercase_first(text: &str) -> String {
    let text = text.trim();
    let second_is_capital = text
        .split_whitespace()
        .nth(1)
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if !second_is_capital => first.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// Where awards of a unit that is not named are counted.
pub const OTHER_UNITS: &str = "Đơn vị khác";

/// The figures of a yearly review.
pub struct Review {
    pub awards: usize,
    pub people: usize,
    pub by_month: Vec<Bar>,
    pub by_unit: Vec<Bar>,
    pub by_level: Vec<Bar>,
    pub by_field: Vec<Bar>,
    pub by_category: Vec<Bar>,
    /// Stories selected to be sent to the city.
    pub city_selected: Vec<StoryId>,
}

/// The raw counts of a year, keyed by registry id (or rank, or month).
#[derive(Default)]
struct Tally<'a> {
    awards: usize,
    people: std::collections::BTreeSet<usize>,
    by_month: BTreeMap<u32, u64>,
    by_unit: BTreeMap<&'a str, u64>,
    /// Awards whose unit is not named (a minor's school) still count.
    unnamed_units: u64,
    by_level: BTreeMap<usize, u64>,
    by_field: BTreeMap<&'a str, u64>,
    by_category: BTreeMap<&'a str, u64>,
    city_selected: Vec<StoryId>,
}

fn tally(m: &SiteModel, year: i32) -> Tally<'_> {
    let mut t = Tally::default();
    for (id, s) in m.stories.iter().enumerate() {
        let this_year: Vec<_> = s.awards.iter().filter(|a| a.month.year == year).collect();
        if this_year.is_empty() {
            continue;
        }
        t.people.insert(m.story_person[id]);
        for a in &this_year {
            t.awards += 1;
            *t.by_month.entry(a.month.month).or_default() += 1;
            *t.by_level.entry(a.level_rank).or_default() += 1;
            if let Some(unit) = &s.unit {
                *t.by_unit.entry(unit.as_str()).or_default() += 1;
            } else {
                t.unnamed_units += 1;
            }
            *t.by_field.entry(s.field.as_str()).or_default() += 1;
            *t.by_category.entry(s.person.category.as_str()).or_default() += 1;
        }
        if s.city_selected {
            t.city_selected.push(id);
        }
    }
    t
}

/// Count the awards of `year` (published stories only: the review is public).
pub fn review(m: &SiteModel, year: i32) -> Review {
    let t = tally(m, year);
    Review {
        awards: t.awards,
        people: t.people.len(),
        by_month: (1..=12)
            .map(|mo| Bar {
                label: format!("Tháng {mo}"),
                value: t.by_month.get(&mo).copied().unwrap_or(0),
            })
            .collect(),
        by_unit: unit_bars(m, &t),
        // Only the levels that existed in some month of the year: no
        // "Cấp quận: 0" in a year after the district level ended.
        by_level: m
            .registry
            .levels
            .iter()
            .enumerate()
            .filter(|(i, l)| t.by_level.contains_key(i) || in_year(&l.period, year))
            .map(|(i, l)| Bar {
                label: l.name.clone(),
                value: t.by_level.get(&i).copied().unwrap_or(0),
            })
            .collect(),
        by_field: named_bars(m, Kind::Field, &t.by_field),
        by_category: category_bars(m, &t.by_category),
        city_selected: t.city_selected,
    }
}

/// Bars in registry order, so the priority groups and units read as the
/// office lists them.
fn named_bars(m: &SiteModel, kind: Kind, counts: &BTreeMap<&str, u64>) -> Vec<Bar> {
    m.registry
        .list(kind)
        .iter()
        .filter_map(|e| {
            counts.get(e.id.as_str()).map(|&v| Bar {
                label: e.name.clone(),
                value: v,
            })
        })
        .collect()
}

/// Whether `period` has a day in `year`.
fn in_year(period: &Period, year: i32) -> bool {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(first), Some(last)) => period.when_span(first, last) == When::Within,
        _ => false,
    }
}

/// Units with most awards first (ties in Vietnamese order), then the
/// awards of units that are not named. Only units with awards that year are
/// shown (so only units valid that year); two of one name carry their periods.
fn unit_bars(m: &SiteModel, t: &Tally) -> Vec<Bar> {
    let counted: Vec<&Entry> = m
        .registry
        .units
        .iter()
        .filter(|e| t.by_unit.contains_key(e.id.as_str()))
        .collect();
    let mut units: Vec<Bar> = counted
        .iter()
        .zip(views::unit_names(&counted))
        .map(|(e, label)| Bar {
            label,
            value: t.by_unit[e.id.as_str()],
        })
        .collect();
    units.sort_by(|a, b| {
        b.value
            .cmp(&a.value)
            .then_with(|| syllable_sort_key(&a.label).cmp(&syllable_sort_key(&b.label)))
    });
    if t.unnamed_units > 0 {
        units.push(Bar {
            label: OTHER_UNITS.to_string(),
            value: t.unnamed_units,
        });
    }
    units
}

/// Categories in registry order, the priority ones marked as such.
fn category_bars(m: &SiteModel, counts: &BTreeMap<&str, u64>) -> Vec<Bar> {
    m.registry
        .categories
        .iter()
        .filter_map(|c| {
            counts.get(c.id.as_str()).map(|&v| Bar {
                label: if c.priority {
                    format!("{} (đối tượng ưu tiên)", c.name)
                } else {
                    c.name.clone()
                },
                value: v,
            })
        })
        .collect()
}

/// Years that have at least one award, oldest first.
pub fn years(m: &SiteModel) -> Vec<i32> {
    let mut years: Vec<i32> = m.groups.months.keys().map(|ym| ym.year).collect();
    years.dedup();
    years
}

#[cfg(test)]
mod tests {
    use super::*;

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
