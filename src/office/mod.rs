//! For staff, never for the public site: the lint checks of `check`, the
//! dossier table, the yearly report and `new`. Nothing in `render` imports it.

pub mod checks;
pub mod new_story;
pub mod report;
