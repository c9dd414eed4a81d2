//! The binary's pieces that are about the command line itself rather than
//! a library call: its Vietnamese help and usage errors, and `new`'s checks
//! of its own arguments.

pub mod new;
pub mod usage;
