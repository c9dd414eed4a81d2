//! Every URL of the site, in one place. Paths are relative to the site root;
//! links add the base path. Sections and their terms are folders
//! (`don-vi/phuong-bach-khoa/` → `index.html`); the many leaf pages (stories,
//! people, list pages after the first) are `.html` files, as Vietnamese news
//! portals do: one file each instead of a folder each, which keeps a build of
//! 100,000 stories from spending its time creating folders.

use crate::text::file_name::{is_windows_reserved, short_hash};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::domain::story::YearMonth;

pub const STORIES: &str = "truyen";
pub const MONTHS: &str = "thang";
pub const UNITS: &str = "don-vi";
pub const LEVELS: &str = "cap";
pub const FIELDS: &str = "linh-vuc";
pub const TOPICS: &str = "chu-de";
pub const TAGS: &str = "the";
pub const PEOPLE: &str = "nguoi";
pub const PAGE: &str = "trang";
pub const SEARCH: &str = "tim-kiem";
pub const BULLETINS: &str = "ban-tin";
pub const REVIEWS: &str = "tong-ket";
/// The page that lists the feeds (site and per unit).
pub const FOLLOW: &str = "theo-doi";
/// The feeds, in the site root and in each unit's folder: name, file, type.
pub const FEED_FILES: [(&str, &str, &str); 3] = [
    ("Atom", "atom.xml", "application/atom+xml"),
    ("RSS", "rss.xml", "application/rss+xml"),
    ("JSON Feed", "feed.json", "application/feed+json"),
];

pub fn story(slug: &str) -> String {
    format!("{STORIES}/{slug}.html")
}

/// The share card of a story (Open Graph image), beside its page.
pub fn share_card(slug: &str) -> String {
    format!("{STORIES}/{slug}.png")
}

/// The site's own share card, for every page that is not a story.
pub const SITE_SHARE_CARD: &str = "chia-se.png";

pub fn person(slug: &str) -> String {
    format!("{PEOPLE}/{slug}.html")
}

pub fn month(m: YearMonth) -> String {
    format!("{MONTHS}/{m}/")
}

/// The printable bulletin of a month.
pub fn bulletin(m: YearMonth) -> String {
    format!("{BULLETINS}/{m}/")
}

/// The radio script of a month (plain text).
pub fn radio(m: YearMonth) -> String {
    format!("{BULLETINS}/{m}/phat-thanh.txt")
}

/// The yearly review (tổng kết).
pub fn review(year: i32) -> String {
    format!("{REVIEWS}/{year}/")
}

/// The six-month review (sơ kết) of January to June.
pub fn review_first_half(year: i32) -> String {
    format!("{REVIEWS}/{year}/6-thang-dau/")
}

pub fn term(section: &str, slug: &str) -> String {
    format!("{section}/{slug}/")
}

pub fn section(section: &str) -> String {
    format!("{section}/")
}

/// Page `n` (1-based) of a paginated list whose first page is at `base`.
pub fn paginated(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}{PAGE}-{n}.html")
    }
}

/// The longest search-term file name (`search/t/<term>.json`) kept as is.
pub const MAX_TERM: usize = 64;

/// The file of a search term's postings (`search/t/<this>.json`). Terms are
/// `[a-z0-9]+`, so the `_` of a changed name can never meet a real term.
/// search.js `termFile` computes the same name.
pub fn term_file(term: &str) -> String {
    if term.len() > MAX_TERM {
        format!("{}_{}", &term[..16], short_hash(term))
    } else if is_windows_reserved(term) {
        format!("{term}_")
    } else {
        term.to_string()
    }
}

/// The last list `SlugMemo::unique_slugs` was asked and its answer.
/// `serve` makes the model again after every edit, with nearly always the
/// same wanted slugs (an edit seldom changes a title or a name): comparing
/// the list costs a scan, numbering it again was a tenth of a reload at
/// 100,000 stories.
#[derive(Debug, Default)]
pub struct SlugMemo {
    wanted: Vec<String>,
    slugs: Vec<String>,
}

impl SlugMemo {
    /// `unique_slugs(wanted)`, the last answer when `wanted` is the same.
    pub fn unique_slugs(&mut self, wanted: &[&str]) -> Vec<String> {
        if self.wanted != wanted {
            self.slugs = unique_slugs(wanted);
            self.wanted = wanted.iter().map(|w| w.to_string()).collect();
        }
        self.slugs.clone()
    }
}

/// `unique_slugs`, through `memo` when there is one.
pub fn unique_slugs_with(wanted: &[&str], memo: Option<&mut SlugMemo>) -> Vec<String> {
    match memo {
        Some(memo) => memo.unique_slugs(wanted),
        None => unique_slugs(wanted),
    }
}

/// Give each item a unique slug. Items with the same wanted slug ("Đông Du"
/// and "Đồng Du" both want `dong-du`) are numbered in the order given, which
/// the caller makes deterministic: the first keeps the plain slug, the next
/// get `-2`, `-3`, … (skipping any slug already taken).
pub fn unique_slugs(wanted: &[&str]) -> Vec<String> {
    // Hash sets: the order of the result comes from `wanted` alone, and at
    // 100,000 stories ordered sets were a third of the site model's time.
    let taken: FxHashSet<&str> = wanted.iter().copied().collect();
    // Per wanted slug met so far, the next number to try: a title used k
    // times costs k steps, not k². No number given out needs remembering:
    // `{w}-{n}` splits back into `w` and `n` one way only (`n` has no
    // dash), so two of them are never the same slug, and each is checked
    // against every wanted slug (`taken`).
    let mut next: FxHashMap<&str, usize> = FxHashMap::default();
    let mut out = Vec::with_capacity(wanted.len());
    let mut candidate = String::new();
    for &w in wanted {
        let n = match next.entry(w) {
            std::collections::hash_map::Entry::Vacant(first_use) => {
                first_use.insert(2);
                out.push(w.to_string());
                continue;
            }
            std::collections::hash_map::Entry::Occupied(used) => used.into_mut(),
        };
        loop {
            candidate.clear();
            let _ = std::fmt::Write::write_fmt(&mut candidate, format_args!("{w}-{n}"));
            *n += 1;
            if !taken.contains(candidate.as_str()) {
                out.push(candidate.clone());
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::file_name::{safe_slug, MAX_SLUG};

    #[test]
    fn collisions_are_numbered_in_order() {
        let wanted = ["dong-du", "dong-du", "dong-du-2", "dong-du"];
        assert_eq!(
            unique_slugs(&wanted),
            ["dong-du", "dong-du-3", "dong-du-2", "dong-du-4"]
        );
    }

    #[test]
    fn a_memo_answers_as_the_numbering_does() {
        let mut memo = SlugMemo::default();
        for wanted in [
            &["a", "a", "b"][..],
            &["a", "a", "b"],
            &["a", "b", "a"],
            &["a", "a"],
            &["a", "a", "b"],
        ] {
            assert_eq!(
                memo.unique_slugs(wanted),
                unique_slugs(wanted),
                "{wanted:?}"
            );
        }
    }

    #[test]
    fn numbered_slugs_never_meet_each_other_or_a_wanted_one() {
        // Every list of up to 6 slugs drawn from names that end like
        // numbers: each slug is given once, and a first use keeps its own.
        let names = ["a", "a-2", "a-3", "a-2-2", "a-10", "b"];
        let mut lists: Vec<Vec<&str>> = vec![vec![]];
        for _ in 0..6 {
            lists = lists
                .iter()
                .flat_map(|l| names.iter().map(move |n| [l.as_slice(), &[*n]].concat()))
                .collect();
            for wanted in &lists {
                let got = unique_slugs(wanted);
                let distinct: FxHashSet<&String> = got.iter().collect();
                assert_eq!(distinct.len(), got.len(), "{wanted:?} → {got:?}");
                for (i, w) in wanted.iter().enumerate() {
                    let first = wanted.iter().position(|x| x == w) == Some(i);
                    assert_eq!(first, got[i] == *w, "{wanted:?} → {got:?}");
                }
            }
        }
    }

    #[test]
    fn reserved_names_are_never_file_names() {
        for name in ["con", "PRN", "aux", "Nul", "com1", "lpt9", "con.html"] {
            assert!(is_windows_reserved(name), "{name}");
        }
        for name in ["cong", "com0", "com10", "lpt", "console", "con-0"] {
            assert!(!is_windows_reserved(name), "{name}");
        }
        assert_eq!(safe_slug("con".into()), "con-0");
        assert_eq!(safe_slug("lpt1".into()), "lpt1-0");
        assert_eq!(term_file("con"), "con_");
        assert_eq!(term_file("nguyen"), "nguyen");
    }

    #[test]
    fn long_names_are_bounded_and_stable() {
        let long = ["cuu", "nguoi"].repeat(40).join("-");
        let slug = safe_slug(long.clone());
        assert!(slug.len() <= MAX_SLUG, "{slug}");
        assert!(slug.starts_with("cuu-nguoi-cuu"));
        // Cut after a whole word, then the hash of the whole slug.
        let (cut, hash) = slug.rsplit_once('-').unwrap();
        assert!(cut.ends_with("-cuu") || cut.ends_with("-nguoi"), "{cut}");
        assert_eq!(hash, short_hash(&long));
        assert_eq!(safe_slug(long.clone()), slug);
        // Same start, different end: different names.
        assert_ne!(safe_slug(format!("{long}-a")), slug);
        let word = "a".repeat(300);
        let file = term_file(&word);
        // The same literal is in tests/browser/folding.test.mjs (termFile).
        assert_eq!(file, "aaaaaaaaaaaaaaaa_279e8f01");
        assert_ne!(term_file(&"a".repeat(301)), file);
    }

    #[test]
    fn pagination_urls() {
        assert_eq!(paginated("thang/2023-05/", 1), "thang/2023-05/");
        assert_eq!(paginated("thang/2023-05/", 3), "thang/2023-05/trang-3.html");
    }
}
