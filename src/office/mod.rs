//! For staff, never for the public site: the lint checks of `check`, the
//! dossier table, the report, the papers of a month and `new`. Nothing in `render` imports it.

pub mod checks;
pub mod new_story;
pub mod papers;
pub mod report;
