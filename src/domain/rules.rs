//! The plan's rules that need more than one story to check.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::story::{DeedPeriod, Story};
use crate::source::config::Plan;

/// Every rule across stories: the same deed proposed twice
/// (`check_duplicate_deeds`) and one name that may be two people
/// (`check_same_names`).
pub fn check_across(stories: &[Arc<Story>], plan: &Plan, diags: &mut Diagnostics) {
    // The spellings of every name, worked out once and on all cores: at
    // 100,000 stories they were most of these checks.
    let people: Vec<Who> = stories.par_iter().map(|s| Who::of(s)).collect();
    check_duplicate_deeds(&people, plan, diags);
    check_same_names(&people, diags);
}

/// Không khen trùng: the same deed of the same person (same person, same deed
/// date) may be proposed once, by one unit. Whether a birth year was written
/// does not matter; two different birth years are their own error. Every
/// story involved is named. A long deed (`deed.period`) is one deed over its
/// whole period, whatever day each story is dated (`check_long_deeds`).
fn check_duplicate_deeds(people: &[Who], plan: &Plan, diags: &mut Diagnostics) {
    let mut by_date: BTreeMap<chrono::NaiveDate, Vec<&Who>> = BTreeMap::new();
    for who in people {
        by_date.entry(who.story.deed.date).or_default().push(who);
    }
    for group in by_date.values_mut().filter(|g| g.len() > 1) {
        group.sort_by(|a, b| a.story.source.cmp(&b.story.source));
        for (first, other) in first_same_earlier(group, |_, _| true) {
            diags.push(deed_finding(first.story, other.story, plan));
        }
    }
    check_long_deeds(people, plan, diags);
}

/// Two long deeds of one person in one field whose periods overlap are one
/// deed ("ten years of sweeping the alley" told twice, dated on two days);
/// "nhiều năm" overlaps every long deed. Stories of one date were compared
/// above.
fn check_long_deeds(people: &[Who], plan: &Plan, diags: &mut Diagnostics) {
    let mut long: Vec<&Who> = people
        .iter()
        .filter(|w| w.story.deed.period.is_some())
        .collect();
    long.sort_by(|a, b| a.story.source.cmp(&b.story.source));
    let one_deed = |w: &Who, other: &Who| {
        let (a, b) = (w.story, other.story);
        a.deed.date != b.deed.date
            && a.deed.field == b.deed.field
            && overlap(a.deed.period, b.deed.period)
    };
    for (first, other) in first_same_earlier(&long, one_deed) {
        diags.push(deed_finding(first.story, other.story, plan));
    }
}

/// Each story of `group` (in its order) that has an earlier one of the same
/// person (`Who::same`) for which `also` holds, with the first such. The
/// earlier ones are looked up by `person.id` and by name without marks
/// (`folded`: a parsed name has one space between words, so one spelling
/// folds one way), one of which every pair `same` accepts shares: a busy
/// day, or a field of long deeds, costs time in step with its stories, not
/// with their pairs.
fn first_same_earlier<'w, 'a>(
    group: &[&'w Who<'a>],
    also: impl Fn(&Who, &Who) -> bool,
) -> Vec<(&'w Who<'a>, &'w Who<'a>)> {
    let mut by_id: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut by_name: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut found = Vec::new();
    for (j, &other) in group.iter().enumerate() {
        let id = other.story.person.id.as_deref();
        let same_id = id.and_then(|id| by_id.get(id));
        let same_name = by_name.get(other.folded);
        let first = same_id
            .into_iter()
            .chain(same_name)
            .flatten()
            .copied()
            .filter(|&i| group[i].same(other) && also(group[i], other))
            .min();
        if let Some(i) = first {
            found.push((group[i], other));
        }
        if let Some(id) = id {
            by_id.entry(id).or_default().push(j);
        }
        by_name.entry(other.folded).or_default().push(j);
    }
    found
}

fn overlap(a: Option<DeedPeriod>, b: Option<DeedPeriod>) -> bool {
    match (a, b) {
        (
            Some(DeedPeriod::Span { from: f1, to: t1 }),
            Some(DeedPeriod::Span { from: f2, to: t2 }),
        ) => f1 <= t2 && f2 <= t1,
        (Some(_), Some(_)) => true,
        _ => false,
    }
}

/// A story's person with the spellings `Who::same` compares, worked out
/// once a story (`check_across`) and shared by every rule across stories:
/// working them out per pair was most of `check` at 100,000 stories.
struct Who<'a> {
    story: &'a Story,
    /// One name in two spellings ("Hoà", "Hòa") has one key.
    spelling: &'a str,
    /// Without marks, for a name typed without them ("Hoa" for "Hoà").
    folded: &'a str,
    ascii: bool,
}

impl<'a> Who<'a> {
    fn of(story: &'a Story) -> Who<'a> {
        let person = &story.person;
        Who {
            story,
            spelling: person.name_key(),
            folded: person.name_folded(),
            ascii: person.name.is_ascii(),
        }
    }

    /// One `person.id`, or, unless two ids say otherwise, one name; a
    /// name without marks matches only by its letters, where a name with
    /// marks would be told apart ("Hùng", "Hưng").
    fn same(&self, other: &Who) -> bool {
        match (&self.story.person.id, &other.story.person.id) {
            (Some(x), Some(y)) => x == y,
            _ => {
                self.spelling == other.spelling
                    || ((self.ascii || other.ascii) && self.folded == other.folded)
            }
        }
    }
}

fn deed_finding(first: &Story, other: &Story, plan: &Plan) -> Diagnostic {
    if let (Some(y1), Some(y2)) = (first.person.birth_year, other.person.birth_year) {
        if y1 != y2 {
            return birth_year_mismatch(first, other, y1, y2);
        }
    }
    let (code, what) = if other.deed.unit == first.deed.unit {
        (
            "duplicate-deed",
            format!(
                "việc tốt này của {} đã được đơn vị `{}` đề nghị trong một bài khác",
                other.person.name, first.deed.unit
            ),
        )
    } else {
        (
            "duplicate-deed-units",
            format!(
                "việc tốt này của {} được hai đơn vị đề nghị: `{}` và `{}`",
                other.person.name, first.deed.unit, other.deed.unit
            ),
        )
    };
    Diagnostic::error(code, &other.source, what)
        .at_pos(other.spans.deed_position)
        .related(format!("{}:{}:{}: cùng việc tốt, cùng người, trong bài này", first.source, first.spans.deed_position.line, first.spans.deed_position.column))
        .hint(format!("{}: với một thành tích, một đối tượng chỉ được một đơn vị đề nghị khen thưởng. Gộp hai bài thành một; các cấp khen khác nhau ghi chung trong `awards` của bài đó", plan.no_duplicate()))
}

/// One name, one deed date, two birth years: one of them is wrong, or these
/// are two people and need two `person.id`s.
fn birth_year_mismatch(first: &Story, other: &Story, y1: i32, y2: i32) -> Diagnostic {
    let at = |s: &Story| s.spans.birth_year_position.unwrap_or(s.spans.name_position);
    let there = at(first);
    Diagnostic::error(
        "deed-birth-year-mismatch",
        &other.source,
        format!(
            "cùng việc tốt ngày {} của {}, bài này ghi năm sinh {y2} còn bài {} ghi năm sinh {y1}",
            other.deed.date.format("%Y-%m-%d"),
            other.person.name,
            first.source
        ),
    )
    .at_pos(at(other))
    .related(format!("{}:{}:{}: năm sinh {y1} ghi ở đây", first.source, there.line, there.column))
    .hint("Một người chỉ có một năm sinh: xem lại giấy tờ và sửa `birth_year` ở bài ghi sai. Nếu đây là hai người trùng tên, thêm vào `person` của mỗi bài một mã riêng, ví dụ `id: tran-thi-lan-1` và `id: tran-thi-lan-2`")
}

/// One name whose stories cannot be told to be of one person (no birth year,
/// different wards, or one story with `person.id` and one without) is shown
/// as two people; say so, so staff decide with `person.id`.
fn check_same_names(people: &[Who], diags: &mut Diagnostics) {
    let mut by_name: FxHashMap<&str, Vec<&Who>> = FxHashMap::default();
    for who in people {
        by_name.entry(who.spelling).or_default().push(who);
    }
    // Names in their order, so the warnings come out in one order.
    let mut groups: Vec<(&str, Vec<&Who>)> =
        by_name.into_iter().filter(|(_, g)| g.len() > 1).collect();
    groups.sort_unstable_by_key(|(name, _)| *name);
    for (_, mut group) in groups {
        group.sort_by(|a, b| a.story.source.cmp(&b.story.source));
        for (j, other) in group.iter().enumerate() {
            if let Some(first) = group[..j].iter().find(|w| unsure_split(w, other)) {
                diags.push(same_name_warning(first.story, other.story));
            }
        }
    }
}

/// Shown as two people although nothing says they are two.
fn unsure_split(wa: &Who, wb: &Who) -> bool {
    let (a, b) = (wa.story, wb.story);
    let (pa, pb) = (&a.person, &b.person);
    let unsure = match (&pa.id, &pb.id) {
        (Some(_), Some(_)) => false,
        (None, None) => pa.birth_year.is_none() || pb.birth_year.is_none(),
        _ => true,
    };
    // One deed of one person is `check_duplicate_deeds`' error already.
    let duplicate = a.deed.date == b.deed.date && wa.same(wb);
    unsure && !duplicate && a.derived.identity != b.derived.identity
}

fn same_name_warning(first: &Story, other: &Story) -> Diagnostic {
    let there = first.spans.name_position;
    Diagnostic::warning(
        "same-name-two-people",
        &other.source,
        format!(
            "bài này và bài {} cùng viết về «{}» nhưng không đủ thông tin để biết có phải một người: trang sẽ hiện thành hai người khác nhau",
            first.source, other.person.name
        ),
    )
    .at_pos(other.spans.name_position)
    .related(format!("{}:{}:{}: cùng họ tên trong bài này", first.source, there.line, there.column))
    .hint("nếu là cùng một người, thêm vào `person` của cả hai bài cùng một mã, ví dụ `id: tran-thi-lan-1` (mã do cán bộ tự đặt, không hiện trên trang); nếu là hai người khác nhau, ghi cho mỗi người một mã khác nhau")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::testing::parse;

    /// The codes the rules across `stories` give, each with its file.
    fn rule_codes(stories: &[(&str, &str, &str)]) -> Vec<(&'static str, String)> {
        let stories: Vec<Arc<Story>> = stories
            .iter()
            .map(|(source, person, date)| Arc::new(parse(source, person, date).unwrap()))
            .collect();
        let mut diags = Diagnostics::default();
        check_across(&stories, &Plan::default(), &mut diags);
        diags
            .sorted()
            .into_iter()
            .map(|d| (d.code, d.path))
            .collect()
    }

    const LAN_1980: &str = "  name: \"Trần Thị Lan\"\n  birth_year: 1980\n";

    #[test]
    fn a_long_deed_told_twice_is_one_deed_whatever_its_days() {
        let long = |source: &str, date: &str, period: &str| {
            let mut s = parse(source, LAN_1980, date).unwrap();
            s.deed.period = match period {
                "nhiều năm" => Some(DeedPeriod::ManyYears),
                span => {
                    let (from, to) = span.split_once("..").unwrap();
                    Some(DeedPeriod::Span {
                        from: from.parse().unwrap(),
                        to: to.parse().unwrap(),
                    })
                }
            };
            Arc::new(s)
        };
        let codes = |stories: &[Arc<Story>]| {
            let mut diags = Diagnostics::default();
            check_across(stories, &Plan::default(), &mut diags);
            diags
                .sorted()
                .into_iter()
                .map(|d| (d.code, d.path))
                .collect::<Vec<_>>()
        };
        let a = long("a.md", "2023-05-02", "2013-01-01..2023-05-02");
        let b = long("b.md", "2023-06-02", "2020-01-01..2023-06-02");
        assert_eq!(
            codes(&[a.clone(), b]),
            [("duplicate-deed", "b.md".to_string())]
        );
        let many = long("c.md", "2023-06-02", "nhiều năm");
        assert_eq!(codes(&[a.clone(), many]).len(), 1);
        // Two periods apart are two deeds; a one-day deed is not a long one.
        let later = long("d.md", "2023-06-02", "2023-05-03..2023-06-02");
        let day = Arc::new(parse("e.md", LAN_1980, "2023-06-01").unwrap());
        assert!(codes(&[a, later, day]).is_empty());
    }
    const LAN: &str = "  name: \"Trần Thị Lan\"\n";

    #[test]
    fn the_same_deed_with_and_without_a_birth_year_is_a_duplicate() {
        let found = rule_codes(&[
            ("a.md", LAN_1980, "2023-06-02"),
            ("b.md", LAN, "2023-06-02"),
        ]);
        assert_eq!(found, [("duplicate-deed", "b.md".to_string())]);
        // Old and new tone placement, and a name typed without marks, are one name.
        let hoa = "  name: \"Lê Thị Hoà\"\n  birth_year: 1980\n";
        let hoa_new = "  name: \"Lê Thị Hòa\"\n";
        let plain = "  name: \"Le Thi Hoa\"\n";
        let found = rule_codes(&[
            ("a.md", hoa, "2023-06-02"),
            ("b.md", hoa_new, "2023-06-02"),
            ("c.md", plain, "2023-06-02"),
        ]);
        let dup = |f: &str| ("duplicate-deed", f.to_string());
        assert_eq!(found, [dup("b.md"), dup("c.md")]);
    }

    #[test]
    fn one_persons_deed_is_found_among_the_many_stories_of_a_busy_day() {
        // A busy day: the earlier stories are looked up by name, not each
        // compared; the first of one person is the one named.
        let mut stories = vec![];
        for i in 0..40 {
            let other = format!("  name: \"Người Số {i}\"\n");
            stories.push((format!("a{i:02}.md"), other));
        }
        stories.push(("b.md".into(), "  name: \"Trần  Thị Lan\"\n".into()));
        stories.push(("c.md".into(), LAN.into()));
        stories.push(("d.md".into(), "  name: \"Tran Thi Lan\"\n".into()));
        let found = rule_codes(
            &stories
                .iter()
                .map(|(s, p)| (s.as_str(), p.as_str(), "2023-06-02"))
                .collect::<Vec<_>>(),
        );
        let dup = |f: &str| ("duplicate-deed", f.to_string());
        assert_eq!(found, [dup("c.md"), dup("d.md")]);
    }

    #[test]
    fn two_birth_years_for_one_name_and_deed_name_both_files() {
        let lan_1981 = "  name: \"Trần Thị Lan\"\n  birth_year: 1981\n";
        let stories = [
            ("a.md", LAN_1980, "2023-06-02"),
            ("b.md", lan_1981, "2023-06-02"),
        ];
        assert_eq!(
            rule_codes(&stories),
            [("deed-birth-year-mismatch", "b.md".to_string())]
        );
        let stories: Vec<Arc<Story>> = stories
            .iter()
            .map(|(s, p, d)| Arc::new(parse(s, p, d).unwrap()))
            .collect();
        let mut diags = Diagnostics::default();
        check_across(&stories, &Plan::default(), &mut diags);
        let d = &diags.sorted()[0];
        assert!(
            d.message.contains("1980") && d.message.contains("1981"),
            "{}",
            d.message
        );
        assert!(
            d.message.contains("a.md") && d.related[0].starts_with("a.md:"),
            "{d:?}"
        );
    }

    #[test]
    fn different_ids_are_different_people_and_one_id_is_one_person() {
        let with_id = |id: &str| format!("  name: \"Trần Thị Lan\"\n  id: {id}\n");
        let (a, b) = (with_id("lan-a"), with_id("lan-b"));
        assert_eq!(
            rule_codes(&[("a.md", &a, "2023-06-02"), ("b.md", &b, "2023-06-02")]),
            []
        );
        let found = rule_codes(&[("a.md", &a, "2023-06-02"), ("b.md", &a, "2023-06-02")]);
        assert_eq!(found, [("duplicate-deed", "b.md".to_string())]);
    }

    #[test]
    fn one_name_without_birth_years_in_two_wards_is_a_warning() {
        let lan_at = |ward: &str| format!("  name: \"Trần Thị Lan\"\n  residence: {ward}\n");
        let (a, b) = (lan_at("phuong-a"), lan_at("phuong-b"));
        let found = rule_codes(&[("a.md", &a, "2023-06-02"), ("b.md", &b, "2023-06-09")]);
        assert_eq!(found, [("same-name-two-people", "b.md".to_string())]);
        // Said to be one person, or in one ward: nothing to warn about.
        let a_id = format!("{a}  id: tran-thi-lan\n");
        let b_id = format!("{b}  id: tran-thi-lan\n");
        assert_eq!(
            rule_codes(&[("a.md", &a_id, "2023-06-02"), ("b.md", &b_id, "2023-06-09")]),
            []
        );
        assert_eq!(
            rule_codes(&[("a.md", &a, "2023-06-02"), ("b.md", &a, "2023-06-09")]),
            []
        );
    }
}
