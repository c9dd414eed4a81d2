//! The key of every page of the last build (see `render::memo`), kept in
//! the cache folder beside the output (`.public.bangvang-cache/pages-v2.bin`)
//! with the size and modification time of each page's file as that build
//! left it; the share cards' keys the same way, in a record of their own
//! (`cards-kept-v2.bin`). A record of another program or other templates, or one that is
//! missing, unreadable or of another format, keeps no page: every page is
//! rendered. A file changed since its build (size or time) is rendered
//! again. Deleting the cache folder is always safe.
//!
//! The pages' record also holds the fingerprint of the site besides its
//! stories' bodies (`site::fingerprint`), the digest of each body, and for
//! each page the stories whose bodies it shows: with the same fingerprint,
//! a page whose bodies are all unchanged is kept without being made.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::fsio;
use crate::render::memo::{Key, Made, Shows};
use crate::site::fingerprint;
use crate::site::model::SiteModel;
use crate::source::image_cache::cache_root;
use crate::write::{FileStamp, Staging};

/// One record: its format (changed whenever what it holds changes) and its
/// file in the cache folder.
pub(super) struct Kind {
    format: &'static str,
    file: &'static str,
    /// The file an earlier version kept this record in: removed, so a cache
    /// folder does not keep a record nothing reads any more.
    replaces: &'static str,
}

/// The pages rendered from templates.
pub(super) const PAGES: Kind = Kind {
    format: "bangvang-pages-v6",
    file: "pages-v2.bin",
    replaces: "pages-v1.json",
};

/// The share cards: a card's key is the hash of its filled SVG and photo
/// (`render::share_card`), and its file is kept like a page's.
pub(super) const CARDS: Kind = Kind {
    format: "bangvang-cards-kept-v5",
    file: "cards-kept-v2.bin",
    replaces: "cards-kept-v1.json",
};

/// Written with postcard, not JSON: read before any page is rendered and
/// written after the swap, at 100,000 stories it holds some 300,000 entries.
/// The file is the blake3 hash of what follows, then the `Head`, then the
/// pages in runs of `RUN`, each run postcard on its own: so the record is
/// made and read on every core (at 100,000 stories it is 26 MB, and one
/// core took about a tenth of a second each way). A record damaged
/// anywhere is not believed (one flipped byte in a page's `shows` could
/// otherwise keep that page unmade after its story changed).
#[derive(Serialize, Deserialize)]
struct Head {
    format: String,
    /// The program and the templates the pages were rendered with.
    salt: Key,
    /// The site the pages were made from (none for the share cards).
    site: Option<SiteStamp>,
    /// The length in bytes of each run of pages that follows.
    runs: Vec<u64>,
}

/// Pages in a run of the record.
const RUN: usize = 4096;

/// The record's bytes: the hash, the head (its `runs` measured here), the runs.
fn encode(format: &str, salt: Key, site: Option<SiteStamp>, pages: &[Entry]) -> Option<Vec<u8>> {
    let runs: Vec<Vec<u8>> = pages
        .par_chunks(RUN)
        .map(|run| postcard::to_allocvec(run).ok())
        .collect::<Option<_>>()?;
    let head = Head {
        format: format.to_string(),
        salt,
        site,
        runs: runs.iter().map(|run| run.len() as u64).collect(),
    };
    let mut bytes = postcard::to_extend(&head, vec![0; 32]).ok()?;
    runs.iter().for_each(|run| bytes.extend_from_slice(run));
    let sum = *blake3::Hasher::new()
        .update_rayon(&bytes[32..])
        .finalize()
        .as_bytes();
    bytes[..32].copy_from_slice(&sum);
    Some(bytes)
}

/// What `encode` wrote, if its hash holds and every run reads back whole.
fn decode(bytes: &[u8]) -> Option<(Head, Vec<Entry>)> {
    let (sum, body) = bytes.split_first_chunk::<32>()?;
    (blake3::Hasher::new().update_rayon(body).finalize() == *sum).then_some(())?;
    let (head, mut rest) = postcard::take_from_bytes::<Head>(body).ok()?;
    let mut runs = Vec::with_capacity(head.runs.len());
    for &len in &head.runs {
        let (run, after) = rest.split_at_checked(usize::try_from(len).ok()?)?;
        runs.push(run);
        rest = after;
    }
    if !rest.is_empty() {
        return None;
    }
    let runs: Vec<Vec<Entry>> = runs
        .par_iter()
        .map(|run| postcard::from_bytes(run).ok())
        .collect::<Option<_>>()?;
    Some((head, runs.into_iter().flatten().collect()))
}

#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    key: Key,
    stamp: FileStamp,
    /// The stories whose bodies the page shows; none for a file of bytes.
    shows: Option<Box<[u32]>>,
}

/// A body's digest: 128 bits of its blake3 hash, as two bodies that differ
/// must never be taken for one another.
type BodyDigest = [u8; 16];

/// What a build's pages were made from: the site besides its stories'
/// bodies, and each body, by story id.
#[derive(Serialize, Deserialize, PartialEq)]
pub(super) struct SiteStamp {
    fingerprint: Key,
    bodies: Vec<BodyDigest>,
}

impl SiteStamp {
    /// `None` when the site cannot be fingerprinted: every page is then
    /// made to find its key.
    pub fn of(model: &SiteModel) -> Option<Self> {
        let bodies = model
            .stories
            .par_iter()
            .map(|story| {
                let mut digest = BodyDigest::default();
                digest.copy_from_slice(&story.body.digest()[..16]);
                digest
            })
            .collect();
        Some(SiteStamp {
            fingerprint: fingerprint::besides_bodies(model)?,
            bodies,
        })
    }

    /// The stories whose bodies differ from `last`'s, when the rest of the
    /// site is the same; none when it is not (or the story ids may not
    /// even be the same stories).
    fn bodies_changed_since(&self, last: &SiteStamp) -> Option<Vec<bool>> {
        let same_site =
            self.fingerprint == last.fingerprint && self.bodies.len() == last.bodies.len();
        same_site.then(|| {
            self.bodies
                .iter()
                .zip(&last.bodies)
                .map(|(now, then)| now != then)
                .collect()
        })
    }
}

/// What the last build left of its pages, by path: each page's key, and
/// its file's size and modification time. One map, so each path is held
/// once (at 100,000 stories, some 330,000 of them).
#[derive(Default)]
pub(super) struct LastPages {
    pages: HashMap<String, LastPage>,
    /// By story id, whether its body changed since the last build, when
    /// the rest of the site did not (`SiteStamp::bodies_changed_since`).
    changed: Option<Vec<bool>>,
}

struct LastPage {
    key: Key,
    stamp: FileStamp,
    shows: Option<Box<[u32]>>,
    /// Whether this build kept the file.
    kept: AtomicBool,
}

impl LastPages {
    /// Whether the last build made the file at `path` with `key`, showing
    /// the bodies of `shows` (a page kept on its key alone could record
    /// other stories than it shows, with the same bodies: never trusted).
    pub fn same(&self, path: &str, key: &Key, shows: Shows) -> bool {
        self.pages
            .get(path)
            .is_some_and(|last| last.key == *key && last.shows.as_deref() == shows)
    }

    /// Whether the last build's page at `path` is this build's without
    /// being made: the site besides its bodies is the same, and the page
    /// shows no body that changed. Never a file of bytes: it may read any.
    pub fn unmade(&self, path: &str) -> bool {
        let Some(changed) = &self.changed else {
            return false;
        };
        let shows = self.pages.get(path).and_then(|last| last.shows.as_deref());
        shows.is_some_and(|shows| {
            shows
                .iter()
                .all(|&id| changed.get(id as usize) == Some(&false))
        })
    }

    /// When the site besides its stories' bodies is as the last build's,
    /// rendered by the same program with the same templates: whether each
    /// story's body changed since, by id.
    pub fn bodies_changed(&self) -> Option<&[bool]> {
        self.changed.as_deref()
    }

    /// Put the last build's file at `path` into `staging` if it is still as
    /// that build left it: its size when it was, `None` when it is gone or
    /// changed since (the file must then be made again).
    pub fn keep(&self, staging: &Staging, path: &str) -> Option<u64> {
        let last = self.pages.get(path)?;
        let kept = staging.keep(path, &last.stamp);
        last.kept.store(kept, Ordering::Relaxed);
        kept.then_some(last.stamp.size)
    }
}

/// Every file a build made, and what it kept of the last build's.
pub(super) type Kept = (Vec<Made>, LastPages);

fn record_file(output: &Path, kind: &Kind) -> std::path::PathBuf {
    cache_root(output).join(kind.file)
}

/// A record of the last build as read, before this build takes it (`take`):
/// read on a core of its own while the site is checked, which leaves one
/// idle for much of its time, instead of after it, when every core waits.
pub(super) struct Recorded {
    site: Option<SiteStamp>,
    pages: HashMap<String, LastPage>,
}

/// The record of `kind` that the last build into `output` left, if it is
/// whole and its pages were rendered with `salt`. The file stays: a build
/// that stops at its check (an error, or nothing changed) leaves it.
pub(super) fn read(output: &Path, salt: &Key, kind: &Kind) -> Option<Recorded> {
    let bytes = fsio::read(&record_file(output, kind)).ok()?;
    let (head, entries) = decode(&bytes)?;
    drop(bytes);
    if head.format != kind.format || head.salt != *salt {
        return None;
    }
    let pages = entries.into_iter().map(|entry| {
        let page = LastPage {
            key: entry.key,
            stamp: entry.stamp,
            shows: entry.shows,
            kept: AtomicBool::new(false),
        };
        (entry.path, page)
    });
    Some(Recorded {
        site: head.site,
        pages: pages.collect(),
    })
}

/// The pages of the last build's record of `kind`, `read` (none if it
/// could not be), and which bodies changed since when the rest of `site`
/// is as it was. The record is then removed: until this build has swapped
/// in its output and written its own, no record describes the output.
pub(super) fn take(
    output: &Path,
    kind: &Kind,
    read: Option<Recorded>,
    site: Option<&SiteStamp>,
) -> LastPages {
    let _ = std::fs::remove_file(record_file(output, kind));
    let _ = std::fs::remove_file(cache_root(output).join(kind.replaces));
    let Some(Recorded { site: then, pages }) = read else {
        return LastPages::default();
    };
    let changed = site
        .zip(then.as_ref())
        .and_then(|(now, then)| now.bodies_changed_since(then));
    LastPages { pages, changed }
}

/// Keep the key of every page of the build just swapped into `output`:
/// each one it made anew (`made`) with its file's size and time now, and
/// each one it kept from the last build as that build's record has it
/// (keeping changed neither key nor file), with the `site` they were made
/// from. Failing only costs the next build its kept pages.
pub(super) fn remember(
    output: &Path,
    (salt, site): (&Key, Option<SiteStamp>),
    (made, last): Kept,
    kind: &Kind,
) {
    let made = made.into_par_iter().filter_map(|made| {
        let meta = std::fs::symlink_metadata(output.join(&made.path)).ok()?;
        meta.is_file().then(|| Entry {
            stamp: FileStamp::of(&meta),
            key: made.key,
            path: made.path,
            shows: made.shows,
        })
    });
    let kept = last.pages.into_par_iter().filter_map(|(path, page)| {
        page.kept.into_inner().then_some(Entry {
            stamp: page.stamp,
            key: page.key,
            path,
            shows: page.shows,
        })
    });
    let pages: Vec<Entry> = made.chain(kept).collect();
    let bytes = encode(kind.format, *salt, site, &pages);
    // Freed on every core: one took a tenth of the swap at 100,000 stories.
    pages.into_par_iter().for_each(drop);
    if let Some(bytes) = bytes {
        let _ = fsio::write_replacing(&record_file(output, kind), &bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::check::check;
    use crate::pipeline::options::BuildOptions;
    use crate::text::packed::PackedText;

    /// The model of the fixture site, with `edit` made to it first.
    fn model_after(edit: impl FnOnce(&mut SiteModel)) -> SiteModel {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid_site");
        let mut model = check(&BuildOptions::new(root)).unwrap().model;
        edit(&mut model);
        model
    }

    fn story(model: &mut SiteModel, id: usize) -> &mut crate::policy::PublicStory {
        std::sync::Arc::make_mut(&mut model.stories[id])
    }

    /// An edit of the model, named.
    type Edit = fn(&mut SiteModel);

    #[test]
    fn the_fingerprint_leaves_out_the_bodies_and_nothing_else() {
        let base = SiteStamp::of(&model_after(|_| {})).unwrap();
        assert!(base.bodies.len() >= 2);
        let body = SiteStamp::of(&model_after(|m| {
            story(m, 1).body = PackedText::from("Thân bài khác.");
        }))
        .unwrap();
        assert_eq!(body.fingerprint, base.fingerprint);
        assert_eq!(
            body.bodies_changed_since(&base).unwrap(),
            (0..base.bodies.len()).map(|id| id == 1).collect::<Vec<_>>()
        );
        let edits: [(&str, Edit); 6] = [
            ("title", |m| story(m, 1).title.push('!')),
            ("excerpt", |m| m.excerpts[1].push('!')),
            ("slug", |m| {
                std::sync::Arc::make_mut(&mut m.story_slugs)[0].push('x')
            }),
            ("person", |m| story(m, 0).person.public_name.push('!')),
            ("site title", |m| m.config.title.push('!')),
            ("a story fewer", |m| drop(m.stories.pop())),
        ];
        for (what, edit) in edits {
            let stamp = SiteStamp::of(&model_after(edit)).unwrap();
            assert_ne!(stamp.fingerprint, base.fingerprint, "{what}");
            assert!(stamp.bodies_changed_since(&base).is_none(), "{what}");
        }
    }

    #[test]
    fn the_size_of_a_photo_is_in_the_fingerprint() {
        use crate::domain::story::Photo;
        use crate::source::images::Size;
        let with_photo = |width: u32| {
            let model = model_after(|m| {
                story(m, 0).photo = Some(Photo {
                    src: "/images/a.jpg".into(),
                    alt: "Ảnh".into(),
                    size: Some(Size { width, height: 600 }),
                });
            });
            SiteStamp::of(&model).unwrap().fingerprint
        };
        assert_eq!(with_photo(800), with_photo(800));
        assert_ne!(with_photo(800), with_photo(8));
    }

    /// Postcard writes what serde writes: a field serde skips in what a
    /// story holds must be named in `hash_besides_body` by hand.
    #[test]
    fn every_field_serde_skips_is_hashed_by_name() {
        let policy = include_str!("../policy.rs");
        let start = policy.find("pub fn hash_besides_body").unwrap();
        let hashing = &policy[start..start + policy[start..].find("\n    }\n}").unwrap()];
        let sources = [include_str!("../domain/story.rs"), policy];
        let mut skipped = Vec::new();
        for source in sources {
            let mut lines = source.lines();
            while let Some(line) = lines.next() {
                if !line.contains("#[serde(skip") {
                    continue;
                }
                let field = lines.find(|l| l.trim_start().starts_with("pub ")).unwrap();
                if field.ends_with(": Spellings,") {
                    // Worked out from `name`, which is hashed (`story::Spellings`).
                    continue;
                }
                let name = field.trim_start()["pub ".len()..]
                    .split(':')
                    .next()
                    .unwrap();
                skipped.push(name.to_string());
            }
        }
        assert!(!skipped.is_empty(), "the scan finds the photo's size");
        for name in skipped {
            assert!(
                hashing.contains(&format!(".{name}")),
                "`{name}` is not hashed"
            );
        }
    }

    fn last_page(shows: Option<&[u32]>) -> LastPage {
        LastPage {
            key: [0; 32],
            stamp: FileStamp {
                size: 0,
                modified: 0,
                id: 0,
            },
            shows: shows.map(Box::from),
            kept: AtomicBool::new(false),
        }
    }

    #[test]
    fn a_page_is_unmade_only_when_no_body_it_shows_changed() {
        let pages = [
            ("truyen/a.html", last_page(Some(&[0]))),
            ("truyen/b.html", last_page(Some(&[1]))),
            ("ban-tin/index.html", last_page(Some(&[0, 1]))),
            ("thang/index.html", last_page(Some(&[]))),
            ("feed.json", last_page(None)),
            ("truyen/old.html", last_page(Some(&[7]))),
        ];
        let last = LastPages {
            pages: pages.into_iter().map(|(p, l)| (p.to_string(), l)).collect(),
            changed: Some(vec![false, true]),
        };
        let unmade: Vec<&str> = [
            "truyen/a.html",
            "truyen/b.html",
            "ban-tin/index.html",
            "thang/index.html",
            "feed.json",
            "truyen/old.html",
            "truyen/new.html",
        ]
        .into_iter()
        .filter(|p| last.unmade(p))
        .collect();
        assert_eq!(unmade, ["truyen/a.html", "thang/index.html"]);
        let other_site = LastPages {
            changed: None,
            ..last
        };
        assert!(!other_site.unmade("thang/index.html"));
    }

    #[test]
    fn a_record_reads_back_run_by_run_and_a_damaged_one_not_at_all() {
        let entry = |i: usize| Entry {
            path: format!("truyen/{i}.html"),
            key: [(i % 251) as u8; 32],
            stamp: FileStamp {
                size: i as u64,
                modified: 7 * i as u128,
                id: 3,
            },
            shows: i
                .is_multiple_of(3)
                .then(|| vec![i as u32, 1].into_boxed_slice()),
        };
        let pages: Vec<Entry> = (0..2 * RUN + 5).map(entry).collect();
        let bytes = encode("f", [9; 32], None, &pages).unwrap();
        let (head, back) = decode(&bytes).unwrap();
        assert_eq!(
            (head.format.as_str(), head.salt, head.runs.len()),
            ("f", [9; 32], 3)
        );
        let seen = |e: &Entry| (e.path.clone(), e.key, e.stamp, e.shows.clone());
        assert!(back.iter().map(seen).eq(pages.iter().map(seen)));
        for at in [0, 40, bytes.len() / 2, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            assert!(decode(&damaged).is_none(), "a byte flipped at {at}");
        }
        assert!(decode(&bytes[..bytes.len() - 1]).is_none());
    }
}
