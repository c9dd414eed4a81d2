//! What `content/` held at the last check, for `serve`, which is told by
//! the file watcher what changed since.
//!
//! Why: every check walked `content/` and asked the file system for each
//! story file's time and length. At 100,000 stories that was a quarter of a
//! second of every reload (the walk 70 ms, a `stat` a file 2 µs), most of
//! the time between saving a story and seeing it. The watcher already says
//! which paths changed: only those are looked at again. Whatever the
//! watcher cannot vouch for (an error, a queue that overflowed, a folder
//! made, moved or removed, `content/` itself) means a whole walk again, as
//! does the first check and any check after a panic. A `build` never uses
//! this: it starts with no watcher.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::load::{self, Found, Loaded, StoryFile, Walked};
use crate::diagnostics::Diagnostics;

/// Each entry of `content/` by its path (under the site folder, as the walk
/// found it), in the walk's order: a `Path` orders part by part, as a walk
/// sorted by file name visits them.
#[derive(Debug, Default)]
pub struct ContentIndex {
    found: BTreeMap<PathBuf, Found>,
    /// The stories of `found` in order, as the last check was given them,
    /// and where each is in that list: an edit patches its story's stamp
    /// there, where copying the list was most of a reload's reading at
    /// 100,000 stories. None after a story is added or removed.
    stories: Option<StoryList>,
}

/// The stories in order, and where each path is in the list.
type StoryList = (Arc<Vec<StoryFile>>, FxHashMap<PathBuf, usize>);

impl ContentIndex {
    /// The index of a walk, when it saw every entry (an unreadable folder
    /// hides what is in it: the next check walks again).
    pub fn of(walked: &Walked) -> Option<ContentIndex> {
        walked.complete().then(|| ContentIndex {
            found: walked.found().cloned().collect(),
            stories: None,
        })
    }

    /// Look again at each of `changed` (paths under the site folder
    /// `root`). False when one of them needs a whole walk; the index is
    /// then half updated and must be dropped.
    pub fn apply(&mut self, root: &Path, changed: &[PathBuf]) -> bool {
        changed.iter().all(|rel| self.look_again(root, rel))
    }

    /// What the walk would give now, with its notes in `diags`.
    pub fn loaded(&mut self, root: &Path, diags: &mut Diagnostics) -> Loaded {
        let stories = self.story_list();
        load::loaded_with(stories, self.found.iter(), root, diags)
    }

    /// Whether `walked`, a walk made now, finds what the index holds: the
    /// same entries, each of the same kind, each story with the same stamp
    /// (a free page's text is read by every check anyway).
    pub fn is_as(&self, walked: &Walked) -> bool {
        let mut now = walked.found();
        self.found.len() == walked.found().count()
            && self.found.iter().all(|(path, found)| {
                now.next()
                    .is_some_and(|(p, f)| p == path && same_entry(found, f))
            })
    }

    fn story_list(&mut self) -> Arc<Vec<StoryFile>> {
        let found = &self.found;
        let (list, _) = self.stories.get_or_insert_with(|| {
            let mut at = FxHashMap::default();
            let mut list = Vec::new();
            for (path, found) in found {
                if let Found::Story(f) = found {
                    at.insert(path.clone(), list.len());
                    list.push(f.clone());
                }
            }
            (Arc::new(list), at)
        });
        list.clone()
    }

    /// `found` at `path`: a story that stays one is patched in the list,
    /// one added or gone makes the list again at the next check.
    fn put(&mut self, path: PathBuf, found: Found) {
        let was_story = matches!(self.found.get(&path), Some(Found::Story(_)));
        match (&found, &mut self.stories) {
            (Found::Story(f), Some((list, at))) if was_story => {
                if let Some(&i) = at.get(&path) {
                    Arc::make_mut(list)[i] = f.clone();
                }
            }
            (Found::Story(_), _) => self.stories = None,
            _ if was_story => self.stories = None,
            _ => {}
        }
        self.found.insert(path, found);
    }

    fn look_again(&mut self, root: &Path, rel: &Path) -> bool {
        let mut parts = rel.components();
        if parts.next() != Some(Component::Normal("content".as_ref())) {
            // site.yaml, a theme, a template: read anew by every check.
            return true;
        }
        let names: Vec<_> = parts.collect();
        if names.is_empty() || !in_real_folders(root, rel) {
            return false;
        }
        if names
            .iter()
            .any(|n| load::is_ignored_name(&n.as_os_str().to_string_lossy()))
        {
            // The walk never enters or lists such a name.
            return true;
        }
        let path = root.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => false,
            Ok(meta) => {
                let found = load::found_at(root, &path, &meta);
                self.put(path, found);
                true
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                self.forget(&path);
                true
            }
            Err(_) => false,
        }
    }

    /// Forget `path` and, if it was a folder, everything in it.
    fn forget(&mut self, path: &Path) {
        let gone: Vec<PathBuf> = self
            .found
            .range(path.to_path_buf()..)
            .map(|(p, _)| p)
            .take_while(|p| p.starts_with(path))
            .cloned()
            .collect();
        for p in gone {
            if let Some(Found::Story(_)) = self.found.remove(&p) {
                self.stories = None;
            }
        }
    }
}

/// Whether two findings at one path are the same to a check.
fn same_entry(a: &Found, b: &Found) -> bool {
    match (a, b) {
        (Found::Story(a), Found::Story(b)) => a.path == b.path && a.stamp == b.stamp,
        (Found::Page(a), Found::Page(b)) => a == b,
        (Found::Asset(a), Found::Asset(b)) => a.output_path == b.output_path,
        (Found::Said(a), Found::Said(b)) => a.code == b.code,
        (Found::Nothing, Found::Nothing) => true,
        _ => false,
    }
}

/// Whether every folder from `content/` down to `rel`'s own is a real one:
/// a watcher may report files inside a linked folder, which the walk does
/// not enter (it says the link is not followed).
fn in_real_folders(root: &Path, rel: &Path) -> bool {
    let mut folder = root.to_path_buf();
    let Some(parent) = rel.parent() else {
        return false;
    };
    parent.components().all(|part| {
        folder.push(part);
        std::fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A site folder holding `files` and the index of its walk (what a
    /// file holds does not matter to the index: each gets a short story).
    fn indexed(files: &[&str]) -> (tempfile::TempDir, ContentIndex) {
        let dir = tempfile::tempdir().unwrap();
        for rel in files {
            write(dir.path(), rel, "---\ntitle: a\n---\n");
        }
        let index = ContentIndex::of(&load::walk_content(dir.path()).unwrap()).unwrap();
        (dir, index)
    }

    /// The files a check would see, with their stamps and the notes.
    fn seen(loaded: &Loaded, diags: Diagnostics) -> String {
        let stories: Vec<String> = loaded
            .stories
            .iter()
            .map(|s| format!("{} {:?}", s.path, s.stamp))
            .collect();
        let pages: Vec<&str> = loaded.pages.iter().map(|p| p.path.as_str()).collect();
        let assets: Vec<&str> = loaded
            .assets
            .iter()
            .map(|a| a.output_path.as_str())
            .collect();
        let notes: Vec<String> = diags
            .sorted()
            .iter()
            .map(|d| format!("{} {}", d.code, d.path))
            .collect();
        format!("{stories:#?}\n{pages:?}\n{assets:?}\n{notes:?}")
    }

    fn walked_now(root: &Path) -> String {
        let mut diags = Diagnostics::default();
        let loaded = load::load_content(root, &mut diags);
        seen(&loaded, diags)
    }

    fn from_index(index: &mut ContentIndex, root: &Path) -> String {
        let mut diags = Diagnostics::default();
        let loaded = index.loaded(root, &mut diags);
        seen(&loaded, diags)
    }

    #[test]
    fn changes_the_watcher_reports_give_what_a_walk_would() {
        let (dir, mut index) = indexed(&[
            "content/stories/2024-01/a.md",
            "content/stories/2024-01/b.md",
            "content/pages/gioi-thieu.md",
            "content/images/a.jpg",
        ]);
        let root = dir.path();
        assert_eq!(from_index(&mut index, root), walked_now(root));

        // An edit, a story added, one removed, a dossier dropped in, an
        // editor's swap file, and a page edited.
        write(
            root,
            "content/stories/2024-01/a.md",
            "---\ntitle: a, sửa lại\n---\n",
        );
        write(root, "content/stories/2024-01/c.md", "---\ntitle: c\n---\n");
        std::fs::remove_file(root.join("content/stories/2024-01/b.md")).unwrap();
        write(root, "content/stories/ho-so.docx", "x");
        write(root, "content/stories/2024-01/.a.md.swp", "x");
        write(root, "content/pages/gioi-thieu.md", "# Giới thiệu lại\n");
        let changed: Vec<PathBuf> = [
            "content/stories/2024-01/a.md",
            "content/stories/2024-01/b.md",
            "content/stories/2024-01/c.md",
            "content/stories/ho-so.docx",
            "content/stories/2024-01/.a.md.swp",
            "content/pages/gioi-thieu.md",
            "site.yaml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert!(index.apply(root, &changed));
        assert_eq!(from_index(&mut index, root), walked_now(root));

        // An edit alone: the story's stamp is patched in the list given out.
        let before = index.loaded(root, &mut Diagnostics::default()).stories;
        write(
            root,
            "content/stories/2024-01/c.md",
            "---\ntitle: c, dài hơn\n---\n",
        );
        assert!(index.apply(root, &[PathBuf::from("content/stories/2024-01/c.md")]));
        let after = from_index(&mut index, root);
        assert_eq!(after, walked_now(root));
        assert_ne!(
            after,
            seen(
                &Loaded {
                    stories: before,
                    ..Loaded::default()
                },
                Diagnostics::default()
            )
        );
    }

    #[test]
    fn a_change_the_watcher_never_told_is_found_by_a_walk() {
        let (dir, mut index) = indexed(&["content/stories/2024-01/a.md"]);
        let root = dir.path();
        assert!(index.is_as(&load::walk_content(root).unwrap()));
        write(
            root,
            "content/stories/2024-01/a.md",
            "---\ntitle: a, sửa\n---\n",
        );
        assert!(!index.is_as(&load::walk_content(root).unwrap()), "an edit");
        assert!(index.apply(root, &[PathBuf::from("content/stories/2024-01/a.md")]));
        assert!(index.is_as(&load::walk_content(root).unwrap()));
        write(root, "content/stories/2024-01/b.md", "---\ntitle: b\n---\n");
        assert!(
            !index.is_as(&load::walk_content(root).unwrap()),
            "a story added"
        );
    }

    #[test]
    fn what_a_watcher_cannot_vouch_for_asks_for_a_walk() {
        let (dir, mut index) = indexed(&["content/stories/2024-01/a.md"]);
        let root = dir.path();
        // A folder made (what is in it was never listed), and content itself.
        write(root, "content/stories/2024-02/b.md", "---\ntitle: b\n---\n");
        assert!(!index.apply(root, &[PathBuf::from("content/stories/2024-02")]));
        assert!(!index.apply(root, &[PathBuf::from("content")]));
    }

    #[test]
    fn a_folder_removed_takes_its_stories_with_it() {
        let (dir, mut index) = indexed(&[
            "content/stories/2024-01/a.md",
            "content/stories/2024-02/b.md",
        ]);
        let root = dir.path();
        std::fs::remove_dir_all(root.join("content/stories/2024-01")).unwrap();
        assert!(index.apply(root, &[PathBuf::from("content/stories/2024-01")]));
        assert_eq!(from_index(&mut index, root), walked_now(root));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_inside_a_linked_folder_is_never_taken_in() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/stories/2024-01/a.md", "---\ntitle: a\n---\n");
        write(root, "elsewhere/x.md", "---\ntitle: x\n---\n");
        std::os::unix::fs::symlink(
            root.join("elsewhere"),
            root.join("content/stories/lien-ket"),
        )
        .unwrap();
        let walked = load::walk_content(root).unwrap();
        let mut index = ContentIndex::of(&walked).unwrap();
        let inside = PathBuf::from("content/stories/lien-ket/x.md");
        assert!(
            !index.apply(root, &[inside]),
            "a walk says the link is not followed"
        );
    }
}
