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

/// FNV-1a, 64 bits: for keys compared within one build (a person's
/// identity), where 32 bits would let two of 100,000 people collide.
pub fn fnv1a_64(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Feed `bytes` to `hasher` with their length first, so that no two
/// different runs of fields give the same bytes ("ab","c" against
/// "a","bc"): every key hashed from several texts is built this way.
pub fn update_framed(hasher: &mut blake3::Hasher, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}
