//! The words `bangvang new` writes for the staff to replace. They live here,
//! below both the template (office) and the checks (validate), so a story
//! that still carries one is refused instead of published as it is.

/// The title when `new` is given none.
pub const TITLE: &str = "Tiêu đề bài viết";
pub const SUMMARY: &str = "Một câu tóm tắt việc tốt.";
pub const NAME: &str = "Họ Đệm Tên";
pub const OCCUPATION: &str = "Nghề nghiệp";
pub const DECISION: &str = "Quyết định số …/QĐ-UBND ngày …";
/// The body's only line in a new story.
pub const BODY: &str =
    "Kể lại việc tốt: ở đâu (chỉ đến tên khu vực, không ghi số nhà), khi nào, đã làm gì, kết quả ra sao.";
