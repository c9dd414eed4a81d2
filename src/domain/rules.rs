//! The plan's rules that need more than one story to check.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::domain::story::Story;

/// Không khen trùng: the same deed of the same person (same person, same deed
/// date) may be proposed once, by one unit. Every story involved is named.
pub fn check_duplicate_deeds(stories: &[Arc<Story>], diags: &mut Diagnostics) {
    let mut by_deed: BTreeMap<(String, chrono::NaiveDate), Vec<&Story>> = BTreeMap::new();
    for story in stories {
        by_deed
            .entry((story.person.identity(), story.deed.date))
            .or_default()
            .push(story);
    }
    for group in by_deed.values().filter(|g| g.len() > 1) {
        let mut group = group.clone();
        group.sort_by(|a, b| a.source.cmp(&b.source));
        let first = group[0];
        for other in &group[1..] {
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
            diags.push(
                Diagnostic::error(code, &other.source, what)
                    .at_pos(other.spans.deed_position)
                    .related(format!("{}:{}:{}: cùng việc tốt, cùng người, trong bài này", first.source, first.spans.deed_position.line, first.spans.deed_position.column))
                    .hint("Không khen trùng (Kế hoạch 124/KH-UBND, mục 3.2): với một thành tích, một đối tượng chỉ được một đơn vị đề nghị khen thưởng. Gộp hai bài thành một; các cấp khen khác nhau ghi chung trong `awards` của bài đó"),
            );
        }
    }
}
