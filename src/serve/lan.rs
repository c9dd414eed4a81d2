//! The preview on a phone: `serve --bind lan` (or an address) listens on
//! the office network, and `announce` gives the address with a QR code to
//! scan. The server stays what it is on 127.0.0.1: it only answers GET
//! requests from memory (no route writes a file) and only to its own Host
//! names, now the office address as well.

use std::net::{IpAddr, SocketAddr, UdpSocket};

use qrcode::render::unicode::Dense1x2;
use qrcode::QrCode;
use tokio::net::TcpListener;

/// The address `--bind` names: `lan` for this computer's address on the
/// office network, or an IP address. The message says what to write.
pub fn resolve(text: &str) -> Result<IpAddr, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("lan") {
        return lan_address().ok_or_else(|| {
            "không tìm thấy địa chỉ của máy này trong mạng nội bộ\n  gợi ý: kiểm tra máy đã nối mạng (Wi-Fi hoặc dây mạng), hoặc ghi thẳng địa chỉ, ví dụ `--bind 192.168.1.10` (xem bằng lệnh `ipconfig` trên Windows, `ip addr` trên Linux)".to_string()
        });
    }
    let ip: IpAddr = text.trim_matches(['[', ']']).parse().map_err(|_| {
        format!("`{text}` không phải một địa chỉ IP\n  gợi ý: viết `--bind lan` để dùng địa chỉ trong mạng nội bộ, hoặc một địa chỉ như `192.168.1.10`")
    })?;
    // Every address at once has no one address to scan or to check the
    // Host header against.
    if ip.is_unspecified() {
        return Err(format!("`{text}` là mọi địa chỉ cùng lúc, điện thoại không mở được\n  gợi ý: viết `--bind lan` để dùng địa chỉ của máy này trong mạng nội bộ"));
    }
    Ok(ip)
}

/// The address this computer uses to reach other networks: a UDP socket
/// "connected" to a public address sends nothing, but the system picks the
/// outgoing interface, whose address the phones on the same network reach.
fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:80").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// Bind `ip`:`port`, or an ephemeral port there when that one is taken.
pub async fn bind_at(ip: IpAddr, port: u16) -> std::io::Result<TcpListener> {
    match TcpListener::bind(SocketAddr::new(ip, port)).await {
        Ok(l) => Ok(l),
        Err(_) if port != 0 => TcpListener::bind(SocketAddr::new(ip, 0)).await,
        Err(e) => Err(e),
    }
}

/// What to show in the terminal: the address and a QR code of it, in
/// half-block characters (two rows of modules per line) that any terminal
/// shows, light on dark or dark on light.
pub fn announce(addr: SocketAddr) -> String {
    let url = format!("http://{addr}/");
    let qr = QrCode::new(url.as_bytes())
        .map(|code| {
            code.render::<Dense1x2>()
                .dark_color(Dense1x2::Light)
                .light_color(Dense1x2::Dark)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    format!("Xem trên điện thoại (cùng mạng với máy này): {url}\nQuét mã bằng máy ảnh của điện thoại:\n{qr}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_or_explained() {
        assert_eq!(resolve("127.0.0.2").unwrap().to_string(), "127.0.0.2");
        assert_eq!(resolve("[::1]").unwrap().to_string(), "::1");
        assert!(resolve("0.0.0.0")
            .unwrap_err()
            .contains("gợi ý: viết `--bind lan`"));
        let err = resolve("may-cua-toi").unwrap_err();
        assert!(
            err.starts_with("`may-cua-toi` không phải một địa chỉ IP\n  gợi ý: viết `--bind lan`"),
            "{err}"
        );
    }

    #[test]
    fn the_qr_code_carries_the_address() {
        let text = announce("192.168.1.10:8080".parse().unwrap());
        assert!(text.starts_with(
            "Xem trên điện thoại (cùng mạng với máy này): http://192.168.1.10:8080/\n"
        ));
        // The code is drawn with half blocks, and is square: as many
        // characters wide as two rows of modules tall.
        let rows: Vec<&str> = text.lines().skip(2).collect();
        assert!(rows.len() > 10, "{text}");
        let width = rows[0].chars().count();
        assert!(rows.iter().all(|r| r.chars().count() == width));
        assert!(rows.iter().any(|r| r.contains('▀') || r.contains('▄')));
        assert!(
            (rows.len() * 2).abs_diff(width) <= 1,
            "{} x {width}",
            rows.len()
        );
    }
}
