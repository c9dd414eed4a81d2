//! The `bangvang` command line: parses arguments, calls the library, prints
//! diagnostics and sets the exit code. Only the binary prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand};

use cmd::usage::{COMMAND_HELP, MAIN_HELP};

use bangvang::diagnostics::{Diagnostic, Diagnostics};
use bangvang::serve::Live;
use bangvang::BuildOptions;

// glibc's allocator spent a third of a 100,000-story build's CPU in its own
// bookkeeping (`_int_malloc`, `unlink_chunk`, `malloc_consolidate`) once
// the build began freeing each story as it was published; mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// clap's own help and version flags and its `help` subcommand speak
// English: they are replaced by Vietnamese ones (see cmd::usage).
#[derive(Parser)]
#[command(
    name = "bangvang",
    version,
    about = "Dựng trang bảng vàng \"Người tốt, việc tốt\" từ các bài viết",
    help_template = MAIN_HELP,
    override_usage = "bangvang <LỆNH> [TÙY_CHỌN]",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// In hướng dẫn này
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// In số phiên bản của bangvang
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// Thư mục của trang (chứa site.yaml, content/, themes/); mặc định: thư mục hiện tại, hoặc thư mục gần nhất bên trên có site.yaml
    #[arg(
        long,
        default_value = ".",
        hide_default_value = true,
        value_name = "THƯ_MỤC"
    )]
    root: PathBuf,
    /// Thư mục xuất (mặc định: <THƯ_MỤC>/public)
    #[arg(long, value_name = "THƯ_MỤC")]
    output: Option<PathBuf>,
    /// Địa chỉ gốc khi đăng lên, ví dụ https://example.gov.vn/bang-vang/ (ghi đè site.yaml)
    #[arg(long, value_name = "ĐỊA_CHỈ")]
    base_url: Option<String>,
    /// Xuất cả các bài nháp (draft: true)
    #[arg(long)]
    drafts: bool,
    /// In thời gian của từng bước dựng trang
    #[arg(long)]
    timings: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Exit code of `check --strict` when there are warnings but no errors.
const EXIT_WARNINGS: u8 = 3;

#[derive(Subcommand)]
enum Command {
    /// Kiểm tra toàn bộ bài viết và dựng trang vào thư mục xuất
    #[command(
        help_template = COMMAND_HELP,
        override_usage = "bangvang build [--root THƯ_MỤC] [--output THƯ_MỤC] [--base-url ĐỊA_CHỈ] [--drafts] [--timings]"
    )]
    Build(SiteArgs),
    /// Kiểm tra toàn bộ bài viết mà không ghi gì (thêm: liên kết, ảnh, hồ sơ)
    #[command(
        help_template = COMMAND_HELP,
        override_usage = "bangvang check [TỆP.md…] [--ho-so] [--root THƯ_MỤC]",
        after_help = "Ghi tên một hay nhiều bài (TỆP.md) thì chương trình vẫn kiểm tra cả trang nhưng chỉ in lỗi, cảnh báo của các bài đó, rồi một dòng đếm lỗi ở các bài khác, và địa chỉ của bài trên trang.\nVí dụ: bangvang check content/stories/2025-11/tra-lai-vi.md\n\nCho người quản trị: --format json (kết quả cho trình soạn thảo và máy kiểm tra tự động), --strict (thoát với mã 3 khi chỉ có cảnh báo), --drafts, --output, --base-url, --timings như lệnh build.",
        mut_arg("output", |a| a.hide(true)),
        mut_arg("base_url", |a| a.hide(true)),
        mut_arg("timings", |a| a.hide(true)),
        mut_arg("drafts", |a| a.hide(true))
    )]
    Check {
        /// Chỉ in lỗi và cảnh báo của các bài này (vẫn kiểm tra cả trang), ví dụ content/stories/2025-11/ten-bai.md
        #[arg(value_name = "TỆP")]
        files: Vec<PathBuf>,
        /// In thêm bảng hồ sơ đề nghị theo đơn vị và tháng, cho bộ phận thi đua, khen thưởng (viết --ho-so hay --dossier đều được)
        #[arg(long = "ho-so", alias = "dossier")]
        dossier: bool,
        #[command(flatten)]
        site: SiteArgs,
        /// Cho người quản trị (xem dưới)
        #[arg(long, value_enum, default_value_t = Format::Text, hide = true, value_name = "DẠNG")]
        format: Format,
        /// Cho người quản trị (xem dưới)
        #[arg(long, hide = true)]
        strict: bool,
    },
    /// Báo cáo cho bộ phận thi đua, khen thưởng: danh sách đề nghị khen thưởng, mỗi lượt khen một dòng, tệp CSV hoặc Excel (không đưa lên trang web)
    #[command(
        help_template = COMMAND_HELP,
        override_usage = "bangvang report (--year NĂM | --month NĂM-THÁNG) [--unit MÃ] [--level MÃ] [--status TRẠNG_THÁI] [--format csv|md|xlsx] [-f TỆP] [--root THƯ_MỤC]",
        after_help = "Ví dụ: bangvang report --month 2025-11 --unit ma-don-vi --status de-nghi --format xlsx -f de-nghi-11-2025.xlsx"
    )]
    Report(cmd::report::ReportArgs),
    /// Giấy tờ của một đơn vị trong một tháng: tờ trình, bản trích ngang từng người, danh sách đề nghị khen thưởng (trang để in và tệp .docx để sửa bằng Word; không đưa lên trang web)
    #[command(
        help_template = COMMAND_HELP,
        override_usage = "bangvang papers --month NĂM-THÁNG --unit MÃ_ĐƠN_VỊ [-o THƯ_MỤC] [--root THƯ_MỤC]",
        after_help = "Ví dụ: bangvang papers --month 2025-11 --unit ma-don-vi -o giay-to-11-2025\nThông tin còn thiếu (năm sinh, nơi cư trú, số tờ trình…) được liệt kê theo từng người và để trống trên giấy để điền tay."
    )]
    Papers(cmd::papers::PapersArgs),
    /// Tạo một bài mới từ mẫu, đúng thư mục, không ghi đè
    #[command(
        help_template = COMMAND_HELP,
        override_usage = "bangvang new --unit MÃ_ĐƠN_VỊ [--title \"Tiêu đề\"] [--date NĂM-THÁNG-NGÀY] [--root THƯ_MỤC]"
    )]
    New {
        /// Thư mục của trang; mặc định: thư mục hiện tại, hoặc thư mục gần nhất bên trên có site.yaml
        #[arg(
            long,
            default_value = ".",
            hide_default_value = true,
            value_name = "THƯ_MỤC"
        )]
        root: PathBuf,
        /// Mã đơn vị đề nghị (trong content/registry.yaml), ví dụ phuong-bach-khoa
        #[arg(long, value_name = "MÃ_ĐƠN_VỊ")]
        unit: String,
        /// Tiêu đề bài (cũng là tên tệp)
        #[arg(long, value_name = "TIÊU_ĐỀ")]
        title: Option<String>,
        /// Ngày làm việc tốt, dạng năm-tháng-ngày, ví dụ 2025-11-15 (mặc định: hôm nay)
        #[arg(long, value_name = "NGÀY")]
        date: Option<String>,
    },
    /// Xem thử trang trên máy này bằng trình duyệt (không ghi tệp nào), tự tải lại mỗi khi lưu bài
    #[command(
        help_template = COMMAND_HELP,
        override_usage = "bangvang serve [--root THƯ_MỤC] [--port CỔNG] [--lan | --bind ĐỊA_CHỈ] [--drafts] [--timings]"
    )]
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Cổng, mặc định 8080 (nếu đang bận, chọn một cổng trống khác)
        #[arg(
            long,
            default_value_t = 8080,
            hide_default_value = true,
            value_name = "CỔNG"
        )]
        port: u16,
        /// Mở cho điện thoại trong mạng cơ quan: lan (địa chỉ của máy này) hoặc một địa chỉ IP; in mã QR để quét
        #[arg(long, value_name = "DIA_CHI", conflicts_with = "lan")]
        bind: Option<String>,
        /// Như --bind lan: mở cho điện thoại cùng mạng Wi-Fi của cơ quan, in địa chỉ và mã QR
        #[arg(long)]
        lan: bool,
    },
    /// In giấy phép của các thư viện mã nguồn mở có trong bangvang (để đi kèm khi chia sẻ chương trình)
    #[command(help_template = COMMAND_HELP, override_usage = "bangvang licenses")]
    Licenses,
}

/// The third-party licence notice, inside the binary: whoever is given
/// `bangvang` alone is given the notice with it (regenerated with
/// cargo-about; tests/licences.rs checks that it covers Cargo.lock).
const THIRD_PARTY_LICENSES: &str = include_str!("../THIRD-PARTY-LICENSES.md");
/// The font built in for share cards (Be Vietnam Pro, subset): its licence
/// travels with the binary too.
const FONT_LICENSE: &str = include_str!("../themes/default/fonts/OFL.txt");

fn options(args: &SiteArgs) -> BuildOptions {
    let mut opts = BuildOptions::new(site_root(&args.root));
    opts.output = args.output.clone();
    opts.base_url = args.base_url.clone();
    opts.drafts = args.drafts;
    opts.on_wait = Some(say_waiting);
    opts
}

/// The site's folder: the one given, or, when the command runs inside the
/// site (in `content/stories/2026-11/`, where staff open a terminal beside
/// the story), the nearest folder above that holds `site.yaml`. Run there,
/// `check` read no site at all and said the story had no error (user test).
fn site_root(given: &std::path::Path) -> PathBuf {
    let here = std::env::current_dir().ok();
    site_root_from(given, here.as_deref())
}

/// `site_root`, looking up from the folder `inside` (where the command runs,
/// or a story named with its whole path when that folder is in no site: a
/// file dragged into the terminal on Windows comes so).
fn site_root_from(given: &std::path::Path, inside: Option<&std::path::Path>) -> PathBuf {
    if given != std::path::Path::new(".") || given.join("site.yaml").exists() {
        return given.to_path_buf();
    }
    let Some(here) = inside else {
        return given.to_path_buf();
    };
    match here.ancestors().find(|dir| dir.join("site.yaml").is_file()) {
        Some(found) => {
            eprintln!("Thư mục của trang: {} (có site.yaml)", found.display());
            found.to_path_buf()
        }
        None => given.to_path_buf(),
    }
}

fn say_waiting() {
    eprintln!("Đang chờ lần dựng trang khác vào cùng thư mục xuất kết thúc…");
}

fn print_diagnostics(list: Vec<Diagnostic>) {
    for d in list {
        eprintln!("{d}");
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cli = match Cli::try_parse_from(cmd::usage::help_as_flag(&args)) {
        Ok(cli) => cli,
        Err(err) => {
            if let Some(text) = cmd::new::split_value(&err, &args) {
                eprintln!("{text}");
                return ExitCode::from(cmd::usage::EXIT_USAGE);
            }
            let said = cmd::usage::explain(&err, typed_command(&args).as_deref());
            if said.to_stdout {
                print!("{}", said.text);
            } else {
                eprintln!("{}", said.text);
            }
            return said.code;
        }
    };
    match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Serve {
            site,
            port,
            bind,
            lan,
        } => run_serve(&site, port, bind.as_deref().or(lan.then_some("lan"))),
        Command::Check {
            site,
            format,
            strict,
            files,
            dossier,
        } => cmd::check::run(
            &site,
            &cmd::check::Asked {
                format,
                strict,
                files: &files,
                dossier,
            },
        ),
        Command::Report(args) => cmd::report::run(&args),
        Command::Papers(args) => cmd::papers::run(&args),
        Command::New {
            root,
            unit,
            title,
            date,
        } => cmd::new::run(&site_root(&root), &unit, title.as_deref(), date.as_deref()),
        Command::Licenses => {
            print!("{THIRD_PARTY_LICENSES}");
            print!("\n## Be Vietnam Pro (phông chữ của ảnh chia sẻ)\n\n```\n{FONT_LICENSE}```\n");
            ExitCode::SUCCESS
        }
    }
}

/// The subcommand named on the command line, if one was (for the hint of a
/// usage error: `bangvang new --help`).
fn typed_command(args: &[String]) -> Option<String> {
    use clap::CommandFactory;
    let typed = args.iter().find(|a| !a.starts_with('-'))?;
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .find(|name| name == typed)
}

fn run_build(args: &SiteArgs) -> ExitCode {
    let opts = options(args);
    match bangvang::build(&opts) {
        Ok(report) => {
            print_diagnostics(report.notes.sorted());
            if report.kept_as_is {
                println!(
                    "Đã kiểm tra {} bài ({} bài được xuất bản): không có gì thay đổi từ lần dựng trước, {} giữ nguyên ({} trang, {} tệp)",
                    report.stories_read,
                    report.stories_published,
                    opts.output_dir().display(),
                    report.pages_rendered,
                    report.files_unchanged
                );
            } else {
                println!(
                    "Đã dựng {} trang từ {} bài ({} bài được xuất bản) vào {} ({} tệp ghi mới, {} tệp không đổi)",
                    report.pages_rendered,
                    report.stories_read,
                    report.stories_published,
                    opts.output_dir().display(),
                    report.files_written,
                    report.files_unchanged
                );
            }
            if args.timings {
                print_timings(&report.timings);
                println!(
                    "  bài không phải đọc lại (kết quả của lần dựng trước): {} trên {}",
                    report.stories_reused, report.stories_read
                );
                println!(
                    "    trong đó không phải mở tệp (tệp để yên từ lần dựng trước): {}",
                    report.stories_unread
                );
                println!(
                    "  trang giữ từ lần dựng trước, không dựng lại: {}/{}",
                    report.pages_kept, report.pages_templated
                );
                println!(
                    "    trong đó giữ ngay, không phải dựng (chỉ thân bài của bài khác thay đổi): {}",
                    report.pages_unmade
                );
                println!(
                    "  bài không phải tách từ lại cho tìm kiếm (kết quả của lần dựng trước): {} trên {}",
                    report.search_terms_reused, report.stories_published
                );
                println!(
                    "  tệp chỉ mục tìm kiếm giữ ngay, không phải làm lại (không bài nào thay đổi chạm tới): {} trên {}",
                    report.search_files_unmade, report.index_files
                );
                print_output_size(
                    bangvang::OutputSize {
                        files: report.files_written + report.files_unchanged,
                        bytes: report.output_bytes,
                    },
                    report.share_cards,
                    report.stories_published,
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => report_failure(diags),
    }
}

/// Test hook: when this variable is set, the first rebuild after a change
/// panics, so the tests can see that reloading survives a bug of ours.
const TEST_PANIC_ON_REBUILD: &str = "BANGVANG_TEST_PANIC_ON_REBUILD";

fn run_serve(args: &SiteArgs, port: u16, bind: Option<&str>) -> ExitCode {
    let ip = match bind.map(bangvang::serve::lan::resolve).transpose() {
        Ok(ip) => ip,
        Err(e) => {
            eprintln!("lỗi: {e}");
            return ExitCode::from(2);
        }
    };
    let mut opts = options(args);
    // Links must work on the local server whatever base_url says.
    opts.base_url = Some("/".into());
    // Watched paths come back absolute: compare them with an absolute root.
    if let Ok(absolute) = std::fs::canonicalize(&opts.root) {
        opts.root = absolute;
    }
    let live = Live::new(opts.clone());
    let first = live.rebuild();
    report_status(&first, args.timings);

    let watcher = match bangvang::serve::watch::SiteWatcher::new(
        &opts.root,
        Some(opts.output_dir()),
    ) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("lỗi: không theo dõi được thư mục của trang: {e}\n  gợi ý: kiểm tra quyền đọc thư mục; trên Linux có thể cần tăng fs.inotify.max_user_watches");
            return ExitCode::FAILURE;
        }
    };
    let rebuilder = live.clone();
    let (root, timings) = (opts.root.clone(), args.timings);
    std::thread::spawn(move || rebuild_on_change(watcher, &rebuilder, &root, timings));

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lỗi: không khởi động được máy chủ: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let stop = bangvang::serve::stop_signal()?;
        let listener = match ip {
            Some(ip) => bangvang::serve::lan::bind_at(ip, port).await?,
            None => bangvang::serve::bind(port).await?,
        };
        let addr = listener.local_addr()?;
        if port != 0 && addr.port() != port {
            println!("Cổng {port} đang bận, dùng cổng {} thay thế.", addr.port());
        }
        println!("Xem trang tại http://{addr}/  (Ctrl+C để dừng)");
        let allowed = bangvang::serve::AllowedHosts::for_addr(addr);
        if ip.is_some() {
            println!("{}", bangvang::serve::lan::announce(addr));
        }
        bangvang::serve::run(listener, live, allowed, stop).await
    });
    // Connections still open are dropped with the runtime, at once.
    runtime.shutdown_background();
    match result {
        Ok(()) => {
            println!("Đã dừng máy chủ xem thử. Tạm biệt!");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lỗi: máy chủ dừng vì lỗi: {e}\n  gợi ý: chạy lại `bangvang serve`; nếu cổng bị chặn, thử `--port` khác");
            ExitCode::FAILURE
        }
    }
}

/// How long `serve` waits, after a reload, before walking `content/` once
/// to see whether its watcher missed a change (`Live::content_drifted`): a
/// reload looks again only at the files the watcher reported.
const LOOK_AGAIN_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// Rebuild after every burst of changes, for as long as the watcher lives.
/// A panic in a rebuild is reported and the loop goes on.
fn rebuild_on_change(
    mut watcher: bangvang::serve::watch::SiteWatcher,
    live: &Live,
    root: &std::path::Path,
    timings: bool,
) {
    use bangvang::serve::watch::Waited;
    let mut panic_next = std::env::var_os(TEST_PANIC_ON_REBUILD).is_some();
    let mut look_again = false;
    loop {
        let waited = if look_again {
            watcher.next_burst_within(LOOK_AGAIN_AFTER)
        } else {
            watcher.next_burst().map(Waited::Burst)
        };
        match waited {
            None => return,
            Some(Waited::Quiet) => {
                look_again = false;
                if live.content_drifted() {
                    println!("Thay đổi: content/ (rà lại thư mục, thấy khác lần kiểm tra trước)");
                    rebuild_and_report(live, timings, &mut panic_next);
                }
            }
            Some(Waited::Burst(burst)) => {
                note_burst(live, root, &burst);
                rebuild_and_report(live, timings, &mut panic_next);
                look_again = true;
            }
        }
    }
}

/// Say what changed, and tell `live` which paths (relative to `root`).
fn note_burst(live: &Live, root: &std::path::Path, burst: &bangvang::serve::watch::Burst) {
    for e in &burst.errors {
        eprintln!("cảnh báo: theo dõi tệp gặp lỗi: {e}\n  gợi ý: trang được kiểm tra lại toàn bộ; nếu thay đổi không hiện ra, dừng và chạy lại `bangvang serve`");
    }
    let changed: Vec<std::path::PathBuf> = burst
        .paths
        .iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(std::path::Path::to_path_buf)
        .collect();
    let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
    println!("Thay đổi: {}", names.join(", "));
    let complete = burst.errors.is_empty() && !burst.rescan && changed.len() == burst.paths.len();
    live.note_changes(&changed, complete);
}

/// Check the site again and say how it went; `panic_next` is the test hook.
fn rebuild_and_report(live: &Live, timings: bool, panic_next: &mut bool) {
    let test_panic = std::mem::take(panic_next);
    let result = live.rebuild_guarded(|| {
        if test_panic {
            panic!("{TEST_PANIC_ON_REBUILD}");
        }
    });
    match result {
        Ok(status) => report_status(&status, timings),
        Err(message) => eprintln!("lỗi: bangvang gặp lỗi nội bộ khi kiểm tra lại trang: {message}\n  gợi ý: việc theo dõi và tự tải lại vẫn tiếp tục; lưu lại tệp để kiểm tra lại. Nếu lỗi lặp lại, gửi cho người quản trị các dòng trên (có \"panicked at\")"),
    }
}

fn report_status(status: &bangvang::serve::Status, timings: bool) {
    if status.errors.is_empty() {
        println!(
            "Trang đã sẵn sàng (kiểm tra mất {} ms, phiên bản {}).",
            status.check_ms, status.version
        );
        if timings {
            for (stage, ms) in &status.stages {
                println!("  {ms:>9.1} ms  {stage}");
            }
        }
    } else {
        for e in &status.errors {
            let place = e.place();
            // The same words as `check` and the overlay: code, message, hint.
            let label = e.code.map_or("lỗi".to_string(), |c| format!("lỗi[{c}]"));
            eprintln!("{place}: {label}: {}", e.message);
            if let Some(hint) = &e.hint {
                eprintln!("  gợi ý: {hint}");
            }
        }
        // Version 0: never checked clean, so there is no last good page.
        let shown = match status.version {
            0 => "trình duyệt hiện danh sách lỗi; trang sẽ hiện khi hết lỗi",
            _ => "trình duyệt vẫn hiện bản tốt gần nhất và hiện danh sách lỗi",
        };
        eprintln!("Có {} lỗi; {shown}.", status.errors.len());
    }
}

fn print_timings(t: &bangvang::Timings) {
    for stage in &t.stages {
        // A part of a stage stands under it, indented.
        let indent = if stage.part_of.is_some() { "  " } else { "" };
        let ms = stage.took.as_secs_f64() * 1000.0;
        println!("  {ms:>9.1} ms  {indent}{}", stage.name);
    }
    println!("  {:>9.1} ms  tổng", t.total().as_secs_f64() * 1000.0);
}

/// How much the output weighs, in all and per published story (what a
/// host stores and a copy of the site moves).
/// The output's files and bytes, in all and per story, and the share
/// cards' part of them (most of the bytes of a large site).
fn print_output_size(all: bangvang::OutputSize, cards: bangvang::OutputSize, stories: usize) {
    let per_story = |n: f64| n / stories.max(1) as f64;
    println!(
        "  thư mục xuất: {} tệp, {:.1} MB; mỗi bài được xuất bản: {:.2} tệp, {:.1} KB",
        all.files,
        all.bytes as f64 / 1e6,
        per_story(all.files as f64),
        per_story(all.bytes as f64) / 1e3
    );
    println!(
        "    trong đó ảnh chia sẻ (PNG): {} tệp, {:.1} MB ({:.0}% số byte)",
        cards.files,
        cards.bytes as f64 / 1e6,
        100.0 * cards.bytes as f64 / all.bytes.max(1) as f64
    );
}

fn report_failure(diags: Diagnostics) -> ExitCode {
    let errors = diags.error_count();
    print_diagnostics(diags.sorted());
    eprintln!("Không dựng trang: {errors} lỗi. Thư mục xuất cũ được giữ nguyên.");
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
