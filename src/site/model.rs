//! The site model: published stories, each stored once, with every grouping
//! (month, unit, level, field, topic, tag, person) holding story ids in a
//! fixed order. No IO happens here.

use std::sync::Arc;

use crate::domain::story::{Award, YearMonth};
use crate::policy::PublicStory;
use crate::site::groups::{group_people, sort_boards, story_slugs, UnitKeys};
pub use crate::site::groups::{BoardEntry, Groups, PersonEntry, StoryId};
use crate::site::urls::SlugMemo;
use crate::source::config::SiteConfig;
use crate::source::registry::Registry;
use rayon::prelude::*;
use serde::Serialize;

/// A free page (`content/pages/x.md` → `/x/`).
#[derive(Debug, Serialize)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub html: String,
    /// `content/pages/x.md`, its Markdown and where that starts (for `check`).
    pub source: String,
    pub markdown: String,
    pub body_first_line: usize,
}

pub struct SiteModel {
    pub config: SiteConfig,
    pub registry: Registry,
    pub base_path: String,
    /// Published stories, newest deed first (ties: source path).
    pub stories: Vec<Arc<PublicStory>>,
    /// The text of each card (the summary, or the start of the body) moved
    /// out of a story this model holds alone; empty for a story it shares
    /// with `serve`'s cache, which still holds its own. Read by `excerpt`.
    pub excerpts: Vec<String>,
    /// What follows is worked out from where the stories go (`Placed`),
    /// shared with `serve`'s memo, which reuses it while that holds.
    pub story_slugs: Arc<Vec<String>>,
    pub story_person: Arc<Vec<usize>>,
    pub people: Arc<Vec<PersonEntry>>,
    pub groups: Arc<Groups>,
    pub pages: Vec<Page>,
}

impl SiteModel {
    /// An address for use outside the site: absolute when `base_url` is a full
    /// URL, else the site path.
    pub fn absolute(&self, path: &str) -> String {
        match self.config.absolute_base() {
            Some(base) => format!("{base}{path}"),
            None => format!("{}{path}", self.base_path),
        }
    }

    /// `memo`: what the last model of the same site worked out (`serve`).
    pub fn build(
        config: SiteConfig,
        registry: Registry,
        given: Vec<Arc<PublicStory>>,
        pages: Vec<Page>,
        memo: Option<&mut ModelMemo>,
    ) -> SiteModel {
        let base_path = config.base_path();
        let unit_keys = UnitKeys::of(&registry);
        let (mut stories, placed) = match memo {
            Some(memo) => memo.place(given, unit_keys),
            None => {
                let stories = in_model_order(given);
                let placed = Placed::work_out(&stories, &unit_keys, None);
                (stories, placed)
            }
        };
        let excerpts = take_excerpts(&mut stories);
        SiteModel {
            config,
            registry,
            base_path,
            stories,
            excerpts,
            story_slugs: placed.story_slugs,
            story_person: placed.story_person,
            people: placed.people,
            groups: placed.groups,
            pages,
        }
    }

    /// The text of story `id`'s card.
    pub fn excerpt(&self, id: StoryId) -> &str {
        match self.excerpts[id].as_str() {
            // Kept by a shared story, or empty in both.
            "" => &self.stories[id].derived.excerpt,
            moved => moved,
        }
    }

    pub fn latest_month(&self) -> Option<YearMonth> {
        self.groups.months.keys().next_back().copied()
    }
}

/// Published stories, newest deed first (ties: source path). Every order
/// here ends on the story's file, which no two stories share: with no ties,
/// an unstable sort on all cores orders as a stable one would.
fn model_order_of(a: &PublicStory, b: &PublicStory) -> std::cmp::Ordering {
    b.deed_date
        .cmp(&a.deed_date)
        .then_with(|| a.source.cmp(&b.source))
}

/// Where each story of the model is in `given`.
fn model_order(given: &[Arc<PublicStory>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..given.len()).collect();
    order.par_sort_unstable_by(|&a, &b| model_order_of(&given[a], &given[b]));
    order
}

fn in_model_order(mut given: Vec<Arc<PublicStory>>) -> Vec<Arc<PublicStory>> {
    given.par_sort_unstable_by(|a, b| model_order_of(a, b));
    given
}

/// `given` in `order` (positions in `given`, each once).
fn pick(given: Vec<Arc<PublicStory>>, order: &[usize]) -> Vec<Arc<PublicStory>> {
    let mut slots: Vec<Option<Arc<PublicStory>>> = given.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// Each excerpt moves to the model, where cards and the index read it, so it
/// is not held twice. A story still shared elsewhere (`serve`'s cache) keeps
/// it: copying 100,000 of them was a tenth of a reload.
fn take_excerpts(stories: &mut [Arc<PublicStory>]) -> Vec<String> {
    stories
        .iter_mut()
        .map(|s| match Arc::get_mut(s) {
            Some(s) => std::mem::take(&mut s.derived.excerpt),
            None => String::new(),
        })
        .collect()
}

/// What is worked out from where the stories go: their addresses, their
/// people and every grouping. Each part reads only what `Touched` compares.
#[derive(Clone)]
struct Placed {
    story_slugs: Arc<Vec<String>>,
    story_person: Arc<Vec<usize>>,
    people: Arc<Vec<PersonEntry>>,
    groups: Arc<Groups>,
}

impl Placed {
    /// Every part made anew.
    fn work_out(
        stories: &[Arc<PublicStory>],
        unit_keys: &UnitKeys,
        memo: Option<&mut ModelMemo>,
    ) -> Placed {
        Placed::remake(stories, unit_keys, memo, None, Touched::ALL)
    }

    /// The parts `touched` names made anew (numbering slugs with `memo`'s
    /// help), the others taken from `last`.
    fn remake(
        stories: &[Arc<PublicStory>],
        unit_keys: &UnitKeys,
        memo: Option<&mut ModelMemo>,
        last: Option<&Placed>,
        touched: Touched,
    ) -> Placed {
        let (story_memo, people_memo) = match memo {
            Some(m) => (Some(&mut m.stories), Some(&mut m.people)),
            None => (None, None),
        };
        let story_slugs = match last {
            Some(last) if !touched.slugs => last.story_slugs.clone(),
            _ => Arc::new(story_slugs(stories, story_memo)),
        };
        let (people, story_person) = match last {
            Some(last) if !touched.people => (last.people.clone(), last.story_person.clone()),
            _ => {
                let (people, story_person) = group_people(stories, people_memo);
                (Arc::new(people), Arc::new(story_person))
            }
        };
        let groups = match last {
            Some(last) if !touched.groups => last.groups.clone(),
            _ => {
                let mut groups = Groups::collect(stories);
                sort_boards(&mut groups.months, unit_keys, stories);
                Arc::new(groups)
            }
        };
        Placed {
            story_slugs,
            story_person,
            people,
            groups,
        }
    }
}

/// Which parts of `Placed` a change of stories touches.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Touched {
    slugs: bool,
    people: bool,
    groups: bool,
}

impl Touched {
    const ALL: Touched = Touched {
        slugs: true,
        people: true,
        groups: true,
    };
    const NONE: Touched = Touched {
        slugs: false,
        people: false,
        groups: false,
    };

    /// What changing story `was` into `now`, at the same place in the
    /// model's order (the same deed date and file), touches.
    fn by(was: &PublicStory, now: &PublicStory) -> Touched {
        let (w, n) = (&was.derived, &now.derived);
        // `story_slugs`
        let slugs = w.slug != n.slug || w.slug_fixed != n.slug_fixed;
        // `group_people`
        let people = was.person.key != now.person.key
            || w.sort_key != n.sort_key
            || w.name_slug != n.name_slug
            || was.person.public_name != now.person.public_name;
        // `Part::of` and `sort_boards`
        let groups = !was
            .awards
            .iter()
            .map(placing)
            .eq(now.awards.iter().map(placing))
            || was.unit != now.unit
            || was.field != now.field
            || was.topics != now.topics
            || was.tags != now.tags
            || w.tag_slugs != n.tag_slugs
            || w.sort_key != n.sort_key;
        Touched {
            slugs,
            people,
            groups,
        }
    }

    fn or(self, other: Touched) -> Touched {
        Touched {
            slugs: self.slugs || other.slugs,
            people: self.people || other.people,
            groups: self.groups || other.groups,
        }
    }
}

/// What of an award places its story on the boards.
fn placing(award: &Award) -> (&str, usize, YearMonth) {
    (&award.level, award.level_rank, award.month)
}

/// What `serve` keeps from one model to the next of the same site.
#[derive(Default)]
pub struct ModelMemo {
    stories: SlugMemo,
    people: SlugMemo,
    last: Option<LastModel>,
}

impl std::fmt::Debug for ModelMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ModelMemo")
    }
}

/// The last model's stories as they were given (in model order, before a
/// page's check changed any), where each was in the list given, and what
/// was worked out from them.
struct LastModel {
    stories: Vec<Arc<PublicStory>>,
    given_at: Vec<usize>,
    unit_keys: UnitKeys,
    placed: Placed,
}

impl ModelMemo {
    /// `given` in model order, and what is worked out from where the stories
    /// go: only the parts an edit since the last model touched are made
    /// again. Why: at 100,000 stories, making the model anew was most of a
    /// `serve` reload (170–250 ms), though an edit seldom moves a story.
    fn place(
        &mut self,
        given: Vec<Arc<PublicStory>>,
        unit_keys: UnitKeys,
    ) -> (Vec<Arc<PublicStory>>, Placed) {
        let last = self.last.take().filter(|last| last.order_holds(&given));
        let order = match &last {
            Some(last) => last.given_at.clone(),
            None => model_order(&given),
        };
        let stories = pick(given, &order);
        let placed = match &last {
            Some(last) => {
                let touched = last.touched_by(&stories, &unit_keys);
                let parts = Some(&last.placed);
                Placed::remake(&stories, &unit_keys, Some(self), parts, touched)
            }
            None => Placed::work_out(&stories, &unit_keys, Some(self)),
        };
        self.last = Some(LastModel {
            stories: stories.clone(),
            given_at: order,
            unit_keys,
            placed: placed.clone(),
        });
        (stories, placed)
    }
}

impl LastModel {
    /// Whether every place in the last order still holds a story of the
    /// same deed date and file: `given` in that order is then in model order.
    fn order_holds(&self, given: &[Arc<PublicStory>]) -> bool {
        given.len() == self.given_at.len()
            && self.given_at.iter().zip(&self.stories).all(|(&at, was)| {
                let now = &given[at];
                Arc::ptr_eq(now, was)
                    || (now.deed_date == was.deed_date && now.source == was.source)
            })
    }

    /// What the stories now at the last model's places touch (the same
    /// story, shared, touches nothing).
    fn touched_by(&self, stories: &[Arc<PublicStory>], unit_keys: &UnitKeys) -> Touched {
        let units = Touched {
            groups: *unit_keys != self.unit_keys,
            ..Touched::NONE
        };
        stories
            .iter()
            .zip(&self.stories)
            .filter(|(now, was)| !Arc::ptr_eq(now, was))
            .fold(units, |touched, (now, was)| {
                touched.or(Touched::by(was, now))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{check, BuildOptions};
    use crate::text::packed::PackedText;
    use chrono::NaiveDate;
    use std::path::Path;

    /// The example site's settings, registry and stories, the stories as
    /// `serve`'s cache would give them (each excerpt still in its story),
    /// newest last so the model has to order them.
    fn example() -> (SiteConfig, Registry, Vec<Arc<PublicStory>>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let model = check(&BuildOptions::new(root.to_path_buf())).unwrap().model;
        let stories = model.stories.iter().enumerate().rev().map(|(id, s)| {
            let mut story = PublicStory::clone(s);
            story.derived.excerpt = model.excerpt(id).to_string();
            Arc::new(story)
        });
        let stories = stories.collect();
        (model.config, model.registry, stories)
    }

    fn model(
        config: &SiteConfig,
        registry: &Registry,
        stories: &[Arc<PublicStory>],
        memo: Option<&mut ModelMemo>,
    ) -> SiteModel {
        let (config, registry) = (config.clone(), registry.clone());
        SiteModel::build(config, registry, stories.to_vec(), vec![], memo)
    }

    /// Everything the memo may keep from one model to the next.
    fn placed(model: &SiteModel) -> String {
        let order: Vec<&str> = model.stories.iter().map(|s| s.source.as_str()).collect();
        let excerpts: Vec<&str> = (0..order.len()).map(|id| model.excerpt(id)).collect();
        let parts = (&model.story_slugs, &model.story_person, &model.people);
        format!("{order:?}\n{excerpts:?}\n{parts:?}\n{:?}", model.groups)
    }

    /// One edit of the stories (or of the registry), named.
    type Edit = fn(&mut Vec<Arc<PublicStory>>, &mut Registry);

    fn story(stories: &mut [Arc<PublicStory>], i: usize) -> &mut PublicStory {
        Arc::make_mut(&mut stories[i])
    }

    /// The story with an award and a tag, and that shares no person.
    fn busy(stories: &[Arc<PublicStory>]) -> usize {
        stories
            .iter()
            .position(|s| !s.awards.is_empty() && !s.tags.is_empty())
            .unwrap()
    }

    const EDITS: [(&str, Touched, Edit); 11] = [
        ("nothing", Touched::NONE, |_, _| {}),
        ("body", Touched::NONE, |s, _| {
            story(s, 3).body = PackedText::from("Thân bài khác.")
        }),
        (
            "title and slug",
            Touched {
                slugs: true,
                ..Touched::NONE
            },
            |s, _| {
                let story = story(s, 3);
                story.title.push_str(" nữa");
                story.derived.slug.push_str("-nua");
            },
        ),
        (
            "name",
            Touched {
                people: true,
                groups: true,
                ..Touched::NONE
            },
            |s, _| {
                let story = story(s, 5);
                story.person.public_name = "Ân Văn A".into();
                story.derived.sort_key = vec![0];
                story.derived.name_slug = "an-van-a".into();
            },
        ),
        (
            "award month",
            Touched {
                groups: true,
                ..Touched::NONE
            },
            |s, _| {
                let at = busy(s);
                let award = &mut story(s, at).awards[0];
                award.month = YearMonth {
                    year: 2019,
                    month: 2,
                };
            },
        ),
        (
            "tag",
            Touched {
                groups: true,
                ..Touched::NONE
            },
            |s, _| {
                let at = busy(s);
                let story = story(s, at);
                story.tags.push("Mới".into());
                story.derived.tag_slugs.push("moi".into());
            },
        ),
        (
            "unit",
            Touched {
                groups: true,
                ..Touched::NONE
            },
            |s, r| {
                let other = r.units.iter().find(|u| Some(&u.id) != s[1].unit.as_ref());
                story(s, 1).unit = other.map(|u| u.id.clone());
            },
        ),
        (
            "a unit's name",
            Touched {
                groups: true,
                ..Touched::NONE
            },
            |_, r| {
                r.units[0].name = "Aa".into();
            },
        ),
        ("deed date", Touched::ALL, |s, _| {
            story(s, 2).deed_date = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
        }),
        ("a story fewer", Touched::ALL, |s, _| drop(s.remove(4))),
        ("the same stories in another order", Touched::ALL, |s, _| {
            s.reverse()
        }),
    ];

    #[test]
    fn a_model_from_the_last_one_equals_a_model_made_anew_after_any_edit() {
        let (config, registry, stories) = example();
        for (what, touched, edit) in EDITS {
            let mut memo = ModelMemo::default();
            let before = model(&config, &registry, &stories, Some(&mut memo));
            let (mut edited, mut edited_registry) = (stories.clone(), registry.clone());
            edit(&mut edited, &mut edited_registry);
            let after = model(&config, &edited_registry, &edited, Some(&mut memo));
            let anew = model(&config, &edited_registry, &edited, None);
            assert_eq!(placed(&after), placed(&anew), "{what}");
            let kept = Touched {
                slugs: !Arc::ptr_eq(&after.story_slugs, &before.story_slugs),
                people: !Arc::ptr_eq(&after.people, &before.people),
                groups: !Arc::ptr_eq(&after.groups, &before.groups),
            };
            assert_eq!(kept, touched, "{what}: the parts made again");
        }
    }

    #[test]
    fn each_edit_in_turn_leaves_the_model_a_new_one_would_be() {
        let (config, mut registry, mut stories) = example();
        let mut memo = ModelMemo::default();
        for (what, _, edit) in EDITS.iter().cycle().take(2 * EDITS.len()) {
            edit(&mut stories, &mut registry);
            let after = model(&config, &registry, &stories, Some(&mut memo));
            let anew = model(&config, &registry, &stories, None);
            assert_eq!(placed(&after), placed(&anew), "{what}");
        }
    }
}
