//! `bangvang new`: start a story from a template, in the right folder, with
//! today's date and the right unit and month, without ever overwriting.

use crate::domain::placeholders as blank;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::domain::story::YearMonth;
use crate::source::registry::{Entry, Kind, Registry, REGISTRY_FILE};
use crate::text::vietnamese::{long_date, nfc, slugify};

pub struct NewStory<'a> {
    pub root: &'a Path,
    pub unit: &'a str,
    pub title: Option<&'a str>,
    /// The deed's day: the folder, the month, the dates in the template.
    pub date: NaiveDate,
    /// The day the file is made, said in its first comment.
    pub created: NaiveDate,
}

/// Write the new story and return its path (relative to the root).
pub fn create(req: &NewStory) -> Result<PathBuf, Diagnostic> {
    let registry = read_registry(req.root)?;
    let unit = known_unit(&registry, req.unit)?;
    let month = YearMonth::of(req.date);
    let title = req
        .title
        .map(|t| nfc(t.trim()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| blank::TITLE.to_string());
    let stem = if req.title.is_some() {
        slugify(&title)
    } else {
        format!("bai-moi-{}", req.date.format("%Y-%m-%d"))
    };
    let rel = PathBuf::from("content")
        .join("stories")
        .join(month.to_string())
        .join(format!("{stem}.md"));
    let path = req.root.join(&rel);
    if path.exists() {
        return Err(Diagnostic::error(
            "exists",
            rel.to_string_lossy().replace('\\', "/"),
            "tệp này đã có; không ghi đè",
        )
        .hint("mở tệp đó để viết tiếp, hoặc đặt tiêu đề khác bằng `--title`"));
    }
    let level = proposed_level(&registry, unit, month);
    let body = template(
        &title,
        &unit.id,
        &unit.name,
        level.map(|l| l.id.as_str()).unwrap_or(""),
        month,
        (req.date, req.created),
    );
    write_new(&path, &rel, &body)?;
    Ok(rel)
}

/// The level a new story of `unit` in `month` starts with: one of those the
/// unit may use in that month (`levels_for`, lowest first). When several are
/// allowed, a ward takes the lowest (it awards its own residents) and any
/// other unit the next one up (a department or school proposes to the level
/// above it), or the lowest if it is the only one. The officer can change it;
/// `check` refuses a level the unit may not use.
fn proposed_level<'r>(registry: &'r Registry, unit: &Entry, month: YearMonth) -> Option<&'r Entry> {
    let first = NaiveDate::from_ymd_opt(month.year, month.month, 1);
    let last = first
        .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
        .and_then(|d| d.pred_opt());
    let allowed = match (first, last) {
        (Some(first), Some(last)) => registry.levels_for(unit, first, last),
        _ => Vec::new(),
    };
    if unit.ward {
        allowed.first().copied()
    } else {
        allowed.get(1).or(allowed.first()).copied()
    }
}

/// The registry of the site at `root`, or its first error.
fn read_registry(root: &Path) -> Result<Registry, Diagnostic> {
    let text = std::fs::read_to_string(root.join(REGISTRY_FILE)).map_err(|e| {
        Diagnostic::error(
            "no-registry",
            REGISTRY_FILE,
            format!("không đọc được danh mục: {e}"),
        )
        .hint("mở cửa sổ lệnh trong thư mục của trang (thư mục có tệp site.yaml và thư mục content) hoặc trong thư mục của bài, rồi chạy lại lệnh; người quản trị có thể chỉ thư mục của trang bằng `--root`")
    })?;
    Registry::parse(&text).map_err(|d| {
        d.sorted()
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error("bad-registry", REGISTRY_FILE, "danh mục có lỗi"))
    })
}

/// The unit with id `id`, or an error suggesting the nearest id.
fn known_unit<'r>(registry: &'r Registry, id: &str) -> Result<&'r Entry, Diagnostic> {
    if let Some(unit) = registry.get(Kind::Unit, id) {
        return Ok(unit);
    }
    let ids = registry.units.iter().map(|u| u.id.as_str());
    let hint = match did_you_mean(id, ids) {
        Some(best) => {
            format!("có phải ý bạn là `{best}`? Danh sách mã nằm ở mục `units` của {REGISTRY_FILE}")
        }
        None => format!("dùng một mã trong mục `units` của {REGISTRY_FILE}"),
    };
    Err(Diagnostic::error(
        "unknown-id",
        REGISTRY_FILE,
        format!("đơn vị `{id}` không có trong danh mục"),
    )
    .hint(hint))
}

/// Write `body` to a file that must not exist yet (`rel` names it in messages).
fn write_new(path: &Path, rel: &Path, body: &str) -> Result<(), Diagnostic> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::error("write", dir.display().to_string(), e.to_string()))?;
    }
    // `create_new`: never overwrite, even if the file appeared meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            Diagnostic::error(
                "exists",
                rel.to_string_lossy().replace('\\', "/"),
                format!("không tạo được tệp: {e}"),
            )
            .hint("đặt tiêu đề khác bằng `--title`")
        })?;
    use std::io::Write;
    file.write_all(body.as_bytes())
        .map_err(|e| Diagnostic::error("write", rel.display().to_string(), e.to_string()))
}

#[allow(clippy::too_many_arguments)]
fn template(
    title: &str,
    unit: &str,
    unit_name: &str,
    level: &str,
    month: YearMonth,
    (date, created): (NaiveDate, NaiveDate),
) -> String {
    let quoted = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"---
# Bài mới của {unit_name}, tạo {created}. Hướng dẫn: docs/huong-dan-viet-bai.md
# Thay mọi chữ mẫu; bài còn chữ mẫu sẽ bị báo lỗi và không được đăng.
title: "{quoted}"
summary: "{summary}"
person:
  name: "{name}"            # đúng một người; dưới 16 tuổi thì chỉ ghi chữ cái đầu khi viết bài
  birth_year:                    # năm sinh, ví dụ 1980 (bắt buộc với học sinh)
  occupation: "{occupation}"
  category: ""                   # chọn một mã trong mục `categories` của content/registry.yaml
deed:
  date: {date}
  field: ""                      # chọn một mã trong mục `fields` của content/registry.yaml
unit: {unit}
awards:
  - level: {level}
    month: {month}
    proposal: {{ date: {date}, number: "" }}   # ngày và số tờ trình đề nghị
    # Khi có quyết định, bỏ dấu # ở dòng dưới và điền: số, ngày ký, mã người ký (mục `issuers`).
    # decision: {{ number: "…/QĐ-…", date: YYYY-MM-DD, issuer: "" }}
topics: []
tags: []
consent:                         # sự đồng ý công bố: điền khi đã có văn bản đồng ý
  by: ""                         # nguoi-duoc-khen; dưới 16 tuổi: cha-me hoặc nguoi-giam-ho, thêm dòng name: "họ tên"
  date: ""                       # ngày ký văn bản đồng ý, ví dụ 2023-05-10
  channels: []                   # nơi được đăng: web, ban-tin (bản tin in), phat-thanh (loa phát thanh)
dossier: {{ to_trinh: false, trich_ngang: false, xac_nhan_cu_tru: false }}
---
{body}
"#,
        created = long_date(created),
        summary = blank::SUMMARY,
        name = blank::NAME,
        occupation = blank::OCCUPATION,
        body = blank::BODY,
        date = date.format("%Y-%m-%d"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_refused_until_every_blank_is_filled() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join(REGISTRY_FILE),
            "levels:\n  - {id: phuong, name: P}\n  - {id: quan, name: Q}\nunits:\n  - {id: phuong-a, name: Phường A, ward: true}\n  - {id: phong-b, name: Phòng B}\nfields:\n  - {id: cong-tac, name: C}\ncategories:\n  - {id: nhan-dan, name: N}\n  - {id: cong-nhan, name: CN}\n",
        )
        .unwrap();
        let date = NaiveDate::from_ymd_opt(2023, 5, 2).unwrap();
        let req = NewStory {
            root: dir.path(),
            unit: "phong-b",
            title: Some("Nhặt được ví, trả lại"),
            date,
            created: NaiveDate::from_ymd_opt(2023, 5, 20).unwrap(),
        };
        let rel = create(&req).unwrap();
        assert_eq!(
            rel,
            PathBuf::from("content/stories/2023-05/nhat-duoc-vi-tra-lai.md")
        );
        let text = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        assert!(
            text.contains("level: quan"),
            "a department proposes to the district"
        );
        assert!(text.contains("month: 2023-05"));
        assert!(
            text.contains(", tạo ngày 20 tháng 5 năm 2023."),
            "the day the file was made, not the deed's"
        );
        assert!(
            text.contains("category: \"\""),
            "no category is chosen for the staff"
        );
        let registry =
            Registry::parse(&std::fs::read_to_string(dir.path().join(REGISTRY_FILE)).unwrap())
                .ok()
                .unwrap();
        let found = crate::domain::validate::parse_story(
            "x.md",
            &text,
            &registry,
            &[],
            date,
            &Default::default(),
        )
        .expect_err("a story with blanks is refused")
        .sorted();
        let codes: Vec<(&str, usize)> = found
            .iter()
            .map(|d| (d.code, d.pos.map_or(0, |p| p.line)))
            .collect();
        // Every blank, at its own line: summary, name, occupation, category,
        // field, the proposal's number, body. The title was given, so it is
        // not a blank; the award is a proposal until its decision is written.
        assert_eq!(
            codes,
            [
                ("placeholder", 5),
                ("placeholder", 7),
                ("placeholder", 9),
                ("empty-id", 10),
                ("empty-id", 13),
                ("empty-proposal-number", 18),
                ("placeholder", 29)
            ]
        );
        let filled = text
            .replace(blank::SUMMARY, "Anh trả lại ví cho người đánh rơi.")
            .replace(blank::NAME, "Lê Văn Tâm")
            .replace(blank::OCCUPATION, "Bảo vệ")
            .replace("category: \"\"", "category: nhan-dan")
            .replace("field: \"\"", "field: cong-tac")
            .replace(blank::BODY, "Anh Tâm nhặt được ví và trả lại.");
        let story = crate::domain::validate::parse_story(
            "x.md",
            &filled,
            &registry,
            &[],
            date,
            &Default::default(),
        )
        .unwrap_or_else(|d| panic!("{:?}", d.sorted()));
        assert_eq!(
            story.publication.consent,
            Default::default(),
            "nothing is published before consent"
        );
        let agreed = filled
            .replace("by: \"\"", "by: nguoi-duoc-khen")
            .replace("date: \"\"", "date: 2023-05-02")
            .replace("channels: []", "channels: [web]");
        let story = crate::domain::validate::parse_story(
            "x.md",
            &agreed,
            &registry,
            &[],
            date,
            &Default::default(),
        )
        .unwrap_or_else(|d| panic!("{:?}", d.sorted()));
        assert!(
            story.publication.consent.web,
            "filling the record publishes"
        );
        assert!(create(&req).is_err(), "never overwrites");
    }
}
