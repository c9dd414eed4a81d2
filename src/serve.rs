//! `bangvang serve`: build the site into a temporary folder (never into
//! `public/`) and serve it on 127.0.0.1 with a well-kept static file server.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::Router;
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};

/// Bind 127.0.0.1:`port`, or an ephemeral port when that one is taken.
pub async fn bind(port: u16) -> std::io::Result<TcpListener> {
    match TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await {
        Ok(l) => Ok(l),
        Err(_) if port != 0 => TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await,
        Err(e) => Err(e),
    }
}

/// The router for a built site in `dir`: files as they are, folders by their
/// `index.html`, anything else the site's 404 page. `ServeDir` refuses paths
/// that climb out of `dir`.
pub fn router(dir: &Path) -> Router {
    let not_found = ServeFile::new(dir.join("404.html"));
    Router::new().fallback_service(
        ServeDir::new(dir)
            .append_index_html_on_directories(true)
            .not_found_service(not_found),
    )
}

/// Serve `dir` until the process is stopped.
pub async fn run(listener: TcpListener, dir: PathBuf) -> std::io::Result<()> {
    axum::serve(listener, router(&dir))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
