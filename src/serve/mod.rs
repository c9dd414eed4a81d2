//! `bangvang serve`: a preview server for writers. The site is checked and
//! kept in memory (never written to `public/`), each page rendered when the
//! browser asks for it. Edits under `content/`, `themes/`, `templates/` and
//! `site.yaml` trigger a new check; after a good one the open tab reloads,
//! after a broken one it keeps the last good page and shows the errors over
//! it, until the file is fixed.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch as latest};
use tokio_stream::wrappers::{BroadcastStream, WatchStream};
use tokio_stream::StreamExt;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::pipeline::{check_with, BuildOptions, Checked, ParseCache};
use crate::render::engine::Plan;
use crate::render::output::{escape_html, OutputFile};
use crate::render::pages::site_plan;
use crate::render::search_index as search;
use crate::render::share_card;
use crate::source::image_cache::{self, ImageCache};
use crate::source::images;
use crate::text::url_path::file_path;

pub mod lan;
mod server;
pub mod watch;
pub use server::{stop_signal, AllowedHosts, HEADER_TIMEOUT, SHUTDOWN_GRACE};

const LIVE_JS: &str = include_str!("live.js");
const EVENTS: &str = "/__bangvang/events";
const SCRIPT: &str = "/__bangvang/live.js";

/// What the browser is told after every check.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Grows by one with every good check; a tab reloads when it changes.
    pub version: u64,
    pub errors: Vec<ErrorView>,
    /// How long the last check took, in milliseconds.
    pub check_ms: u64,
    /// Its stages, in milliseconds (for `serve --timings`).
    #[serde(skip)]
    pub stages: Vec<(&'static str, f64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorView {
    pub path: String,
    /// `null` when the fault is the whole file (see `Diagnostic::pos`).
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The diagnostic's code, as `check` prints it; `None` for an internal
    /// error of the server, which has no entry in the guide.
    pub code: Option<&'static str>,
    pub message: String,
    pub hint: Option<String>,
}

impl ErrorView {
    /// `file:line:column`, or the file alone, as `check` prints it.
    pub fn place(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", self.path),
            _ => self.path.clone(),
        }
    }
}

impl From<&Diagnostic> for ErrorView {
    fn from(d: &Diagnostic) -> Self {
        ErrorView {
            path: d.path.clone(),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.column),
            code: Some(d.code),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// The files of a search index by path, kept in memory.
type SearchFiles = HashMap<String, Vec<u8>>;

struct Current {
    /// The last site that passed every check.
    good: Option<Arc<Checked>>,
    status: Status,
    /// The search index of `good`, built on first request.
    search: Option<(u64, Arc<SearchFiles>)>,
}

/// Everything the server shares between requests and the rebuild thread.
pub struct Live {
    opts: BuildOptions,
    current: RwLock<Current>,
    cache: Mutex<ParseCache>,
    events: broadcast::Sender<Status>,
    /// Set when the server stops: every live-reload stream then ends.
    stopping: latest::Sender<bool>,
}

impl Live {
    pub fn new(opts: BuildOptions) -> Arc<Live> {
        let (events, _) = broadcast::channel(16);
        // The first check starts from what the last build kept beside the
        // default output, if anything; `serve` never writes it.
        let cache = ParseCache::reading_beside(&opts.output_dir()).watched();
        Arc::new(Live {
            opts,
            current: RwLock::new(Current {
                good: None,
                status: Status {
                    version: 0,
                    errors: vec![],
                    check_ms: 0,
                    stages: vec![],
                },
                search: None,
            }),
            cache: Mutex::new(cache),
            events,
            stopping: latest::Sender::new(false),
        })
    }

    /// The watcher reported `changed` (paths under the site folder) since
    /// the last check; `complete` is false when it may have missed some.
    pub fn note_changes(&self, changed: &[std::path::PathBuf], complete: bool) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.note_changes(changed, complete);
    }

    /// Whether `content/` changed in a way the watcher did not report
    /// (`ParseCache::content_drifted`): then a rebuild is due.
    pub fn content_drifted(&self) -> bool {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.content_drifted(&self.opts.root)
    }

    /// Check the site again; keep it if good, else keep the last good one
    /// and record the errors. Returns the new status (also sent to tabs).
    pub fn rebuild(&self) -> Status {
        let started = Instant::now();
        let result = {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            check_with(&self.opts, &mut cache)
        };
        let check_ms = started.elapsed().as_millis() as u64;
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        let version = current.status.version;
        current.status = match result {
            Ok(checked) => {
                let stages = checked
                    .timings
                    .stages
                    .iter()
                    .map(|s| (s.name, s.took.as_secs_f64() * 1000.0))
                    .collect();
                current.good = Some(Arc::new(checked));
                Status {
                    version: version + 1,
                    errors: vec![],
                    check_ms,
                    stages,
                }
            }
            Err(diags) => Status {
                version,
                errors: errors_of(diags),
                check_ms,
                stages: vec![],
            },
        };
        let status = current.status.clone();
        drop(current);
        let _ = self.events.send(status.clone());
        status
    }

    /// `rebuild`, but a panic in it (a bug of ours) becomes an error the
    /// tab shows, instead of silently ending reloads. The parse cache may be
    /// half updated then, so it is dropped: the next check reads everything.
    /// Returns the panic's message when there was one.
    pub fn rebuild_guarded(&self, before: impl FnOnce()) -> Result<Status, String> {
        let run = std::panic::AssertUnwindSafe(|| {
            before();
            self.rebuild()
        });
        std::panic::catch_unwind(run).map_err(|payload| {
            *self.cache.lock().unwrap_or_else(|e| e.into_inner()) = ParseCache::default().watched();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            self.report_internal_error(&message);
            message
        })
    }

    fn report_internal_error(&self, message: &str) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        current.status.errors = vec![ErrorView {
            path: String::new(),
            line: None,
            column: None,
            code: None,
            message: format!("bangvang gặp lỗi nội bộ khi kiểm tra lại trang ({message}); trang vẫn hiện bản tốt gần nhất và vẫn tự tải lại sau lần sửa tới"),
            hint: Some("lưu lại tệp vừa sửa để kiểm tra lại; nếu lỗi lặp lại, gửi cho người quản trị dòng \"panicked at\" trong cửa sổ lệnh".into()),
        }];
        let status = current.status.clone();
        drop(current);
        let _ = self.events.send(status);
    }

    /// End every live-reload stream, for the server to stop.
    pub fn end_streams(&self) {
        self.stopping.send_replace(true);
    }

    pub fn status(&self) -> Status {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .status
            .clone()
    }

    fn good(&self) -> Option<(Arc<Checked>, u64)> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        current.good.clone().map(|g| (g, current.status.version))
    }

    fn search_file(&self, site: &Checked, version: u64, path: &str) -> Option<Vec<u8>> {
        let cached = {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            current
                .search
                .as_ref()
                .filter(|(v, _)| *v == version)
                .map(|(_, index)| index.clone())
        };
        let index = match cached {
            Some(index) => index,
            None => {
                let files = Mutex::new(HashMap::new());
                let collect = |f: OutputFile| {
                    files
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(f.path, f.bytes);
                    Ok(())
                };
                // `serve` keeps no search terms record: only `build` does.
                search::build_index(&site.model, &collect, search::LastFiles::none(), None).ok()?;
                let index = Arc::new(files.into_inner().unwrap_or_else(|e| e.into_inner()));
                self.current
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .search = Some((version, index.clone()));
                index
            }
        };
        index.get(path).cloned()
    }
}

fn errors_of(diags: Diagnostics) -> Vec<ErrorView> {
    diags
        .sorted()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ErrorView::from)
        .collect()
}

/// Bind 127.0.0.1:`port`, or an ephemeral port when that one is taken.
pub async fn bind(port: u16) -> std::io::Result<TcpListener> {
    lan::bind_at(std::net::Ipv4Addr::LOCALHOST.into(), port).await
}

/// Serve the live preview until `stop` completes (see `server::serve_until`).
pub async fn run(
    listener: TcpListener,
    live: Arc<Live>,
    allowed: AllowedHosts,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let app = router(live.clone(), allowed);
    server::serve_until(listener, app, stop, move || live.end_streams()).await
}

pub fn router(live: Arc<Live>, allowed: AllowedHosts) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .route(SCRIPT, get(script))
        .fallback(get(page))
        .with_state(live)
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(allowed),
            server::check_host,
        ))
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

/// Server-sent events: the current status at once, then one per check,
/// until the server stops.
async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let first = live.status();
    let later = BroadcastStream::new(live.events.subscribe()).filter_map(|s| s.ok().map(Some));
    // `None` marks the stop; the stream ends there.
    let stop = WatchStream::new(live.stopping.subscribe()).filter_map(|stop| stop.then_some(None));
    let stream = tokio_stream::once(Some(first))
        .chain(later)
        .merge(stop)
        .map_while(|status| status)
        .map(|status| {
            Ok(Event::default()
                .event("status")
                .data(serde_json::to_string(&status).unwrap_or_default()))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A site path from the request, or None when it tries to leave the site.
pub fn site_path(uri: &Uri) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(uri.path())
        .decode_utf8()
        .ok()?;
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => continue,
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') || s.contains(':') => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    Some(file_path(&path))
}

/// The page shown before the site has ever checked clean: every error with
/// its place, code, message and hint, as the terminal prints them.
fn no_site_yet(errors: &[ErrorView]) -> String {
    let items: String = errors
        .iter()
        .map(|e| {
            let place = e.place();
            let code = e.code.map_or(String::new(), |c| format!("Lỗi [{c}]: "));
            let hint = e.hint.as_deref().map_or(String::new(), |h| {
                format!(
                    "<p style=\"white-space:pre-wrap\">Gợi ý: {}</p>",
                    escape_html(h)
                )
            });
            format!(
                "<li><code>{}</code><p>{}{}</p>{hint}</li>",
                escape_html(&place),
                escape_html(&code),
                escape_html(&e.message)
            )
        })
        .collect();
    format!("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Chưa dựng được trang</title></head><body><main><h1>Chưa dựng được trang</h1><p>Sửa các lỗi dưới đây rồi lưu tệp; trang sẽ tự tải lại khi hết lỗi.</p><ol>{items}</ol></main></body></html>")
}

async fn page(State(live): State<Arc<Live>>, uri: Uri) -> Response {
    let Some(path) = site_path(&uri) else {
        return (StatusCode::NOT_FOUND, "không có trang này").into_response();
    };
    tokio::task::spawn_blocking(move || respond(&live, &path))
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn respond(live: &Live, path: &str) -> Response {
    let Some((site, version)) = live.good() else {
        // No good build yet: the errors on the page itself (curl showed a
        // heading with nothing below it, user test); the overlay adds itself.
        let html = no_site_yet(&live.status().errors);
        return html_response(StatusCode::OK, inject(html.into_bytes()));
    };
    if let Some(rel) = path.strip_prefix("search/") {
        return match live.search_file(&site, version, &format!("search/{rel}")) {
            Some(bytes) => typed(StatusCode::OK, path, bytes),
            None => not_found(&site_plan(&site.theme.tera, &site.model)),
        };
    }
    let plan = site_plan(&site.theme.tera, &site.model);
    let rendered = plan.render_path(path).or_else(|| {
        // "/truyen/x" without the ending: the folder's page, if any.
        (!path.ends_with(".html"))
            .then(|| plan.render_path(&format!("{path}/index.html")))
            .flatten()
    });
    match rendered {
        Some(Ok(bytes)) => return html_response(StatusCode::OK, inject(bytes)),
        Some(Err(d)) => return error_page(&d),
        None => {}
    }
    if let Some(f) = site.theme.static_files.iter().find(|f| f.path == path) {
        return typed(StatusCode::OK, path, f.bytes.clone());
    }
    // An image and its smaller copies (`images/x-480.jpg`), made as `build`
    // makes them, through the same cache.
    let is_copy_of = |a: &&crate::source::load::Asset| {
        a.output_path == path
            || images::SMALLER_WIDTHS
                .iter()
                .any(|w| images::variant_path(&a.output_path, *w, 0) == path)
    };
    if let Some(asset) = site.assets.iter().find(is_copy_of) {
        let cache = ImageCache::beside(&live.opts.output_dir());
        let files = image_cache::published_files(&live.opts.root, &cache, asset);
        if let Some(file) = files
            .ok()
            .and_then(|f| f.into_iter().find(|f| f.path == path))
        {
            return typed(StatusCode::OK, path, file.bytes);
        }
    }
    if path.ends_with(".png") {
        if let Some(card) = share_card_file(live, &site, path) {
            return match card {
                Ok(bytes) => typed(StatusCode::OK, path, bytes),
                Err(d) => error_page(&d),
            };
        }
    }
    not_found(&plan)
}

/// A share card (`truyen/x.png`, `chia-se.png`), drawn as `build` draws it,
/// through the same caches.
fn share_card_file(live: &Live, site: &Checked, path: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
    let output = live.opts.output_dir();
    let images = ImageCache::beside(&output);
    let photo_of = |src: &str| {
        let asset = site.assets.iter().find(|a| a.output_path == src)?;
        image_cache::share_photo(&live.opts.root, &images, asset, 960)
    };
    let cards = share_card::CardCache::beside(&output);
    share_card::for_path(&site.model, &site.theme, &cards, path, &photo_of)
}

/// The site's own 404 page, rendered from the plan already made for the request.
fn not_found(plan: &Plan) -> Response {
    match plan.render_path("404.html") {
        Some(Ok(bytes)) => html_response(StatusCode::NOT_FOUND, inject(bytes)),
        _ => (StatusCode::NOT_FOUND, "không có trang này").into_response(),
    }
}

fn error_page(d: &Diagnostic) -> Response {
    let html = format!("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Lỗi mẫu trang</title></head><body><pre>{}</pre></body></html>", crate::render::output::escape_html(&d.to_string()));
    html_response(StatusCode::INTERNAL_SERVER_ERROR, inject(html.into_bytes()))
}

/// Put the live-reload script at the end of the page's body.
fn inject(mut html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT}\"></script>");
    match html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
    {
        Some(at) => {
            html.splice(at..at, tag.into_bytes());
        }
        None => html.extend(tag.into_bytes()),
    }
    html
}

fn html_response(status: StatusCode, bytes: Vec<u8>) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from(bytes),
    )
        .into_response()
}

fn typed(status: StatusCode, path: &str, bytes: Vec<u8>) -> Response {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let mime = match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
    (
        status,
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from(bytes),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> Option<String> {
        site_path(&p.parse::<Uri>().unwrap())
    }

    #[test]
    fn paths_never_leave_the_site() {
        assert_eq!(path("/").as_deref(), Some("index.html"));
        assert_eq!(
            path("/thang/2023-05/").as_deref(),
            Some("thang/2023-05/index.html")
        );
        assert_eq!(path("/truyen/a.html").as_deref(), Some("truyen/a.html"));
        assert_eq!(path("/t%C3%ACm/").as_deref(), Some("tìm/index.html"));
        assert_eq!(path("/../Cargo.toml"), None);
        assert_eq!(path("/%2e%2e/Cargo.toml"), None);
        assert_eq!(path("/a/%2e%2e%2f%2e%2e/Cargo.toml"), None);
        assert_eq!(path("/..%5cCargo.toml"), None);
        assert_eq!(path("/%00"), None);
    }

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let html =
            String::from_utf8(inject(b"<html><body><p>x</p></body></html>".to_vec())).unwrap();
        assert_eq!(
            html,
            "<html><body><p>x</p><script src=\"/__bangvang/live.js\"></script></body></html>"
        );
    }
}
