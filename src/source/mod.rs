//! Reading a site from disk: the files under `content/`, `site.yaml`, the
//! registry, front matter and images. `yaml` is the only user of serde_yaml.

pub mod config;
pub mod content_index;
pub mod front_matter;
pub mod image_cache;
pub mod images;
pub mod load;
pub mod periods;
pub mod registry;
pub mod yaml;
pub mod yaml_colon;
pub mod yaml_indent;
pub mod yaml_keys;
pub mod yaml_lines;
pub mod yaml_lists;
pub mod yaml_locate;
pub mod yaml_quotes;
pub mod yaml_words;
