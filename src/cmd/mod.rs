//! The binary's pieces that are about the command line itself rather than
//! a library call: its Vietnamese help and usage errors, `new`'s checks of
//! its own arguments, what `check` prints for the files it was given, and
//! the office's `report` and `papers` (their filters and where they write).

pub mod check;
pub mod new;
pub mod papers;
pub mod report;
pub mod usage;
