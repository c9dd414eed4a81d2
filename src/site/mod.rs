//! The site as groupings of public stories (by month, unit, level, person…)
//! and every path and URL of it. No IO.

pub mod fingerprint;
pub mod groups;
pub mod model;
pub mod urls;
