//! `bangvang check [TỆP.md…] [--ho-so]`: the whole site is checked, as
//! `build` would, but a writer who names their own files sees only what is
//! wrong in them, then one line counting what is wrong elsewhere. The
//! dossier table is for the emulation office and is printed when asked.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bangvang::diagnostics::{Diagnostic, Diagnostics, Severity};

use crate::{options, print_diagnostics, Format, SiteArgs, EXIT_WARNINGS};

use super::usage::EXIT_USAGE;

/// What `check` was asked for, beyond the site.
pub struct Asked<'a> {
    pub format: Format,
    pub strict: bool,
    pub files: &'a [PathBuf],
    pub dossier: bool,
}

pub fn run(args: &SiteArgs, asked: &Asked) -> ExitCode {
    let opts = site_of(args, asked.files);
    let named = match named_files(&opts.root, asked.files) {
        Ok(named) => named,
        Err(said) => {
            eprintln!("{said}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut cache = bangvang::ParseCache::reading_beside(&opts.output_dir());
    let mut diags = Diagnostics::default();
    let (registry, addresses, timings) = match bangvang::check_with(&opts, &mut cache) {
        Ok(checked) => {
            diags.extend(checked.notes.iter().cloned());
            let addresses = addresses(&checked, &named);
            let registry = Some(checked.model.registry.clone());
            (registry, addresses, Some(checked.timings))
        }
        Err(d) => {
            diags.extend(d.sorted());
            (bangvang::load_registry(&opts.root), Vec::new(), None)
        }
    };
    let dossier = registry
        .map(|r| bangvang::dossier_table(&cache.stories(), &r))
        .unwrap_or_default();
    let (shown, elsewhere): (Vec<Diagnostic>, Vec<Diagnostic>) = diags
        .sorted()
        .into_iter()
        .partition(|d| named.is_empty() || concerns(d, &named) || about_the_site(d));
    let count = |list: &[Diagnostic], s: Severity| list.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (
        count(&shown, Severity::Error),
        count(&shown, Severity::Warning),
    );
    match asked.format {
        Format::Json => {
            let mut out = serde_json::json!({
                "diagnostics": shown.iter().map(|d| d.to_json()).collect::<Vec<_>>(),
                "dossier": dossier,
                "errors": errors,
                "warnings": warnings,
            });
            if !named.is_empty() {
                out["errors_elsewhere"] = count(&elsewhere, Severity::Error).into();
                out["warnings_elsewhere"] = count(&elsewhere, Severity::Warning).into();
            }
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Text => {
            print_diagnostics(shown);
            if !named.is_empty() {
                println!(
                    "{} lỗi, {} cảnh báo ở các bài khác.",
                    count(&elsewhere, Severity::Error),
                    count(&elsewhere, Severity::Warning)
                );
            }
            print_dossier(asked.dossier, named.is_empty(), &dossier);
            addresses
                .iter()
                .for_each(|a| println!("Địa chỉ trên trang: {a}"));
            let whose = if named.is_empty() {
                ""
            } else {
                " trong các tệp đã nêu"
            };
            println!("Kết quả: {errors} lỗi, {warnings} cảnh báo{whose}.");
            // Only a check that got through its stages has their times.
            if let Some(timings) = timings.filter(|_| args.timings) {
                crate::print_timings(&timings);
            }
        }
    }
    exit_code(errors, warnings, asked.strict)
}

/// The dossier table when it was asked for; else, for the whole site, a
/// line that says how to ask (a writer checking their own files is spared).
fn print_dossier(asked: bool, whole_site: bool, dossier: &[bangvang::DossierRow]) {
    if asked {
        println!();
        print!("{}", bangvang::dossier_text(dossier));
        println!();
    } else if whole_site && !dossier.is_empty() {
        println!("Bảng hồ sơ đề nghị theo đơn vị và tháng: chạy lại với --ho-so.");
    }
}

/// The site to check: as for every command, or, run outside any site with a
/// story's whole path, the site above that story.
fn site_of(args: &SiteArgs, files: &[PathBuf]) -> bangvang::BuildOptions {
    let mut opts = options(args);
    if !opts.root.join("site.yaml").is_file() {
        let story = files.first().and_then(|f| f.canonicalize().ok());
        let found = crate::site_root_from(&opts.root, story.as_deref().and_then(Path::parent));
        if found.join("site.yaml").is_file() {
            opts.root = found;
        }
    }
    opts
}

fn exit_code(errors: usize, warnings: usize, strict: bool) -> ExitCode {
    if errors > 0 {
        ExitCode::FAILURE
    } else if strict && warnings > 0 {
        ExitCode::from(EXIT_WARNINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Where each named story stands on the site, for its writer.
fn addresses(checked: &bangvang::Checked, named: &[String]) -> Vec<String> {
    named
        .iter()
        .filter_map(|f| bangvang::story_address(checked, f))
        .collect()
}

/// A finding about the site itself (no `site.yaml`, a broken registry), not
/// about another story: it stops every story, so it is always shown.
fn about_the_site(d: &Diagnostic) -> bool {
    !d.path.ends_with(".md")
}

/// A finding about one of the named files, or one that names it beside
/// another (the other story of a duplicate deed).
fn concerns(d: &Diagnostic, named: &[String]) -> bool {
    named.iter().any(|f| {
        d.path == *f
            || d.related.iter().any(|r| {
                r.strip_prefix(f.as_str())
                    .is_some_and(|rest| rest.starts_with(':'))
            })
    })
}

/// Each named file as diagnostics name it: relative to the site's folder,
/// with `/`. A path is read from where the command runs, or else from the
/// site's folder; a file found in neither is a usage error that names it.
fn named_files(root: &Path, files: &[PathBuf]) -> Result<Vec<String>, String> {
    let Ok(root_abs) = root.canonicalize() else {
        // The check itself reports a missing site folder.
        return Ok(Vec::new());
    };
    files
        .iter()
        .map(|f| {
            let found = f
                .canonicalize()
                .or_else(|_| root.join(f).canonicalize())
                .map_err(|_| not_found(f, root))?;
            let rel = found
                .strip_prefix(&root_abs)
                .map_err(|_| outside(f, root))?;
            Ok(rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"))
        })
        .collect()
}

fn not_found(f: &Path, root: &Path) -> String {
    if !root.join("site.yaml").is_file() {
        // The command runs outside any site: the folder is wrong, not the name.
        let here = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        return format!(
            "lỗi: không thấy tệp `{}`: thư mục đang mở ({}) không phải thư mục của trang, và các thư mục bên trên cũng không có site.yaml\n  gợi ý: mở cửa sổ lệnh trong thư mục của trang (thư mục có tệp site.yaml và thư mục content), hoặc trong thư mục của bài, rồi chạy lại lệnh",
            f.display(),
            here.display()
        );
    }
    let typed = f.to_string_lossy().replace('\\', "/");
    let advice = nearest_story(&typed, &story_files(root)).unwrap_or_else(|| "ghi đường dẫn của bài tính từ thư mục của trang, ví dụ content/stories/2025-11/ten-bai.md; kiểm tra lại tên tệp (chữ hoa, chữ thường, dấu gạch ngang)".to_string());
    format!("lỗi: không thấy tệp `{}`\n  gợi ý: {advice}", f.display())
}

/// What to write for a path that names no story: the story with the
/// closest file name (one in the folder typed first), or, with none close,
/// the stories of that folder.
fn nearest_story(typed: &str, stories: &[String]) -> Option<String> {
    let typed = typed.trim_start_matches("./");
    let (folder, name) = typed.rsplit_once('/').unwrap_or(("", typed));
    let split = |p: &str| -> (String, String) {
        let (dir, file) = p.rsplit_once('/').unwrap_or(("", p));
        let stem = file.strip_suffix(".md").unwrap_or(file).to_lowercase();
        (dir.to_string(), stem)
    };
    let wanted = split(name).1;
    let best = stories
        .iter()
        .map(|s| {
            let (dir, stem) = split(s);
            (strsim::jaro_winkler(&wanted, &stem), dir == folder, s)
        })
        .filter(|(score, _, _)| *score > 0.8)
        .max_by(|a, b| {
            (a.1, a.0)
                .partial_cmp(&(b.1, b.0))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    if let Some((_, _, s)) = best {
        return Some(format!(
            "có phải ý bạn là `{s}`? Chép đúng tên tệp như trong thư mục"
        ));
    }
    let here: Vec<String> = stories
        .iter()
        .filter(|s| !folder.is_empty() && split(s).0 == folder)
        .take(6)
        .map(|s| format!("`{s}`"))
        .collect();
    (!here.is_empty()).then(|| {
        format!(
            "thư mục này có các bài: {}; chép đúng tên tệp của bài cần kiểm tra",
            here.join(", ")
        )
    })
}

/// Every `.md` file under `content/` of the site, relative to the site's
/// folder with `/`, in order.
fn story_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![root.join("content")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                if let Ok(rel) = path.strip_prefix(root) {
                    let parts: Vec<_> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect();
                    out.push(parts.join("/"));
                }
            }
        }
    }
    out.sort();
    out
}

fn outside(f: &Path, root: &Path) -> String {
    format!(
        "lỗi: tệp `{}` không nằm trong thư mục của trang `{}`\n  gợi ý: chỉ kiểm tra được các bài trong content/ của trang; dùng --root để chọn thư mục của trang",
        f.display(),
        root.display()
    )
}
