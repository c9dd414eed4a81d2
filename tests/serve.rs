//! `bangvang serve` end to end: a real server on an ephemeral port, a real
//! file edit, and the live-reload events a browser tab would receive.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The server process, stopped when the test ends.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path, port: u16) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = String::new();
    let found = loop {
        let line = lines
            .next()
            .expect("serve stopped before printing its address")
            .unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if let Some(at) = line.find("http://127.0.0.1:") {
            let rest = &line[at + "http://127.0.0.1:".len()..];
            break rest.split('/').next().unwrap().parse::<u16>().unwrap();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (Server { child, port: found }, seen)
}

/// One HTTP/1.1 request with the path sent exactly as given; (status, body).
fn raw_get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
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
        write!(stream, "GET /__bangvang/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
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
    std::fs::write(&path, good.replace("date: 2023-05-02", "date: 2023-13-40")).unwrap();
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
    ] {
        let (status, body) = raw_get(server.port, path);
        assert!(status == 404 || status == 400, "{path}: status {status}");
        for secret in [
            "root:x:0:0",
            "[package]",
            "levels:",
            "paginate:",
            "consent: true",
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
