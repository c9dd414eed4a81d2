//! `site.yaml`: the site's configuration, strictly parsed.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::yaml::{self, Locator, Seg};

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
    /// Where the value of `theme:` stands in site.yaml, for errors found later;
    /// `None` when site.yaml leaves the theme to its default.
    #[serde(skip)]
    pub theme_pos: Option<Pos>,
    /// Items per list page, 1 to `MAX_PAGINATE`.
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// Phone numbers the site may publish in stories and pages (a ward's
    /// hotline); any other number typed into a text is an error.
    #[serde(default)]
    pub public_numbers: Vec<String>,
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

/// More items than any list page needs; a bound also keeps page arithmetic
/// (`paginate * 5` for the front page) far from overflow.
const MAX_PAGINATE: usize = 1000;

impl SiteConfig {
    pub fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let mut config: SiteConfig = yaml::parse(CONFIG_FILE, text, 1)?;
        let locator = Locator::new(text, 1);
        config.theme_pos = locator.find_value(&[Seg::Key("theme")]);
        if !is_folder_name(&config.theme) {
            return Err(config
                .theme_error("phải là tên một thư mục trong themes/, không phải một đường dẫn"));
        }
        if !(1..=MAX_PAGINATE).contains(&config.paginate) {
            let why = match config.paginate {
                0 => "phải lớn hơn 0".to_string(),
                n => format!(
                    "là {n}, quá lớn: mỗi trang danh sách hiện nhiều nhất {MAX_PAGINATE} mục"
                ),
            };
            return Err(
                Diagnostic::error("bad-config", CONFIG_FILE, format!("`paginate` {why}"))
                    .at_pos(locator.find_key(&[Seg::Key("paginate")]))
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
        assert_eq!(err.pos, Some(Pos::new(2, 1)));
    }

    #[test]
    fn theme_is_a_folder_name_located_at_its_value() {
        for bad in ["../content", "/etc", "a/b", "a\\b", "..", "C:x", ""] {
            let text = format!("title: t\ntheme:  '{bad}'\n");
            let err = SiteConfig::parse(&text).err().unwrap();
            assert_eq!(
                (err.code, err.pos),
                ("bad-theme", Some(Pos::new(2, 9))),
                "{bad}"
            );
        }
        assert!(SiteConfig::parse("title: t\ntheme: xanh.la-2\n").is_ok());
    }

    #[test]
    fn paginate_is_bounded_and_located() {
        for bad in ["0", "1001", "18446744073709551615"] {
            let text = format!("title: t\npaginate:  {bad}\n");
            let err = SiteConfig::parse(&text).err().unwrap();
            assert_eq!(
                (err.code, err.pos),
                ("bad-config", Some(Pos::new(2, 1))),
                "{bad}"
            );
            assert!(err.to_string().contains("`paginate`"), "{err}");
        }
        for good in ["1", "1000"] {
            let text = format!("title: t\npaginate: {good}\n");
            assert!(SiteConfig::parse(&text).is_ok(), "{good}");
        }
    }

    #[test]
    fn a_default_theme_points_nowhere_in_site_yaml() {
        let config = SiteConfig::parse("title: t\n").ok().unwrap();
        assert_eq!(config.theme_pos, None);
        assert_eq!(config.theme_error("x").pos, None);
    }
}
