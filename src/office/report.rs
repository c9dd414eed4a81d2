//! `bangvang report`: one row per award of a year, for the emulation office
//! (Phòng Nội vụ). It carries the dossier status, which is internal, so it
//! is written to stdout or a chosen file and never into the site's output.

use std::sync::Arc;

use crate::domain::story::Story;
use crate::policy::HeldBack;
use crate::source::registry::{Kind, Registry};
use crate::text::vietnamese::syllable_sort_key;

/// One award; the columns are `HEAD`, one per dossier document, then `TAIL`.
#[derive(Debug, Clone)]
pub struct Row {
    pub unit: String,
    pub month: String,
    pub level: String,
    pub person: String,
    pub deed: String,
    pub deed_date: String,
    pub decision: String,
    /// "có" or "thiếu", per document of site.yaml's `dossier`, in its order.
    pub documents: Vec<&'static str>,
    pub dossier: &'static str,
    pub publication: &'static str,
    pub source: String,
}

impl Row {
    /// The cells in `Report::headers` order.
    fn cells(&self) -> Vec<&str> {
        let mut cells = vec![
            self.unit.as_str(),
            &self.month,
            &self.level,
            &self.person,
            &self.deed,
            &self.deed_date,
            &self.decision,
        ];
        cells.extend(self.documents.iter().copied());
        cells.extend([self.dossier, self.publication, &self.source]);
        cells
    }
}

/// The rows of a year, with the dossier documents that make their middle columns.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub documents: Vec<String>,
    pub rows: Vec<Row>,
}

impl Report {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn headers(&self) -> Vec<&str> {
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

/// Every award of `year` among `stories` (all parsed stories: the office
/// needs the unpublished ones too), by month, unit and person.
///
/// The decision column says what the office has: the decision, or the
/// proposal still waiting for one.
pub fn rows(stories: &[Arc<Story>], registry: &Registry, year: i32) -> Report {
    let name = |kind: Kind, id: &str| {
        registry
            .get(kind, id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut rows: Vec<(Vec<u8>, Row)> = Vec::new();
    for s in stories {
        for a in s.awards.iter().filter(|a| a.month.year == year) {
            let d = &s.dossier;
            let row = Row {
                unit: name(Kind::Unit, &s.deed.unit),
                month: a.month.to_string(),
                level: name(Kind::Level, &a.level),
                person: s.person.name.clone(),
                deed: s.text.title.clone(),
                deed_date: s.deed.date.format("%d/%m/%Y").to_string(),
                decision: match (&a.decision, &a.proposal) {
                    (Some(d), _) => d.written(registry),
                    (None, Some(p)) => proposed(p),
                    (None, None) => "chưa có quyết định".to_string(),
                },
                documents: d.0.iter().map(|doc| yes_no(doc.present)).collect(),
                dossier: if d.complete() { "đủ" } else { "chưa đủ" },
                publication: match crate::policy::held_back(s, false) {
                    Some(HeldBack::Withdrawn) => "đã rút",
                    Some(HeldBack::NoConsent) => "chưa đồng ý",
                    Some(HeldBack::Draft) => "nháp",
                    Some(HeldBack::NotDecided) => "chờ quyết định",
                    None => "đã đăng",
                },
                source: s.source.clone(),
            };
            let mut key = row.month.clone().into_bytes();
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
        for row in &report.rows {
            writer.write_record(
                row.cells()
                    .into_iter()
                    .map(neutral)
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|c| c.as_ref()),
            )?;
        }
        writer.flush()?;
    }
    Ok(out)
}

const HEAD: [&str; 7] = [
    "Đơn vị",
    "Tháng",
    "Cấp khen",
    "Họ và tên",
    "Việc tốt",
    "Ngày làm việc tốt",
    "Số quyết định",
];
const TAIL: [&str; 3] = ["Hồ sơ", "Công bố", "Tệp"];

/// A Markdown table, for pasting into a report.
pub fn markdown(report: &Report, year: i32) -> String {
    let (rows, headers) = (&report.rows, report.headers());
    // Markdown renders HTML: content goes in as text.
    let cell = |s: &str| {
        crate::render::output::escape_html(s)
            .replace('|', "\\|")
            .replace('\n', " ")
    };
    let mut out = format!(
        "# Danh sách khen thưởng “Người tốt, việc tốt” năm {year}\n\n{} lượt khen.\n\n",
        rows.len()
    );
    out += &format!(
        "| {} |\n|{}\n",
        headers.join(" | "),
        " --- |".repeat(headers.len())
    );
    for r in rows {
        let cells = r.cells();
        out += &format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    out
}

/// An award only proposed, as the decision column shows it.
fn proposed(p: &crate::domain::story::Proposal) -> String {
    let day = p.date.format("%d/%m/%Y");
    match &p.number {
        Some(n) => format!("đề nghị: tờ trình số {n} ngày {day}"),
        None => format!("đề nghị ngày {day}"),
    }
}
