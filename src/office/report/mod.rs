//! `bangvang report`: one row per award, with the columns of a "danh sách
//! đề nghị khen thưởng", for the emulation office. It carries the dossier
//! status, which is internal, so it is written to stdout or a chosen file
//! and never into the site's output. Filters pick a year or a month, a unit,
//! a level and a status; `xlsx` writes the same rows as a workbook.

pub mod xlsx;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::domain::story::{Story, YearMonth};
use crate::policy::HeldBack;
use crate::source::registry::{Kind, Registry};
use crate::text::vietnamese::syllable_sort_key;

/// Where an award stands, as `--status` asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `de-nghi`: proposed, no decision yet.
    Proposed,
    /// `da-quyet-dinh`: decided, published or not.
    Decided,
    /// `da-dang`: decided and its story on the site.
    Published,
    /// `chua-dang`: not on the site (only proposed, or the story held back).
    NotPublished,
}

/// Which awards a report lists; `None` lets every value through.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub year: Option<i32>,
    pub month: Option<YearMonth>,
    /// A unit id: the unit that proposed the award.
    pub unit: Option<String>,
    /// A level id.
    pub level: Option<String>,
    pub status: Option<Status>,
}

/// One award, typed; `cells` writes it as the columns of `Report::headers`.
#[derive(Debug, Clone)]
pub struct Row {
    pub person: String,
    pub birth_year: Option<i32>,
    pub gender: &'static str,
    pub occupation: String,
    /// The residence's unit name.
    pub residence: String,
    /// The unit that proposed the award.
    pub unit: String,
    pub summary: String,
    pub level: String,
    pub month: YearMonth,
    pub proposal_number: String,
    pub proposal_date: Option<NaiveDate>,
    pub decision_number: String,
    pub decision_date: Option<NaiveDate>,
    /// Who signed the decision (the issuer's name in the registry).
    pub signer: String,
    /// "có" or "thiếu", per document of site.yaml's `dossier`, in its order.
    pub documents: Vec<&'static str>,
    pub dossier: &'static str,
    pub status: String,
    pub source: String,
}

/// A day as written on every paper of the office: 05/06/2023.
pub fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A month as written on the office's papers: 06/2023.
pub fn month(m: YearMonth) -> String {
    format!("{:02}/{:04}", m.month, m.year)
}

impl Row {
    /// The cells in `Report::headers` order, `stt` first.
    pub fn cells(&self, stt: usize) -> Vec<String> {
        let mut cells = vec![
            stt.to_string(),
            self.person.clone(),
            self.birth_year.map(|y| y.to_string()).unwrap_or_default(),
            self.gender.to_string(),
            self.occupation.clone(),
            self.residence.clone(),
            self.unit.clone(),
            self.summary.clone(),
            self.level.clone(),
            month(self.month),
            self.proposal_number.clone(),
            self.proposal_date.map(day).unwrap_or_default(),
            self.decision_number.clone(),
            self.decision_date.map(day).unwrap_or_default(),
            self.signer.clone(),
        ];
        cells.extend(self.documents.iter().map(|d| d.to_string()));
        cells.extend([
            self.dossier.to_string(),
            self.status.clone(),
            self.source.clone(),
        ]);
        cells
    }
}

/// The rows, with the dossier documents that make their middle columns.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub documents: Vec<String>,
    pub rows: Vec<Row>,
}

/// The columns before the dossier documents.
pub const HEAD: [&str; 15] = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Nghề nghiệp/chức vụ",
    "Nơi cư trú",
    "Đơn vị đề nghị",
    "Tóm tắt thành tích",
    "Hình thức khen thưởng",
    "Tháng",
    "Số tờ trình",
    "Ngày tờ trình",
    "Số quyết định",
    "Ngày quyết định",
    "Người ký",
];
/// The columns after the dossier documents.
pub const TAIL: [&str; 3] = ["Hồ sơ", "Trạng thái", "Tệp"];

impl Report {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn headers(&self) -> Vec<&str> {
        let mut headers = HEAD.to_vec();
        headers.extend(self.documents.iter().map(String::as_str));
        headers.extend(TAIL);
        headers
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// CR first: "=HYPERLINK(…)" in a deed's title) gets a leading `'`, which
/// Excel and LibreOffice show as text (OWASP's advice for CSV injection).
fn neutral(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "có"
    } else {
        "thiếu"
    }
}

/// The status column: the award proposed or decided, and whether its
/// story is on the site (or why not).
fn status(story: &Story, decided: bool) -> (String, bool) {
    let held = crate::policy::held_back(story, false);
    let why = match held {
        Some(HeldBack::Withdrawn) => "đã rút",
        Some(HeldBack::NoConsent) => "chưa đồng ý",
        Some(HeldBack::Draft) => "nháp",
        Some(HeldBack::NotDecided) | None => "",
    };
    let text = match (decided, held) {
        (false, _) => "đề nghị".to_string(),
        (true, None) => "đã đăng".to_string(),
        (true, Some(_)) => format!("đã quyết định, chưa đăng ({why})"),
    };
    (text, decided && held.is_none())
}

impl Filter {
    fn keeps(
        &self,
        month: YearMonth,
        unit: &str,
        level: &str,
        decided: bool,
        on_site: bool,
    ) -> bool {
        self.year.is_none_or(|y| month.year == y)
            && self.month.is_none_or(|m| month == m)
            && self.unit.as_deref().is_none_or(|u| u == unit)
            && self.level.as_deref().is_none_or(|l| l == level)
            && self.status.is_none_or(|s| match s {
                Status::Proposed => !decided,
                Status::Decided => decided,
                Status::Published => on_site,
                Status::NotPublished => !on_site,
            })
    }
}

/// Every award `filter` keeps among `stories` (all parsed stories: the
/// office needs the unpublished ones too), by month, unit and person.
pub fn rows(stories: &[Arc<Story>], registry: &Registry, filter: &Filter) -> Report {
    let name = |kind: Kind, id: &str| {
        registry
            .get(kind, id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut rows: Vec<(Vec<u8>, Row)> = Vec::new();
    for s in stories {
        for a in &s.awards {
            let unit = a.proposal.as_ref().map_or(&s.deed.unit, |p| &p.unit);
            let (status, on_site) = status(s, a.decided());
            if !filter.keeps(a.month, unit, &a.level, a.decided(), on_site) {
                continue;
            }
            let d = &s.dossier;
            let p = &s.person;
            let row = Row {
                person: p.name.clone(),
                birth_year: p.birth_year,
                gender: p.gender.map_or("", |g| g.word()),
                occupation: p.occupation.clone().unwrap_or_default(),
                residence: p
                    .residence
                    .as_deref()
                    .map(|r| name(Kind::Unit, r))
                    .unwrap_or_default(),
                unit: name(Kind::Unit, unit),
                summary: s
                    .text
                    .summary
                    .clone()
                    .unwrap_or_else(|| s.text.title.clone()),
                level: name(Kind::Level, &a.level),
                month: a.month,
                proposal_number: a
                    .proposal
                    .as_ref()
                    .and_then(|p| p.number.clone())
                    .unwrap_or_default(),
                proposal_date: a.proposal.as_ref().map(|p| p.date),
                decision_number: a
                    .decision
                    .as_ref()
                    .map(|d| d.number.clone())
                    .unwrap_or_default(),
                decision_date: a.decision.as_ref().map(|d| d.date),
                signer: a
                    .decision
                    .as_ref()
                    .map(|d| name(Kind::Issuer, &d.issuer))
                    .unwrap_or_default(),
                documents: d.0.iter().map(|doc| yes_no(doc.present)).collect(),
                dossier: if d.complete() { "đủ" } else { "chưa đủ" },
                status,
                source: s.source.clone(),
            };
            let mut key = a.month.to_string().into_bytes();
            key.push(0);
            key.extend(syllable_sort_key(&row.unit));
            key.extend(s.derived.sort_key.iter());
            key.extend(a.level_rank.to_be_bytes());
            key.extend(s.source.as_bytes());
            rows.push((key, row));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    // Every story carries the same list, site.yaml's.
    let documents = stories
        .first()
        .map(|s| s.dossier.0.iter().map(|d| d.label.clone()).collect())
        .unwrap_or_default();
    Report {
        documents,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    }
}

/// CSV with a header row (UTF-8 with a BOM, so spreadsheet programs read
/// the Vietnamese letters right).
pub fn csv(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(report.headers())?;
        for (i, row) in report.rows.iter().enumerate() {
            let cells = row.cells(i + 1);
            writer.write_record(
                cells
                    .iter()
                    .map(|c| neutral(c))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|c| c.as_ref()),
            )?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// A Markdown table, for pasting into a report; `title` names the period
/// and the filters ("tháng 06/2023").
pub fn markdown(report: &Report, title: &str) -> String {
    let (rows, headers) = (&report.rows, report.headers());
    // Markdown renders HTML: content goes in as text.
    let cell = |s: &str| {
        crate::render::output::escape_html(s)
            .replace('|', "\\|")
            .replace('\n', " ")
    };
    let mut out = format!(
        "# Danh sách khen thưởng “Người tốt, việc tốt” {title}\n\n{} lượt khen.\n\n",
        rows.len()
    );
    out += &format!(
        "| {} |\n|{}\n",
        headers.join(" | "),
        " --- |".repeat(headers.len())
    );
    for (i, r) in rows.iter().enumerate() {
        let cells: Vec<String> = r.cells(i + 1).iter().map(|c| cell(c)).collect();
        out += &format!("| {} |\n", cells.join(" | "));
    }
    out
}
