//! Names made from user text that must be safe as one file name on any host
//! (length, Windows-reserved names). Slugs and search-term files use them.

/// The longest slug taken from user text (a title, a name, a tag). File
/// systems allow 255 bytes per name; 100 keeps room for `-2`, `.html` and
/// the writer's temporary suffix, and an address a person can still read.
pub const MAX_SLUG: usize = 100;

/// Names Windows refuses as a file or folder, with or without extension
/// (`con.html`, `nul.json`): many public offices host on Windows/IIS.
pub fn is_windows_reserved(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(base.as_str(), "con" | "prn" | "aux" | "nul")
        || ((base.starts_with("com") || base.starts_with("lpt"))
            && base.len() == 4
            && matches!(base.as_bytes()[3], b'1'..=b'9'))
}

/// FNV-1a, 32 bits, as 8 hex digits: a stable, short stand-in for the rest
/// of a long name (the same function search.js uses).
pub fn short_hash(text: &str) -> String {
    format!("{:08x}", crate::text::hash::fnv1a(text))
}

/// A slug safe as one file name on any host: a long one is cut at a word
/// boundary and given a hash of the whole (stable, and two long titles
/// sharing their start stay apart); a Windows-reserved one gets `-0`.
/// The suffixes end in a digit or hex after a dash, never reserved again.
pub fn safe_slug(slug: String) -> String {
    if slug.len() > MAX_SLUG {
        let hash = short_hash(&slug);
        // Slugs are ASCII; leave room for `-` and the hash.
        let room = &slug[..MAX_SLUG - hash.len() - 1];
        let cut = match room.rfind('-') {
            Some(i) if i > room.len() / 2 => &room[..i],
            _ => room,
        };
        format!("{}-{hash}", cut.trim_end_matches('-'))
    } else if is_windows_reserved(&slug) {
        format!("{slug}-0")
    } else {
        slug
    }
}
