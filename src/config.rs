//! `site.yaml`: the site's configuration, strictly parsed.

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::yaml;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Absolute URL ("https://example.gov.vn/bang-vang/") or a path ("/bang-vang/").
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
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
        let config: SiteConfig = yaml::parse(CONFIG_FILE, text, 1)?;
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
}
