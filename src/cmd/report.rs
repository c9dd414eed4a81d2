//! `bangvang report`: its filters, its formats, and the rule that the
//! office's files never land in the published folder (shared with `papers`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bangvang::diagnostics::Diagnostic;
use bangvang::report::{Filter, Status};
use bangvang::YearMonth;

use super::usage::EXIT_USAGE;
use crate::{options, print_diagnostics, SiteArgs};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Csv,
    Md,
    Xlsx,
}

/// `--status`, in the office's words.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    /// chỉ mới đề nghị, chưa có quyết định
    #[value(name = "de-nghi")]
    Proposed,
    /// đã có quyết định khen thưởng
    #[value(name = "da-quyet-dinh")]
    Decided,
    /// đã có quyết định và đã đăng lên trang
    #[value(name = "da-dang")]
    Published,
    /// chưa đăng lên trang (chưa có quyết định, chưa đồng ý, nháp hay đã rút)
    #[value(name = "chua-dang")]
    NotPublished,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Năm cần báo cáo, ví dụ 2025 (không cần khi đã có --month)
    #[arg(
        long,
        value_name = "NĂM",
        required_unless_present = "month",
        conflicts_with = "month"
    )]
    pub year: Option<i32>,
    /// Chỉ một tháng, dạng năm-tháng, ví dụ 2025-11
    #[arg(long, value_name = "NĂM-THÁNG", value_parser = parse_month)]
    pub month: Option<YearMonth>,
    /// Chỉ các lượt khen do đơn vị này đề nghị (mã trong content/registry.yaml), ví dụ phuong-bach-khoa
    #[arg(long, value_name = "MÃ_ĐƠN_VỊ")]
    pub unit: Option<String>,
    /// Chỉ một cấp khen (mã trong mục `levels` của content/registry.yaml), ví dụ phuong
    #[arg(long, value_name = "MÃ_CẤP")]
    pub level: Option<String>,
    /// Chỉ các lượt khen: de-nghi (chưa có quyết định), da-quyet-dinh, da-dang (đã đăng lên trang) hoặc chua-dang
    #[arg(
        long,
        value_enum,
        hide_possible_values = true,
        value_name = "TRẠNG_THÁI"
    )]
    pub status: Option<StatusArg>,
    /// csv (mặc định), md hoặc xlsx (Excel, đúng ngày tháng với mọi cài đặt vùng); mặc định theo đuôi của -f
    #[arg(long, value_enum, hide_possible_values = true, value_name = "DẠNG")]
    pub format: Option<ReportFormat>,
    /// Ghi vào tệp này thay vì in ra màn hình (không được nằm trong thư mục xuất)
    #[arg(long, short = 'f', value_name = "TỆP")]
    pub file: Option<PathBuf>,
}

/// `--month 2025-11`.
pub fn parse_month(text: &str) -> Result<YearMonth, String> {
    YearMonth::parse(text).ok_or_else(|| "viết năm-tháng, ví dụ 2025-11".to_string())
}

/// Refuses `target` when it lies in the published folder, by whatever name
/// (a link to it, a link to a file in it, a dangling one): the office's
/// files carry the dossier status and unpublished names.
pub fn outside_output(
    target: &Path,
    site: &SiteArgs,
    what: &str,
    pick: &str,
) -> Result<(), ExitCode> {
    let resolved = bangvang::resolve_for_write(target);
    let public = bangvang::resolve_for_write(&options(site).output_dir());
    if !resolved.starts_with(&public) {
        return Ok(());
    }
    let message = format!(
        "không ghi {what} vào `{}`: nó nằm trong {} (thư mục xuất bản công khai)",
        resolved.display(),
        public.display()
    );
    let hint = format!("{what} có tình trạng hồ sơ, là tài liệu nội bộ; chọn {pick} ở chỗ khác (không phải liên kết trỏ vào thư mục xuất)");
    eprintln!(
        "{}",
        Diagnostic::error("report-in-output", target.display().to_string(), message).hint(hint)
    );
    Err(ExitCode::FAILURE)
}

/// The format asked for, or the one `-f`'s extension names, or CSV.
fn format_of(args: &ReportArgs) -> ReportFormat {
    let ext = args
        .file
        .as_deref()
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_lowercase());
    args.format.unwrap_or(match ext.as_deref() {
        Some("xlsx") => ReportFormat::Xlsx,
        Some("md") => ReportFormat::Md,
        _ => ReportFormat::Csv,
    })
}

/// What the title and the sheet say of the period.
fn period(args: &ReportArgs) -> String {
    match (args.month, args.year) {
        (Some(m), _) => format!("tháng {}", bangvang::report::month(m)),
        (None, Some(y)) => format!("năm {y}"),
        (None, None) => String::new(),
    }
}

pub fn run(args: &ReportArgs) -> ExitCode {
    let format = format_of(args);
    if let Some(out) = &args.file {
        if let Err(code) = outside_output(out, &args.site, "báo cáo", "một tệp") {
            return code;
        }
    } else if format == ReportFormat::Xlsx && std::io::stdout().is_terminal() {
        eprintln!("lỗi: tệp Excel không in ra màn hình được\n  gợi ý: thêm tên tệp, ví dụ `-f bao-cao.xlsx`");
        return ExitCode::from(EXIT_USAGE);
    }
    let opts = options(&args.site);
    let mut cache = bangvang::ParseCache::reading_beside(&opts.output_dir());
    let result = bangvang::check_with(&opts, &mut cache);
    let registry = match &result {
        Ok(checked) => Some(checked.model.registry.clone()),
        Err(diags) => {
            // The report covers what parsed; say what did not.
            print_diagnostics(diags.clone().sorted());
            bangvang::load_registry(&opts.root)
        }
    };
    let Some(registry) = registry else {
        eprintln!("lỗi: không đọc được content/registry.yaml");
        return ExitCode::FAILURE;
    };
    for (id, list, flag) in [
        (&args.unit, "units", "--unit"),
        (&args.level, "levels", "--level"),
    ] {
        if let Some(id) = id {
            if let Err(said) = super::new::known_id(&registry, list, flag, id) {
                eprintln!("{said}");
                return ExitCode::FAILURE;
            }
        }
    }
    let filter = Filter {
        year: args.year,
        month: args.month,
        unit: args.unit.clone(),
        level: args.level.clone(),
        status: args.status.map(|s| match s {
            StatusArg::Proposed => Status::Proposed,
            StatusArg::Decided => Status::Decided,
            StatusArg::Published => Status::Published,
            StatusArg::NotPublished => Status::NotPublished,
        }),
    };
    let rows = bangvang::report::rows(&cache.stories(), &registry, &filter);
    let bytes = match format {
        ReportFormat::Csv => {
            bangvang::report::csv(&rows).map_err(|e| format!("không tạo được CSV: {e}"))
        }
        ReportFormat::Md => Ok(bangvang::report::markdown(&rows, &period(args)).into_bytes()),
        ReportFormat::Xlsx => bangvang::report::xlsx::xlsx(&rows, &period(args).replace('/', "-"))
            .map_err(|e| format!("không tạo được tệp Excel: {e}")),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("lỗi: {e}");
            return ExitCode::FAILURE;
        }
    };
    let written = match &args.file {
        Some(path) => std::fs::write(path, &bytes)
            .map(|_| eprintln!("Đã ghi {} dòng vào {}", rows.len(), path.display())),
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes),
    };
    match (written, result.is_ok()) {
        (Err(e), _) => {
            eprintln!("lỗi: không ghi được báo cáo: {e}");
            ExitCode::FAILURE
        }
        (Ok(()), true) => ExitCode::SUCCESS,
        (Ok(()), false) => ExitCode::FAILURE,
    }
}
