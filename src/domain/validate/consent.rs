//! Consent is a record, not a flag: who agreed (the person, or a parent or
//! guardian for anyone under 16), when (not in the future, not after the
//! story first went up), and for which channels (web, printed bulletin,
//! radio). A record with no channel yet is consent to nothing: the story
//! stays unpublished (that is how `new` writes it).

use chrono::NaiveDate;

use crate::diagnostics::{did_you_mean, Diagnostic, Pos};
use crate::domain::story::{Award, Channels};
use crate::source::yaml::{column_of, Seg};
use crate::source::yaml_words::{write_line, GUIDE};

use super::context::Ctx;
use super::dates::{bad_date, parse_date};
use super::schema::{RawConsent, RawConsentRecord};

const BY_PERSON: &str = "nguoi-duoc-khen";
const BY_PARENT: &str = "cha-me";
const BY_GUARDIAN: &str = "nguoi-giam-ho";
const WHO: [&str; 3] = [BY_PERSON, BY_PARENT, BY_GUARDIAN];
const CHANNELS: [&str; 3] = ["web", "ban-tin", "phat-thanh"];
const ALL_CHANNELS: &str = "channels: [web, ban-tin, phat-thanh]";
/// Where a channel list in a hint is explained.
const CHANNEL_WORDS: &str = "web là trang web, ban-tin là bản tin in, phat-thanh là loa phát thanh";

const fn key(k: &'static str) -> [Seg<'static>; 2] {
    [Seg::Key("consent"), Seg::Key(k)]
}

/// The channels the story may go to; none when the record is missing,
/// unfilled or wrong (a wrong one is an error, so the story is not built).
pub(super) fn check_consent(
    cx: &mut Ctx,
    raw: &RawConsent,
    is_minor: bool,
    awards: &[Award],
) -> Channels {
    match raw {
        RawConsent::Flag(false) => Channels::default(),
        RawConsent::Flag(true) => {
            push_flag_error(cx, is_minor);
            Channels::default()
        }
        RawConsent::Record(record) => {
            let channels = check_channels(cx, &record.channels);
            // Nothing agreed to yet: who and when may still be blank.
            if !record.channels.is_empty() {
                check_who(cx, record, is_minor);
                check_date(cx, record.date.as_deref(), awards);
            }
            channels
        }
    }
}

/// `consent: true` says nothing of who, when or where: the error gives the
/// line to write instead.
fn push_flag_error(cx: &mut Ctx, is_minor: bool) {
    let hint = if is_minor {
        format!("người được khen dưới 16 tuổi nên cha mẹ hoặc người giám hộ phải đồng ý. Thay cả dòng này bằng dòng dưới đây, rồi ghi họ tên cha hoặc mẹ thay cho …, ngày ký văn bản đồng ý thay cho YYYY-MM-DD (ví dụ 2023-05-10); là người giám hộ thì ghi by: {BY_GUARDIAN}; trong channels chỉ giữ những nơi được đồng ý ({CHANNEL_WORDS}). Xem mục “Sự đồng ý công bố” trong {GUIDE}. {}", write_line(&format!("consent: {{ by: {BY_PARENT}, name: \"…\", date: YYYY-MM-DD, {ALL_CHANNELS} }}")))
    } else {
        format!("thay cả dòng này bằng dòng dưới đây, rồi ghi ngày ký văn bản đồng ý thay cho YYYY-MM-DD (ví dụ 2023-05-10); trong channels chỉ giữ những nơi người được khen đồng ý ({CHANNEL_WORDS}). Xem mục “Sự đồng ý công bố” trong {GUIDE}. {}", write_line(&format!("consent: {{ by: {BY_PERSON}, date: YYYY-MM-DD, {ALL_CHANNELS} }}")))
    };
    cx.push(
        Diagnostic::error(
            "consent-needs-record",
            cx.path,
            "`consent: true` chưa đủ: cần ghi ai đồng ý, đồng ý ngày nào và cho đăng ở đâu",
        )
        .at_pos(cx.at(&[Seg::Key("consent")]))
        .hint(hint),
    );
}

fn check_channels(cx: &mut Ctx, written: &[String]) -> Channels {
    let mut channels = Channels::default();
    for (i, name) in written.iter().enumerate() {
        match name.trim() {
            "web" => channels.web = true,
            "ban-tin" => channels.bulletin = true,
            "phat-thanh" => channels.radio = true,
            other => {
                let guess = match did_you_mean(other, CHANNELS) {
                    Some(best) => format!("có phải ý bạn là `{best}`? "),
                    None => String::new(),
                };
                let at = channel_position(cx, i, other);
                cx.push(
                    Diagnostic::error(
                        "bad-consent-channel",
                        cx.path,
                        format!("nơi đăng thứ {} `{other}` không có trong danh sách", i + 1),
                    )
                    .at_pos(at)
                    .hint(format!(
                        "{guess}`channels` chỉ ghi các giá trị: {CHANNEL_WORDS}"
                    )),
                );
            }
        }
    }
    channels
}

/// Where channel `i` stands: its own line, or in `channels: [a, b]` the
/// column of the value itself.
fn channel_position(cx: &Ctx, i: usize, value: &str) -> Pos {
    let item = [Seg::Key("consent"), Seg::Key("channels"), Seg::Index(i)];
    if let Some(pos) = cx.loc.find_value(&item) {
        return pos;
    }
    let list = cx.at(&key("channels"));
    let line = cx.loc.line(list.line).unwrap_or("");
    let after = line.find('[').map_or(0, |b| b + 1);
    match line[after..].find(value) {
        Some(at) => Pos::new(list.line, column_of(line, after + at)),
        None => list,
    }
}

/// Who agreed: one of `WHO`; for a minor a parent or guardian, named.
fn check_who(cx: &mut Ctx, record: &RawConsentRecord, is_minor: bool) {
    let by = record.by.as_deref().unwrap_or("").trim();
    let at = cx.at(&key("by"));
    let choices = format!("ghi `by: {BY_PERSON}` nếu chính người được khen đồng ý, `by: {BY_PARENT}` hoặc `by: {BY_GUARDIAN}` nếu cha mẹ hoặc người giám hộ đồng ý (bắt buộc với người dưới 16 tuổi)");
    if !WHO.contains(&by) {
        let (message, hint) = if by.is_empty() {
            (
                "chưa ghi ai đồng ý (`by` trong `consent`)".to_string(),
                choices,
            )
        } else {
            let guess = did_you_mean(by, WHO)
                .map_or(String::new(), |best| format!("có phải ý bạn là `{best}`? "));
            (
                format!("người đồng ý `{by}` không phải một giá trị được dùng"),
                format!("{guess}{choices}"),
            )
        };
        cx.push(
            Diagnostic::error("bad-consent-by", cx.path, message)
                .at_pos(at)
                .hint(hint),
        );
        return;
    }
    if by == BY_PERSON {
        if is_minor {
            cx.push(
                Diagnostic::error(
                    "minor-consent-by-guardian",
                    cx.path,
                    "người được khen dưới 16 tuổi vào ngày làm việc tốt, nên cha mẹ hoặc người giám hộ phải là người đồng ý",
                )
                .at_pos(at)
                .hint(format!("đổi thành `by: {BY_PARENT}` (hoặc `by: {BY_GUARDIAN}`) và thêm `name: \"…\"` ghi họ tên người đã đồng ý, ngay dưới `by:`")),
            );
        }
        return;
    }
    check_guardian_name(cx, record, by);
}

/// A parent or guardian who agreed is named (kept in the file only).
fn check_guardian_name(cx: &mut Ctx, record: &RawConsentRecord, by: &str) {
    let name = record.name.as_deref().unwrap_or("").trim();
    // The hint's own filler counts as no name.
    if !name.trim_matches(['…', '.', ' ']).is_empty() {
        return;
    }
    let who = if by == BY_PARENT {
        "cha hoặc mẹ"
    } else {
        "người giám hộ"
    };
    let at = cx
        .loc
        .find_value(&key("name"))
        .unwrap_or_else(|| cx.at(&key("by")));
    cx.push(
        Diagnostic::error(
            "consent-guardian-name",
            cx.path,
            format!("chưa ghi họ tên {who} đã đồng ý"),
        )
        .at_pos(at)
        .hint(format!("thêm `name: \"Trần Thị Mai\"` ngay dưới `by: {by}` (thay bằng họ tên thật của {who}); tên này chỉ lưu trong tệp, không bao giờ được đăng")),
    );
}

/// When: a real date, not in the future, not after the last day of the
/// first award month (the story is on that month's board by then).
fn check_date(cx: &mut Ctx, written: Option<&str>, awards: &[Award]) {
    let at = cx.at(&key("date"));
    let text = written.unwrap_or("").trim();
    if text.is_empty() {
        cx.push(
            Diagnostic::error(
                "consent-no-date",
                cx.path,
                "chưa ghi ngày đồng ý (`date` trong `consent`)",
            )
            .at_pos(at)
            .hint("ghi ngày ký văn bản đồng ý theo dạng năm-tháng-ngày, ví dụ `date: 2023-05-10`"),
        );
        return;
    }
    let Some(date) = parse_date(text) else {
        cx.push(bad_date(cx.path, text, at));
        return;
    };
    if date > cx.today {
        cx.push(
            Diagnostic::error(
                "consent-in-future",
                cx.path,
                format!("ngày đồng ý `{text}` ở tương lai"),
            )
            .at_pos(at)
            .hint("ghi ngày đã ký văn bản đồng ý; kiểm tra lại năm, tháng, ngày"),
        );
        return;
    }
    if let Some(deed) = cx.deed.filter(|d| date < *d) {
        cx.push(
            Diagnostic::error(
                "consent-before-deed",
                cx.path,
                format!("ngày đồng ý `{text}` trước ngày làm việc tốt {}", deed.format("%Y-%m-%d")),
            )
            .at_pos(at)
            .hint("người được khen đồng ý đăng bài về một việc tốt đã xảy ra, nên văn bản đồng ý ký vào hoặc sau ngày làm việc tốt; kiểm tra lại ngày đồng ý (`date` trong `consent`) và ngày làm việc tốt (`date` trong `deed`)"),
        );
    }
    if let Some((month, last_day)) = first_shown(awards) {
        if date > last_day {
            cx.push(
                Diagnostic::error(
                    "consent-after-publication",
                    cx.path,
                    format!("ngày đồng ý `{text}` sau tháng khen đầu tiên (`month: {month}`), khi bài đã lên bảng vàng"),
                )
                .at_pos(at)
                .hint(format!("bài chỉ được đăng khi đã có đồng ý: ghi ngày ký văn bản đồng ý, không sau ngày {}; kiểm tra lại ngày này và tháng khen", last_day.format("%Y-%m-%d"))),
            );
        }
    }
}

/// The first award month and its last day.
fn first_shown(awards: &[Award]) -> Option<(String, NaiveDate)> {
    // A rejected award keeps its slot with year 0; it has its own error.
    let first = awards
        .iter()
        .map(|a| a.month)
        .filter(|m| m.year > 0)
        .min()?;
    let next = if first.month == 12 {
        NaiveDate::from_ymd_opt(first.year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year, first.month + 1, 1)
    }?;
    Some((first.to_string(), next.pred_opt()?))
}
