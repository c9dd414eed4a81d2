//! The binary's pieces that are about the command line itself rather than
//! a library call: its Vietnamese help and usage errors, `new`'s checks of
//! its own arguments, and what `check` prints for the files it was given.

pub mod check;
pub mod new;
pub mod usage;
