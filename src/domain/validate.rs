//! Parsing a story file and checking it: the strict front-matter schema as
//! written by staff (docs/schema.md), every rule that needs only this file,
//! and every error located at `line:column` with a hint.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::domain::story::{Award, Derived, Dossier, MinorAllow, Person, Photo, Story, YearMonth};
use crate::source::front_matter;
use crate::source::registry::{Kind, Registry};
use crate::source::yaml::{self, Locator, Seg};
use crate::text::file_name::safe_slug;
use crate::text::vietnamese::{fold, minor_display_name, slugify};

// ---------------------------------------------------------------------------
// The schema, as written by staff (docs/schema.md).

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStory {
    title: String,
    #[serde(default)]
    summary: Option<String>,
    person: RawPerson,
    deed: RawDeed,
    unit: String,
    awards: Vec<RawAward>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    photo: Option<Photo>,
    consent: bool,
    #[serde(default)]
    minor_allow: MinorAllow,
    #[serde(default)]
    dossier: Dossier,
    #[serde(default)]
    featured: bool,
    #[serde(default)]
    city_selected: bool,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    withdrawn: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: String,
    #[serde(default)]
    birth_year: Option<i32>,
    #[serde(default)]
    birth_date: Option<String>,
    #[serde(default)]
    occupation: Option<String>,
    category: String,
    #[serde(default)]
    residence: Option<String>,
    #[serde(default)]
    school: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeed {
    date: String,
    field: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAward {
    level: String,
    month: String,
    #[serde(default)]
    decision: Option<String>,
}

// ---------------------------------------------------------------------------
// Parsing and validation.

/// The plan's rule 3.2, quoted in errors about groups.
pub const INDIVIDUALS_ONLY: &str = "Kế hoạch 124/KH-UBND, mục 3.2: «Xét tặng danh hiệu \"Người tốt, việc tốt\" chỉ thực hiện đối với cá nhân (không áp dụng cho tập thể, gia đình).»";

/// Words that open the name of a group rather than of a person.
const COLLECTIVE_OPENERS: &[&str] = &[
    "gia đình",
    "hộ gia đình",
    "tập thể",
    "nhóm",
    "đội",
    "tổ",
    "chi đoàn",
    "chi hội",
    "câu lạc bộ",
    "công ty",
    "ban",
    "hội",
    "lớp",
    "trường",
    "khu phố",
    "tổ dân phố",
    "các",
    "những",
    "vợ chồng",
    "anh em",
    "bà con",
    "cán bộ",
    "đoàn viên",
    "nhân dân",
];

/// Parse and validate one story file. `today` bounds deed dates.
pub fn parse_story(
    path: &str,
    text: &str,
    registry: &Registry,
    assets: &[String],
    today: NaiveDate,
) -> Result<Story, Diagnostics> {
    let mut diags = Diagnostics::default();
    let split = front_matter::split(path, text).map_err(one)?;
    let raw: RawStory = match yaml::parse(path, split.yaml, split.yaml_first_line) {
        Ok(raw) => raw,
        Err(d) => {
            return Err(one(explain_people_list(
                path,
                split.yaml,
                split.yaml_first_line,
            )
            .unwrap_or(d)))
        }
    };
    let loc = Locator::new(split.yaml, split.yaml_first_line);
    let at = |path: &[Seg]| loc.value(path);

    let check_id = |kind: Kind, id: &str, seg: &[Seg], diags: &mut Diagnostics| -> Option<usize> {
        let found = registry.index_of(kind, id);
        if found.is_none() {
            let ids = registry.list(kind).iter().map(|e| e.id.as_str());
            // Staff often write the name instead of the id: "Phường Bách Khoa".
            let by_name = registry
                .list(kind)
                .iter()
                .find(|e| slugify(&e.name) == slugify(id) || e.id.ends_with(&slugify(id)));
            let hint = match by_name.map(|e| e.id.as_str()).or_else(|| did_you_mean(id, ids)) {
                Some(best) => format!("có phải ý bạn là `{best}`? Danh sách mã nằm ở mục `{}` của content/registry.yaml", kind.key()),
                None => format!("dùng một mã trong mục `{}` của content/registry.yaml, hoặc thêm mã mới vào đó", kind.key()),
            };
            diags.push(
                Diagnostic::error(
                    "unknown-id",
                    path,
                    format!(
                        "{} `{id}` không có trong content/registry.yaml",
                        kind.label()
                    ),
                )
                .at_pos(at(seg))
                .hint(hint),
            );
        }
        found
    };

    // Title and summary.
    let title = raw.title.trim().to_string();
    if title.is_empty() {
        diags.push(
            Diagnostic::error("empty-title", path, "tiêu đề (`title`) đang để trống")
                .at_pos(at(&[Seg::Key("title")]))
                .hint("viết một tiêu đề ngắn nói lên việc tốt"),
        );
    }
    let summary = raw
        .summary
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());

    // One individual.
    let name = raw
        .person
        .name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let name_pos = at(&[Seg::Key("person"), Seg::Key("name")]);
    if name.is_empty() {
        diags.push(
            Diagnostic::error("empty-name", path, "họ tên (`person.name`) đang để trống")
                .at_pos(name_pos)
                .hint("ghi đủ họ, tên đệm và tên, ví dụ \"Nguyễn Văn Hùng\""),
        );
    } else if let Some(problem) = collective_problem(&name) {
        diags.push(
            Diagnostic::error("not-an-individual", path, format!("`{name}` {problem}; danh hiệu chỉ xét tặng cho một cá nhân"))
                .at_pos(name_pos)
                .hint(format!("{INDIVIDUALS_ONLY} Mỗi bài viết về đúng một người; nếu nhiều người cùng làm việc tốt, viết một bài cho mỗi người được đề nghị.")),
        );
    }

    // Dates.
    let deed_pos = at(&[Seg::Key("deed"), Seg::Key("date")]);
    let deed_date = match parse_date(&raw.deed.date) {
        Some(d) if d > today => {
            diags.push(
                Diagnostic::error(
                    "future-date",
                    path,
                    format!("ngày làm việc tốt `{}` ở tương lai", raw.deed.date),
                )
                .at_pos(deed_pos)
                .hint("kiểm tra lại năm, tháng, ngày"),
            );
            None
        }
        Some(d) => Some(d),
        None => {
            diags.push(bad_date(path, &raw.deed.date, deed_pos));
            None
        }
    };
    let birth_date = match &raw.person.birth_date {
        Some(text) => match parse_date(text) {
            Some(d) => Some(d),
            None => {
                diags.push(bad_date(
                    path,
                    text,
                    at(&[Seg::Key("person"), Seg::Key("birth_date")]),
                ));
                None
            }
        },
        None => None,
    };
    let birth_year = raw.person.birth_year.or(birth_date.map(|d| d.year()));
    if let (Some(y), Some(d)) = (raw.person.birth_year, birth_date) {
        if y != d.year() {
            diags.push(
                Diagnostic::error(
                    "birth-mismatch",
                    path,
                    format!(
                        "năm sinh {y} không khớp với ngày sinh {}",
                        d.format("%Y-%m-%d")
                    ),
                )
                .at_pos(at(&[Seg::Key("person"), Seg::Key("birth_year")]))
                .hint("giữ một trong hai, hoặc sửa cho khớp"),
            );
        }
    }
    if let (Some(y), Some(deed)) = (birth_year, deed_date) {
        if y < 1900 || y > deed.year() {
            diags.push(
                Diagnostic::error(
                    "bad-birth-year",
                    path,
                    format!(
                        "năm sinh {y} không hợp lý với ngày làm việc tốt {}",
                        deed.format("%Y-%m-%d")
                    ),
                )
                .at_pos(at(&[Seg::Key("person"), Seg::Key("birth_year")]))
                .hint("năm sinh phải trước năm làm việc tốt"),
            );
        }
    }

    // Registry ids.
    check_id(Kind::Unit, &raw.unit, &[Seg::Key("unit")], &mut diags);
    check_id(
        Kind::Category,
        &raw.person.category,
        &[Seg::Key("person"), Seg::Key("category")],
        &mut diags,
    );
    check_id(
        Kind::Field,
        &raw.deed.field,
        &[Seg::Key("deed"), Seg::Key("field")],
        &mut diags,
    );
    if let Some(ward) = &raw.person.residence {
        let seg = [Seg::Key("person"), Seg::Key("residence")];
        if check_id(Kind::Unit, ward, &seg, &mut diags).is_some()
            && !registry.get(Kind::Unit, ward).is_some_and(|u| u.ward)
        {
            diags.push(Diagnostic::error("residence-not-ward", path, format!("nơi cư trú `{ward}` không phải là phường")).at_pos(at(&seg)).hint("nơi cư trú chỉ ghi đến cấp phường (một đơn vị có `ward: true`), không ghi số nhà, đường phố"));
        }
    }
    for (i, topic) in raw.topics.iter().enumerate() {
        check_id(
            Kind::Topic,
            topic,
            &[Seg::Key("topics"), Seg::Index(i)],
            &mut diags,
        );
    }

    // Awards: at least one, at most one per level, not before the deed.
    let mut awards: Vec<Award> = Vec::new();
    let mut award_positions: Vec<crate::diagnostics::Pos> = Vec::new();
    if raw.awards.is_empty() {
        diags.push(
            Diagnostic::error("no-award", path, "chưa có khen thưởng nào (`awards` trống)")
                .at_pos(loc.key(&[Seg::Key("awards")]))
                .hint("thêm ít nhất một mục `- level: …` với `month: YYYY-MM`"),
        );
    }
    for (i, a) in raw.awards.iter().enumerate() {
        let level_seg = [Seg::Key("awards"), Seg::Index(i), Seg::Key("level")];
        let month_seg = [Seg::Key("awards"), Seg::Index(i), Seg::Key("month")];
        let rank = check_id(Kind::Level, &a.level, &level_seg, &mut diags);
        let month = YearMonth::parse(&a.month);
        if month.is_none() {
            diags.push(
                Diagnostic::error(
                    "bad-month",
                    path,
                    format!("tháng khen thưởng `{}` không hợp lệ", a.month),
                )
                .at_pos(at(&month_seg))
                .hint("viết theo dạng năm-tháng, ví dụ `2023-05`"),
            );
        }
        // A month after this one is a typo (`9999-12`, `2033-05`), not the
        // newest board: it would sit on top of the site for years.
        let month = match month {
            Some(m) if m > YearMonth::of(today) => {
                diags.push(
                    Diagnostic::error(
                        "future-month",
                        path,
                        format!("tháng khen thưởng `{}` ở tương lai", a.month),
                    )
                    .at_pos(at(&month_seg))
                    .hint("kiểm tra lại năm và tháng; tháng khen thưởng không được sau tháng hiện tại"),
                );
                None
            }
            m => m,
        };
        if let (Some(m), Some(d)) = (month, deed_date) {
            if m < YearMonth::of(d) {
                diags.push(
                    Diagnostic::error(
                        "award-before-deed",
                        path,
                        format!(
                            "tháng khen thưởng {m} trước tháng làm việc tốt {}",
                            YearMonth::of(d)
                        ),
                    )
                    .at_pos(at(&month_seg))
                    .hint("tháng khen thưởng phải bằng hoặc sau tháng diễn ra việc tốt"),
                );
            }
        }
        if let Some(prev) = awards.iter().position(|p| p.level == a.level) {
            diags.push(
                Diagnostic::error("duplicate-award", path, format!("việc tốt này được khen hai lần ở cùng cấp `{}`", a.level))
                    .at_pos(at(&level_seg))
                    .related(format!("{path}:{}:{}: lần khen thứ nhất", award_positions[prev].line, award_positions[prev].column))
                    .hint("Không khen trùng (Kế hoạch 124/KH-UBND, mục 3.2): một thành tích chỉ được đề nghị một lần ở mỗi cấp; bỏ mục trùng"),
            );
        }
        award_positions.push(at(&level_seg));
        if let (Some(level_rank), Some(month)) = (rank, month) {
            awards.push(Award {
                level: a.level.clone(),
                level_rank,
                month,
                decision: a
                    .decision
                    .as_ref()
                    .map(|d| d.trim().to_string())
                    .filter(|d| !d.is_empty()),
            });
        } else {
            // Keep the slot so positions stay aligned; the story is rejected anyway.
            awards.push(Award {
                level: a.level.clone(),
                level_rank: 0,
                month: YearMonth { year: 0, month: 1 },
                decision: None,
            });
        }
    }

    // Photo.
    if let Some(photo) = &raw.photo {
        if photo.alt.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "photo-without-alt",
                    path,
                    "ảnh chưa có lời mô tả (`photo.alt`)",
                )
                .at_pos(loc.key(&[Seg::Key("photo")]))
                .hint("thêm `alt:` mô tả ngắn nội dung ảnh cho người khiếm thị"),
            );
        }
        let src = photo.src.trim_start_matches('/');
        if !assets.iter().any(|a| a == src) {
            diags.push(Diagnostic::error("missing-photo", path, format!("không tìm thấy ảnh `{}` trong content/", photo.src)).at_pos(at(&[Seg::Key("photo"), Seg::Key("src")])).hint("đặt ảnh vào content/images/ và ghi đường dẫn tính từ content/, ví dụ `images/ten-anh.jpg`"));
        }
    }

    // Minors: under 16 on the deed date. With only a birth year, count anyone
    // who might still be 15 as a minor.
    let is_minor = match (birth_date, birth_year, deed_date) {
        (Some(b), _, Some(d)) => b
            .checked_add_months(chrono::Months::new(16 * 12))
            .is_some_and(|sixteen| d < sixteen),
        (None, Some(y), Some(d)) => d.year().saturating_sub(y) <= 16,
        _ => false,
    };
    let public_name = if is_minor {
        minor_display_name(&name)
    } else {
        name.clone()
    };
    if is_minor && !name.is_empty() {
        let folded_name = fold(&name);
        let mentions = [
            ("title", title.as_str()),
            ("summary", summary.as_deref().unwrap_or("")),
            ("nội dung", split.body),
        ];
        for (what, text) in mentions {
            if fold(text).contains(&folded_name) {
                let pos = match what {
                    "title" => at(&[Seg::Key("title")]),
                    "summary" => at(&[Seg::Key("summary")]),
                    _ => crate::diagnostics::Pos::new(split.body_first_line, 1),
                };
                diags.push(Diagnostic::error("minor-full-name", path, format!("{what} ghi đủ họ tên của một người dưới 16 tuổi")).at_pos(pos).hint(format!("với trẻ em chỉ ghi chữ cái đầu của họ và tên đệm cùng tên: \"{public_name}\"")));
            }
        }
    }

    if diags.has_errors() {
        return Err(diags);
    }
    let Some(deed_date) = deed_date else {
        return Err(diags);
    };
    let mut story = Story {
        source: path.to_string(),
        title,
        summary,
        person: Person {
            name,
            public_name,
            birth_year,
            occupation: raw
                .person
                .occupation
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty()),
            category: raw.person.category,
            residence: raw.person.residence,
            school: raw.person.school,
            is_minor,
        },
        deed_date,
        field: raw.deed.field,
        unit: raw.unit,
        awards,
        topics: raw.topics,
        tags: raw
            .tags
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        photo: raw.photo,
        minor_allow: raw.minor_allow,
        consent: raw.consent,
        dossier: raw.dossier,
        featured: raw.featured,
        city_selected: raw.city_selected,
        draft: raw.draft,
        withdrawn: raw.withdrawn,
        body: split.body.to_string(),
        body_first_line: split.body_first_line,
        award_positions,
        deed_position: deed_pos,
        unpublished_position: if !raw.consent {
            at(&[Seg::Key("consent")])
        } else if raw.withdrawn {
            at(&[Seg::Key("withdrawn")])
        } else {
            at(&[Seg::Key("draft")])
        },
        derived: Derived {
            slug: String::new(),
            identity: String::new(),
            sort_key: Vec::new(),
            excerpt: String::new(),
            tag_slugs: Vec::new(),
            name_slug: String::new(),
            images: Vec::new(),
        },
    };
    story.derived = Derived {
        // Every name taken from user text is a safe file name on any host.
        slug: safe_slug(slugify(&story.title)),
        identity: story.person.identity(),
        sort_key: crate::text::vietnamese::person_sort_key(&story.person.public_name),
        excerpt: match &story.summary {
            Some(summary) => summary.clone(),
            None => {
                crate::text::markdown::excerpt(&crate::text::markdown::plain_text(&story.body), 200)
            }
        },
        tag_slugs: story.tags.iter().map(|t| safe_slug(slugify(t))).collect(),
        name_slug: safe_slug(slugify(&story.person.public_name)),
        images: crate::text::markdown::body_images(&story.body),
    };
    Ok(story)
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|_| text.trim().len() == 10)
}

fn bad_date(path: &str, text: &str, pos: crate::diagnostics::Pos) -> Diagnostic {
    Diagnostic::error("bad-date", path, format!("ngày `{text}` không có thật hoặc viết sai dạng"))
        .at_pos(pos)
        .hint("viết theo dạng năm-tháng-ngày, ví dụ `2023-05-02` (tháng từ 01 đến 12, ngày có trong tháng đó)")
}

/// Why `name` looks like a group rather than one person, if it does.
fn collective_problem(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    if lower.contains(',')
        || lower.contains('&')
        || lower.contains('+')
        || lower.contains(';')
        || lower
            .split_whitespace()
            .any(|w| w == "và" || w == "cùng" || w == "với")
    {
        return Some("có vẻ gồm nhiều người");
    }
    let starts = |opener: &str| lower == opener || lower.starts_with(&format!("{opener} "));
    COLLECTIVE_OPENERS
        .iter()
        .any(|o| starts(o))
        .then_some("là tên một tập thể hoặc gia đình")
}

/// A `person:` written as a list means several people: say so plainly.
fn explain_people_list(path: &str, yaml_text: &str, first_line: usize) -> Option<Diagnostic> {
    let people = yaml::top_level_list_len(yaml_text, "person")?;
    let pos = Locator::new(yaml_text, first_line).key(&[Seg::Key("person")]);
    let what = if people > 1 {
        format!("`person` ghi {people} người")
    } else {
        "`person` được viết dạng danh sách".to_string()
    };
    Some(
        Diagnostic::error("several-people", path, format!("{what}; mỗi bài chỉ viết về đúng một người"))
            .at_pos(pos)
            .hint(format!("{INDIVIDUALS_ONLY} Tách thành nhiều bài, mỗi bài một người, và viết `person:` là một nhóm khóa (name, category, …), không phải danh sách.")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_recognised_but_surnames_are_not() {
        assert!(collective_problem("Gia đình ông Nguyễn Văn A").is_some());
        assert!(collective_problem("Tập thể tổ dân phố 5").is_some());
        assert!(collective_problem("Nguyễn Văn A và Trần Thị B").is_some());
        assert!(collective_problem("Tô Văn Hải").is_none());
        assert!(collective_problem("Đoàn Văn Hậu").is_none());
        assert!(collective_problem("Hồ Thị Lan").is_none());
    }

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2023-13-40").is_none());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-5-2").is_none());
        assert_eq!(
            YearMonth::parse("2023-05"),
            Some(YearMonth {
                year: 2023,
                month: 5
            })
        );
        assert!(YearMonth::parse("2023-13").is_none());
    }
}
