//! Help, usage and parser errors in Vietnamese. clap writes them in English;
//! the people who run bangvang are ward officers, so every `ErrorKind` is
//! turned here into a sentence and a "gợi ý:" line, in the diagnostics' style.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::process::ExitCode;

/// Exit code of a mistyped command line (the convention of clap and getopt).
pub const EXIT_USAGE: u8 = 2;

/// The top-level help: clap's `{all-args}` would add English headings
/// ("Commands:", "Options:"), so the headings are ours and the lists bare.
pub const MAIN_HELP: &str = "\
{about-with-newline}
Cách dùng: {usage}

Lệnh:
{subcommands}

Tùy chọn:
{options}

Xem cách dùng một lệnh: bangvang help <LỆNH> (hoặc bangvang <LỆNH> --help)
Hướng dẫn viết bài: docs/huong-dan-viet-bai.md
";

/// A subcommand's help (its usage line is each command's `override_usage`).
pub const COMMAND_HELP: &str = "\
{about-with-newline}
Cách dùng: {usage}

Tùy chọn:
{options}
{after-help}";

/// What `bangvang` alone prints: short, then where to read more.
pub const SHORT_USAGE: &str = "\
bangvang: dựng trang bảng vàng \"Người tốt, việc tốt\".
Cách dùng: bangvang <LỆNH> [TÙY_CHỌN]
Các lệnh: build (dựng trang), serve (xem thử), check (kiểm tra), new (bài mới), report (báo cáo), papers (giấy tờ đề nghị khen), licenses (giấy phép)
  gợi ý: chạy `bangvang --help` để xem đủ các lệnh, hoặc `bangvang check` để kiểm tra các bài viết";

/// The arguments with `help` as the first word read as the help flag:
/// `bangvang help` is `bangvang --help`, `bangvang help build` is
/// `bangvang build --help`, the way git and cargo answer. The program name
/// comes first, for `try_parse_from`.
pub fn help_as_flag(args: &[String]) -> Vec<String> {
    let mut out = vec!["bangvang".to_string()];
    match args.split_first() {
        Some((first, rest)) if first == "help" => {
            out.extend(rest.iter().take(1).cloned());
            out.push("--help".into());
        }
        _ => out.extend(args.iter().cloned()),
    }
    out
}

/// The text to print for a clap error, whether it goes to stdout (help and
/// version) and the exit code.
pub struct Said {
    pub text: String,
    pub to_stdout: bool,
    pub code: ExitCode,
}

/// Turn clap's answer into Vietnamese. `command` is the subcommand typed,
/// if any, so that the hint can name its own `--help`.
pub fn explain(err: &clap::Error, command: Option<&str>) -> Said {
    let fail = |text: String| Said {
        text,
        to_stdout: false,
        code: ExitCode::from(EXIT_USAGE),
    };
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Said {
            text: err.render().to_string(),
            to_stdout: true,
            code: ExitCode::SUCCESS,
        },
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            fail(SHORT_USAGE.to_string())
        }
        kind => fail(message(err, kind, command)),
    }
}

/// The command a Vietnamese word asks for (`kiem-tra`, `kiểm tra`): the
/// commands are English words staff have to learn (user test).
fn command_in_vietnamese(typed: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &[&str])] = &[
        (
            "check",
            &["kiem-tra", "kiemtra", "kiem", "soat", "soat-loi"],
        ),
        (
            "build",
            &["dung", "dung-trang", "xuat", "xuat-ban", "tao-trang"],
        ),
        ("serve", &["xem", "xem-thu", "chay", "mo"]),
        ("new", &["moi", "tao", "tao-bai", "bai-moi", "viet"]),
        ("report", &["bao-cao", "baocao", "thong-ke"]),
        ("papers", &["giay-to", "ho-so", "van-ban"]),
        ("help", &["tro-giup", "huong-dan", "giup"]),
    ];
    let slug = bangvang::slugify(typed);
    WORDS
        .iter()
        .find(|(_, words)| words.contains(&slug.as_str()))
        .map(|(command, _)| *command)
}

/// "lỗi: …" and its "gợi ý: …" line for a usage error.
fn message(err: &clap::Error, kind: ErrorKind, command: Option<&str>) -> String {
    let arg = arg_name(err);
    let value = string(err, ContextKind::InvalidValue).unwrap_or_default();
    let help = match command {
        Some(c) => format!("bangvang {c} --help"),
        None => "bangvang --help".to_string(),
    };
    let (what, hint) = match kind {
        ErrorKind::InvalidSubcommand => {
            let typed = string(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            let hint = match first(err, ContextKind::SuggestedSubcommand)
                .or_else(|| command_in_vietnamese(&typed).map(str::to_string))
            {
                Some(s) => format!("có phải ý bạn là `{s}`?"),
                None => format!("chạy `{help}` để xem các lệnh"),
            };
            (format!("không có lệnh `{typed}`"), hint)
        }
        ErrorKind::UnknownArgument => {
            let hint = match first(err, ContextKind::SuggestedArg) {
                Some(s) => format!("có phải ý bạn là `{s}`?"),
                None => format!("chạy `{help}` để xem các tùy chọn của lệnh"),
            };
            (format!("không có tùy chọn `{arg}`"), hint)
        }
        ErrorKind::InvalidValue if value.is_empty() => (
            format!("thiếu giá trị sau `{arg}`"),
            format!("viết giá trị ngay sau nó, ví dụ `{arg} {}`", example(&arg)),
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let hint = match strings(err, ContextKind::ValidValue) {
                list if !list.is_empty() => format!("chọn một trong: {}", list.join(", ")),
                _ => format!("ví dụ `{arg} {}`; chạy `{help}` để xem thêm", example(&arg)),
            };
            (
                format!("giá trị `{value}` của `{arg}` không dùng được"),
                hint,
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let names: Vec<String> = strings(err, ContextKind::InvalidArg)
                .iter()
                .map(|a| format!("`{}`", short_name(a)))
                .collect();
            let example = command_example(command).unwrap_or_else(|| help.clone());
            (
                format!("thiếu {}", names.join(", ")),
                format!("ví dụ: `{example}`"),
            )
        }
        ErrorKind::ArgumentConflict => (
            format!("không dùng `{arg}` cùng với tùy chọn đã viết trước nó"),
            "bỏ một trong hai tùy chọn".to_string(),
        ),
        ErrorKind::InvalidUtf8 => (
            "dòng lệnh có ký tự không đọc được".to_string(),
            "gõ lại dòng lệnh, đừng dán từ tài liệu có định dạng".to_string(),
        ),
        _ => (
            format!(
                "dòng lệnh không đúng{}",
                if arg.is_empty() {
                    String::new()
                } else {
                    format!(" ở `{arg}`")
                }
            ),
            format!("chạy `{help}` để xem cách viết"),
        ),
    };
    format!("lỗi: {what}\n  gợi ý: {hint}")
}

/// The argument at fault, as typed on a command line (`--root`, not
/// clap's `--root <THƯ_MỤC>`).
fn arg_name(err: &clap::Error) -> String {
    string(err, ContextKind::InvalidArg)
        .map(|a| short_name(&a).to_string())
        .unwrap_or_default()
}

fn short_name(arg: &str) -> &str {
    arg.split([' ', '=']).next().unwrap_or(arg)
}

/// A value that fits `arg`, for the hint.
fn example(arg: &str) -> &'static str {
    match arg {
        "--root" | "--output" => "thu-muc-trang",
        "--base-url" => "https://example.gov.vn/bang-vang/",
        "--port" => "8080",
        "--format" => "text",
        "--year" => "2025",
        "--month" => "2025-11",
        "--level" => "phuong",
        "-o" | "--out" => "giay-to-11-2025",
        "--unit" => "ma-don-vi",
        "--date" => "2025-11-15",
        "--title" => "\"Tiêu đề bài\"",
        "-f" | "--file" => "bao-cao.csv",
        _ => "…",
    }
}

/// A whole command with its required arguments.
fn command_example(command: Option<&str>) -> Option<String> {
    match command? {
        "new" => Some("bangvang new --unit ma-don-vi --title \"Tiêu đề bài\"".into()),
        "report" => {
            Some("bangvang report --year 2025` hoặc `bangvang report --month 2025-11".into())
        }
        "papers" => Some("bangvang papers --month 2025-11 --unit ma-don-vi".into()),
        _ => None,
    }
}

fn string(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => list.first().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

fn strings(err: &clap::Error, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::Strings(list)) => list.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn first(err: &clap::Error, kind: ContextKind) -> Option<String> {
    strings(err, kind).into_iter().next()
}
