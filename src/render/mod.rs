//! Everything that turns the site model into files: pages, feeds, sitemap,
//! search index, bulletin, radio script and review. Each renderer returns
//! `OutputFile`s; none writes to disk (`write` does).

pub mod broadcast;
pub mod bulletin;
pub mod channels;
pub mod charts;
pub mod deferred;
pub mod engine;
pub mod feeds;
pub mod memo;
pub mod output;
pub mod pages;
pub mod radio;
pub mod raster;
pub mod redirects;
pub mod review;
pub mod search_index;
pub mod share_card;
pub mod spoken;
pub mod theme;
pub mod views;
