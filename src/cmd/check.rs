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
    let opts = options(args);
    let named = match named_files(&opts.root, asked.files) {
        Ok(named) => named,
        Err(said) => {
            eprintln!("{said}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut cache = bangvang::ParseCache::default();
    let mut diags = Diagnostics::default();
    let (registry, addresses) = match bangvang::check_with(&opts, &mut cache) {
        Ok(checked) => {
            diags.extend(checked.notes.iter().cloned());
            (
                Some(checked.model.registry.clone()),
                addresses(&checked, &named),
            )
        }
        Err(d) => {
            diags.extend(d.sorted());
            (bangvang::load_registry(&opts.root), Vec::new())
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
            if asked.dossier {
                println!();
                print!("{}", bangvang::dossier_text(&dossier));
                println!();
            } else if named.is_empty() && !dossier.is_empty() {
                println!("Bảng hồ sơ đề nghị theo đơn vị và tháng: chạy lại với --ho-so.");
            }
            addresses
                .iter()
                .for_each(|a| println!("Địa chỉ trên trang: {a}"));
            let whose = if named.is_empty() {
                ""
            } else {
                " trong các tệp đã nêu"
            };
            println!("Kết quả: {errors} lỗi, {warnings} cảnh báo{whose}.");
        }
    }
    exit_code(errors, warnings, asked.strict)
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
                .map_err(|_| not_found(f))?;
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

fn not_found(f: &Path) -> String {
    format!(
        "lỗi: không thấy tệp `{}`\n  gợi ý: ghi đường dẫn của bài tính từ thư mục của trang, ví dụ content/stories/2025-11/ten-bai.md; kiểm tra lại tên tệp (chữ hoa, chữ thường, dấu gạch ngang)",
        f.display()
    )
}

fn outside(f: &Path, root: &Path) -> String {
    format!(
        "lỗi: tệp `{}` không nằm trong thư mục của trang `{}`\n  gợi ý: chỉ kiểm tra được các bài trong content/ của trang; dùng --root để chọn thư mục của trang",
        f.display(),
        root.display()
    )
}
