//! Addresses never vanish silently. Each build keeps the list of story
//! addresses it published (with the file each came from) beside the output,
//! not in it: file names are not for the public. The next build compares:
//! an address the previous build published that this one drops, while its
//! story is still published, is a warning naming the `aliases:` line to add,
//! so a corrected title never breaks a link already shared.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fsio;
use crate::site::model::SiteModel;
use crate::site::urls;

/// `public/` → `.public.bangvang-dia-chi.txt` beside it.
pub fn list_file(output: &Path) -> PathBuf {
    let parent = output.parent().unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    parent.join(format!(".{name}.bangvang-dia-chi.txt"))
}

/// Every address of a story this build publishes (its page and its old
/// addresses), one `address<TAB>file` a line, sorted.
pub fn published(m: &SiteModel) -> String {
    // Made and sorted on every core: at 100,000 stories an ordered set of
    // the lines took a tenth of a second. Sorted and without repeats, the
    // lines are what that set held, in its order.
    let mut lines: Vec<String> = m
        .stories
        .par_iter()
        .enumerate()
        .flat_map_iter(|(id, story)| {
            let page = format!("{}\t{}", urls::story(&m.story_slugs[id]), story.source);
            let aliases = (story.derived.aliases.iter())
                .map(move |alias| format!("{alias}\t{}", story.source));
            std::iter::once(page).chain(aliases)
        })
        .collect();
    lines.par_sort_unstable();
    lines.dedup();
    let mut list = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in lines {
        list.push_str(&line);
        list.push('\n');
    }
    list
}

/// The warnings for addresses in `previous` (the list of the last build)
/// that `m` drops while their story is still published; `now` is
/// `published(m)`. A story no longer published (withdrawn, no consent)
/// loses its address on purpose.
pub fn dropped(previous: &str, now: &str, m: &SiteModel) -> Vec<Diagnostic> {
    // The same list, the most common case by far: nothing can be dropped.
    if previous == now {
        return Vec::new();
    }
    let now: BTreeSet<&str> = now.lines().filter_map(|l| l.split('\t').next()).collect();
    let by_source: BTreeMap<&str, usize> = m
        .stories
        .iter()
        .enumerate()
        .map(|(id, s)| (s.source.as_str(), id))
        .collect();
    let mut found = Vec::new();
    for (address, source) in previous.lines().filter_map(|l| l.split_once('\t')) {
        let Some(&id) = by_source.get(source) else {
            continue;
        };
        if !now.contains(address) {
            found.push(warning(m, id, address));
        }
    }
    found
}

fn warning(m: &SiteModel, id: usize, old: &str) -> Diagnostic {
    let story = &m.stories[id];
    let line = if story.derived.aliases.is_empty() {
        format!("`aliases: [{old}]`")
    } else {
        format!("`  - {old}` dưới `aliases:`")
    };
    Diagnostic::warning(
        "address-dropped",
        &story.source,
        format!(
            "địa chỉ cũ `{old}` của bài này sẽ không mở được nữa: bài nay ở `{}`",
            urls::story(&m.story_slugs[id])
        ),
    )
    .at_pos(story.derived.address_position)
    .hint(format!(
        "để liên kết đã chia sẻ vẫn mở được, thêm vào phần đầu bài dòng {line}"
    ))
}

/// `notes` with the warnings for addresses the build into `output` drops;
/// `now` is `published(m)`, which the build keeps for the next one.
pub fn with_dropped(
    mut notes: Diagnostics,
    output: &Path,
    now: &str,
    m: &SiteModel,
) -> Diagnostics {
    // No list (a first build, or one before this check existed): nothing to compare.
    let previous = fsio::read(&list_file(output))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    notes.extend(dropped(&previous, now, m));
    notes
}

/// Keep the list of this build for the next one; called after the swap, so
/// it says what is now published. Failing to keep it only costs the check.
/// `list` is `published` of the build's model.
pub fn remember(output: &Path, shown: &str, list: &str, notes: &mut Diagnostics) {
    if let Err(e) = fsio::write(&list_file(output), list.as_bytes()) {
        notes.push(
            Diagnostic::warning("write", shown, e.to_string())
                .hint("trang đã được dựng; lần dựng sau sẽ không báo được địa chỉ cũ bị mất"),
        );
    }
}
