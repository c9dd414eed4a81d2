//! Text at the bottom of the house: Vietnamese (NFC, folding, slugs,
//! collation, official dates), Markdown to HTML and plain text, and the one
//! stable hash used for file names. Nothing here knows what a story is.

pub mod file_name;
pub mod hash;
pub mod house_address;
pub mod markdown;
pub mod packed;
pub mod personal_data;
pub mod url_path;
pub mod vietnamese;
