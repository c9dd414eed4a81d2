//! Everything the build has to say about the content: errors and warnings,
//! each pinned to `path:line:column` when something in the file is at fault
//! (only `path` when the whole file is, or missing), in plain Vietnamese with
//! a hint.
//!
//! The library never prints; it returns `Diagnostics` and `main` decides how
//! to show them.

pub mod guide;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

// Findings are `Serialize` and `Deserialize`: a story's warnings and errors
// are kept with its outcome beside the output (`pipeline/stored.rs`) and
// printed again, word for word, by every build that reuses it. That record
// is postcard, which reads fields back by order, not name (see
// `domain/story.rs`).

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about one place in the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Short stable code, e.g. `unknown-key`, for tests, editors and CI.
    pub code: &'static str,
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// Where in `path` the fault is; `None` when no place in it is (a missing
    /// file, an image that cannot be read): a made-up `1:1` would send staff
    /// looking at the first line for nothing.
    pub pos: Option<Pos>,
    pub message: String,
    pub hint: Option<String>,
    /// Other files involved (e.g. the first story of a duplicate deed).
    pub related: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.into(),
            pos: None,
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    pub fn warning(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Point at a 1-based `line:column` of `path`.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.pos = Some(Pos::new(line.max(1), column.max(1)));
        self
    }

    /// Point at `pos`, or nowhere in the file when a search for it found
    /// nothing (`None`), rather than at a made-up first line.
    pub fn at_pos(self, pos: impl Into<Option<Pos>>) -> Self {
        match pos.into() {
            Some(pos) => self.at(pos.line, pos.column),
            None => self,
        }
    }

    /// `path:line:column`, or `path` alone when nothing in it is at fault.
    pub fn place(&self) -> String {
        match self.pos {
            Some(pos) => format!("{}:{}:{}", self.path, pos.line, pos.column),
            None => self.path.clone(),
        }
    }

    /// The hint, ending with the guide section that explains the code
    /// (`guide::section`) unless it names one already.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(guide::with_pointer(self.code, hint.into()));
        self
    }

    pub fn related(mut self, other: impl Into<String>) -> Self {
        self.related.push(other.into());
        self
    }
}

impl Diagnostic {
    /// The machine-readable form used by `check --format json`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.path,
            "line": self.pos.map(|p| p.line),
            "column": self.pos.map(|p| p.column),
            "severity": match self.severity { Severity::Error => "error", Severity::Warning => "warning" },
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "related": self.related,
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        write!(
            f,
            "{}: {label}[{}]: {}",
            self.place(),
            self.code,
            self.message
        )?;
        for other in &self.related {
            write!(f, "\n  liên quan: {other}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  gợi ý: {hint}")?;
        }
        Ok(())
    }
}

/// A finding read back from a kept record, before its code is made static.
#[derive(Deserialize)]
struct ReadBack {
    severity: Severity,
    code: String,
    path: String,
    pos: Option<Pos>,
    message: String,
    hint: Option<String>,
    related: Vec<String>,
}

impl<'de> Deserialize<'de> for Diagnostic {
    /// Codes are `&'static str` wherever findings are made; each distinct
    /// code read back is made static once and shared after that, so what
    /// this keeps is bounded by the program's few hundred codes, not by how
    /// many findings are read.
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let d = ReadBack::deserialize(de)?;
        static SEEN: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
        let well_formed = (1..=40).contains(&d.code.len())
            && d.code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            return Err(serde::de::Error::custom("not a finding's code"));
        }
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        let code = match seen.get(d.code.as_str()) {
            Some(known) => *known,
            None => {
                let code: &'static str = Box::leak(d.code.into_boxed_str());
                seen.insert(code);
                code
            }
        };
        Ok(Diagnostic {
            severity: d.severity,
            code,
            path: d.path,
            pos: d.pos,
            message: d.message,
            hint: d.hint,
            related: d.related,
        })
    }
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

impl From<Diagnostic> for Diagnostics {
    /// A run that found exactly one thing.
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// All findings of one run, kept in a stable order (by file, then place).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted: by path, then place (a finding about the whole file first),
    /// then code, so output never depends on the order files were read in.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.pos, a.code, &a.message).cmp(&(&b.path, b.pos, b.code, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Turn an absolute or root-relative path into the `a/b.md` form used in messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| match c {
            // Joined with `/` below: an absolute path keeps one leading `/`.
            std::path::Component::RootDir => String::new(),
            c => c.as_os_str().to_string_lossy().into_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// "Did you mean …?": the closest candidate, if it is close enough to help.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_printed_only_when_there_is_one() {
        let whole = Diagnostic::error("no-config", "site.yaml", "thiếu").hint("tạo");
        assert_eq!(
            whole.to_string(),
            "site.yaml: lỗi[no-config]: thiếu\n  gợi ý: tạo. Xem mục “Cấu hình site.yaml” trong docs/quan-tri.md"
        );
        assert!(whole.to_json()["line"].is_null());
        let located = whole.clone().at(3, 7);
        assert!(located
            .to_string()
            .starts_with("site.yaml:3:7: lỗi[no-config]: "));
        assert_eq!(located.to_json()["column"], 7);
        assert_eq!(whole.clone().at_pos(None), whole);
        assert_eq!(whole.at_pos(Pos::new(3, 7)), located);
    }

    #[test]
    fn a_finding_about_the_whole_file_sorts_first() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("bad-date", "a.md", "x").at(1, 1));
        all.push(Diagnostic::warning("no-summary", "a.md", "x"));
        let codes: Vec<_> = all.sorted().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["no-summary", "bad-date"]);
    }
}
