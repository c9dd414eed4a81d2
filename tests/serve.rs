//! `bangvang serve` end to end: a real server on an ephemeral port, a real
//! file edit, and the live-reload events a browser tab would receive.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// The server process, stopped when the test ends, and what it printed.
struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Wait until stderr contains `text`, at most `limit`.
    fn wait_stderr(&self, text: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            let seen = self.stderr();
            if seen.contains(text) {
                return seen;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("stderr never said {text:?}:\n{}", self.stderr());
    }
}

/// Keep reading `from` into `into` so the server never blocks on a full pipe.
fn drain(from: impl Read + Send + 'static, into: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            let mut text = into.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
}

fn start(root: &std::path::Path, port: u16) -> (Server, String) {
    start_with(root, port, &[])
}

/// `start_with` on any port, and a tab's live-reload stream opened, with
/// the version of the first check it is told.
fn start_watching(root: &std::path::Path, env: &[(&str, &str)]) -> (Server, Events, u64) {
    let (server, _) = start_with(root, 0, env);
    let mut events = Events::open(server.port);
    let v0 = events.next(Duration::from_secs(10))["version"]
        .as_u64()
        .unwrap();
    (server, events, v0)
}

fn start_with(root: &std::path::Path, port: u16, env: &[(&str, &str)]) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(["serve", "--port", &port.to_string()])
        .envs(env.iter().copied())
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    drain(child.stderr.take().unwrap(), stderr.clone());
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    let found = loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line).unwrap();
        assert!(read > 0, "serve stopped before printing its address");
        seen.push_str(&line);
        if let Some(at) = line.find("http://127.0.0.1:") {
            let rest = &line[at + "http://127.0.0.1:".len()..];
            break rest.split('/').next().unwrap().parse::<u16>().unwrap();
        }
    };
    let stdout = Arc::new(Mutex::new(seen.clone()));
    drain(reader, stdout.clone());
    let server = Server {
        child,
        port: found,
        stdout,
        stderr,
    };
    (server, seen)
}

/// One HTTP/1.1 request with the path sent exactly as given; (status, body).
fn raw_get(port: u16, path: &str) -> (u16, String) {
    get_as(port, path, &format!("127.0.0.1:{port}"))
}

/// A request naming `host` in its Host header, as a browser does.
fn get_as(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The live-reload event stream, read line by line.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET /__bangvang/events HTTP/1.1\r\nHost: localhost:{port}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        Events {
            reader: BufReader::new(stream),
        }
    }

    /// The next status event (as JSON), waiting at most `limit`.
    fn next(&mut self, limit: Duration) -> serde_json::Value {
        let deadline = Instant::now() + limit;
        let mut line = String::new();
        while Instant::now() < deadline {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("event stream closed"),
                Ok(_) => {
                    if let Some(data) = line.trim_end().strip_prefix("data: ") {
                        if let Ok(v) = serde_json::from_str::<serde_json::Value>(data) {
                            if v.get("version").is_some() {
                                return v;
                            }
                        }
                    }
                }
                Err(_) => continue, // read timeout: keep waiting until the deadline
            }
        }
        panic!("no status event within {limit:?}");
    }
}

const STORY: &str = "content/stories/hung-1.md";

#[test]
fn edit_reload_break_overlay_fix() {
    let dir = site(&["valid_site"]);
    let (server, printed) = start(dir.path(), 0);
    assert!(printed.contains("Trang đã sẵn sàng"), "{printed}");
    let port = server.port;

    let (status, home) = raw_get(port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Bảng vàng thử nghiệm"));
    assert!(
        home.contains("<script src=\"/__bangvang/live.js\"></script></body>"),
        "live-reload script injected"
    );
    let (status, script) = raw_get(port, "/__bangvang/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));

    let mut events = Events::open(port);
    let first = events.next(Duration::from_secs(10));
    let version = first["version"].as_u64().unwrap();
    assert_eq!(first["errors"].as_array().unwrap().len(), 0);

    // An edit: the tab is told to reload, and the page has the new text.
    let path = dir.path().join(STORY);
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        original.replace(
            "Lao xuống hồ cứu cháu bé",
            "Lao xuống hồ Thiền Quang cứu cháu bé",
        ),
    )
    .unwrap();
    let after_edit = events.next(Duration::from_secs(10));
    assert_eq!(
        after_edit["version"].as_u64().unwrap(),
        version + 1,
        "{after_edit}"
    );
    assert!(after_edit["errors"].as_array().unwrap().is_empty());
    let (status, page) = raw_get(port, "/truyen/lao-xuong-ho-thien-quang-cuu-chau-be.html");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Lao xuống hồ Thiền Quang cứu cháu bé</h1>"));

    // A broken edit: errors with file and line; the last good page stays.
    let good = std::fs::read_to_string(&path).unwrap();
    // The deed date only (the consent record below carries the same date).
    let broken_text = good.replacen("date: 2023-05-02", "date: 2023-13-40", 1);
    std::fs::write(&path, broken_text).unwrap();
    let broken = events.next(Duration::from_secs(10));
    assert_eq!(
        broken["version"].as_u64().unwrap(),
        version + 1,
        "no reload after a broken edit"
    );
    let errors = broken["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{broken}");
    assert_eq!(errors[0]["path"], STORY);
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["column"].as_u64()),
        (Some(10), Some(9))
    );
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("2023-13-40"));
    assert_eq!(errors[0]["code"], "bad-date");
    // The terminal prints it the way `check` does, code included.
    server.wait_stderr(
        &format!("{STORY}:10:9: lỗi[bad-date]: ngày `2023-13-40` không có thật hoặc viết sai dạng\n  gợi ý: "),
        Duration::from_secs(10),
    );
    let (status, page) = raw_get(port, "/truyen/lao-xuong-ho-thien-quang-cuu-chau-be.html");
    assert_eq!(
        status, 200,
        "the server survives and serves the last good page"
    );
    assert!(page.contains("Thiền Quang"));
    // A tab opened now learns about the errors at once, for its overlay.
    let mut late = Events::open(port);
    assert_eq!(
        late.next(Duration::from_secs(10))["errors"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Fixed: the errors go away and the tab reloads.
    std::fs::write(&path, good).unwrap();
    let fixed = events.next(Duration::from_secs(10));
    assert_eq!(fixed["version"].as_u64().unwrap(), version + 2);
    assert!(fixed["errors"].as_array().unwrap().is_empty());

    assert!(
        !dir.path().join("public").exists(),
        "serve never writes public/"
    );
}

#[test]
fn nothing_outside_the_built_site_is_served() {
    let dir = site(&["valid_site"]);
    // A built public/ beside it: serve renders in memory and never serves
    // the build's own files, the `.bangvang` marker among them.
    assert_eq!(bangvang(dir.path(), &["build"]).code, 0);
    assert!(dir.path().join("public/.bangvang").is_file());
    let (server, _) = start(dir.path(), 0);
    for path in [
        "/../Cargo.toml",
        "/../../etc/passwd",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/truyen/..%2f..%2fsite.yaml",
        "/..%5csite.yaml",
        "/site.yaml",
        "/content/registry.yaml",
        "/content/stories/hung-1.md",
        "/%00",
        "/.bangvang",
        "/public/.bangvang",
    ] {
        let (status, body) = raw_get(server.port, path);
        assert!(status == 404 || status == 400, "{path}: status {status}");
        for secret in [
            "root:x:0:0",
            "[package]",
            "levels:",
            "paginate:",
            "by: nguoi-duoc-khen",
            "do bangvang tao ra",
        ] {
            assert!(
                !body.contains(secret),
                "{path} leaked a file outside the site"
            );
        }
    }
    let (status, body) = raw_get(server.port, "/khong-co-trang-nay.html");
    assert_eq!(status, 404);
    assert!(
        body.contains("Không tìm thấy trang"),
        "the site's own 404 page"
    );
}

#[test]
fn a_taken_port_falls_back_to_a_free_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = site(&["valid_site"]);
    let (server, printed) = start(dir.path(), port);
    assert_ne!(server.port, port);
    assert!(
        printed.contains(&format!("Cổng {port} đang bận")),
        "{printed}"
    );
    assert_eq!(raw_get(server.port, "/").0, 200);
}

/// Send SIGINT, as Ctrl+C in a terminal does.
fn interrupt(server: &Server) {
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn ctrl_c_stops_at_once_with_a_tab_open() {
    let dir = site(&["valid_site"]);
    let (mut server, _) = start(dir.path(), 0);
    // A tab holding the live-reload stream open (headers and first event read).
    let mut tab = Events::open(server.port);
    tab.next(Duration::from_secs(10));
    // A second, idle keep-alive connection, as a browser keeps one.
    let _idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();

    let sent = Instant::now();
    interrupt(&server);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            sent.elapsed() < Duration::from_millis(1500),
            "serve still running 1.5 s after Ctrl+C"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success(), "{status:?}");
    // The pipe is drained by a thread: give it a moment to read the last line.
    let deadline = Instant::now() + Duration::from_secs(2);
    while !server.stdout().contains("Tạm biệt") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        server
            .stdout()
            .contains("Đã dừng máy chủ xem thử. Tạm biệt!"),
        "{}",
        server.stdout()
    );
}

#[test]
fn only_our_own_host_names_are_answered() {
    let dir = site(&["valid_site"]);
    let (server, _) = start(dir.path(), 0);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(get_as(port, "/", &host).0, 200, "{host}");
    }
    // A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding).
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
    ] {
        for path in ["/", "/__bangvang/events"] {
            let (status, body) = get_as(port, path, &host);
            assert_eq!(status, 403, "{host}{path}");
            assert!(body.contains("Địa chỉ không được phép"), "{body}");
            assert!(
                body.contains(&format!("gợi ý: mở <a href=\"http://127.0.0.1:{port}/\">")),
                "{body}"
            );
            assert!(!body.contains("Bảng vàng thử nghiệm"), "no site content");
        }
    }
}

#[test]
fn a_stalled_client_is_dropped_and_others_are_served() {
    let dir = site(&["valid_site"]);
    let (server, _) = start(dir.path(), 0);
    let mut stalled = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stalled.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let opened = Instant::now();
    // Meanwhile another client is served as usual.
    let (status, home) = raw_get(server.port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Bảng vàng thử nghiệm"));

    stalled
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut rest = Vec::new();
    let closed = stalled.read_to_end(&mut rest);
    let waited = opened.elapsed();
    assert!(closed.is_ok(), "not closed within 10 s: {closed:?}");
    assert!(
        !String::from_utf8_lossy(&rest).contains("Bảng vàng"),
        "a partial request is never answered"
    );
    // The limit is 5 s; closed around it, not at once and not much later.
    assert!(
        waited >= Duration::from_secs(4) && waited < Duration::from_secs(7),
        "closed after {waited:?}"
    );
}

/// Copy `content/` aside, delete it, and put the copy back with one story's
/// title changed, as a `git checkout` of another branch does.
fn recreate_content(root: &std::path::Path, from: &str, to: &str) {
    let content = root.join("content");
    let aside = root.join("content-aside");
    copy_dir(&content, &aside);
    std::fs::remove_dir_all(&content).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    copy_dir(&aside, &content);
    let story = root.join(STORY);
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, text.replace(from, to)).unwrap();
    std::fs::remove_dir_all(&aside).unwrap();
}

/// Read events until a good check newer than `version`; its version.
fn next_good(events: &mut Events, version: u64) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        let status = events.next(Duration::from_secs(15));
        let v = status["version"].as_u64().unwrap();
        if v > version && status["errors"].as_array().unwrap().is_empty() {
            return v;
        }
    }
    panic!("no good check after version {version}");
}

#[test]
fn edits_are_seen_after_content_is_deleted_and_made_again() {
    let dir = site(&["valid_site"]);
    let (server, mut events, v0) = start_watching(dir.path(), &[]);

    recreate_content(
        dir.path(),
        "Lao xuống hồ cứu cháu bé",
        "Lao xuống hồ Gươm cứu cháu bé",
    );
    let v1 = next_good(&mut events, v0);
    let (status, page) = raw_get(server.port, "/truyen/lao-xuong-ho-guom-cuu-chau-be.html");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Lao xuống hồ Gươm cứu cháu bé</h1>"));

    // The new folder is watched: an edit inside it still reloads.
    let story = dir.path().join(STORY);
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::write(&story, text.replace("hồ Gươm", "hồ Tây")).unwrap();
    next_good(&mut events, v1);
    let (status, page) = raw_get(server.port, "/truyen/lao-xuong-ho-tay-cuu-chau-be.html");
    assert_eq!(status, 200, "an edit after the folder came back was missed");
    assert!(page.contains("<h1>Lao xuống hồ Tây cứu cháu bé</h1>"));
}

#[test]
fn a_panic_in_a_rebuild_is_reported_and_reloading_goes_on() {
    let dir = site(&["valid_site"]);
    let (server, mut events, v0) =
        start_watching(dir.path(), &[("BANGVANG_TEST_PANIC_ON_REBUILD", "1")]);
    let story = dir.path().join(STORY);
    let text = std::fs::read_to_string(&story).unwrap();

    // The first rebuild panics: the tab's overlay is told, with a hint.
    std::fs::write(&story, text.replace("cứu cháu bé", "cứu hai cháu bé")).unwrap();
    let failed = events.next(Duration::from_secs(10));
    assert_eq!(failed["version"].as_u64().unwrap(), v0, "no reload");
    let errors = failed["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{failed}");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("lỗi nội bộ khi kiểm tra lại trang"));
    assert!(errors[0]["hint"].as_str().unwrap().contains("lưu lại tệp"));
    let said = server.wait_stderr(
        "gợi ý: việc theo dõi và tự tải lại vẫn tiếp tục",
        Duration::from_secs(5),
    );
    assert!(said.contains("lỗi: bangvang gặp lỗi nội bộ"), "{said}");

    // The watcher lives on: the next edit is checked and reloads.
    std::fs::write(&story, text.replace("cứu cháu bé", "cứu ba cháu bé")).unwrap();
    next_good(&mut events, v0);
    let (status, page) = raw_get(server.port, "/truyen/lao-xuong-ho-cuu-ba-chau-be.html");
    assert_eq!(status, 200);
    assert!(page.contains("cứu ba cháu bé"));
}

/// Started on a site that has never checked clean, `serve` has no last good
/// page to keep: the page itself lists every error with its code and hint
/// (curl and a browser without script see them too), and the terminal does
/// not promise a good version.
#[test]
fn a_site_with_errors_from_the_start_shows_them_on_the_page() {
    let dir = site(&["invalid_base", "codes/unknown-id"]);
    let (server, _) = start(dir.path(), 0);
    let said = server.wait_stderr("Có 2 lỗi", Duration::from_secs(60));
    assert!(
        said.contains("Có 2 lỗi; trình duyệt hiện danh sách lỗi; trang sẽ hiện khi hết lỗi."),
        "{said}"
    );
    let (status, page) = raw_get(server.port, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Chưa dựng được trang</h1>"), "{page}");
    assert!(page.contains("<li><code>content/stories/bad.md:"), "{page}");
    assert!(
        page.contains("Lỗi [unknown-id]: đơn vị `phuong-bach-khao`"),
        "{page}"
    );
    assert_eq!(page.matches("<li>").count(), 2, "{page}");
    assert!(
        page.contains("Gợi ý: có phải ý bạn là mã phuong-bach-khoa?"),
        "{page}"
    );
}

/// Between checks `serve` looks again only at the paths its watcher
/// reported (`source::content_index`): a story removed, then put back under
/// another name in the same folder, must come and go like with a walk.
#[test]
fn a_story_removed_and_added_in_its_folder_comes_and_goes() {
    let dir = site(&["valid_site"]);
    let (server, mut events, v0) = start_watching(dir.path(), &[]);
    // "Đông Du" (dong-du-1.md) has the address without the number.
    let page = "/truyen/nguoi-giu-ho-dong-du-2.html";
    let (status, body) = raw_get(server.port, page);
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Người giữ hồ Đồng Du</h1>"), "{body}");

    let story = dir.path().join("content/stories/dong-du-2.md");
    let text = std::fs::read_to_string(&story).unwrap();
    std::fs::remove_file(&story).unwrap();
    let v1 = next_good(&mut events, v0);
    assert_eq!(raw_get(server.port, page).0, 404, "a removed story stays");

    let renamed = dir.path().join("content/stories/dong-du-2-chep-lai.md");
    std::fs::write(&renamed, text.replace("Người giữ hồ", "Người canh hồ")).unwrap();
    next_good(&mut events, v1);
    assert_eq!(raw_get(server.port, page).0, 404);
    let (status, body) = raw_get(server.port, "/truyen/nguoi-canh-ho-dong-du.html");
    assert_eq!(status, 200, "an added story is missing");
    assert!(body.contains("<h1>Người canh hồ Đồng Du</h1>"));
}
