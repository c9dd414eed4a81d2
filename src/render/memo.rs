//! Pages the last build already rendered. A page is a pure function of its
//! template and its context (the site's templates have no function that
//! reads anything else), so its key is the hash of the program, the
//! templates, the template's name and the context. When a page's key is the
//! one the last build rendered at the same path, and that build's file is
//! still there as it was written, the file is kept (linked into this build)
//! and the page is not rendered again: after a one-story edit most pages are
//! kept, and only those that show the story are rendered. A file made by
//! the program from an input alone (`Job::made_from`: the radio scripts) is
//! kept the same way, its key the hash of the program and that input.
//!
//! Making a page's context to find its key is itself most of a one-story
//! rebuild's work. So each page's record also names the stories whose
//! bodies it shows (`deferred`), and when the rest of the site is as the
//! last build had it (`site::fingerprint`), a page that shows no edited body
//! is kept without being made at all (`kept_unmade`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::render::deferred::Deferred;
use crate::render::output::OutputFile;

/// A page's key: the hash of everything its bytes are made from.
pub type Key = [u8; 32];

/// The stories whose bodies a page shows, by id (`Deferred::stories`);
/// none for a file of bytes, which may read any body.
pub type Shows<'s> = Option<&'s [u32]>;

/// What a memo asks of the last build's record (one lookup into it, which
/// also holds each file's size and time: maps of their own here held every
/// path twice, some 30 MB at 100,000 stories).
pub struct LastBuild<'a> {
    /// Whether the last build made the file at a path with this key,
    /// showing the same bodies.
    pub same: &'a (dyn Fn(&str, &Key, Shows) -> bool + Sync),
    /// Whether the last build's page at a path is this build's without
    /// being made: the rest of the site is as it was, and no body the page
    /// shows has changed. Always false for a file of bytes.
    pub unmade: &'a (dyn Fn(&str) -> bool + Sync),
    /// Puts the last build's file at a path into this build; false when
    /// that file is gone or was changed since (the page is then rendered).
    pub keep: &'a (dyn Fn(&str) -> bool + Sync),
}

/// A file this build made anew, for the next build's record.
pub struct Made {
    pub path: String,
    pub key: Key,
    /// The stories whose bodies the page shows; none for a file of bytes.
    pub shows: Option<Box<[u32]>>,
}

/// The keys of the last build and this one's, for `Plan::render_all`.
pub struct PageMemo<'a> {
    /// The program and the templates: a new program or any template change
    /// gives every page a new key.
    salt: Key,
    last: LastBuild<'a>,
    /// Each file of this build made anew (a kept one's record is the last
    /// build's, and its caller knows which were kept: not held twice).
    now: Mutex<Vec<Made>>,
    /// How many pages and files of bytes were kept or made.
    entries: AtomicUsize,
    /// How many pages were kept.
    kept: AtomicUsize,
    /// Of those, how many were kept without being made (`kept_unmade`).
    unmade: AtomicUsize,
    /// How many files of bytes (not pages) had their key taken.
    files: AtomicUsize,
}

/// What a memo knew at the end of a build.
pub struct Finished {
    /// Pages kept from the last build.
    pub pages_kept: usize,
    /// Of those, pages kept without being made.
    pub pages_unmade: usize,
    /// Pages made from a template, kept or rendered.
    pub pages: usize,
    /// Every page and file of bytes this build made anew, in path order;
    /// each one it kept has the last build's record.
    pub made: Vec<Made>,
}

impl<'a> PageMemo<'a> {
    pub fn new(salt: Key, last: LastBuild<'a>) -> Self {
        PageMemo {
            salt,
            last,
            now: Mutex::new(Vec::new()),
            entries: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
            unmade: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
        }
    }

    /// The key of `template` rendered with `ctx`, whose stand-ins are for
    /// `deferred`'s Markdown (`ctx` is handed back unchanged: hashing it
    /// needs it as JSON, which moves its values, not copies).
    pub fn key(&self, template: &str, ctx: Context, deferred: &Deferred) -> (Key, Context) {
        let json = ctx.into_json();
        let mut hasher = blake3::Hasher::new();
        hasher.update(&self.salt);
        hasher.update(template.as_bytes());
        hasher.update(b"\0");
        hash_value(&mut hasher, &json);
        deferred.hash_into(&mut hasher);
        let key = *hasher.finalize().as_bytes();
        // A context is always a JSON object, so this gives back all of it.
        let ctx = Context::from_value(json).unwrap_or_default();
        (key, ctx)
    }

    /// Hand `file` (bytes a job or the search index made, not a page) to
    /// `emit`, unless the last build left the same bytes at its path: that
    /// file is kept, and its old bytes are not read again to compare.
    pub fn emit_bytes(
        &self,
        file: OutputFile,
        emit: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
    ) -> Result<(), Diagnostic> {
        let key = self.tagged_key(b"\0bytes\0", &file.bytes);
        self.files.fetch_add(1, Ordering::Relaxed);
        if self.keep_last(&file.path, key, None) {
            return Ok(());
        }
        self.record(&file.path, key, None);
        emit(file)
    }

    /// The key of a file made from `input` alone by the program
    /// (`Job::made_from`): none when `input` cannot be serialised, since
    /// the hash of a part of it would not be a key of all of it. Postcard,
    /// not JSON: every string is written with its length, so two inputs
    /// never give the same bytes, and no string is scanned for escapes.
    pub fn input_key(&self, input: &impl Serialize) -> Option<Key> {
        let bytes = postcard::to_allocvec(input).ok()?;
        Some(self.tagged_key(b"\0made from\0", &bytes))
    }

    /// The hash of the salt, `tag` and `bytes`. A page's key hashes a
    /// template's name where this hashes `tag`, and no template is named
    /// with a NUL: the keys of pages, files of bytes and inputs never meet.
    fn tagged_key(&self, tag: &[u8], bytes: &[u8]) -> Key {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&self.salt);
        hasher.update(tag);
        hasher.update(bytes);
        *hasher.finalize().as_bytes()
    }

    /// Whether the page at `path`, not yet made, is kept from the last
    /// build (`LastBuild::unmade`) and its file put into this build.
    pub fn kept_unmade(&self, path: &str) -> bool {
        let kept = (self.last.unmade)(path) && (self.last.keep)(path);
        if kept {
            self.entries.fetch_add(1, Ordering::Relaxed);
            self.kept.fetch_add(1, Ordering::Relaxed);
            self.unmade.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    /// Whether the file of bytes at `path`, not made, is kept from the last
    /// build. Its maker says its bytes are those the last build wrote
    /// there: the search index, for a file no changed story touches.
    pub fn kept_file_unmade(&self, path: &str) -> bool {
        let kept = (self.last.keep)(path);
        if kept {
            self.entries.fetch_add(1, Ordering::Relaxed);
            self.files.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    /// Whether the page at `path` with `key`, showing the bodies of
    /// `shows`, is kept from the last build: the same there, and its file
    /// put into this build. A file made from an input (`Job::made_from`)
    /// shows none.
    pub fn kept(&self, path: &str, key: Key, shows: Shows) -> bool {
        let kept = self.keep_last(path, key, shows);
        if kept {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    /// `kept`, without counting a page.
    fn keep_last(&self, path: &str, key: Key, shows: Shows) -> bool {
        let kept = (self.last.same)(path, &key, shows) && (self.last.keep)(path);
        if kept {
            self.entries.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    /// `path` was made with `key` in this build, showing `shows`.
    pub fn record(&self, path: &str, key: Key, shows: Option<Box<[u32]>>) {
        self.entries.fetch_add(1, Ordering::Relaxed);
        let made = Made {
            path: path.to_string(),
            key,
            shows,
        };
        if let Ok(mut now) = self.now.lock() {
            now.push(made);
        }
    }

    /// How many pages were kept and made, and the key of each file made anew.
    pub fn finish(self) -> Finished {
        let mut made = self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        made.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Finished {
            pages_kept: self.kept.into_inner(),
            pages_unmade: self.unmade.into_inner(),
            pages: self.entries.into_inner() - self.files.into_inner(),
            made,
        }
    }
}

/// Feed `value` to `hasher`, every part with its kind and every string,
/// list and object with its length, so two values never give the same
/// bytes. Not through JSON text: escaping every string of every page was a
/// tenth of a one-story rebuild's page work. The small parts are gathered
/// first, as the hasher is fastest fed in whole blocks.
fn hash_value(hasher: &mut blake3::Hasher, value: &Value) {
    let mut gathered = Gathered {
        hasher,
        buffer: Vec::with_capacity(Gathered::BLOCK),
    };
    gathered.value(value);
    gathered.flush();
}

/// A hasher fed through a buffer.
struct Gathered<'h> {
    hasher: &'h mut blake3::Hasher,
    buffer: Vec<u8>,
}

impl Gathered<'_> {
    const BLOCK: usize = 16 * 1024;

    fn bytes(&mut self, bytes: &[u8]) {
        if self.buffer.len() + bytes.len() > Self::BLOCK {
            self.flush();
        }
        if bytes.len() >= Self::BLOCK {
            self.hasher.update(bytes);
        } else {
            self.buffer.extend_from_slice(bytes);
        }
    }

    fn flush(&mut self) {
        self.hasher.update(&self.buffer);
        self.buffer.clear();
    }

    /// A kind, then a length, then `bytes`.
    fn part(&mut self, kind: u8, len: usize, bytes: &[u8]) {
        self.bytes(&[kind]);
        self.bytes(&(len as u64).to_le_bytes());
        self.bytes(bytes);
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.bytes(b"n"),
            Value::Bool(b) => self.bytes(if *b { b"t" } else { b"f" }),
            // Its shortest exact text: 1 and 1.0 stay apart, as in JSON.
            Value::Number(n) => {
                let text = n.to_string();
                self.part(b'#', text.len(), text.as_bytes());
            }
            Value::String(text) => self.part(b's', text.len(), text.as_bytes()),
            Value::Array(items) => {
                self.part(b'a', items.len(), b"");
                items.iter().for_each(|item| self.value(item));
            }
            Value::Object(fields) => {
                self.part(b'o', fields.len(), b"");
                for (name, item) in fields {
                    self.part(b'k', name.len(), name.as_bytes());
                    self.value(item);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap as HashMap;

    /// A memo whose last build had nothing.
    fn empty_memo(salt: u8) -> PageMemo<'static> {
        PageMemo::new(
            [salt; 32],
            LastBuild {
                same: &|_, _, _| false,
                unmade: &|_| false,
                keep: &|_| true,
            },
        )
    }

    fn ctx(title: &str) -> Context {
        let mut c = Context::new();
        c.insert("page_title", title);
        c.insert("path", "truyen/a.html");
        c
    }

    #[test]
    fn the_key_changes_with_the_context_the_template_and_the_salt() {
        let memo = empty_memo(0);
        let (a, back) = memo.key("story.html", ctx("Một"), &Deferred::default());
        assert_eq!(back.get("page_title"), Some(&"Một".into()));
        assert_eq!(
            memo.key("story.html", ctx("Một"), &Deferred::default()).0,
            a
        );
        assert_ne!(
            memo.key("story.html", ctx("Hai"), &Deferred::default()).0,
            a
        );
        assert_ne!(memo.key("list.html", ctx("Một"), &Deferred::default()).0, a);
        let other = empty_memo(1);
        assert_ne!(
            other.key("story.html", ctx("Một"), &Deferred::default()).0,
            a
        );
    }

    #[test]
    fn values_that_differ_never_hash_the_same() {
        use serde_json::json;
        let hash = |v: Value| {
            let mut hasher = blake3::Hasher::new();
            hash_value(&mut hasher, &v);
            *hasher.finalize().as_bytes()
        };
        let values = [
            json!(["ab", "c"]),
            json!(["a", "bc"]),
            json!([["a"], "bc"]),
            json!({"a": null, "b": "x"}),
            json!({"a": "", "b": "x"}),
            json!({"a": "b", "x": null}),
            json!({"ab": null}),
            json!(1),
            json!(1.0),
            json!("1"),
            json!(true),
            json!("t"),
            json!(null),
            json!([]),
            json!({}),
        ];
        let keys: std::collections::HashSet<Key> = values.iter().cloned().map(hash).collect();
        assert_eq!(keys.len(), values.len());
        assert_eq!(hash(json!({"a": [1, "x"]})), hash(json!({"a": [1, "x"]})));
    }

    #[test]
    fn the_key_of_an_input_changes_with_the_input_and_the_salt() {
        let memo = empty_memo(0);
        let a = memo.input_key(&("2023-06", ["Một"])).unwrap();
        assert_eq!(memo.input_key(&("2023-06", ["Một"])), Some(a));
        assert_ne!(memo.input_key(&("2023-06", ["Hai"])), Some(a));
        let other = empty_memo(1);
        assert_ne!(other.input_key(&("2023-06", ["Một"])), Some(a));
        // A sequence of no known length cannot be written: no key, so
        // the file is made anew.
        struct Odd;
        impl Serialize for Odd {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq((0..3).filter(|n| n % 2 == 0))
            }
        }
        assert_eq!(memo.input_key(&Odd), None);
    }

    #[test]
    fn a_page_is_kept_only_the_same_and_with_its_file_in_place() {
        let keep = |path: &str| path != "gone.html";
        let last: HashMap<String, (Key, Vec<u32>)> = [
            ("a.html".to_string(), ([7; 32], vec![3])),
            ("gone.html".to_string(), ([7; 32], vec![])),
            ("b.html".to_string(), ([5; 32], vec![])),
        ]
        .into_iter()
        .collect();
        let same = |path: &str, key: &Key, shows: Shows| {
            last.get(path)
                .is_some_and(|(k, s)| k == key && shows == Some(s.as_slice()))
        };
        let unmade = |path: &str| path == "b.html" || path == "gone.html";
        let memo = PageMemo::new(
            [0; 32],
            LastBuild {
                same: &same,
                unmade: &unmade,
                keep: &keep,
            },
        );
        assert!(memo.kept("a.html", [7; 32], Some(&[3])));
        assert!(!memo.kept("a.html", [8; 32], Some(&[3])), "another key");
        assert!(!memo.kept("a.html", [7; 32], Some(&[4])), "other stories");
        assert!(!memo.kept("gone.html", [7; 32], Some(&[])), "file gone");
        assert!(
            !memo.kept("new.html", [7; 32], None),
            "not in the last build"
        );
        assert!(memo.kept_unmade("b.html"), "unmade and in place");
        assert!(
            !memo.kept_unmade("gone.html"),
            "unmade, but its file is gone"
        );
        assert!(!memo.kept_unmade("a.html"), "to be made");
        memo.record("new.html", [9; 32], Some(Box::new([1, 2])));
        let finished = memo.finish();
        assert_eq!((finished.pages_kept, finished.pages), (2, 3));
        assert_eq!(finished.pages_unmade, 1);
        let made: Vec<_> = finished
            .made
            .iter()
            .map(|m| (m.path.as_str(), m.key, m.shows.as_deref()))
            .collect();
        assert_eq!(made, vec![("new.html", [9; 32], Some(&[1, 2][..]))]);
    }
}
