//! Where a page address lands on disk. Pure string work, shared by Markdown
//! link checks (low) and the renderers and server (high).

/// The file a page address is written to.
pub fn file_path(url_path: &str) -> String {
    if url_path.is_empty() || url_path.ends_with('/') {
        format!("{url_path}index.html")
    } else {
        url_path.to_string()
    }
}
