//! Time in the registry: the days a unit or a level existed, and the order of
//! units through reorganisations (a unit's successors). Units are merged and
//! split by resolutions (NQ 1286 in 2024, NQ 1656 in 2025), so a story is
//! checked against the units of its own date, not of today.

use std::collections::BTreeMap;

use chrono::NaiveDate;

/// The days something existed, both ends inclusive; an open end is `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Where a day stands against a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Before `from`: the unit or level did not exist yet.
    Before(NaiveDate),
    Within,
    /// After `to`: it had ended.
    After(NaiveDate),
}

impl Period {
    pub fn when(&self, day: NaiveDate) -> When {
        match (self.from, self.to) {
            (Some(from), _) if day < from => When::Before(from),
            (_, Some(to)) if day > to => When::After(to),
            _ => When::Within,
        }
    }

    /// Where the days `first..=last` (a month) stand: `Within` if any of them
    /// is in the period, since an award month is not a single day.
    pub fn when_span(&self, first: NaiveDate, last: NaiveDate) -> When {
        match (self.when(first), self.when(last)) {
            (When::After(to), _) => When::After(to),
            (_, When::Before(from)) => When::Before(from),
            _ => When::Within,
        }
    }

    /// `to` before `from`: valid on no day at all.
    pub fn is_empty(&self) -> bool {
        matches!((self.from, self.to), (Some(from), Some(to)) if to < from)
    }
}

/// A unit's successors as ids, for the cycle check.
pub type Links<'a> = BTreeMap<&'a str, Vec<&'a str>>;

/// One successor chain that comes back to where it started, for each unit
/// that starts such a chain, as the path of ids (`a, b, a`). Ids not in
/// `links` end a chain (they are reported as unknown elsewhere).
pub fn cycles<'a>(links: &Links<'a>) -> Vec<Vec<&'a str>> {
    let mut found: Vec<Vec<&str>> = Vec::new();
    // A cycle is reported once, from its smallest id (BTreeMap order).
    for &start in links.keys() {
        if let Some(path) = path_back(links, start) {
            let smallest = path.iter().min().copied();
            if smallest == Some(start) {
                found.push(path);
            }
        }
    }
    found
}

/// The shortest successor path from `start` back to itself, if any.
fn path_back<'a>(links: &Links<'a>, start: &'a str) -> Option<Vec<&'a str>> {
    // Breadth first, remembering how each id was reached.
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(id) = queue.pop_front() {
        for &next in links.get(id).into_iter().flatten() {
            if next == start {
                let mut path = vec![start, id];
                let mut at = id;
                while at != start {
                    at = came_from[at];
                    path.push(at);
                }
                path.reverse();
                return Some(path);
            }
            if !came_from.contains_key(next) && links.contains_key(next) {
                came_from.insert(next, id);
                queue.push_back(next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn both_ends_are_days_of_the_period() {
        let p = Period {
            from: Some(day("2025-07-01")),
            to: Some(day("2025-12-31")),
        };
        assert_eq!(p.when(day("2025-07-01")), When::Within);
        assert_eq!(p.when(day("2025-12-31")), When::Within);
        assert_eq!(p.when(day("2025-06-30")), When::Before(day("2025-07-01")));
        assert_eq!(p.when(day("2026-01-01")), When::After(day("2025-12-31")));
        assert_eq!(Period::default().when(day("1900-01-01")), When::Within);
    }

    #[test]
    fn a_month_counts_if_any_of_its_days_does() {
        let ended = Period {
            from: None,
            to: Some(day("2025-06-30")),
        };
        let june = (day("2025-06-01"), day("2025-06-30"));
        let july = (day("2025-07-01"), day("2025-07-31"));
        assert_eq!(ended.when_span(june.0, june.1), When::Within);
        assert_eq!(
            ended.when_span(july.0, july.1),
            When::After(day("2025-06-30"))
        );
        let starts = Period {
            from: Some(day("2025-07-15")),
            to: None,
        };
        assert_eq!(starts.when_span(july.0, july.1), When::Within);
        assert_eq!(
            starts.when_span(june.0, june.1),
            When::Before(day("2025-07-15"))
        );
    }

    #[test]
    fn to_before_from_is_empty_but_one_day_is_not() {
        let one = Some(day("2025-07-01"));
        assert!(!Period { from: one, to: one }.is_empty());
        assert!(Period {
            from: one,
            to: Some(day("2025-06-30"))
        }
        .is_empty());
    }

    #[test]
    fn a_cycle_is_found_once_and_a_merge_is_no_cycle() {
        let mut links: Links = BTreeMap::new();
        // Two old wards merged into one, one split in two: no cycle.
        links.insert("cu-a", vec!["moi"]);
        links.insert("cu-b", vec!["moi", "moi-2"]);
        links.insert("moi", vec![]);
        links.insert("moi-2", vec![]);
        assert!(cycles(&links).is_empty());
        links.insert("moi", vec!["x"]);
        links.insert("x", vec!["cu-b"]);
        assert_eq!(cycles(&links), vec![vec!["cu-b", "moi", "x", "cu-b"]]);
        links.insert("self", vec!["self"]);
        assert_eq!(cycles(&links)[1], vec!["self", "self"]);
    }
}
