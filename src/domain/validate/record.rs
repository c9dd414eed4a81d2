//! What the office records beside the deed: the person's gender (for the
//! statistics of women honorees), how long a long deed lasted, and the
//! decision that selected the story for the city.

use crate::diagnostics::Diagnostic;
use crate::domain::story::{Decision, DeedPeriod, Gender};
use crate::source::yaml::Seg;
use crate::text::vietnamese::fold;

use super::context::Ctx;
use super::dates::{bad_date, parse_date};
use super::decision::{check_decision, Bounds};
use super::schema::{RawStory, ScalarOr};

/// `person.gender`: "nam" or "nữ" (any case, with or without the mark).
pub(super) fn check_gender(cx: &mut Ctx, raw: &RawStory) -> Option<Gender> {
    let text = raw.person.gender.as_deref()?;
    match fold(text.trim()).as_str() {
        "nam" => Some(Gender::Male),
        "nu" => Some(Gender::Female),
        _ => {
            cx.push(
                Diagnostic::error(
                    "bad-gender",
                    cx.path,
                    format!("giới tính `{text}` không hợp lệ"),
                )
                .at_pos(cx.at(&[Seg::Key("person"), Seg::Key("gender")]))
                .hint("ghi `gender: nam` hoặc `gender: nữ`, hoặc xóa dòng này"),
            );
            None
        }
    }
}

/// `deed.period`: `"nhiều năm"`, or `{ from: …, to: … }` with real days in
/// order.
pub(super) fn check_period(cx: &mut Ctx, raw: &RawStory) -> Option<DeedPeriod> {
    let seg = |key| [Seg::Key("deed"), Seg::Key("period"), Seg::Key(key)];
    match raw.deed.period.as_ref()? {
        ScalarOr::Scalar(text) if fold(text.trim()) == "nhieu nam" => Some(DeedPeriod::ManyYears),
        ScalarOr::Scalar(text) => {
            cx.push(
                Diagnostic::error(
                    "bad-period",
                    cx.path,
                    format!("thời gian làm việc tốt `{text}` không hợp lệ"),
                )
                .at_pos(cx.at(&[Seg::Key("deed"), Seg::Key("period")]))
                .hint("ghi `period: \"nhiều năm\"`, hoặc `period: { from: 2013-01-01, to: 2023-05-02 }` (ngày bắt đầu và ngày kết thúc)"),
            );
            None
        }
        ScalarOr::Record(span) => {
            let mut day = |key, text: &str| {
                let d = parse_date(text);
                if d.is_none() {
                    let pos = cx.at(&seg(key));
                    cx.push(bad_date(cx.path, text, pos));
                }
                d
            };
            let (from, to) = (day("from", &span.from)?, day("to", &span.to)?);
            if from > to || to > cx.today {
                cx.push(
                    Diagnostic::error(
                        "bad-period",
                        cx.path,
                        format!("thời gian làm việc tốt từ {from} đến {to} không hợp lý"),
                    )
                    .at_pos(cx.at(&seg("to")))
                    .hint("ngày bắt đầu (`from`) phải trước ngày kết thúc (`to`), và ngày kết thúc không ở tương lai"),
                );
                return None;
            }
            Some(DeedPeriod::Span { from, to })
        }
    }
}

/// `city_selected`: `true` (the old flag), or the decision that selected
/// the story, checked like an award's. Gives (selected, decision).
pub(super) fn check_city(
    cx: &mut Ctx,
    raw: &RawStory,
    deed: Option<chrono::NaiveDate>,
) -> (bool, Option<Decision>) {
    match &raw.city_selected {
        None => (false, None),
        Some(ScalarOr::Scalar(flag)) => (*flag, None),
        Some(ScalarOr::Record(d)) => {
            let bounds = Bounds {
                deed,
                proposal: None,
            };
            let decision = check_decision(cx, d, &[Seg::Key("city_selected")], None, &bounds);
            (true, decision)
        }
    }
}
