//! The pipeline from a site folder to a written site: options, the check
//! (read, validate, model), the parse cache of `serve`, and the build.

mod addresses;
mod build;
mod cache;
mod check;
mod options;
mod page_keys;
mod stored;
mod unchanged;

pub use build::build;
pub use cache::ParseCache;
pub use check::{check, check_with, load_registry, new_story_address, story_address};
pub use options::{BuildOptions, BuildReport, Checked, OutputSize, Stage, Timings};
