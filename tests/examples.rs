//! The example sites a ward copies to start its own board: the repository's
//! own site (the new ward with the district's 2023 boards as its archive) and
//! every folder under `examples/` (a xã with two levels, made only of data).
//! Each is built by the real binary into a temporary folder, and every
//! published story must reach its month board and its unit page, so a story
//! added to an example with a unit or month the site cannot show fails here.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every folder under `examples/`: each must be a whole site.
fn example_sites() -> Vec<PathBuf> {
    let mut sites: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .expect("examples/ holds the sites a ward can copy")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sites.sort();
    assert!(!sites.is_empty(), "examples/ should hold at least one site");
    sites
}

/// What a test needs of a story: its title, unit and award months, and
/// whether it is published (consent to the web, not a draft).
struct Story {
    file: PathBuf,
    title: String,
    unit: String,
    months: Vec<String>,
    published: bool,
    /// Consent given by a parent or guardian: the person is a child.
    by_parent: bool,
}

fn stories(root: &Path) -> Vec<Story> {
    walkdir::WalkDir::new(root.join("content/stories"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|file| {
            let text = std::fs::read_to_string(&file).unwrap();
            let front = text.split("---\n").nth(1).unwrap_or_default();
            let v: serde_yaml::Value =
                serde_yaml::from_str(front).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let s = |key: &str| v[key].as_str().unwrap_or_default().to_string();
            let web = v["consent"]["channels"]
                .as_sequence()
                .is_some_and(|c| c.iter().any(|c| c.as_str() == Some("web")));
            let months = v["awards"]
                .as_sequence()
                .into_iter()
                .flatten()
                .filter_map(|a| a["month"].as_str().map(str::to_string))
                .collect();
            Story {
                title: s("title"),
                unit: s("unit"),
                months,
                published: web && v["draft"].as_bool() != Some(true),
                by_parent: v["consent"]["by"].as_str() != Some("nguoi-duoc-khen"),
                file,
            }
        })
        .collect()
}

/// The ids of the registry's schools.
fn schools(root: &Path) -> Vec<String> {
    let registry: serde_yaml::Value =
        serde_yaml::from_str(&read(root, "content/registry.yaml")).unwrap();
    let units = registry["units"].as_sequence().unwrap();
    units
        .iter()
        .filter(|u| u["school"].as_bool() == Some(true))
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect()
}

/// Builds `root` with the real binary into a fresh temporary folder.
fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let run = bangvang(
        root,
        &["build", "--root", ".", "--output", out.to_str().unwrap()],
    );
    assert_eq!(
        run.code,
        0,
        "{} should build; stderr:\n{}",
        root.display(),
        run.stderr
    );
    assert!(!run.stderr.contains("lỗi["), "{}", run.stderr);
    (tmp, out)
}

/// Every published story is on its month board and its unit page, and the
/// about page is there: what a visitor of the example reaches first.
fn assert_key_pages(root: &Path, out: &Path) -> Vec<Story> {
    let schools = schools(root);
    let all = stories(root);
    let published: Vec<Story> = all.into_iter().filter(|s| s.published).collect();
    assert!(
        !published.is_empty(),
        "{}: no published story",
        root.display()
    );
    read(out, "index.html");
    read(out, "gioi-thieu/index.html");
    for s in &published {
        let title = tera::escape_html(&s.title);
        let unit_page = read(out, &format!("don-vi/{}/index.html", s.unit));
        // A school's page leaves out a child's story: it would name the school.
        let hidden = s.by_parent && schools.contains(&s.unit);
        assert_eq!(
            unit_page.contains(&title),
            !hidden,
            "{}: its unit page should list it (unless a school proposed a child)",
            s.file.display()
        );
        for month in &s.months {
            let board = read(out, &format!("thang/{month}/index.html"));
            assert!(
                board.contains(&title),
                "{}: the board of {month} should list it",
                s.file.display()
            );
        }
    }
    published
}

#[test]
fn the_repository_site_builds_with_its_2025_2026_boards_under_the_new_wards() {
    let root = repo();
    let (_tmp, out) = build(&root);
    let published = assert_key_pages(&root, &out);
    // The site is now the new ward's board: stories after the 2025 reform
    // are published, and none of them is under a unit that ended before.
    let recent: Vec<&Story> = published
        .iter()
        .filter(|s| s.months.iter().all(|m| m.as_str() >= "2025-07"))
        .collect();
    assert!(
        recent.len() >= 5,
        "the example should show several boards after 1 July 2025, found {}",
        recent.len()
    );
    let registry: serde_yaml::Value =
        serde_yaml::from_str(&read(&root, "content/registry.yaml")).unwrap();
    for s in recent {
        let unit = registry["units"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|u| u["id"].as_str() == Some(&s.unit))
            .unwrap();
        assert!(
            unit["to"].is_null(),
            "{}: a 2025–2026 story belongs to a unit that still exists",
            s.file.display()
        );
    }
}

#[test]
fn every_example_site_builds_and_shows_its_unit_pages_and_month_boards() {
    for root in example_sites() {
        let (_tmp, out) = build(&root);
        assert_key_pages(&root, &out);
        // The levels come from the example's registry, not the district's:
        // each has its page.
        let registry: serde_yaml::Value =
            serde_yaml::from_str(&read(&root, "content/registry.yaml")).unwrap();
        for level in registry["levels"].as_sequence().unwrap() {
            let id = level["id"].as_str().unwrap();
            read(&out, &format!("cap/{id}/index.html"));
        }
    }
}

#[test]
fn an_example_copied_elsewhere_checks_clean_and_builds_into_its_own_public_folder() {
    // What README's "Start a board for your xã" tells a ward to do: copy the
    // folder, then run bangvang inside it, with no theme folder of its own.
    for example in example_sites() {
        let copy = tempfile::tempdir().unwrap();
        copy_dir(&example, copy.path());
        let _ = std::fs::remove_dir_all(copy.path().join("public"));
        let check = bangvang(copy.path(), &["check", "--strict"]);
        assert_eq!(
            check.code,
            0,
            "{}: a site to copy should have no error and no warning:\n{}",
            example.display(),
            check.stderr
        );
        let run = bangvang(copy.path(), &["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        read(copy.path(), "public/index.html");
        assert!(copy.path().join("public/.bangvang").exists());
    }
}
