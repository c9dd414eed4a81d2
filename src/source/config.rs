//! `site.yaml`: the site's configuration, strictly parsed.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::yaml::{self, Locator, Seg};
use crate::text::personal_data::PublicNumbers;

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
    /// Who publishes the site, shown in every page's footer.
    #[serde(default)]
    pub publisher: Option<Publisher>,
    /// The plan or regulation the rules quote in their hints.
    #[serde(default)]
    pub plan: Plan,
    /// The documents of a proposal's dossier, in the order the office lists them.
    #[serde(default = "default_dossier", rename = "dossier")]
    pub dossier_documents: Vec<DossierDocument>,
    /// Sentences of the site that name the organisation.
    #[serde(default)]
    pub wording: Wording,
    #[serde(default)]
    pub radio: Radio,
}

/// The publishing organisation, as Nghị định 42/2022/NĐ-CP (Điều 4) asks a
/// state portal to show: name, address, phone, e-mail and who answers for it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// The official responsible for the page ("Chịu trách nhiệm: …").
    #[serde(default)]
    pub responsible: String,
    /// The place name of the office's papers ("Hà Nội, ngày … tháng … năm …").
    #[serde(default)]
    pub place: String,
}

/// The plan the rules come from: its citation and the clause each rule
/// quotes. Empty by default: the hints then explain the rule without a source.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[serde(default)]
    pub citation: String,
    #[serde(default)]
    pub clauses: Clauses,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Clauses {
    /// The clause that awards individuals only, quoted when a story names a group.
    #[serde(default)]
    pub individuals_only: String,
    /// The clause against proposing one deed twice.
    #[serde(default)]
    pub no_duplicate: String,
}

impl Plan {
    /// "Kế hoạch …, mục 3.2" for a clause, or `None` when site.yaml names
    /// no plan or no such clause.
    pub fn source(&self, clause: &str) -> Option<String> {
        let (citation, clause) = (self.citation.trim(), clause.trim());
        match (citation.is_empty(), clause.is_empty()) {
            (true, true) => None,
            (false, true) => Some(citation.to_string()),
            (true, false) => Some(clause.to_string()),
            (false, false) => Some(format!("{citation}, {clause}")),
        }
    }

    /// The rule against proposing one deed twice, with its source if known:
    /// "Không khen trùng (Kế hoạch …, mục 3.2)".
    pub fn no_duplicate(&self) -> String {
        match self.source(&self.clauses.no_duplicate) {
            Some(source) => format!("Không khen trùng ({source})"),
            None => "Không khen trùng".to_string(),
        }
    }

    /// The quoted rule that awards individuals only, followed by a space, or
    /// nothing when site.yaml quotes none.
    pub fn individuals_only(&self) -> String {
        self.source(&self.clauses.individuals_only)
            .map(|s| format!("{s} "))
            .unwrap_or_default()
    }
}

/// One document of a dossier: `id` is what a story writes under `dossier:`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DossierDocument {
    pub id: String,
    pub label: String,
}

/// The three documents every proposal needed before sites listed their own;
/// a site.yaml written before `dossier:` existed keeps working.
fn default_dossier() -> Vec<DossierDocument> {
    [
        ("to_trinh", "Tờ trình"),
        ("trich_ngang", "Trích ngang"),
        ("xac_nhan_cu_tru", "Xác nhận cư trú"),
    ]
    .map(|(id, label)| DossierDocument {
        id: id.into(),
        label: label.into(),
    })
    .to_vec()
}

/// Sentences that name the organisation or its units; the defaults name none.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The intro of the index of monthly boards.
    #[serde(default = "default_months_intro")]
    pub months_intro: String,
    /// How the radio script names the site in its closing words.
    #[serde(default = "default_radio_site")]
    pub radio_site: String,
    /// The units page's heading over units that have not ended.
    #[serde(default = "default_units_current")]
    pub units_current: String,
    /// The units page's heading over units that have ended (`to` in the
    /// registry), e.g. "before the 2025 rearrangement".
    #[serde(default = "default_units_before")]
    pub units_before: String,
}

impl Default for Wording {
    fn default() -> Self {
        Wording {
            months_intro: default_months_intro(),
            radio_site: default_radio_site(),
            units_current: default_units_current(),
            units_before: default_units_before(),
        }
    }
}

fn default_months_intro() -> String {
    "Mỗi tháng, các đơn vị xét tặng và đề nghị khen thưởng danh hiệu “Người tốt, việc tốt”.".into()
}
fn default_units_current() -> String {
    "Đơn vị hiện nay".into()
}
fn default_units_before() -> String {
    "Đơn vị trước khi sắp xếp".into()
}
fn default_radio_site() -> String {
    "trang thông tin điện tử của đơn vị".into()
}

/// How the radio script is read aloud.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Radio {
    /// `bac` or `nam`, read as text so a wrong word gets a plain message.
    #[serde(default, rename = "numbers")]
    numbers_written: Option<String>,
    #[serde(skip)]
    pub numbers: Reading,
    /// Abbreviations read aloud in full ("UBND" → "Ủy ban nhân dân"), as
    /// whole words, letter case as written.
    #[serde(default)]
    pub abbreviations: std::collections::BTreeMap<String, String>,
}

/// The northern reading says "linh", "nghìn"; the southern "lẻ", "ngàn".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Reading {
    #[default]
    Bac,
    Nam,
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

/// What the check of one story takes from site.yaml; a story parsed under
/// other rules is parsed again.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryRules {
    pub public: PublicNumbers,
    pub plan: Plan,
    pub dossier: Vec<DossierDocument>,
}

/// Without site.yaml: no number public, no plan, the default dossier.
impl Default for StoryRules {
    fn default() -> Self {
        StoryRules {
            public: PublicNumbers::default(),
            plan: Plan::default(),
            dossier: default_dossier(),
        }
    }
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
        config.check_dossier(&locator)?;
        config.radio.numbers = match config.radio.numbers_written.as_deref().map(str::trim) {
            None | Some("bac") => Reading::Bac,
            Some("nam") => Reading::Nam,
            Some(other) => {
                return Err(Diagnostic::error("bad-config", CONFIG_FILE, format!("cách đọc số `{other}` (`radio.numbers`) không có; chỉ có `bac` hoặc `nam`"))
                    .at_pos(locator.find_value(&[Seg::Key("radio"), Seg::Key("numbers")]))
                    .hint("viết `radio: { numbers: bac }` (đọc “một trăm linh năm”, “nghìn”) hoặc `radio: { numbers: nam }` (đọc “một trăm lẻ năm”, “ngàn”)"));
            }
        };
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

    /// Dossier ids are what stories write: each one named, and once.
    fn check_dossier(&self, locator: &Locator) -> Result<(), Diagnostic> {
        for (i, doc) in self.dossier_documents.iter().enumerate() {
            let id = doc.id.trim();
            let twice = self.dossier_documents[..i]
                .iter()
                .any(|d| d.id.trim() == id);
            if id.is_empty() || doc.label.trim().is_empty() || twice {
                let why = if twice {
                    "có mã trùng với một giấy tờ trước nó"
                } else {
                    "thiếu mã (`id`) hoặc tên (`label`)"
                };
                return Err(Diagnostic::error("bad-config", CONFIG_FILE, format!("giấy tờ thứ {} của `dossier` {why}", i + 1))
                    .at_pos(locator.find_value(&[Seg::Key("dossier"), Seg::Index(i)]))
                    .hint("mỗi giấy tờ một dòng, mã khác nhau, ví dụ `- { id: to_trinh, label: \"Tờ trình\" }`"));
            }
        }
        Ok(())
    }

    /// What the check of each story takes from site.yaml.
    pub fn story_rules(&self) -> StoryRules {
        StoryRules {
            public: PublicNumbers::new(&self.public_numbers),
            plan: self.plan.clone(),
            dossier: self.dossier_documents.clone(),
        }
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

    #[test]
    fn radio_reading_is_bac_unless_nam_and_a_wrong_word_is_located() {
        let reading = |extra: &str| {
            SiteConfig::parse(&format!("title: t\n{extra}"))
                .map(|c| c.radio.numbers)
                .map_err(|e| (e.code, e.pos))
        };
        assert_eq!(reading(""), Ok(Reading::Bac));
        assert_eq!(reading("radio: { numbers: nam }\n"), Ok(Reading::Nam));
        assert_eq!(
            reading("radio:\n  numbers: trung\n"),
            Err(("bad-config", Some(Pos::new(3, 12))))
        );
    }

    #[test]
    fn plan_is_quoted_only_as_far_as_it_is_given() {
        let plan = |citation: &str, clause: &str| Plan {
            citation: citation.into(),
            clauses: Clauses {
                no_duplicate: clause.into(),
                individuals_only: clause.into(),
            },
        };
        assert_eq!(plan("", "").no_duplicate(), "Không khen trùng");
        assert_eq!(plan("", "").individuals_only(), "");
        assert_eq!(
            plan("Đề án 1", "").no_duplicate(),
            "Không khen trùng (Đề án 1)"
        );
        assert_eq!(
            plan("Đề án 1", "mục 2").no_duplicate(),
            "Không khen trùng (Đề án 1, mục 2)"
        );
        assert_eq!(plan("", "Điều 5: «…»").individuals_only(), "Điều 5: «…» ");
    }

    #[test]
    fn dossier_defaults_to_three_documents_and_refuses_blank_ids() {
        let config = SiteConfig::parse("title: t\n").ok().unwrap();
        let ids: Vec<&str> = config
            .dossier_documents
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(ids, ["to_trinh", "trich_ngang", "xac_nhan_cu_tru"]);
        let err = SiteConfig::parse(
            "title: t\ndossier:\n  - { id: a, label: A }\n  - { id: ' ', label: B }\n",
        )
        .err()
        .unwrap();
        assert_eq!((err.code, err.pos), ("bad-config", Some(Pos::new(4, 5))));
    }
}
