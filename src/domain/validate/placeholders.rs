//! A value still equal to what `bangvang new` wrote is not a story yet:
//! each one is an error at its place, with what to write instead.

use crate::diagnostics::{Diagnostic, Pos};
use crate::domain::placeholders as blank;
use crate::source::front_matter::Split;
use crate::source::yaml::Seg;

use super::context::Ctx;
use super::schema::{RawAward, RawStory, ScalarOr};

pub(super) fn check_placeholders(cx: &mut Ctx, raw: &RawStory, split: &Split) {
    let same = |value: Option<&str>, placeholder: &str| value.map(str::trim) == Some(placeholder);
    let fields: [(bool, &[Seg], &str, &str); 4] = [
        (
            same(Some(&raw.title), blank::TITLE),
            &[Seg::Key("title")],
            "tiêu đề (`title`)",
            "một tiêu đề ngắn nói lên việc tốt",
        ),
        (
            same(raw.summary.as_deref(), blank::SUMMARY),
            &[Seg::Key("summary")],
            "tóm tắt (`summary`)",
            "một câu tóm tắt việc tốt của người này",
        ),
        (
            same(Some(&raw.person.name), blank::NAME),
            &[Seg::Key("person"), Seg::Key("name")],
            "họ tên (`name`)",
            "họ, tên đệm và tên thật của người được khen",
        ),
        (
            same(raw.person.occupation.as_deref(), blank::OCCUPATION),
            &[Seg::Key("person"), Seg::Key("occupation")],
            "nghề nghiệp (`occupation`)",
            "nghề nghiệp hoặc chức vụ thật, hoặc xóa dòng này",
        ),
    ];
    for (is_blank, seg, what, instead) in fields {
        if is_blank {
            let at = cx.at(seg);
            push(cx, at, what, instead);
        }
    }
    for (i, award) in raw.awards.iter().enumerate() {
        if same(award.decision_text(), blank::DECISION) {
            let at = cx.at(&[Seg::Key("awards"), Seg::Index(i), Seg::Key("decision")]);
            let what = format!("quyết định của lần khen thứ {}", i + 1);
            push(
                cx,
                at,
                &what,
                "số, ngày của quyết định khen thưởng, hoặc xóa dòng này nếu chưa có quyết định",
            );
        }
    }
    for (i, award) in raw.awards.iter().enumerate() {
        check_numbers(cx, i, award);
    }
    if let Some(n) = split.body.lines().position(|l| l.trim() == blank::BODY) {
        let at = Pos::new(split.body_first_line + n, 1);
        push(
            cx,
            at,
            "phần nội dung",
            "câu chuyện việc tốt: ở đâu, khi nào, đã làm gì, kết quả ra sao",
        );
    }
}

/// A template mark (`…`, `...`, `YYYY`) left in a decision or proposal number
/// would be published as it is ("Quyết định số …/QĐ-…", user test).
fn check_numbers(cx: &mut Ctx, i: usize, award: &RawAward) {
    let marked = |n: &str| n.contains('…') || n.contains("...") || n.contains("YYYY");
    let decision = match &award.decision {
        Some(ScalarOr::Record(d)) => Some(d.number.as_str()),
        _ => None,
    };
    let proposal = award.proposal.as_ref().and_then(|p| p.number.as_deref());
    for (number, key, what) in [
        (decision, "decision", "số quyết định"),
        (proposal, "proposal", "số tờ trình"),
    ] {
        if let Some(number) = number.filter(|n| marked(n)) {
            let at = cx.at(&[
                Seg::Key("awards"),
                Seg::Index(i),
                Seg::Key(key),
                Seg::Key("number"),
            ]);
            let what = format!("{what} `{number}` (lần khen thứ {})", i + 1);
            let instead = match key {
                "decision" => "số và ký hiệu thật của quyết định, ví dụ number: \"52/QĐ-UBND\"; chưa có quyết định thì xóa cả dòng decision",
                _ => "số và ký hiệu thật của tờ trình, ví dụ number: \"31/TTr-UBND\"",
            };
            push(cx, at, &what, instead);
        }
    }
}

fn push(cx: &mut Ctx, at: Pos, what: &str, instead: &str) {
    let d = Diagnostic::error(
        "placeholder",
        cx.path,
        format!("{what} vẫn là chữ mẫu của bài mới"),
    )
    .at_pos(at)
    .hint(format!("thay bằng {instead}"));
    cx.push(d);
}
