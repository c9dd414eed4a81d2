//! `site.yaml`: the site's configuration, strictly parsed.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::yaml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Absolute URL ("https://example.gov.vn/bang-vang/") or a path ("/bang-vang/").
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// A folder name under `themes/`, never a path (see `theme_error`).
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where the value of `theme:` stands in site.yaml, for errors found later.
    #[serde(skip)]
    pub theme_pos: Pos,
    /// Items per list page.
    #[serde(default = "default_paginate")]
    pub paginate: usize,
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_paginate() -> usize {
    20
}

pub const CONFIG_FILE: &str = "site.yaml";

impl SiteConfig {
    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let mut config: SiteConfig = yaml::parse(CONFIG_FILE, text, 1)?;
        config.theme_pos = value_pos(text, "theme");
        if !is_folder_name(&config.theme) {
            return Err(config
                .theme_error("phải là tên một thư mục trong themes/, không phải một đường dẫn"));
        }
        if config.paginate == 0 {
            let pos = yaml::locate_key(text, "paginate", 1).unwrap_or_default();
            return Err(
                Diagnostic::error("bad-config", CONFIG_FILE, "`paginate` phải lớn hơn 0")
                    .at_pos(pos)
                    .hint("đặt `paginate: 20`"),
            );
        }
        Ok(config)
    }

    /// `theme:` names something outside `themes/`: a site.yaml copied from
    /// elsewhere must not make the build read (and publish) other folders.
    pub fn theme_error(&self, why: &str) -> Diagnostic {
        Diagnostic::error(
            "bad-theme",
            CONFIG_FILE,
            format!("chủ đề giao diện `{}` {why}", self.theme),
        )
        .at_pos(self.theme_pos)
        .hint("viết tên thư mục, ví dụ `theme: default`; không dùng `/`, `\\`, `..`, đường dẫn tuyệt đối, hay liên kết trỏ ra ngoài themes/")
    }

    /// The site's absolute address ("https://host/path/"), when `base_url`
    /// gives one: feeds, the sitemap, canonical links and share previews need
    /// absolute URLs.
    pub fn absolute_base(&self) -> Option<String> {
        let url = self.base_url.trim();
        let (scheme, rest) = url.split_once("://")?;
        if !(scheme == "http" || scheme == "https") || rest.is_empty() {
            return None;
        }
        let host = rest.split('/').next().unwrap_or("");
        Some(format!("{scheme}://{host}{}", self.base_path()))
    }

    /// The path part of `base_url`, always starting and ending with `/`:
    /// every link in the site starts with it, so the site works under a sub-path.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let after_scheme = match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                rest.find('/').map(|j| &rest[j..]).unwrap_or("/")
            }
            None => url,
        };
        let trimmed = after_scheme.trim_matches('/');
        if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        }
    }
}

/// A plain folder name: no separator, no `..`, no drive (`C:`), not empty.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':'])
        && !name.starts_with(char::is_whitespace)
}

/// The position of the value of a top-level `key:` (its key if the value
/// cannot be found).
fn value_pos(text: &str, key: &str) -> Pos {
    let Some(pos) = yaml::locate_key(text, key, 1) else {
        return Pos::default();
    };
    let line = text.lines().nth(pos.line - 1).unwrap_or("");
    let key_at = line
        .char_indices()
        .nth(pos.column - 1)
        .map_or(0, |(i, _)| i);
    let rest = line.get(key_at + key.len()..).unwrap_or("");
    let gap = rest.len() - rest.trim_start_matches([' ', ':', '\t']).len();
    Pos::new(pos.line, yaml::column_of(line, key_at + key.len() + gap))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_base(base: &str) -> SiteConfig {
        SiteConfig::parse(&format!("title: t\nbase_url: \"{base}\"\n"))
            .ok()
            .unwrap()
    }

    #[test]
    fn base_path_from_any_form() {
        assert_eq!(with_base("/").base_path(), "/");
        assert_eq!(with_base("https://a.gov.vn").base_path(), "/");
        assert_eq!(
            with_base("https://a.gov.vn/nguoi-tot/").base_path(),
            "/nguoi-tot/"
        );
        assert_eq!(with_base("/x/y").base_path(), "/x/y/");
    }

    #[test]
    fn absolute_base_only_from_full_urls() {
        assert_eq!(
            with_base("https://a.gov.vn/nguoi-tot")
                .absolute_base()
                .as_deref(),
            Some("https://a.gov.vn/nguoi-tot/")
        );
        assert_eq!(
            with_base("https://a.gov.vn").absolute_base().as_deref(),
            Some("https://a.gov.vn/")
        );
        assert_eq!(with_base("/nguoi-tot/").absolute_base(), None);
    }

    #[test]
    fn unknown_config_key_is_an_error() {
        let err = SiteConfig::parse("title: t\ntheme_name: x\n")
            .err()
            .unwrap();
        assert_eq!(err.code, "unknown-key");
        assert_eq!((err.line, err.column), (2, 1));
    }

    #[test]
    fn theme_is_a_folder_name_located_at_its_value() {
        for bad in ["../content", "/etc", "a/b", "a\\b", "..", "C:x", ""] {
            let text = format!("title: t\ntheme:  '{bad}'\n");
            let err = SiteConfig::parse(&text).err().unwrap();
            assert_eq!(
                (err.code, err.line, err.column),
                ("bad-theme", 2, 9),
                "{bad}"
            );
        }
        assert!(SiteConfig::parse("title: t\ntheme: xanh.la-2\n").is_ok());
    }
}
