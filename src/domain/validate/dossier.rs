//! The dossier: each id a story writes under `dossier:` must be one of the
//! documents site.yaml lists, so a typo never reads as a missing document.

use std::collections::BTreeMap;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::domain::story::{Dossier, DossierItem};
use crate::source::yaml::Seg;

use super::context::Ctx;

/// Every document of site.yaml with whether the story has it; an unknown id
/// is an error at its key, listing the valid ones.
pub(super) fn check_dossier(cx: &mut Ctx, written: &BTreeMap<String, bool>) -> Dossier {
    let documents = &cx.rules.dossier;
    for id in written.keys() {
        if documents.iter().any(|d| d.id == *id) {
            continue;
        }
        let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        let valid = ids
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let guess = did_you_mean(id, ids.iter().copied())
            .map(|g| format!("có phải ý bạn là `{g}`? "))
            .unwrap_or_default();
        let pos = cx.loc.key(&[Seg::Key("dossier"), Seg::Key(id)]);
        cx.push(
            Diagnostic::error(
                "unknown-dossier",
                cx.path,
                format!(
                    "giấy tờ `{id}` trong `dossier` không có trong danh sách hồ sơ của site.yaml"
                ),
            )
            .at_pos(pos)
            .hint(format!(
                "{guess}Các mã hợp lệ: {valid} (mục `dossier` của site.yaml)"
            )),
        );
    }
    Dossier(
        documents
            .iter()
            .map(|d| DossierItem {
                id: d.id.clone(),
                label: d.label.clone(),
                present: written.get(&d.id).copied().unwrap_or(false),
            })
            .collect(),
    )
}
