//! The story's photo: described for blind readers, and present in content/.

use crate::diagnostics::Diagnostic;
use crate::domain::story::Photo;
use crate::source::images;
use crate::source::yaml::Seg;

use super::context::Ctx;

/// `assets` are the files under content/, relative to it.
pub(super) fn check_photo(cx: &mut Ctx, photo: Option<&Photo>, assets: &[String]) {
    let Some(photo) = photo else { return };
    if photo.alt.trim().is_empty() {
        cx.push(
            Diagnostic::error(
                "photo-without-alt",
                cx.path,
                "ảnh chưa có lời mô tả (`photo.alt`)",
            )
            .at_pos(cx.loc.key(&[Seg::Key("photo")]))
            .hint("thêm `alt:` mô tả ngắn nội dung ảnh cho người khiếm thị"),
        );
    }
    let src = photo.src.trim_start_matches('/');
    let at = cx.at(&[Seg::Key("photo"), Seg::Key("src")]);
    if !assets.iter().any(|a| a == src) {
        cx.push(
            Diagnostic::error(
                "missing-photo",
                cx.path,
                format!("không tìm thấy ảnh `{}` trong content/", photo.src),
            )
            .at_pos(at)
            .hint(images::missing_image_hint(
                src,
                assets.iter().map(String::as_str),
            )),
        );
    } else if let Some((why, hint)) = images::format_problem(src) {
        cx.push(
            Diagnostic::error("image-format", cx.path, format!("ảnh {why}"))
                .at_pos(at)
                .hint(hint),
        );
    }
}
