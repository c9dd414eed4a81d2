//! `serve --bind`: the preview on another address (the office network, for
//! a phone). Tested on 127.0.0.2, a loopback address of its own: it answers
//! there with its own Host name, refuses other names, prints a QR code of
//! its address, and never writes a file whatever the request.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start `serve --bind 127.0.0.2`; the server, its port, and what it
/// printed up to the QR code's end.
fn start(root: &std::path::Path) -> (Server, u16, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangvang"))
        .args(["serve", "--port", "0", "--bind", "127.0.0.2"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    let mut port = None;
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "stopped early:\n{seen}"
        );
        seen.push_str(&line);
        if let Some(at) = line.find("http://127.0.0.2:") {
            let rest = &line[at + "http://127.0.0.2:".len()..];
            port = Some(rest.split('/').next().unwrap().parse::<u16>().unwrap());
        }
        // The QR code ends with its quiet zone, then an empty line.
        if port.is_some() && seen.contains("Quét mã") && line.trim().is_empty() {
            break;
        }
    }
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    (Server(child), port.unwrap(), seen)
}

/// One request to 127.0.0.2:`port` naming `host`; (status, body).
fn request(port: u16, head: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.2", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(stream, "{head}\r\nHost: {host}\r\nConnection: close\r\n").unwrap();
    write!(stream, "Content-Length: 5\r\n\r\nhello").unwrap();
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

#[test]
fn bind_answers_on_its_address_with_its_host_and_shows_a_qr_code() {
    let dir = site(&["valid_site"]);
    let (_server, port, printed) = start(dir.path());
    assert!(
        printed.contains(&format!(
            "Xem trên điện thoại (cùng mạng với máy này): http://127.0.0.2:{port}/\nQuét mã bằng máy ảnh của điện thoại:\n"
        )),
        "{printed}"
    );
    assert!(printed.contains('▀') || printed.contains('▄'), "{printed}");
    let own = format!("127.0.0.2:{port}");
    let (status, body) = request(port, "GET / HTTP/1.1", &own);
    assert_eq!(status, 200);
    assert!(body.contains("Bảng vàng thử nghiệm"), "{body}");
    // Another name pointed at this address (DNS rebinding) is refused.
    let (status, body) = request(port, "GET / HTTP/1.1", &format!("evil.example:{port}"));
    assert_eq!(status, 403);
    assert!(
        body.contains(&format!("gợi ý: mở <a href=\"http://{own}/\">")),
        "the hint offers the address it listens on: {body}"
    );
    // It listens on the address given, not on every address.
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn the_preview_writes_nothing_whatever_it_is_sent() {
    let dir = site(&["valid_site"]);
    let before = tree(dir.path());
    let (_server, port, _) = start(dir.path());
    let own = format!("127.0.0.2:{port}");
    for head in [
        "POST / HTTP/1.1",
        "PUT /truyen/moi.html HTTP/1.1",
        "DELETE /index.html HTTP/1.1",
        "POST /__bangvang/events HTTP/1.1",
    ] {
        assert_eq!(request(port, head, &own).0, 405, "{head}");
    }
    assert_eq!(tree(dir.path()), before, "the site folder is unchanged");
}

#[test]
fn a_bind_that_is_no_address_says_what_to_write() {
    let dir = site(&["valid_site"]);
    let run = bangvang(dir.path(), &["serve", "--bind", "may-cua-toi"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "lỗi: `may-cua-toi` không phải một địa chỉ IP\n  gợi ý: viết `--bind lan` để dùng địa chỉ trong mạng nội bộ, hoặc một địa chỉ như `192.168.1.10`\n"
    );
}
