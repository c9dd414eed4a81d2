//! The third-party licence notice: it must name every crate compiled into
//! the binary, on every platform the binary is given out for, and the binary
//! must carry it (`bangvang licenses`). A dependency added or updated
//! without regenerating the notice fails here.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const NOTICE: &str = "THIRD-PARTY-LICENSES.md";
const REGENERATE: &str =
    "cargo about generate --locked --offline about.hbs -o THIRD-PARTY-LICENSES.md";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn notice() -> String {
    std::fs::read_to_string(repo().join(NOTICE)).expect("THIRD-PARTY-LICENSES.md is committed")
}

/// The `targets` of about.toml: the notice and this test cover the same
/// platforms.
fn targets() -> Vec<String> {
    let about = std::fs::read_to_string(repo().join("about.toml")).unwrap();
    let list = about
        .split("targets = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("about.toml has a `targets = [...]` list");
    list.split(',')
        .map(|t| t.trim().trim_matches('"').to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// `name version` of every crate linked into the binary for `target`: the
/// normal dependency graph (no dev- or build-only crates), without the
/// crate itself.
fn shipped_crates(target: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(repo())
        .args(["tree", "--locked", "-e", "normal", "--prefix", "none"])
        .args(["--target", target])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed for {target}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let version = words.next()?.strip_prefix('v')?;
            (name != env!("CARGO_PKG_NAME")).then(|| format!("{name} {version}"))
        })
        .collect()
}

#[test]
fn every_crate_in_the_binary_is_in_the_notice() {
    let notice = notice();
    let listed: BTreeSet<&str> = notice
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .collect();
    let targets = targets();
    assert!(!targets.is_empty(), "about.toml lists no target");
    let mut missing = BTreeSet::new();
    for target in &targets {
        let shipped = shipped_crates(target);
        assert!(
            shipped.len() > 10,
            "cargo tree found too few crates for {target}: {shipped:?}"
        );
        missing.extend(shipped.into_iter().filter(|c| !listed.contains(c.as_str())));
    }
    assert!(
        missing.is_empty(),
        "{NOTICE} does not name these crates of the binary: {missing:?}\n\
         Regenerate it (cargo-about 0.9.3) from the repository root:\n    {REGENERATE}"
    );
}

#[test]
fn the_binary_prints_the_notice() {
    let out = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .arg("licenses")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    // Then the licence of the font built in for share cards.
    let font = std::fs::read_to_string(repo().join("themes/default/fonts/OFL.txt")).unwrap();
    assert!(
        printed.ends_with(&format!("{font}```\n")),
        "the font's OFL ends the notice"
    );
    assert!(font.contains("SIL OPEN FONT LICENSE Version 1.1"));
    assert_eq!(
        printed.split("\n## Be Vietnam Pro").next().unwrap(),
        notice(),
        "`bangvang licenses` prints the committed notice, whole"
    );
}
