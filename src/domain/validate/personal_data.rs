//! Personal data typed into free text: a phone number, an e-mail, an ID
//! number or a house address in anything a visitor reads (title, summary,
//! body, occupation, photo description, tags, award decisions, free pages)
//! is an error at the place it is written. Consent to be honoured is not
//! consent to be phoned at home. The site's own public numbers
//! (`public_numbers` in site.yaml) go through.

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::front_matter::Split;
use crate::source::yaml::{column_of, Locator, Seg};
use crate::text::markdown;
use crate::text::personal_data::{self, Kind, PublicNumbers};

use super::context::Ctx;
use super::schema::RawStory;

/// A text value of the front matter: what staff call it, and where it stands.
pub struct Field<'a> {
    pub label: String,
    pub text: &'a str,
    pub at: Pos,
}

/// Every finding in the story's front-matter texts and body.
pub(super) fn check_story(cx: &mut Ctx, raw: &RawStory, split: &Split, public: &PublicNumbers) {
    let fields = story_fields(cx, raw);
    let mut found = in_front_matter(cx.path, &cx.loc, &fields, public);
    found.extend(in_body(cx.path, split.body, split.body_first_line, public));
    for d in found {
        cx.push(d);
    }
}

/// The texts of the front matter a visitor reads, items counted from 1.
fn story_fields<'r>(cx: &Ctx, raw: &'r RawStory) -> Vec<Field<'r>> {
    let mut fields = Vec::new();
    let mut add = |label: String, text: Option<&'r str>, segs: &[Seg]| {
        if let Some(text) = text {
            let at = cx.at(segs);
            fields.push(Field { label, text, at });
        }
    };
    add(
        "tiêu đề (`title`)".into(),
        Some(&raw.title),
        &[Seg::Key("title")],
    );
    add(
        "tóm tắt (`summary`)".into(),
        raw.summary.as_deref(),
        &[Seg::Key("summary")],
    );
    let occupation = raw.person.occupation.as_deref();
    let at = [Seg::Key("person"), Seg::Key("occupation")];
    add("nghề nghiệp (`person.occupation`)".into(), occupation, &at);
    let alt = raw.photo.as_ref().map(|p| p.alt.as_str());
    add(
        "lời mô tả ảnh (`photo.alt`)".into(),
        alt,
        &[Seg::Key("photo"), Seg::Key("alt")],
    );
    for (i, tag) in raw.tags.iter().enumerate() {
        let label = format!("thẻ thứ {} (`tags`)", i + 1);
        add(label, Some(tag), &[Seg::Key("tags"), Seg::Index(i)]);
    }
    for (i, award) in raw.awards.iter().enumerate() {
        let label = format!("quyết định của lần khen thứ {} (`decision`)", i + 1);
        let at = [Seg::Key("awards"), Seg::Index(i), Seg::Key("decision")];
        add(label, award.decision_text(), &at);
    }
    fields
}

/// The findings in front-matter `fields`, each at the place its text is
/// written (or at the start of the value when it is not written as is).
pub fn in_front_matter(
    path: &str,
    loc: &Locator,
    fields: &[Field],
    public: &PublicNumbers,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for field in fields {
        for found in personal_data::find(field.text) {
            let matched = &field.text[found.range];
            if found.kind == Kind::Phone && public.allows(matched) {
                continue;
            }
            let pos = loc.find_text_from(field.at, matched).unwrap_or(field.at);
            out.push(diagnostic(found.kind, path, &field.label, matched).at_pos(pos));
        }
    }
    out
}

/// The findings in a Markdown body that starts at `first_line` of the file,
/// outside the addresses of links and images.
pub fn in_body(
    path: &str,
    body: &str,
    first_line: usize,
    public: &PublicNumbers,
) -> Vec<Diagnostic> {
    let found = personal_data::find(body);
    if found.is_empty() {
        // Most bodies: no second Markdown parse for their link addresses.
        return Vec::new();
    }
    let addresses = markdown::address_ranges(body);
    let mut out = Vec::new();
    for found in found {
        let r = found.range;
        let matched = &body[r.clone()];
        let in_address = addresses.iter().any(|a| a.start < r.end && r.start < a.end);
        if in_address || (found.kind == Kind::Phone && public.allows(matched)) {
            continue;
        }
        let before = &body[..r.start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = first_line + before.matches('\n').count();
        let column = column_of(&body[line_start..], r.start - line_start);
        out.push(diagnostic(found.kind, path, "nội dung", matched).at(line, column));
    }
    out
}

fn diagnostic(kind: Kind, path: &str, label: &str, matched: &str) -> Diagnostic {
    match kind {
        Kind::Phone => Diagnostic::error(
            "phone-number",
            path,
            format!("{label} có số điện thoại `{matched}`: trang công khai không đăng số điện thoại"),
        )
        .hint("xóa số này khỏi bài: không đăng số điện thoại của người dân. Chỉ khi đó là số đường dây nóng của một cơ quan, đã được phép công bố, thì nhờ người quản trị trang ghi số ấy vào danh sách số được đăng (`public_numbers` trong site.yaml)"),
        Kind::Email => Diagnostic::error(
            "email-address",
            path,
            format!("{label} có địa chỉ email `{matched}`: trang công khai không đăng email"),
        )
        .hint("xóa địa chỉ này khỏi bài; ai muốn liên hệ thì hỏi qua đơn vị đề nghị khen"),
        Kind::IdNumber => Diagnostic::error(
            "id-number",
            path,
            format!("{label} có số căn cước hoặc chứng minh nhân dân `{matched}`"),
        )
        .hint("xóa số này khỏi bài: số giấy tờ tùy thân không bao giờ được công bố"),
        Kind::HouseAddress => Diagnostic::error(
            "house-address",
            path,
            format!("{label} có địa chỉ nhà `{matched}`"),
        )
        .hint("xóa số nhà và số ngõ, ngách, hẻm, kiệt; tên đường, tên phố không có số thì được; nơi ở ghi bằng khóa `residence`"),
    }
}
