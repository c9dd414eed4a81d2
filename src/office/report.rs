//! `bangvang report`: one row per award of a year, for the emulation office
//! (Phòng Nội vụ). It carries the dossier status, which is internal, so it
//! is written to stdout or a chosen file and never into the site's output.

use std::sync::Arc;

use serde::Serialize;

use crate::domain::story::Story;
use crate::source::registry::{Kind, Registry};
use crate::text::vietnamese::syllable_sort_key;

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    #[serde(rename = "Đơn vị")]
    pub unit: String,
    #[serde(rename = "Tháng")]
    pub month: String,
    #[serde(rename = "Cấp khen")]
    pub level: String,
    #[serde(rename = "Họ và tên")]
    pub person: String,
    #[serde(rename = "Việc tốt")]
    pub deed: String,
    #[serde(rename = "Ngày làm việc tốt")]
    pub deed_date: String,
    #[serde(rename = "Số quyết định")]
    pub decision: String,
    #[serde(rename = "Tờ trình")]
    pub to_trinh: &'static str,
    #[serde(rename = "Trích ngang")]
    pub trich_ngang: &'static str,
    #[serde(rename = "Xác nhận cư trú")]
    pub xac_nhan_cu_tru: &'static str,
    #[serde(rename = "Hồ sơ")]
    pub dossier: &'static str,
    #[serde(rename = "Công bố")]
    pub publication: &'static str,
    #[serde(rename = "Tệp")]
    pub source: String,
}

impl Row {
    /// The cells in `HEADERS` order.
    fn cells(&self) -> [&str; 13] {
        [
            &self.unit,
            &self.month,
            &self.level,
            &self.person,
            &self.deed,
            &self.deed_date,
            &self.decision,
            self.to_trinh,
            self.trich_ngang,
            self.xac_nhan_cu_tru,
            self.dossier,
            self.publication,
            &self.source,
        ]
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
pub fn rows(stories: &[Arc<Story>], registry: &Registry, year: i32) -> Vec<Row> {
    let name = |kind: Kind, id: &str| {
        registry
            .get(kind, id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut rows: Vec<(Vec<u8>, Row)> = Vec::new();
    for s in stories {
        for a in s.awards.iter().filter(|a| a.month.year == year) {
            let d = s.dossier;
            let row = Row {
                unit: name(Kind::Unit, &s.deed.unit),
                month: a.month.to_string(),
                level: name(Kind::Level, &a.level),
                person: s.person.name.clone(),
                deed: s.text.title.clone(),
                deed_date: s.deed.date.format("%d/%m/%Y").to_string(),
                decision: a.decision.clone().unwrap_or_default(),
                to_trinh: yes_no(d.to_trinh),
                trich_ngang: yes_no(d.trich_ngang),
                xac_nhan_cu_tru: yes_no(d.xac_nhan_cu_tru),
                dossier: if d.to_trinh && d.trich_ngang && d.xac_nhan_cu_tru {
                    "đủ"
                } else {
                    "chưa đủ"
                },
                publication: if s.publication.withdrawn {
                    "đã rút"
                } else if !s.publication.consent.web {
                    "chưa đồng ý"
                } else if s.publication.draft {
                    "nháp"
                } else {
                    "đã đăng"
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
    rows.into_iter().map(|(_, r)| r).collect()
}

/// CSV with a header row (UTF-8 with a BOM, so spreadsheet programs read
/// the Vietnamese letters right).
pub fn csv(rows: &[Row]) -> Result<Vec<u8>, csv::Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(HEADERS)?;
        for row in rows {
            writer.write_record(row.cells().map(neutral).iter().map(|c| c.as_ref()))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

const HEADERS: [&str; 13] = [
    "Đơn vị",
    "Tháng",
    "Cấp khen",
    "Họ và tên",
    "Việc tốt",
    "Ngày làm việc tốt",
    "Số quyết định",
    "Tờ trình",
    "Trích ngang",
    "Xác nhận cư trú",
    "Hồ sơ",
    "Công bố",
    "Tệp",
];

/// A Markdown table, for pasting into a report.
pub fn markdown(rows: &[Row], year: i32) -> String {
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
        HEADERS.join(" | "),
        " --- |".repeat(HEADERS.len())
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
