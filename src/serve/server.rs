//! The connection side of `serve`: which Host names are answered, the
//! accept loop with its header timeout, and a shutdown that never waits on
//! an open tab.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use axum::Router;

/// A client that has not sent a whole request head by then is dropped, so
/// a stalled or malicious connection (slowloris) cannot hold a slot; idle
/// keep-alive connections are closed after it too (the browser reopens one).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a stop waits for answers in progress before leaving anyway.
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// The Host names the server answers to. A page on another site can point
/// its own name at 127.0.0.1 (DNS rebinding) and then read our answers as
/// its own; refusing other names stops that. An option that listens on
/// another address (a LAN one, say) adds it with `add`.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts {
    names: Vec<String>,
    /// The address first added, where the server surely listens: the one
    /// to offer (a server on 127.0.0.2 or a LAN address is not on 127.0.0.1).
    first: Option<String>,
}

impl AllowedHosts {
    /// The names of the address the server listens on.
    pub fn for_addr(addr: SocketAddr) -> AllowedHosts {
        let mut hosts = AllowedHosts::default();
        hosts.add(addr);
        hosts
    }

    /// Also answer to `addr`; a loopback address brings its usual names
    /// (localhost, 127.0.0.1, [::1]) with the same port.
    pub fn add(&mut self, addr: SocketAddr) {
        let port = addr.port();
        if self.first.is_none() {
            self.first = Some(format!("{}:{port}", host_name(addr.ip())));
        }
        let mut hosts = vec![host_name(addr.ip())];
        if addr.ip().is_loopback() {
            hosts.extend(["127.0.0.1".into(), "localhost".into(), "[::1]".into()]);
        }
        for host in hosts {
            // Port 80 is left out of the Host header by browsers.
            if port == 80 {
                self.names.push(host.clone());
            }
            self.names.push(format!("{host}:{port}"));
        }
        self.names.sort();
        self.names.dedup();
    }

    pub fn allows(&self, host: &str) -> bool {
        self.names.iter().any(|n| n.eq_ignore_ascii_case(host))
    }

    /// The first address to offer in the refusal's hint.
    fn preferred(&self) -> &str {
        self.first
            .as_ref()
            .or(self.names.first())
            .map_or("127.0.0.1", String::as_str)
    }
}

fn host_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// Refuse a request whose Host is not one of ours, before any routing.
pub async fn check_host(
    State(allowed): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if allowed.allows(host) {
        return next.run(request).await;
    }
    let page = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Địa chỉ không được phép</title></head><body><h1>Địa chỉ không được phép</h1><p>Máy chủ xem thử chỉ trả lời khi được mở bằng địa chỉ của chính nó.</p><p>gợi ý: mở <a href=\"http://{0}/\">http://{0}/</a></p></body></html>",
        allowed.preferred()
    );
    (
        StatusCode::FORBIDDEN,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page,
    )
        .into_response()
}

/// Serve `app` until `stop` completes: then take no new connection, call
/// `end_streams` (an open live-reload stream would otherwise hold the stop
/// forever), and give answers in progress `SHUTDOWN_GRACE` to finish.
pub async fn serve_until(
    listener: TcpListener,
    app: Router,
    stop: impl Future<Output = ()>,
    end_streams: impl FnOnce(),
) -> std::io::Result<()> {
    let service = TowerToHyperService::new(app);
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors or a connection reset while
                // queued: wait a little rather than spin, and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let connection =
            graceful.watch(http.serve_connection(TokioIo::new(stream), service.clone()));
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    end_streams();
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    Ok(())
}

/// Completes on Ctrl+C (and SIGTERM on Unix, as a service manager sends).
/// The handlers are installed here, at once, so a signal that arrives
/// before the server is polled is not lost.
pub fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_names_are_answered() {
        let hosts = AllowedHosts::for_addr("127.0.0.1:8080".parse().unwrap());
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "",
            "127.0.0.1",
            "127.0.0.1:8081",
            "evil.example:8080",
            "localhost.evil.example:8080",
            "0.0.0.0:8080",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
    }

    #[test]
    fn another_address_can_be_added() {
        let mut hosts = AllowedHosts::for_addr("127.0.0.1:8080".parse().unwrap());
        hosts.add("192.168.1.20:8080".parse().unwrap());
        assert!(hosts.allows("192.168.1.20:8080"));
        assert!(hosts.allows("localhost:8080"));
        assert!(!hosts.allows("192.168.1.21:8080"));
        let on_80 = AllowedHosts::for_addr("127.0.0.1:80".parse().unwrap());
        assert!(on_80.allows("localhost") && on_80.allows("localhost:80"));
    }
}
