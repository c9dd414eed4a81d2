//! bangvang: a static site generator for "Người tốt, việc tốt" honor boards.
//!
//! The pipeline, one module per stage:
//! `load` → `front_matter`/`story` (validate) → `rules` → `model` →
//! `render` (templates via `views`) → `write` (atomic swap of the output).
//! The library never prints; it returns a report or `Diagnostics`.

// The house, lowest layer first; a module imports only from layers below
// it (tests/layers.rs checks this).
pub mod diagnostics;
pub(crate) mod domain;
pub(crate) mod fsio;
pub(crate) mod office;
pub(crate) mod pipeline;
pub(crate) mod policy;
pub(crate) mod render;
pub mod serve;
pub(crate) mod site;
pub(crate) mod source;
pub(crate) mod text;
pub(crate) mod write;

/// Search folding and NFC, the same as search.js does them (tests/folding.rs
/// holds the two to one table of vectors).
pub use text::vietnamese::{fold, nfc, slugify};

pub use pipeline::{build, check, check_with, load_registry, new_story_address, story_address};
pub use pipeline::{BuildOptions, BuildReport, Checked, OutputSize, ParseCache, Stage, Timings};

/// A month of the calendar (`--month 2025-11`).
pub use domain::story::YearMonth;
/// Where a file would really land, links followed (for `report -f`).
pub use fsio::resolve_for_write;
/// For the emulation office: the dossier table of `check`, the yearly report
/// and a new story from the template.
pub use office::checks::{dossier_table, dossier_text, DossierRow};
pub use office::new_story::{create as new_story, NewStory};
/// The papers of a unit's month: tờ trình, trích ngang, danh sách.
pub use office::papers;
pub use office::report;
/// The registry (`content/registry.yaml`), for the ids a command line names.
pub use source::registry::Registry;
