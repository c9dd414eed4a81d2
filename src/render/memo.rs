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

/// The keys of the last build and this one's, for `Plan::render_all`.
pub struct PageMemo<'a> {
    /// The program and the templates: a new program or any template change
    /// gives every page a new key.
    salt: Key,
    /// The key of a page of the last build, by file path (one lookup into
    /// the record, which also holds each file's size and time: a map of its
    /// own here held every path twice, some 30 MB at 100,000 stories).
    last: &'a (dyn Fn(&str) -> Option<Key> + Sync),
    /// Puts the last build's file at a path into this build; false when
    /// that file is gone or was changed since (the page is then rendered).
    keep: &'a (dyn Fn(&str) -> bool + Sync),
    /// The key of each page of this build made anew (a kept page's is the
    /// last build's, and its caller knows which were kept: not held twice).
    now: Mutex<Vec<(String, Key)>>,
    /// How many pages and files of bytes were kept or made.
    entries: AtomicUsize,
    /// How many pages were kept.
    kept: AtomicUsize,
    /// How many files of bytes (not pages) had their key taken.
    files: AtomicUsize,
}

/// What a memo knew at the end of a build.
pub struct Finished {
    /// Pages kept from the last build.
    pub pages_kept: usize,
    /// Pages made from a template, kept or rendered.
    pub pages: usize,
    /// The key of every page and file of bytes this build made anew, in
    /// path order; each one it kept has the last build's key.
    pub keys: Vec<(String, Key)>,
}

impl<'a> PageMemo<'a> {
    pub fn new(
        salt: Key,
        last: &'a (dyn Fn(&str) -> Option<Key> + Sync),
        keep: &'a (dyn Fn(&str) -> bool + Sync),
    ) -> Self {
        PageMemo {
            salt,
            last,
            keep,
            now: Mutex::new(Vec::new()),
            entries: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
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
        if self.keep_last(&file.path, key) {
            return Ok(());
        }
        self.record(&file.path, key);
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

    /// Whether the page at `path` with `key` is kept from the last build:
    /// same key there, and its file put into this build.
    pub fn kept(&self, path: &str, key: Key) -> bool {
        let kept = self.keep_last(path, key);
        if kept {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    /// `kept`, without counting a page.
    fn keep_last(&self, path: &str, key: Key) -> bool {
        let same = (self.last)(path) == Some(key);
        let kept = same && (self.keep)(path);
        if kept {
            self.entries.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    /// `path` was rendered with `key` in this build.
    pub fn record(&self, path: &str, key: Key) {
        self.entries.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut now) = self.now.lock() {
            now.push((path.to_string(), key));
        }
    }

    /// How many pages were kept and made, and the key of each file made anew.
    pub fn finish(self) -> Finished {
        let mut keys = self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        keys.sort();
        Finished {
            pages_kept: self.kept.into_inner(),
            pages: self.entries.into_inner() - self.files.into_inner(),
            keys,
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

    fn ctx(title: &str) -> Context {
        let mut c = Context::new();
        c.insert("page_title", title);
        c.insert("path", "truyen/a.html");
        c
    }

    #[test]
    fn the_key_changes_with_the_context_the_template_and_the_salt() {
        let keep = |_: &str| true;
        let memo = PageMemo::new([0; 32], &|_| None, &keep);
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
        let other = PageMemo::new([1; 32], &|_| None, &keep);
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
        let keep = |_: &str| true;
        let memo = PageMemo::new([0; 32], &|_| None, &keep);
        let a = memo.input_key(&("2023-06", ["Một"])).unwrap();
        assert_eq!(memo.input_key(&("2023-06", ["Một"])), Some(a));
        assert_ne!(memo.input_key(&("2023-06", ["Hai"])), Some(a));
        let other = PageMemo::new([1; 32], &|_| None, &keep);
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
    fn a_page_is_kept_only_with_the_same_key_and_its_file_in_place() {
        let keep = |path: &str| path != "gone.html";
        let last: HashMap<String, Key> = [
            ("a.html".to_string(), [7; 32]),
            ("gone.html".to_string(), [7; 32]),
        ]
        .into_iter()
        .collect();
        let last_key = |path: &str| last.get(path).copied();
        let memo = PageMemo::new([0; 32], &last_key, &keep);
        assert!(memo.kept("a.html", [7; 32]));
        assert!(!memo.kept("a.html", [8; 32]), "another key: rendered");
        assert!(!memo.kept("gone.html", [7; 32]), "file gone: rendered");
        assert!(!memo.kept("new.html", [7; 32]), "not in the last build");
        memo.record("new.html", [9; 32]);
        let finished = memo.finish();
        assert_eq!((finished.pages_kept, finished.pages), (1, 2));
        assert_eq!(finished.keys, vec![("new.html".into(), [9; 32])]);
    }
}
