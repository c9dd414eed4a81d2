//! Units through time as readers and staff see them, built by the real
//! binary from tests/fixtures/units_time: an old "Phường Bạch Mai" that ended
//! on 30/6/2025 (split between the new Bạch Mai and Vĩnh Tuy), Minh Khai
//! merged into the new Bạch Mai, the new "Phường Bạch Mai" of the same name,
//! and a department without dates.

mod common;

use std::path::Path;

use common::*;

fn built() -> tempfile::TempDir {
    let dir = site(&["units_time"]);
    let run = bangvang(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// The `<li>` of the units page that links to `id`'s own page first.
fn item<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<li><a href=\"/don-vi/{id}/\">"))
        .unwrap_or_else(|| panic!("no item for {id}:\n{page}"));
    let end = start + page[start..].find("</li>").unwrap();
    &page[start..end]
}

fn at(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in:\n{page}"))
}

#[test]
fn the_units_page_groups_current_and_ended_units_with_their_periods() {
    let dir = built();
    let page = read(dir.path(), "public/don-vi/index.html");
    // Headings from site.yaml `wording`, current first.
    let current = at(&page, "<h2>Đơn vị từ 01/7/2025</h2>");
    let before = at(&page, "<h2>Trước sắp xếp năm 2025</h2>");
    assert!(current < before);
    let new_ward = at(&page, "<li><a href=\"/don-vi/phuong-bach-mai-2025/\">");
    let department = at(&page, "<li><a href=\"/don-vi/phong-van-hoa/\">");
    let old_ward = at(&page, "<li><a href=\"/don-vi/phuong-bach-mai/\">");
    let merged = at(&page, "<li><a href=\"/don-vi/phuong-minh-khai/\">");
    assert!(current < new_ward && new_ward < before);
    assert!(current < department && department < before);
    assert!(before < old_ward && before < merged);
    // Periods in official short style; a unit without dates has none.
    assert!(
        item(&page, "phuong-bach-mai").contains("<span class=\"period\">(đến 30/6/2025)</span>")
    );
    assert!(item(&page, "phuong-bach-mai-2025")
        .contains("<span class=\"period\">(từ 01/7/2025)</span>"));
    assert!(!item(&page, "phong-van-hoa").contains("period"));
}

#[test]
fn ended_units_link_to_successors_and_new_units_to_predecessors() {
    let dir = built();
    let page = read(dir.path(), "public/don-vi/index.html");
    // The successor of the same name carries its period; one without a page
    // is named without a link; each with its part.
    assert!(item(&page, "phuong-bach-mai").contains(
        "Đơn vị kế tiếp: <a href=\"/don-vi/phuong-bach-mai-2025/\">Phường Bạch Mai (từ 01/7/2025)</a> (một phần), Phường Vĩnh Tuy (phần còn lại)</span>"
    ));
    let predecessors = "Đơn vị trước đó: <a href=\"/don-vi/phuong-bach-mai/\">Phường Bạch Mai (đến 30/6/2025)</a> (một phần), <a href=\"/don-vi/phuong-minh-khai/\">Phường Minh Khai</a></span>";
    assert!(item(&page, "phuong-bach-mai-2025").contains(predecessors));
    // The same links on each unit's own page.
    let own = read(dir.path(), "public/don-vi/phuong-bach-mai-2025/index.html");
    assert!(own.contains(predecessors), "{own}");
    let old = read(dir.path(), "public/don-vi/phuong-minh-khai/index.html");
    assert!(old.contains(
        "<span class=\"period\">(đến 30/6/2025)</span> <span class=\"unit-links\">Đơn vị kế tiếp: <a href=\"/don-vi/phuong-bach-mai-2025/\">Phường Bạch Mai</a></span>"
    ));
    let plain = read(dir.path(), "public/don-vi/phong-van-hoa/index.html");
    assert!(!plain.contains("unit-time"));
}

#[test]
fn two_units_of_one_name_are_told_apart_in_search() {
    let dir = built();
    let meta: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "public/search/meta.json")).unwrap();
    let units: Vec<(String, String)> = serde_json::from_value(meta["units"].clone()).unwrap();
    let label = |id: &str| {
        units
            .iter()
            .find(|(u, _)| u == id)
            .map(|(_, l)| l.as_str())
            .unwrap_or_else(|| panic!("{id} not in {units:?}"))
    };
    assert_eq!(label("phuong-bach-mai"), "Phường Bạch Mai (đến 30/6/2025)");
    assert_eq!(
        label("phuong-bach-mai-2025"),
        "Phường Bạch Mai (từ 01/7/2025)"
    );
    // A name without a twin stays as it is, dated or not.
    assert_eq!(label("phuong-minh-khai"), "Phường Minh Khai");
    assert_eq!(label("phong-van-hoa"), "Phòng Văn hóa");
    // The filter of the search page offers the same labels.
    let search = read(dir.path(), "public/tim-kiem/index.html");
    assert!(
        search.contains("Phường Bạch Mai (đến 30/6/2025)</option>"),
        "{search}"
    );
    assert!(search.contains("Phường Bạch Mai (từ 01/7/2025)</option>"));
}

/// The page of the yearly review of `year`.
fn review(root: &Path, year: i32) -> String {
    read(root, &format!("public/tong-ket/{year}/index.html"))
}

#[test]
fn a_review_counts_only_the_levels_of_its_year() {
    let dir = built();
    let y2026 = review(dir.path(), 2026);
    assert!(
        y2026.contains("Cấp phường: 1; Cấp thành phố: 1."),
        "{y2026}"
    );
    assert!(
        !y2026.contains("Cấp quận"),
        "the district level ended in 2025"
    );
    // 2023 still shows the district level, and a level with no award that
    // existed that year (the city's) as 0.
    let y2023 = review(dir.path(), 2023);
    assert!(
        y2023.contains("Cấp phường: 1; Cấp quận: 2; Cấp thành phố: 0."),
        "{y2023}"
    );
    // Units likewise: 2026 names only the unit that awarded that year, and
    // needs no period for it (its old namesake is not in that review).
    assert!(y2026.contains("Phường Bạch Mai"));
    assert!(!y2026.contains("30/6/2025"));
    assert!(!y2026.contains("Phường Minh Khai"));
    assert!(!y2026.contains("Phòng Văn hóa"));
}

#[test]
fn new_proposes_a_level_the_unit_may_use_on_the_date() {
    let dir = site(&["units_time"]);
    let new = |unit: &str, date: &str| {
        let run = bangvang(
            dir.path(),
            &[
                "new",
                "--unit",
                unit,
                "--title",
                &format!("Bài {unit} {date}"),
                "--date",
                date,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        read(dir.path(), run.stdout.lines().next().unwrap_or(""))
    };
    // A new ward in 2026 awards at its own level.
    let ward = new("phuong-bach-mai-2025", "2026-03-10");
    assert!(
        ward.contains("  - level: phuong\n    month: 2026-03"),
        "{ward}"
    );
    // A department proposes to the next level up: the district in 2023, the
    // city in 2026, when the district level no longer exists.
    let before = new("phong-van-hoa", "2023-05-02");
    assert!(before.contains("  - level: quan\n"), "{before}");
    let after = new("phong-van-hoa", "2026-05-02");
    assert!(after.contains("  - level: thanh-pho\n"), "{after}");
    // None of the three is refused for its level (only for its blanks).
    let check = bangvang(dir.path(), &["check"]);
    assert!(!check.stderr.contains("[level-"), "{}", check.stderr);
    assert!(!check.stderr.contains("[unit-"), "{}", check.stderr);
}

/// The short ward name staff say ("Bạch Mai") is the unit of the deed's
/// day, not the ended one whose id ends alike; an empty unit lists only the
/// units of that day (ward-officer test).
#[test]
fn a_short_ward_name_and_an_empty_unit_offer_the_units_of_the_deed_day() {
    let dir = site(&["units_time"]);
    let story = "content/stories/bach-mai-moi.md";
    let text = read(dir.path(), story);
    let write = |unit: &str| {
        let changed = text.replace("unit: phuong-bach-mai-2025", unit);
        std::fs::write(dir.path().join(story), changed).unwrap();
        bangvang(dir.path(), &["check", story]).stderr
    };
    let short = write("unit: Bạch Mai");
    assert!(
        short.contains(
            "gợi ý: «Bạch Mai» là tên đơn vị; trong bài phải ghi mã. Vào ngày làm việc tốt 2026-03-04, Phường Bạch Mai có mã phuong-bach-mai-2025."
        ),
        "{short}"
    );
    assert!(
        short.contains("\n      unit: phuong-bach-mai-2025\n"),
        "{short}"
    );
    let empty = write("unit: \"\"");
    let list = empty
        .lines()
        .find(|l| l.contains("gợi ý: viết một mã trong mục `units`"))
        .unwrap_or_else(|| panic!("{empty}"));
    assert!(list.contains("phuong-bach-mai-2025"), "{list}");
    for ended in ["phuong-bach-mai,", "phuong-minh-khai"] {
        assert!(!list.contains(ended), "{list}");
    }
}

/// `new` refuses a unit that did not exist on the deed's day, naming the
/// units it went into; a unit's name, quoted or not, leads to its id.
#[test]
fn new_refuses_an_ended_unit_and_turns_a_name_into_its_id() {
    let dir = site(&["units_time"]);
    let ended = bangvang(
        dir.path(),
        &["new", "--unit", "phuong-bach-mai", "--date", "2026-11-01"],
    );
    assert_eq!(ended.code, 1);
    assert_eq!(
        ended.stderr,
        "lỗi: đơn vị `phuong-bach-mai` (Phường Bạch Mai) chỉ có đến ngày 2025-06-30, không có vào ngày làm việc tốt 2026-11-01 (giá trị của `--unit` và `--date`)\n  \
         gợi ý: đơn vị này đã nhập vào đơn vị mới: viết `--unit phuong-bach-mai-2025` hoặc `--unit phuong-vinh-tuy-2025`, hoặc kiểm tra lại `--date`\n"
    );
    let named = bangvang(
        dir.path(),
        &["new", "--unit", "Bạch Mai", "--date", "2026-11-01"],
    );
    assert_eq!(
        named.stderr,
        "lỗi: `Bạch Mai` (giá trị của `--unit`) là tên đơn vị; lệnh cần mã đơn vị\n  \
         gợi ý: vào ngày 2026-11-01, Phường Bạch Mai có mã phuong-bach-mai-2025: viết `--unit phuong-bach-mai-2025`\n"
    );
    let unquoted = bangvang(
        dir.path(),
        &["new", "--unit", "Phường", "Bạch", "Mai", "--title", "X"],
    );
    assert_eq!(unquoted.code, 2);
    assert_eq!(
        unquoted.stderr,
        "lỗi: giá trị `Phường Bạch Mai` của `--unit` có dấu cách nên bị tách ra, chữ `Bạch` bị đọc thành một phần khác của lệnh\n  \
         gợi ý: ghi mã đơn vị (mục `units` của content/registry.yaml), ví dụ `--unit ma-don-vi`; hoặc đặt cả tên trong ngoặc kép để chương trình tìm mã giúp: `--unit \"Phường Bạch Mai\"`\n"
    );
    assert!(!dir.path().join("content/stories/2026-11").exists());
}
