//! Size limits of the code (STYLE.md): no function in `src/` over 80 lines
//! from its `fn` to its closing brace, no file over 600 lines without its
//! `mod tests`. Measured on the rustfmt layout: a function ends at the first
//! `}` alone on a line at the indentation of its `fn` line.
//!
//! What is still too long is named in an allow-list that can only shrink:
//! a function or file that got short must leave the list, or this fails.

use std::collections::BTreeSet;
use std::path::Path;

const MAX_FN_LINES: usize = 80;
const MAX_FILE_LINES: usize = 600;

/// Functions allowed over the limit while they are being split, as (file
/// under `src/`, function name). None is; the list can only shrink.
const STILL_LONG: &[(&str, &str)] = &[];

/// Files allowed over the limit (without their `mod tests`), under `src/`.
/// None is; the list can only shrink.
const STILL_LONG_FILES: &[&str] = &[];

/// A function found in a file: its name, first line (1-based) and length.
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    line: usize,
    lines: usize,
}

/// The lines of a file without its `mod tests { … }` (rustfmt puts the
/// closing brace alone at column 0).
fn without_tests(text: &str) -> Vec<&str> {
    let mut kept = Vec::new();
    let mut in_tests = false;
    for line in text.lines() {
        if !in_tests && line.starts_with("mod tests {") {
            in_tests = true;
            // Its `#[cfg(test)]` goes with it.
            if kept
                .last()
                .is_some_and(|l: &&str| l.trim() == "#[cfg(test)]")
            {
                kept.pop();
            }
        } else if in_tests && line == "}" {
            in_tests = false;
        } else if !in_tests {
            kept.push(line);
        }
    }
    kept
}

/// The name of the function a line starts, if it starts one.
fn fn_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    loop {
        let before = rest;
        for word in [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
        ] {
            rest = rest.strip_prefix(word).unwrap_or(rest);
        }
        if rest == before {
            break;
        }
    }
    let rest = rest.strip_prefix("fn ")?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

/// Every function with a body in `lines`, with its length in lines.
fn functions(lines: &[&str]) -> Vec<Function> {
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = fn_name(line) else { continue };
        let indent = &line[..line.len() - line.trim_start().len()];
        // The signature ends at the first line ending in `{` (a body) or
        // `;` (a declaration in a trait: no body to measure).
        let Some(open) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';') || l.ends_with('}')
        }) else {
            continue;
        };
        let opening = lines[open].trim_end();
        let end = if opening.ends_with(';') {
            continue;
        } else if opening.ends_with('}') {
            // `fn f() -> u8 { 1 }`: the whole body on the line.
            open
        } else {
            let closing = format!("{indent}}}");
            match (open + 1..lines.len()).find(|&j| lines[j] == closing) {
                Some(j) => j,
                None => continue,
            }
        };
        found.push(Function {
            name: name.to_string(),
            line: i + 1,
            lines: end - i + 1,
        });
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// (long functions as (file, name, line, length), long files as (file, length)).
type Found = (Vec<(String, String, usize, usize)>, Vec<(String, usize)>);

fn scan_src() -> Found {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let (mut long_fns, mut long_files) = (Vec::new(), Vec::new());
    for path in files {
        let rel = path.strip_prefix(&src).unwrap().to_string_lossy();
        let rel = rel.replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = without_tests(&text);
        if lines.len() > MAX_FILE_LINES {
            long_files.push((rel.clone(), lines.len()));
        }
        for f in functions(&lines) {
            if f.lines > MAX_FN_LINES {
                long_fns.push((rel.clone(), f.name, f.line, f.lines));
            }
        }
    }
    (long_fns, long_files)
}

#[test]
fn functions_and_files_stay_short() {
    let (long_fns, long_files) = scan_src();
    let mut problems = Vec::new();
    for (file, name, line, len) in &long_fns {
        if !STILL_LONG.contains(&(file.as_str(), name.as_str())) {
            problems.push(format!(
                "src/{file}:{line}: `fn {name}` has {len} lines (limit {MAX_FN_LINES}): split it"
            ));
        }
    }
    for (file, len) in &long_files {
        if !STILL_LONG_FILES.contains(&file.as_str()) {
            problems.push(format!(
                "src/{file}: {len} lines without its tests (limit {MAX_FILE_LINES}): split it"
            ));
        }
    }
    // The allow-lists only shrink: what got short leaves them.
    let still: BTreeSet<(&str, &str)> = long_fns
        .iter()
        .map(|(f, n, _, _)| (f.as_str(), n.as_str()))
        .collect();
    for (file, name) in STILL_LONG {
        if !still.contains(&(*file, *name)) {
            problems.push(format!(
                "src/{file}: `fn {name}` is no longer over {MAX_FN_LINES} lines (or is gone): remove it from STILL_LONG"
            ));
        }
    }
    for file in STILL_LONG_FILES {
        if !long_files.iter().any(|(f, _)| f == file) {
            problems.push(format!(
                "src/{file} is no longer over {MAX_FILE_LINES} lines: remove it from STILL_LONG_FILES"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// The measure itself, on a file laid out as rustfmt does.
#[test]
fn the_measure_follows_the_rustfmt_layout() {
    let text = "\
pub(crate) fn short(a: u8) -> u8 {
    a
}

trait T {
    fn declared(&self);
    fn with_default(&self) -> u8 { 1 }
}

impl S {
    pub fn long_signature(
        &self,
        x: u8,
    ) -> u8
    where
        u8: Copy,
    {
        fn inner() {}
        let y = {
            x
        };
        y
    }
}

#[cfg(test)]
mod tests {
    fn not_counted() {
    }
}
fn after_tests() {
}
";
    let lines = without_tests(text);
    assert_eq!(
        lines.len(),
        27,
        "the test module and its attribute are left out"
    );
    let got: Vec<(String, usize, usize)> = functions(&lines)
        .into_iter()
        .map(|f| (f.name, f.line, f.lines))
        .collect();
    let want = [
        ("short", 1, 3),
        ("with_default", 7, 1),
        ("long_signature", 11, 13),
        ("inner", 18, 1),
        ("after_tests", 26, 2),
    ]
    .map(|(name, line, lines)| (name.to_string(), line, lines));
    assert_eq!(got, want);
}
