//! Where each code is explained: the section of the staff guide (writing a
//! story) or of the admin guide (registry, site.yaml, output) that a hint
//! points to, so that every message can be looked up by someone who has
//! only the message (issue 13). tests/guide.rs checks that every section
//! named here is a heading of its guide.

/// The staff guide: writing a story and fixing each message.
pub const STAFF: &str = "docs/huong-dan-viet-bai.md";
/// The admin guide: registry, site.yaml, build, hosting, exit codes.
pub const ADMIN: &str = "docs/quan-tri.md";

/// The guide and the heading that explain `code`.
pub fn section(code: &str) -> Option<(&'static str, &'static str)> {
    let staff = |s| Some((STAFF, s));
    let admin = |s| Some((ADMIN, s));
    match code {
        "not-utf8" => staff("Mở và lưu tệp đúng bảng mã UTF-8"),
        "empty-file" | "no-front-matter" | "unclosed-front-matter" => staff("Bài mẫu có chú thích"),
        "yaml-syntax" => staff("Ngoặc kép, dấu hai chấm và dấu #"),
        "odd-space" | "curly-quotes" | "control-character" => {
            staff("Dấu cách lạ và ngoặc kép cong")
        }
        "placeholder" | "empty-id" | "exists" => staff("Tạo bài mới"),
        "unknown-key" | "missing-key" | "wrong-type" | "empty-title" | "empty-name"
        | "no-summary" | "long-title" => staff("Khóa bắt buộc và khóa không bắt buộc"),
        "bad-date" | "bad-month" | "future-date" | "future-month" | "birth-mismatch"
        | "bad-birth-year" | "award-before-deed" => staff("Cách viết ngày và tháng"),
        "unknown-id" | "residence-not-ward" => staff("Các mã lấy từ danh mục"),
        "unit-ended" | "unit-not-yet" | "level-ended" | "level-not-yet" | "level-not-for-unit" => {
            staff("Đơn vị và cấp khen theo thời gian")
        }
        "unknown-dossier" | "draft" | "withdrawn" => staff("Hồ sơ, bài nháp, rút bài"),
        "no-award"
        | "duplicate-award"
        | "duplicate-deed"
        | "duplicate-deed-units"
        | "deed-birth-year-mismatch" => staff("Không khen trùng"),
        "photo-without-alt" | "missing-photo" | "image-format" | "bad-image" | "missing-image"
        | "image-without-alt" | "large-image" => staff("Ảnh"),
        "decision-text"
        | "empty-decision-number"
        | "decision-before-deed"
        | "decision-before-proposal"
        | "proposal-before-deed"
        | "empty-proposal-number"
        | "future-decision"
        | "issuer-not-allowed"
        | "not-decided" => staff("Đề nghị và quyết định khen thưởng"),
        "bad-gender" | "bad-period" => staff("Khóa bắt buộc và khóa không bắt buộc"),
        "several-people" | "not-an-individual" => staff("Chỉ khen cá nhân"),
        "honorific-in-name"
        | "name-invisible-character"
        | "name-foreign-letter"
        | "bad-person-id"
        | "name-all-caps"
        | "name-no-diacritics"
        | "same-name-two-people" => staff("Họ tên và mã người"),
        "minor-full-name" | "minor-needs-birth" | "minor-consent-by-guardian" => {
            staff("Trẻ em dưới 16 tuổi")
        }
        "consent-needs-record"
        | "bad-consent-by"
        | "bad-consent-channel"
        | "consent-guardian-name"
        | "consent-no-date"
        | "consent-in-future"
        | "consent-before-deed"
        | "consent-after-publication"
        | "no-consent" => staff("Sự đồng ý công bố"),
        "phone-number" | "email-address" | "id-number" | "house-address" => {
            staff("Thông tin riêng không được đăng")
        }
        "bad-slug" | "bad-alias" | "duplicate-address" | "address-dropped" => {
            staff("Địa chỉ của bài")
        }
        "broken-link" => staff("Kiểm tra bài"),
        "file-not-published" | "link-not-followed" => admin("Thư mục của trang"),
        "no-config" | "no-content" | "bad-config" | "bad-theme" | "no-theme" | "no-templates"
        | "template" | "bad-share-image" => admin("Cấu hình site.yaml"),
        "no-registry" | "bad-registry" | "bad-id" | "duplicate-id" | "empty-levels" => {
            admin("Danh mục đơn vị, cấp khen, lĩnh vực")
        }
        "unknown-successor" | "successor-cycle" | "empty-period" => {
            admin("Đơn vị theo thời gian: thêm, kết thúc, ghi đơn vị kế tục")
        }
        "report-in-output" | "output-not-ours" | "output-not-folder" | "output-symlink"
        | "write" | "unreadable" => admin("Dựng trang và đưa lên mạng"),
        _ => None,
    }
}

/// `hint` with the pointer to the section explaining `code` added, unless
/// it already names a section.
pub fn with_pointer(code: &str, hint: String) -> String {
    if hint.contains("Xem mục “") || hint.contains("xem mục “") {
        return hint;
    }
    let Some((doc, heading)) = section(code) else {
        return hint;
    };
    // A line to copy stands last, on its own line: the pointer goes before.
    let (text, line) = match hint.split_once('\n') {
        Some((text, line)) => (text.trim_end(), format!("\n{line}")),
        None => (hint.trim_end(), String::new()),
    };
    let stop = if text.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("{text}{stop} Xem mục “{heading}” trong {doc}{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_gets_its_section_once() {
        assert_eq!(
            with_pointer("bad-date", "viết 2023-05-02".into()),
            "viết 2023-05-02. Xem mục “Cách viết ngày và tháng” trong docs/huong-dan-viet-bai.md"
        );
        let pointed = "x. Xem mục “Ảnh” trong docs/huong-dan-viet-bai.md".to_string();
        assert_eq!(with_pointer("bad-date", pointed.clone()), pointed);
        assert_eq!(with_pointer("khong-co", "x".into()), "x");
    }
}
