//! The awards of a story: at least one, each a known level and a real month
//! not in the future and not before the deed, at most one per level; each
//! proposed (its tờ trình) or decided (its decision, `decision.rs`).

use chrono::NaiveDate;

use crate::diagnostics::{Diagnostic, Pos};
use crate::domain::story::{Award, YearMonth};
use crate::source::registry::Kind;
use crate::source::yaml::Seg;

use super::context::Ctx;
use super::decision::{check_decision, check_proposal, free_text, Bounds};
use super::schema::{RawAward, ScalarOr};

/// The awards, and where each one's `level` stands (for rules across files).
pub(super) fn check_awards(
    cx: &mut Ctx,
    raw: &[RawAward],
    deed: Option<NaiveDate>,
    unit: &str,
) -> (Vec<Award>, Vec<Pos>) {
    let mut awards: Vec<Award> = Vec::new();
    let mut positions: Vec<Pos> = Vec::new();
    if raw.is_empty() {
        cx.push(
            Diagnostic::error(
                "no-award",
                cx.path,
                "chưa có khen thưởng nào (`awards` trống)",
            )
            .at_pos(cx.loc.key(&[Seg::Key("awards")]))
            .hint("thêm ít nhất một mục `- level: …` với `month: YYYY-MM`"),
        );
    }
    for (i, a) in raw.iter().enumerate() {
        let level_seg = [Seg::Key("awards"), Seg::Index(i), Seg::Key("level")];
        let rank = cx.check_id(Kind::Level, &a.level, &level_seg);
        let month = check_month(cx, a, i, deed);
        let level_pos = cx.at(&level_seg);
        if let Some(prev) = awards.iter().position(|p| p.level == a.level) {
            cx.push(
                Diagnostic::error(
                    "duplicate-award",
                    cx.path,
                    format!("việc tốt này được khen hai lần ở cùng cấp `{}`", a.level),
                )
                .at_pos(level_pos)
                .related(format!(
                    "{}:{}:{}: lần khen thứ nhất",
                    cx.path, positions[prev].line, positions[prev].column
                ))
                .hint(format!(
                    "{}: một thành tích chỉ được đề nghị một lần ở mỗi cấp; bỏ mục trùng",
                    cx.rules.plan.no_duplicate()
                )),
            );
        }
        positions.push(level_pos);
        let mut award = award(a, rank, month);
        paperwork(cx, a, i, deed, unit, &mut award);
        awards.push(award);
    }
    (awards, positions)
}

/// The proposal and the decision of award `i`, checked, into `award`.
fn paperwork(
    cx: &mut Ctx,
    a: &RawAward,
    i: usize,
    deed: Option<NaiveDate>,
    unit: &str,
    award: &mut Award,
) {
    let at = |key| [Seg::Key("awards"), Seg::Index(i), Seg::Key(key)];
    award.proposal = a
        .proposal
        .as_ref()
        .and_then(|p| check_proposal(cx, p, &at("proposal"), unit));
    let bounds = Bounds {
        deed,
        proposal: award.proposal.as_ref().map(|p| p.date),
    };
    award.decision = match &a.decision {
        Some(ScalarOr::Record(d)) => {
            check_decision(cx, d, &at("decision"), Some(&a.level), &bounds)
        }
        Some(ScalarOr::Scalar(text)) => {
            free_text(cx, text, &at("decision"), &a.level, unit);
            None
        }
        None => None,
    };
}

/// The award as the story keeps it. A rejected one keeps its slot, so that
/// positions stay aligned; the story is rejected anyway.
fn award(a: &RawAward, rank: Option<usize>, month: Option<YearMonth>) -> Award {
    match (rank, month) {
        (Some(level_rank), Some(month)) => Award {
            level: a.level.clone(),
            level_rank,
            month,
            proposal: None,
            decision: None,
        },
        _ => Award {
            level: a.level.clone(),
            level_rank: 0,
            month: YearMonth { year: 0, month: 1 },
            proposal: None,
            decision: None,
        },
    }
}

/// The month of award `i`, if it is real, not in the future and not before
/// the deed.
fn check_month(cx: &mut Ctx, a: &RawAward, i: usize, deed: Option<NaiveDate>) -> Option<YearMonth> {
    let pos = cx.at(&[Seg::Key("awards"), Seg::Index(i), Seg::Key("month")]);
    let Some(month) = YearMonth::parse(&a.month) else {
        let (message, hint) = match super::dates::month_rewritten(&a.month) {
            _ if a.month.trim().is_empty() => (
                "tháng khen thưởng đang để trống".to_string(),
                "viết theo dạng năm-tháng, ví dụ `2023-05`".to_string(),
            ),
            Some(m) => (
                format!("tháng khen thưởng `{}` viết sai dạng", a.month),
                format!("viết theo dạng năm-tháng: `{m}`"),
            ),
            None => (
                format!("tháng khen thưởng `{}` không hợp lệ", a.month),
                "viết theo dạng năm-tháng, ví dụ `2023-05`".to_string(),
            ),
        };
        cx.push(
            Diagnostic::error("bad-month", cx.path, message)
                .at_pos(pos)
                .hint(hint),
        );
        return None;
    };
    // A month after this one is a typo (`9999-12`, `2033-05`), not the
    // newest board: it would sit on top of the site for years.
    if month > YearMonth::of(cx.today) {
        cx.push(
            Diagnostic::error(
                "future-month",
                cx.path,
                format!("tháng khen thưởng `{}` ở tương lai", a.month),
            )
            .at_pos(pos)
            .hint("kiểm tra lại năm và tháng; tháng khen thưởng không được sau tháng hiện tại"),
        );
        return None;
    }
    if let Some(d) = deed {
        if month < YearMonth::of(d) {
            cx.push(
                Diagnostic::error(
                    "award-before-deed",
                    cx.path,
                    format!(
                        "tháng khen thưởng {month} trước tháng làm việc tốt {}",
                        YearMonth::of(d)
                    ),
                )
                .at_pos(pos)
                .hint("tháng khen thưởng phải bằng hoặc sau tháng diễn ra việc tốt"),
            );
        }
    }
    Some(month)
}
