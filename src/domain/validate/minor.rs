//! A person under 16 on the deed date is shown by initials only: the title,
//! summary and body must not give the full name.

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::yaml::Seg;
use crate::text::vietnamese::fold;

use super::context::Ctx;

/// Under 16 on the deed date. With only a birth year, anyone who might still
/// be 15 counts as a minor.
pub(super) fn is_minor(
    birth_date: Option<NaiveDate>,
    birth_year: Option<i32>,
    deed: Option<NaiveDate>,
) -> bool {
    match (birth_date, birth_year, deed) {
        (Some(b), _, Some(d)) => b
            .checked_add_months(chrono::Months::new(16 * 12))
            .is_some_and(|sixteen| d < sixteen),
        (None, Some(y), Some(d)) => d.year().saturating_sub(y) <= 16,
        _ => false,
    }
}

/// The texts a minor's full name must not appear in.
pub(super) struct Texts<'a> {
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) body: &'a str,
    pub(super) body_first_line: usize,
}

/// An error for each text that writes `name` in full (`public_name` is what
/// it should say instead).
pub(super) fn check_full_name(cx: &mut Ctx, name: &str, public_name: &str, texts: &Texts) {
    if name.is_empty() {
        return;
    }
    let folded_name = fold(name);
    let mentions = [
        ("title", texts.title, cx.at(&[Seg::Key("title")])),
        ("summary", texts.summary, cx.at(&[Seg::Key("summary")])),
        ("nội dung", texts.body, Pos::new(texts.body_first_line, 1)),
    ];
    for (what, text, pos) in mentions {
        if fold(text).contains(&folded_name) {
            cx.push(
                Diagnostic::error(
                    "minor-full-name",
                    cx.path,
                    format!("{what} ghi đủ họ tên của một người dưới 16 tuổi"),
                )
                .at_pos(pos)
                .hint(format!(
                    "với trẻ em chỉ ghi chữ cái đầu của họ và tên đệm cùng tên: \"{public_name}\""
                )),
            );
        }
    }
}
