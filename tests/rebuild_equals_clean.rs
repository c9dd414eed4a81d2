//! A rebuild equals a clean build. `build` keeps state beside the output
//! (`.public.bangvang-cache/`: images and share cards by content hash; the
//! previous output, whose unchanged files are hard-linked; the addresses it
//! published). After every random edit of a copy of the example site, a
//! build into the folder kept across all steps must give, byte for byte,
//! the output of a build into a new folder with no cache and no history:
//! the same files and folders, bytes and permissions.
//!
//! History: the address list (`.public.bangvang-dia-chi.txt`, beside the
//! output) only feeds the next build's `address-dropped` *warning*
//! (src/pipeline/addresses.rs); redirects come from a story's `aliases:`,
//! which is source. So no output depends on the previous build and nothing
//! is left out of the comparison; the title step checks that the history
//! shows in the warnings only.
//!
//! The seed is fixed, so a failure repeats; `BANGVANG_REBUILD_SEED=N` runs
//! another sequence. A failure names the seed and every step.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

/// The seed of the sequence unless `BANGVANG_REBUILD_SEED` gives another.
const SEED: u64 = 0x6261_6e67_7661_6e67;
/// Steps after the first build: every kind of edit once, then random ones.
const STEPS: usize = 15;
/// One story in this many of the example is kept (and the photo's story):
/// a clean debug build draws every share card, ~0.15 s each on two cores.
const KEEP_ONE_IN: usize = 10;
/// The example's photo (1800 px) is made this wide: a debug build spends
/// seconds encoding the full one, once per clean build.
const PHOTO_WIDTH: u32 = 700;
const PHOTO: &str = "content/images/tu-sach-dau-ngo.jpg";
const OUT: &str = "public";
const CACHE: &str = ".public.bangvang-cache";

/// splitmix64: small, good enough, and no new dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A kind of edit: its name (in the log) and how it is made; each says
/// what it did.
type Edit = (&'static str, fn(&mut Run) -> String);

const EDITS: [Edit; 12] = [
    ("body", Run::edit_body),
    ("title", Run::edit_title),
    ("new story", Run::add_story),
    ("rename file", Run::rename_story),
    ("delete story", Run::delete_story),
    ("unit name", Run::rename_unit),
    ("template", Run::edit_template),
    ("css", Run::edit_css),
    ("site title", Run::edit_site_title),
    ("photo", Run::edit_photo),
    ("corrupt cache", Run::corrupt_cache),
    ("damage output", Run::damage_output),
];

/// The copy of the site being edited, and what happened to it so far.
struct Run {
    root: tempfile::TempDir,
    rng: Rng,
    seed: u64,
    step: usize,
    log: Vec<String>,
}

impl Run {
    fn fail(&self, why: &str) -> ! {
        panic!(
            "{why}\nseed {} (BANGVANG_REBUILD_SEED={} repeats it), steps:\n  {}",
            self.seed,
            self.seed,
            self.log.join("\n  ")
        )
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        read(self.root.path(), rel)
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }

    /// Every story file, as `content/stories/…`, sorted.
    fn stories(&self) -> Vec<String> {
        let all = files_under(self.root.path(), &self.path("content/stories"));
        all.into_iter().filter(|f| f.ends_with(".md")).collect()
    }

    /// A story whose text passes `keep`, at random.
    fn story_where(&mut self, keep: impl Fn(&str) -> bool) -> String {
        let chosen: Vec<String> = self
            .stories()
            .into_iter()
            .filter(|s| keep(&self.read(s)))
            .collect();
        self.rng.pick(&chosen).clone()
    }
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// `text` with the first line starting with `prefix` replaced by `new(line)`.
fn set_line(text: &str, prefix: &str, new: impl Fn(&str) -> String) -> String {
    let mut done = false;
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            if !done && line.starts_with(prefix) {
                done = true;
                new(line)
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(done, "no line starting with {prefix:?}");
    lines.join("\n")
}

/// A quoted value's line with `more` added inside the quotes.
fn extend_quoted(line: &str, more: &str) -> String {
    let line = line.trim_end();
    let body = line.strip_suffix('"').expect("a quoted value");
    format!("{body}{more}\"")
}

/// A name no story of the example has, different at every step.
fn new_name(n: usize) -> String {
    const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
    const GIVEN: [&str; 12] = [
        "Ánh",
        "Bảo",
        "Chinh",
        "Duyên",
        "Giao",
        "Hiếu",
        "Khuê",
        "Luân",
        "Mẫn",
        "Nhàn",
        "Phượng",
        "Quế",
    ];
    format!("{} Thử {}", FAMILY[n % 8], GIVEN[n % 12])
}

fn save_jpeg(img: &image::RgbImage, path: &Path) {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
        .encode_image(img)
        .unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The example site (site.yaml, content/, themes/; not public/ or
/// target/), with one story in `KEEP_ONE_IN` and the photo's story kept,
/// and the photo made `PHOTO_WIDTH` wide.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "themes"] {
        copy_dir(&repo.join(part), &dir.path().join(part));
    }
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    let stories = files_under(dir.path(), &dir.path().join("content/stories"));
    for (i, story) in stories.iter().filter(|f| f.ends_with(".md")).enumerate() {
        let story = dir.path().join(story);
        let text = std::fs::read_to_string(&story).unwrap();
        if i % KEEP_ONE_IN != 0 && !text.contains("\nphoto:") {
            std::fs::remove_file(&story).unwrap();
        }
    }
    let photo = dir.path().join(PHOTO);
    let img = image::open(&photo).unwrap();
    let small = img.resize(PHOTO_WIDTH, u32::MAX, image::imageops::FilterType::Triangle);
    save_jpeg(&small.to_rgb8(), &photo);
    dir
}

/// Every file under `dir`, as paths relative to `root`, sorted.
fn files_under(root: &Path, dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| rel(root, e.path()))
        .collect();
    found.sort();
    found
}

impl Run {
    /// Every kind of edit once, in a random order, then random ones.
    fn plan(&mut self) -> Vec<Edit> {
        let mut plan = EDITS.to_vec();
        for i in (1..plan.len()).rev() {
            let j = self.rng.below(i + 1);
            plan.swap(i, j);
        }
        while plan.len() < STEPS {
            plan.push(*self.rng.pick(&EDITS));
        }
        plan
    }

    fn edit_body(&mut self) -> String {
        let story = self.story_where(|_| true);
        let text = self.read(&story).trim_end().to_string()
            + &format!(
                "\n\nĐoạn viết thêm ở bước {}: bà con trong khu dân cư đều cảm phục.\n",
                self.step
            );
        self.write(&story, &text);
        story
    }

    /// A published story's title, so its address changes and the kept
    /// build warns that the old one is dropped (see `check_and_compare`).
    fn edit_title(&mut self) -> String {
        let story = self.story_where(|t| !t.contains("\ndraft: true") && !t.contains("\nslug:"));
        let more = format!(" lần {}", self.step);
        let text = set_line(&self.read(&story), "title: \"", |l| extend_quoted(l, &more));
        self.write(&story, &text);
        story
    }

    /// A copy of a story for someone else: a new person, title and file.
    fn add_story(&mut self) -> String {
        let from = self.story_where(|_| true);
        let name = new_name(self.step);
        let text = set_line(&self.read(&from), "  name: \"", |_| {
            format!("  name: \"{name}\"")
        });
        let text = set_line(&text, "title: \"", |l| {
            format!("title: \"Tấm gương {name}: {}", &l["title: \"".len()..])
        });
        let folder = Path::new(&from).parent().unwrap().to_string_lossy();
        let to = format!("{folder}/them-bai-{}.md", self.step);
        self.write(&to, &text);
        format!("{to} from {from}")
    }

    fn rename_story(&mut self) -> String {
        let story = self.story_where(|_| true);
        let stem = story.strip_suffix(".md").unwrap();
        let to = format!("{stem}-doi-ten-{}.md", self.step);
        std::fs::rename(self.path(&story), self.path(&to)).unwrap();
        format!("{story} to {to}")
    }

    /// Never the photo's story, so the photo stays published for `edit_photo`.
    fn delete_story(&mut self) -> String {
        let story = self.story_where(|t| !t.contains("\nphoto:"));
        std::fs::remove_file(self.path(&story)).unwrap();
        story
    }

    /// The display name of a unit some story names.
    fn rename_unit(&mut self) -> String {
        let story = self.story_where(|t| t.contains("\nunit: "));
        let text = self.read(&story);
        let unit = text.split("\nunit: ").nth(1).unwrap();
        let unit = unit.lines().next().unwrap().trim().to_string();
        let registry = self.read("content/registry.yaml");
        let id_line = format!("\n  - id: {unit}");
        let start = registry
            .match_indices(&id_line)
            .map(|(at, _)| at)
            .find(|at| registry[at + id_line.len()..].starts_with(['\n', ' ']))
            .unwrap_or_else(|| panic!("unit {unit} not in the registry"));
        let (before, after) = registry.split_at(start + 1);
        let more = format!(" (đổi tên ở bước {})", self.step);
        let after = set_line(after, "    name: \"", |l| extend_quoted(l, &more));
        self.write("content/registry.yaml", &format!("{before}{after}"));
        unit
    }

    /// The footer of every page, or a mark drawn on every share card.
    fn edit_template(&mut self) -> String {
        let n = self.step;
        let (file, end, added) = if self.rng.below(2) == 0 {
            (
                "base.html",
                "</footer>",
                format!("<p>Dòng thêm ở bước {n}.</p>\n"),
            )
        } else {
            let x = 20 * n;
            let mark =
                format!("<rect x=\"{x}\" y=\"100\" width=\"8\" height=\"8\" fill=\"#1d1b16\"/>\n");
            ("share-card.svg", "</svg>", mark)
        };
        let path = format!("themes/default/templates/{file}");
        let text = self.read(&path).replacen(end, &format!("{added}{end}"), 1);
        self.write(&path, &text);
        path
    }

    fn edit_css(&mut self) -> String {
        let path = "themes/default/static/style.css";
        let text = self.read(path) + &format!("\n.buoc-{} {{ color: #1d1b16; }}\n", self.step);
        self.write(path, &text);
        path.into()
    }

    fn edit_site_title(&mut self) -> String {
        let more = format!(" (bước {})", self.step);
        let text = set_line(&self.read("site.yaml"), "title: \"", |l| {
            extend_quoted(l, &more)
        });
        self.write("site.yaml", &text);
        "site.yaml".into()
    }

    /// A square of the photo painted over, and the photo saved again.
    fn edit_photo(&mut self) -> String {
        let path = self.path(PHOTO);
        let mut img = image::open(&path).unwrap().to_rgb8();
        let (x, y) = (
            self.rng.below(img.width() as usize - 16) as u32,
            self.rng.below(img.height() as usize - 16) as u32,
        );
        let colour = self.rng.next().to_le_bytes();
        for dx in 0..16 {
            for dy in 0..16 {
                img.put_pixel(
                    x + dx,
                    y + dy,
                    image::Rgb([colour[0], colour[1], colour[2]]),
                );
            }
        }
        // Every other time a few columns fewer too: the page gives the
        // photo's size, which a new file of the same name can change.
        let narrower = self.rng.below(2) == 0 && img.width() > 64;
        if narrower {
            img = image::imageops::crop_imm(&img, 0, 0, img.width() - 8, img.height()).to_image();
        }
        save_jpeg(&img, &path);
        format!("{PHOTO} at {x},{y}, {} wide", img.width())
    }
}

impl Run {
    /// Damage to the cache, as a full disk, a disk error or a stray write
    /// would do it: one file cut in half; one bit flipped in a file the
    /// current output was made from (a card or an image, found by its
    /// bytes); and in a text record of the cache (an image's `meta.txt`),
    /// one digit of a random line made another, so that it still parses.
    fn corrupt_cache(&mut self) -> String {
        let root = self.root.path().to_path_buf();
        let bytes = |f: &String| std::fs::read(root.join(f)).unwrap();
        let cache = files_under(&root, &root.join(CACHE));
        let output: std::collections::HashSet<Vec<u8>> = files_under(&root, &root.join(OUT))
            .iter()
            .map(bytes)
            .collect();
        let in_use: Vec<String> = cache
            .iter()
            .filter(|f| output.contains(&bytes(f)))
            .cloned()
            .collect();
        let records: Vec<String> = cache
            .iter()
            .filter(|f| !output.contains(&bytes(f)) && String::from_utf8(bytes(f)).is_ok())
            .cloned()
            .collect();
        if in_use.is_empty() || records.is_empty() {
            self.fail("no file of the cache is in the output, or none is a text record");
        }
        let cut = self.rng.pick(&cache).clone();
        let whole = bytes(&cut);
        std::fs::write(self.path(&cut), &whole[..whole.len() / 2]).unwrap();
        let flipped = self.rng.pick(&in_use).clone();
        let at = self.rng.below(bytes(&flipped).len());
        flip(&self.path(&flipped), at);
        let record = self.rng.pick(&records).clone();
        let digit = digit_on_a_line(&bytes(&record), &mut self.rng);
        // The lowest bit: a digit stays a digit.
        flip(&root.join(&record), digit);
        format!("cut {cut}, flipped byte {at} of {flipped} and {digit} of {record}")
    }

    /// One file of the kept output deleted and another garbled in place.
    /// Not the `.bangvang` marker: without it the folder is refused, by
    /// design (README, "The output folder").
    fn damage_output(&mut self) -> String {
        let files: Vec<String> = files_under(self.root.path(), &self.path(OUT))
            .into_iter()
            .filter(|f| !f.ends_with("/.bangvang"))
            .collect();
        let deleted = self.rng.pick(&files).clone();
        let garbled = self.rng.pick(&files).clone();
        let len = std::fs::read(self.path(&garbled)).unwrap().len();
        if len > 0 {
            flip(&self.path(&garbled), len / 2);
        }
        // The same file twice is still a deletion.
        std::fs::remove_file(self.path(&deleted)).unwrap();
        format!("deleted {deleted}, garbled {garbled}")
    }

    /// `check`, then a build into the kept output and one into a new folder
    /// (no cache, no history), and the two outputs compared. The clean
    /// build runs alongside the other two (they only read the site), which
    /// keeps the test's time near that of the clean builds alone.
    fn check_and_compare(&self, edit: &str) {
        let root = self.root.path();
        let fresh = tempfile::tempdir().unwrap();
        let clean_out = fresh.path().join(OUT);
        let clean_arg = clean_out.to_str().unwrap();
        let (check, kept, clean) = std::thread::scope(|s| {
            let clean = s.spawn(|| bangvang(root, &["build", "--output", clean_arg]));
            let check = bangvang(root, &["check"]);
            let kept = bangvang(root, &["build", "--output", OUT]);
            (check, kept, clean.join().unwrap())
        });
        for (what, done) in [
            (
                "the edit left the site invalid (fix the edit, not the check)",
                &check,
            ),
            ("the rebuild failed", &kept),
            ("the clean build failed", &clean),
        ] {
            if done.code != 0 {
                self.fail(&format!("{what}:\n{}{}", done.stdout, done.stderr));
            }
        }
        let diffs = differences(&self.path(OUT), &clean_out);
        if !diffs.is_empty() {
            self.fail(&format!(
                "the rebuild differs from a clean build in {} entries; the first:\n{}",
                diffs.len(),
                diffs.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
            ));
        }
        // The history a build keeps shows in its warnings, not its output.
        let dropped = "[address-dropped]";
        if edit == "title" && (!kept.stderr.contains(dropped) || clean.stderr.contains(dropped)) {
            self.fail(&format!(
                "a new title: only the rebuild should warn of the dropped address\n\
                 rebuild:\n{}\nclean build:\n{}",
                kept.stderr, clean.stderr
            ));
        }
    }
}

/// Where a digit of `text` is, on a line chosen among those with digits.
fn digit_on_a_line(text: &[u8], rng: &mut Rng) -> usize {
    let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
    for (at, byte) in text.iter().enumerate() {
        match byte {
            b'\n' => lines.push(Vec::new()),
            b'0'..=b'9' => lines.last_mut().unwrap().push(at),
            _ => {}
        }
    }
    lines.retain(|digits| !digits.is_empty());
    let line = rng.pick(&lines).clone();
    *rng.pick(&line)
}

/// The lowest bit of byte `at` flipped, in place (same inode).
fn flip(path: &Path, at: usize) {
    use std::io::{Seek, SeekFrom, Write};
    let byte = std::fs::read(path).unwrap()[at] ^ 1;
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(at as u64)).unwrap();
    f.write_all(&[byte]).unwrap();
}

/// What an entry of an output is: a folder, a link, or a file's
/// permissions and bytes.
#[derive(PartialEq)]
enum Entry {
    Folder(u32),
    Link(PathBuf),
    File(u32, Vec<u8>),
}

/// Every entry under `dir` (folders and dotfiles too), by relative path.
fn listing(dir: &Path) -> BTreeMap<String, Entry> {
    use std::os::unix::fs::PermissionsExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let mode = e.metadata().unwrap().permissions().mode() & 0o7777;
            let entry = if e.path_is_symlink() {
                Entry::Link(std::fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                Entry::Folder(mode)
            } else {
                Entry::File(mode, std::fs::read(e.path()).unwrap())
            };
            (rel(dir, e.path()), entry)
        })
        .collect()
}

/// How a kept entry differs from the clean one, in a line.
fn difference(kept: &Entry, clean: &Entry) -> String {
    match (kept, clean) {
        (Entry::File(m, a), Entry::File(n, b)) if a == b => format!("mode {m:o}, clean {n:o}"),
        (Entry::File(_, a), Entry::File(_, b)) => {
            let at = a.iter().zip(b).take_while(|(x, y)| x == y).count();
            let around = |v: &[u8]| {
                let from = at.saturating_sub(30);
                String::from_utf8_lossy(&v[from..(at + 50).min(v.len())]).into_owned()
            };
            format!(
                "{} bytes, clean {}, first difference at byte {at}:\n    rebuild: {:?}\n    clean:   {:?}",
                a.len(),
                b.len(),
                around(a),
                around(b)
            )
        }
        (Entry::Folder(m), Entry::Folder(n)) => format!("folder mode {m:o}, clean {n:o}"),
        _ => "a different kind of entry (file, folder, link)".into(),
    }
}

/// Every way the kept output differs from the clean one, a line each.
fn differences(kept: &Path, clean: &Path) -> Vec<String> {
    let kept = listing(kept);
    let clean = listing(clean);
    let mut found = Vec::new();
    for (path, entry) in &kept {
        match clean.get(path) {
            None => found.push(format!("only in the rebuild: {path}")),
            Some(other) if other != entry => {
                found.push(format!("{path}: {}", difference(entry, other)))
            }
            Some(_) => {}
        }
    }
    for path in clean.keys().filter(|p| !kept.contains_key(*p)) {
        found.push(format!("only in the clean build: {path}"));
    }
    found
}

#[test]
fn a_rebuild_after_any_edits_equals_a_clean_build() {
    let seed = match std::env::var("BANGVANG_REBUILD_SEED") {
        Ok(s) => s.trim().parse().expect("BANGVANG_REBUILD_SEED: a number"),
        Err(_) => SEED,
    };
    let mut run = Run {
        root: example_site(),
        rng: Rng(seed),
        seed,
        step: 0,
        log: vec!["0. the first build".into()],
    };
    run.check_and_compare("first build");
    for kind in ["v1", "cards-v3"] {
        if !run.path(CACHE).join(kind).is_dir() {
            run.fail(&format!(
                "no {CACHE}/{kind} after the first build: the test misses a cache"
            ));
        }
    }
    for (name, edit) in run.plan() {
        run.step += 1;
        let what = edit(&mut run);
        run.log.push(format!("{}. {name}: {what}", run.step));
        run.check_and_compare(name);
    }
}
