//! `bangvang papers`: writes a unit's papers of a month into a folder of
//! the staff's choosing, never into the published one, and lists on stderr
//! what the stories lack (exit 0: the papers have blanks to fill by hand).

use std::path::PathBuf;
use std::process::ExitCode;

use bangvang::YearMonth;

use super::report::{outside_output, parse_month};
use crate::{options, print_diagnostics, SiteArgs};

#[derive(clap::Args)]
pub struct PapersArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Tháng của các lượt đề nghị, dạng năm-tháng, ví dụ 2025-11
    #[arg(long, value_name = "NĂM-THÁNG", value_parser = parse_month)]
    pub month: YearMonth,
    /// Mã đơn vị đề nghị (trong content/registry.yaml), ví dụ phuong-bach-khoa
    #[arg(long, value_name = "MÃ_ĐƠN_VỊ")]
    pub unit: String,
    /// Thư mục ghi giấy tờ (mặc định: giay-to/<năm-tháng>/<mã đơn vị> trong thư mục hiện tại; không được nằm trong thư mục xuất)
    #[arg(short = 'o', long = "out", value_name = "THƯ_MỤC")]
    pub out: Option<PathBuf>,
}

pub fn run(args: &PapersArgs) -> ExitCode {
    let unit = args.unit.trim();
    let folder = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("giay-to")
            .join(args.month.to_string())
            .join(unit)
    });
    if let Err(code) = outside_output(&folder, &args.site, "giấy tờ", "một thư mục") {
        return code;
    }
    let opts = options(&args.site);
    let mut cache = bangvang::ParseCache::reading_beside(&opts.output_dir());
    if let Err(diags) = bangvang::check_with(&opts, &mut cache) {
        // The papers cover what parsed; say what did not.
        print_diagnostics(diags.sorted());
    }
    let Some(registry) = bangvang::load_registry(&opts.root) else {
        eprintln!("lỗi: không đọc được content/registry.yaml");
        return ExitCode::FAILURE;
    };
    if let Err(said) = super::new::known_id(&registry, "units", "--unit", unit) {
        eprintln!("{said}");
        return ExitCode::FAILURE;
    }
    let papers = match bangvang::papers::make(
        &opts.root,
        &cache.stories(),
        &registry,
        unit,
        args.month,
    ) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("lỗi: {e}\n  gợi ý: xem các lượt đề nghị của tháng bằng `bangvang report --month {}`", args.month);
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&folder) {
        eprintln!("lỗi: không tạo được thư mục {}: {e}", folder.display());
        return ExitCode::FAILURE;
    }
    for paper in &papers.files {
        let path = folder.join(&paper.name);
        if let Err(e) = std::fs::write(&path, &paper.bytes) {
            eprintln!("lỗi: không ghi được {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    eprint!("{}", bangvang::papers::missing_text(&papers));
    println!(
        "Đã ghi {} tệp ({} người) vào {}: tờ trình, danh sách và bản trích ngang, mỗi giấy một tệp .html (mở bằng trình duyệt để in) và một tệp .docx (sửa bằng Word)",
        papers.files.len(),
        papers.people,
        folder.display()
    );
    ExitCode::SUCCESS
}
