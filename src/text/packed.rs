//! Text kept compressed while it waits to be used. A build holds every
//! story's body from the moment its file is parsed until the last page that
//! shows it is made: at 100,000 stories some 400 MB of a peak near 1.1 GB.
//! Most of that time nothing reads it (a kept page is not rendered again), so
//! the body is packed with LZ4 as soon as its file is parsed and unpacked
//! only where a page, a feed or the search index reads it. Packing at the
//! parse, not later, matters: a body unpacked and freed later leaves a hole
//! the allocator cannot give back (measured: the live heap fell, the peak
//! RSS did not).
//!
//! The packed bytes are a pure function of the text, so a key may hash them
//! in place of the text: equal texts pack to equal bytes, different texts to
//! different ones. A key takes their blake3 `digest`, made once a build and
//! kept with them: the page record, the search index's keys and the pages
//! that show a body all hashed every body's bytes, each on its own (some 25
//! MB apiece at 10,000 stories).

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// UTF-8 text, LZ4-packed (its length first).
#[derive(Clone, Default)]
pub struct PackedText {
    bytes: Box<[u8]>,
    /// The blake3 hash of `bytes`, once it is asked for.
    digest: OnceLock<[u8; 32]>,
}

impl PartialEq for PackedText {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for PackedText {}

impl PackedText {
    pub fn new(text: &str) -> Self {
        let packed = lz4_flex::block::compress_prepend_size(text.as_bytes());
        // The packer's buffer is sized for the worst case. A copy of the
        // bytes used, not the buffer shrunk in place: the allocator keeps
        // a block shrunk to half its size or more whole, and the body would
        // hold as much memory packed as plain.
        PackedText::from_bytes(Box::from(packed.as_slice()))
    }

    fn from_bytes(bytes: Box<[u8]>) -> Self {
        PackedText {
            bytes,
            digest: OnceLock::new(),
        }
    }

    /// The text. Packed bytes come only from `new` or from a record whose
    /// every entry carries a checksum (`pipeline::stored`), so a failure
    /// here means memory itself went wrong; the text is then shown as what
    /// could be read, never a panic.
    pub fn unpack(&self) -> String {
        let bytes = lz4_flex::block::decompress_size_prepended(&self.bytes).unwrap_or_default();
        // simdutf8 checks Vietnamese several times faster than the standard
        // check would; the copy that follows costs less than that check.
        match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// The packed bytes.
    pub fn packed_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The blake3 hash of the packed bytes, for a key (see the module's
    /// note): made the first time it is asked for, then kept.
    pub fn digest(&self) -> &[u8; 32] {
        self.digest
            .get_or_init(|| *blake3::hash(&self.bytes).as_bytes())
    }
}

impl From<&str> for PackedText {
    fn from(text: &str) -> Self {
        PackedText::new(text)
    }
}

impl fmt::Debug for PackedText {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "PackedText({:?})", self.unpack())
    }
}

/// Written as one run of bytes, the digest first: a record read back
/// (`pipeline::stored`, whose files carry their own hash) then brings the
/// digest with it, where every build hashed every body again (26 MB at
/// 10,000 stories, a tenth of a one-story rebuild). One run: postcard
/// copies it back in one go, where a sequence would be read byte by byte.
impl Serialize for PackedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut run = Vec::with_capacity(DIGEST_LEN + self.bytes.len());
        run.extend_from_slice(self.digest());
        run.extend_from_slice(&self.bytes);
        serializer.serialize_bytes(&run)
    }
}

const DIGEST_LEN: usize = 32;

impl<'de> Deserialize<'de> for PackedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_bytes(PackedVisitor)
    }
}

impl PackedText {
    /// What `serialize` wrote: the digest, then the packed bytes.
    fn from_run<E: serde::de::Error>(run: &[u8]) -> Result<PackedText, E> {
        let Some((digest, bytes)) = run.split_first_chunk::<DIGEST_LEN>() else {
            return Err(E::invalid_length(run.len(), &"a digest and packed text"));
        };
        Ok(PackedText {
            bytes: bytes.into(),
            digest: OnceLock::from(*digest),
        })
    }
}

struct PackedVisitor;

impl<'de> serde::de::Visitor<'de> for PackedVisitor {
    type Value = PackedText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("packed text (bytes)")
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<PackedText, E> {
        PackedText::from_run(v)
    }

    /// A self-describing format (JSON) writes bytes as a list of numbers.
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<PackedText, A::Error> {
        let mut run = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(byte) = seq.next_element::<u8>()? {
            run.push(byte);
        }
        PackedText::from_run(&run)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_comes_back_as_it_went_in_and_smaller() {
        let text = "Ông Đạt hướng dẫn mọi người ngắt cầu dao điện, đưa người già và trẻ nhỏ \
                    ra khỏi khu vực nguy hiểm. Ông Đạt năm nay 55 tuổi. "
            .repeat(20);
        let packed = PackedText::new(&text);
        assert_eq!(packed.unpack(), text);
        assert!(packed.packed_bytes().len() < text.len() / 2);
        assert_eq!(PackedText::new("").unpack(), "");
    }

    #[test]
    fn equal_texts_pack_alike_and_different_ones_do_not() {
        let a = PackedText::new("Người tốt, việc tốt");
        assert_eq!(a, PackedText::new("Người tốt, việc tốt"));
        assert_ne!(a, PackedText::new("Người tốt, việc tốt."));
        assert_eq!(a.digest(), PackedText::new("Người tốt, việc tốt").digest());
        assert_ne!(a.digest(), PackedText::new("Người tốt, việc tốt.").digest());
        assert_eq!(a.digest(), blake3::hash(a.packed_bytes()).as_bytes());
    }

    #[test]
    fn a_record_gives_back_the_same_text() {
        let packed = PackedText::new("Bà con khu phố đồng tình.");
        let bytes = postcard::to_allocvec(&packed).unwrap();
        let back: PackedText = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.unpack(), "Bà con khu phố đồng tình.");
        let json = serde_json::to_string(&packed).unwrap();
        let back: PackedText = serde_json::from_str(&json).unwrap();
        assert_eq!(back, packed);
    }

    #[test]
    fn a_text_read_back_brings_its_digest_and_a_short_run_is_refused() {
        let text = PackedText::new("Người tốt, việc tốt");
        let run = postcard::to_allocvec(&text).unwrap();
        let back: PackedText = postcard::from_bytes(&run).unwrap();
        assert_eq!(back, text);
        assert_eq!(back.unpack(), "Người tốt, việc tốt");
        assert_eq!(back.digest.get(), Some(text.digest()));
        let json: PackedText =
            serde_json::from_str(&serde_json::to_string(&text).unwrap()).unwrap();
        assert_eq!(json.digest.get(), Some(text.digest()));
        let short = postcard::to_allocvec(&serde_bytes_of(&[1, 2, 3])).unwrap();
        assert!(postcard::from_bytes::<PackedText>(&short).is_err());
    }

    /// A run of bytes as postcard writes one.
    fn serde_bytes_of(bytes: &[u8]) -> impl Serialize + '_ {
        struct Run<'a>(&'a [u8]);
        impl Serialize for Run<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        Run(bytes)
    }
}
