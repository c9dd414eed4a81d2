//! Which file changes matter to `serve`: pure filters (unit-tested), and
//! the watcher that feeds them, debounced by notify-debouncer-full.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::source::load::is_ignored_name;

/// How long the watcher waits for a burst of writes (an editor saving a file
/// in several steps) to settle before a rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// The folders a site is made of, each watched recursively.
const SOURCES: [&str; 3] = ["content", "themes", "templates"];

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

/// What changed in one burst, and what went wrong watching (an event
/// queue that overflowed, say: then anything may have changed).
#[derive(Debug, Default)]
pub struct Burst {
    pub paths: Vec<PathBuf>,
    pub errors: Vec<String>,
    /// The system said events were lost (a queue that overflowed): any
    /// file may have changed, not only those in `paths`.
    pub rescan: bool,
}

impl Burst {
    fn is_empty(&self) -> bool {
        self.paths.is_empty() && self.errors.is_empty() && !self.rescan
    }
}

/// What waiting for changes gave.
#[derive(Debug)]
pub enum Waited {
    Burst(Burst),
    /// Nothing changed for the time asked.
    Quiet,
}

/// Watches the parts of a site's root that the site is made of. The root is
/// watched alone, not recursively (it may hold `target/` or `.git/`, with
/// thousands of folders), and each source folder recursively. A source
/// folder deleted and made again (`git checkout` does this) is watched anew.
pub struct SiteWatcher {
    root: PathBuf,
    output: Option<PathBuf>,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
}

impl SiteWatcher {
    pub fn new(root: &Path, output: Option<PathBuf>) -> notify::Result<SiteWatcher> {
        let (send, events) = channel();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result| {
            let _ = send.send(result);
        })?;
        let mut watcher = SiteWatcher {
            root: root.to_path_buf(),
            output,
            debouncer,
            events,
        };
        // site.yaml, and source folders made later.
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        for dir in SOURCES {
            watcher.watch_source(dir)?;
        }
        Ok(watcher)
    }

    fn watch_source(&mut self, dir: &str) -> notify::Result<()> {
        let path = self.root.join(dir);
        if path.is_dir() {
            self.debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// Wait for the next relevant changes, with whatever else is already
    /// queued. None when the watcher is gone.
    pub fn next_burst(&mut self) -> Option<Burst> {
        let mut burst = Burst::default();
        while burst.is_empty() {
            let result = self.events.recv().ok()?;
            self.take(result, &mut burst);
        }
        Some(self.finish(burst))
    }

    /// `next_burst`, or `Quiet` when no relevant change came for `quiet`.
    pub fn next_burst_within(&mut self, quiet: Duration) -> Option<Waited> {
        let deadline = std::time::Instant::now() + quiet;
        let mut burst = Burst::default();
        while burst.is_empty() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.events.recv_timeout(left) {
                Ok(result) => self.take(result, &mut burst),
                Err(RecvTimeoutError::Timeout) => return Some(Waited::Quiet),
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(Waited::Burst(self.finish(burst)))
    }

    /// Add what `result` says changed to `burst`.
    fn take(&self, result: DebounceEventResult, burst: &mut Burst) {
        match result {
            Ok(events) => {
                burst.rescan |= events.iter().any(|e| e.need_rescan());
                let relevant = events
                    .into_iter()
                    .filter(|e| is_change(&e.kind))
                    .flat_map(|e| e.event.paths)
                    .filter(|p| is_relevant(&self.root, self.output.as_deref(), p));
                burst.paths.extend(relevant);
            }
            Err(errors) => burst.errors.extend(errors.iter().map(|e| e.to_string())),
        }
    }

    /// `burst` with whatever else is already queued, each path once.
    fn finish(&mut self, mut burst: Burst) -> Burst {
        while let Ok(result) = self.events.try_recv() {
            self.take(result, &mut burst);
        }
        burst.paths.sort();
        burst.paths.dedup();
        self.rewatch(&mut burst);
        burst
    }

    /// A source folder that appears in a burst was made, moved or deleted:
    /// watch it again if it is there now (a new folder has no watch yet).
    fn rewatch(&mut self, burst: &mut Burst) {
        for dir in SOURCES {
            if burst.paths.contains(&self.root.join(dir)) {
                if let Err(e) = self.watch_source(dir) {
                    burst.errors.push(e.to_string());
                }
            }
        }
    }
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
