//! Which file changes matter to `serve`: pure filters (unit-tested), the
//! watcher that feeds them, and the debounce that merges a burst of writes.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::load::is_ignored_name;

/// How long the watcher waits for a burst of writes (an editor saving a file
/// in several steps) to settle before a rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// Whether a change at `path` can change the site of `root`: anything under
/// `content/`, `themes/` or `templates/`, and `site.yaml`; never the output
/// folder, version control, or an editor's swap and backup files.
pub fn is_relevant(root: &Path, output: Option<&Path>, path: &Path) -> bool {
    if output.is_some_and(|out| path.starts_with(out)) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let names: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if names.iter().any(|n| is_ignored_name(n)) {
        return false;
    }
    match names.first().map(String::as_str) {
        Some("content" | "themes" | "templates") => true,
        Some("site.yaml") => names.len() == 1,
        _ => false,
    }
}

/// Whether an event changed something. Reading files (ours, an editor's)
/// raises access events; reacting to them would rebuild forever.
pub fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    )
}

/// Watch the parts of `root` a site is made of and send the changed paths
/// of relevant changes on `changes`. Bursts are merged by the receiver
/// (`next_burst`).
pub fn watch(
    root: &Path,
    output: Option<PathBuf>,
    changes: Sender<Vec<PathBuf>>,
) -> notify::Result<RecommendedWatcher> {
    let root_owned = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
        if let Ok(event) = result {
            if !is_change(&event.kind) {
                return;
            }
            let paths: Vec<PathBuf> = event
                .paths
                .into_iter()
                .filter(|p| is_relevant(&root_owned, output.as_deref(), p))
                .collect();
            if !paths.is_empty() {
                let _ = changes.send(paths);
            }
        }
    })?;
    for dir in ["content", "themes", "templates"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    // The root itself, not recursively: site.yaml, and new themes/ or templates/.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

/// Wait for the next change, then gather what else arrives within
/// `DEBOUNCE` (an editor saving in several steps) into one burst.
/// None when the watcher is gone.
pub fn next_burst(changes: &Receiver<Vec<PathBuf>>) -> Option<Vec<PathBuf>> {
    let mut paths = changes.recv().ok()?;
    let deadline = Instant::now() + DEBOUNCE;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match changes.recv_timeout(left) {
            Ok(more) => paths.extend(more),
            Err(_) => break,
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_sources_matter() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        let relevant = |p: &str| is_relevant(root, Some(out), Path::new(p));
        assert!(relevant("/site/content/stories/2023-05/a.md"));
        assert!(relevant("/site/content/registry.yaml"));
        assert!(relevant("/site/themes/default/templates/base.html"));
        assert!(relevant("/site/templates/404.html"));
        assert!(relevant("/site/site.yaml"));
        assert!(!relevant("/site/public/index.html"));
        assert!(!relevant("/site/content/stories/.a.md.swp"));
        assert!(!relevant("/site/content/stories/a.md~"));
        assert!(!relevant("/site/content/stories/#a.md#"));
        assert!(!relevant("/site/.git/index"));
        assert!(!relevant("/site/target/debug/bangvang"));
        assert!(!relevant("/site/README.md"));
        assert!(!relevant("/elsewhere/content/a.md"));
    }

    #[test]
    fn reading_is_not_a_change() {
        use notify::event::{AccessKind, CreateKind, ModifyKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Any)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }
}
