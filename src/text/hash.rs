//! The one stable hash of the project, for names that must be the same in
//! Rust and in search.js (file names of long terms, search buckets).

/// FNV-1a, 32 bits, over the bytes (same in search.js, whose input is ASCII).
pub fn fnv1a(text: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for b in text.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    h
}
