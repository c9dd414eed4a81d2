//! Units and levels through time, as staff meet them: a story is checked
//! against the units and levels of its own date, so the last day of an old
//! ward and the first day of the new one both pass, and the real registry of
//! the example site sends a 2026 story of a dissolved ward to its successor.
//! (Each error alone, with its exact text, is a fixture in
//! tests/fixtures/codes/: unit-ended, unit-not-yet, level-ended, …)

mod common;

use std::path::Path;

use common::*;

/// A story of `unit` on `deed`, awarded at `level` in the deed's month, with
/// the person living in `residence`.
fn story(unit: &str, residence: &str, deed: &str, level: &str) -> String {
    let month = &deed[..7];
    format!(
        "---\ntitle: \"Trả lại chiếc ví nhặt được\"\nperson:\n  name: \"Trần Văn Bình\"\n  birth_year: 1980\n  category: lao-dong-truc-tiep\n  residence: {residence}\ndeed:\n  date: {deed}\n  field: doi-song-xa-hoi\nunit: {unit}\nawards:\n  - level: {level}\n    month: {month}\nconsent:\n  by: nguoi-duoc-khen\n  date: {deed}\n  channels: [web]\n---\nAnh Bình trả lại chiếc ví cho người đánh rơi.\n"
    )
}

fn add(root: &Path, name: &str, text: &str) {
    std::fs::write(root.join("content/stories").join(name), text).unwrap();
}

#[test]
fn the_last_day_of_the_old_unit_and_the_first_of_the_new_both_pass() {
    let dir = site(&["invalid_base"]);
    // Đồng Tâm ends on 2025-06-30 with the district level; Phường Mới
    // starts on 2025-07-01 and may use `phuong` only.
    let last = story("phuong-dong-tam", "phuong-dong-tam", "2025-06-30", "quan");
    let first = story("phuong-moi", "phuong-moi", "2025-07-01", "phuong");
    add(dir.path(), "last.md", &last);
    add(dir.path(), "first.md", &first);
    let run = bangvang(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("lỗi["), "{}", run.stderr);
    // A day later and a day earlier, each is refused.
    add(
        dir.path(),
        "last.md",
        &last
            .replace("2025-06-30", "2025-07-01")
            .replace("2025-06", "2025-07"),
    );
    add(
        dir.path(),
        "first.md",
        &first
            .replace("2025-07-01", "2025-06-30")
            .replace("2025-07", "2025-06"),
    );
    let run = bangvang(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for code in ["unit-ended", "unit-not-yet", "level-ended"] {
        assert!(
            run.stderr.contains(&format!("lỗi[{code}]")),
            "{code}: {}",
            run.stderr
        );
    }
}

#[test]
fn the_example_registry_names_the_new_ward_of_a_2026_story() {
    let dir = site(&["invalid_base"]);
    let registry = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/registry.yaml");
    std::fs::copy(registry, dir.path().join("content/registry.yaml")).unwrap();
    // The 2023 story of the base (Phường Bách Khoa, cấp phường) stays valid.
    assert_eq!(bangvang(dir.path(), &["check"]).code, 0);
    add(
        dir.path(),
        "cu.md",
        &story(
            "phuong-bach-khoa",
            "phuong-bach-mai-2025",
            "2026-03-02",
            "phuong",
        ),
    );
    add(
        dir.path(),
        "moi.md",
        &story(
            "phuong-bach-mai-2025",
            "phuong-bach-mai-2025",
            "2026-03-03",
            "quan",
        ),
    );
    let run = bangvang(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(
        "content/stories/cu.md:11:7: lỗi[unit-ended]: đơn vị đề nghị `phuong-bach-khoa` (Phường Bách Khoa) chỉ có đến ngày 2025-06-30, không còn vào ngày làm việc tốt 2026-03-02\n  gợi ý: đơn vị này đã nhập vào `phuong-bach-mai-2025` (Phường Bạch Mai)"
    ), "{}", run.stderr);
    assert!(run.stderr.contains(
        "content/stories/moi.md:13:12: lỗi[level-ended]: cấp khen thưởng `quan` (Cấp quận) chỉ có đến ngày 2025-06-30, không còn trong tháng khen thưởng 2026-03\n  gợi ý: trong tháng 2026-03, đơn vị `phuong-bach-mai-2025` dùng được các cấp: phuong, thanh-pho"
    ), "{}", run.stderr);
}
