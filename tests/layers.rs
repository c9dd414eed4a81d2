//! The architecture's guard. The modules of `src/` stand in one order, lowest
//! first; a module may import only modules before it. That order is the house
//! of the README (bottom helpers, source, domain, policy, site, write, render,
//! office, pipeline, serve, the crate root), and with it there is no cycle.
//! A new module must be placed in `ORDER`, or this test fails.

use std::collections::BTreeMap;
use std::path::Path;

/// Every module of the library, lowest layer first.
const ORDER: &[&str] = &[
    "diagnostics::guide",
    "diagnostics",
    "fsio",
    "text",
    "text::hash",
    "text::packed",
    "text::file_name",
    "text::url_path",
    "text::vietnamese",
    "text::markdown",
    "text::house_address",
    "text::personal_data",
    "source",
    "source::yaml_words",
    "source::yaml_lines",
    "source::yaml_lists",
    "source::yaml_indent",
    "source::yaml_quotes",
    "source::yaml_colon",
    "source::yaml_keys",
    "source::yaml_locate",
    "source::yaml",
    "source::front_matter",
    "source::config",
    "source::periods",
    "source::registry",
    "source::load",
    "source::content_index",
    "source::images",
    "source::image_cache",
    "domain",
    "domain::story",
    "domain::placeholders",
    "domain::validate::schema",
    "domain::validate::context",
    "domain::validate::name",
    "domain::validate::person",
    "domain::validate::dates",
    "domain::validate::decision",
    "domain::validate::awards",
    "domain::validate::periods",
    "domain::validate::record",
    "domain::validate::photo",
    "domain::validate::mention",
    "domain::validate::minor",
    "domain::validate::consent",
    "domain::validate::placeholders",
    "domain::validate::personal_data",
    "domain::validate::dossier",
    "domain::validate::address",
    "domain::validate::build",
    "domain::validate",
    "domain::rules",
    "policy",
    "site",
    "site::urls",
    "site::groups",
    "site::model",
    "site::fingerprint",
    "write::swap",
    "write::state",
    "write::spare",
    "write",
    "render",
    "render::output",
    "render::charts",
    "render::spoken",
    "render::radio",
    "render::raster",
    "render::share_card::card",
    "render::theme",
    "render::views",
    "render::feeds",
    "render::broadcast",
    "render::deferred",
    "render::memo",
    "render::engine",
    "render::search_index::terms",
    "render::search_index::terms_record",
    "render::search_index::postings",
    "render::search_index::state",
    "render::search_index::postings_record",
    "render::search_index::patch",
    "render::search_index::records",
    "render::search_index::prefixes",
    "render::search_index::examples",
    "render::search_index",
    "render::share_card",
    "render::bulletin",
    "render::review",
    "render::channels",
    "render::redirects",
    "render::pages::follow",
    "render::pages::lists",
    "render::pages::boards",
    "render::pages::stories",
    "render::pages::home",
    "render::pages",
    "office",
    "office::checks",
    "office::report",
    "office::report::xlsx",
    "office::papers::layout",
    "office::papers::html",
    "office::papers::docx",
    "office::papers::context",
    "office::papers",
    "office::new_story",
    "pipeline::options",
    "pipeline::stored",
    "pipeline::cache",
    "pipeline::check",
    "pipeline::addresses",
    "pipeline::unchanged",
    "pipeline::page_keys",
    "pipeline::build",
    "pipeline",
    "serve::watch",
    "serve::server",
    "serve::lan",
    "serve",
    "",
];

/// `src/a/b.rs` → `a::b`, `src/a/mod.rs` → `a`, `src/lib.rs` → `` (the root).
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without its test module and comments: tests may reach
/// anywhere, and a comment that names a module imports nothing.
fn code_of(text: &str) -> String {
    let text = text.split("\nmod tests {").next().unwrap_or("");
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module a file names through `crate::…` or `super::…`, resolved
/// against `ORDER` (the longest known prefix wins).
fn imports(module: &str, code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        // `use crate::{a, b::c}`: each item is a path of its own.
        if let Some(group) = rest.strip_prefix('{') {
            let items = group.split('}').next().unwrap_or("");
            found.extend(items.split(',').map(|i| known_prefix(&path_at(i.trim()))));
        } else {
            found.push(known_prefix(&path_at(rest)));
        }
    }
    for (at, _) in code.match_indices("super::") {
        let mut base: Vec<&str> = module.split("::").collect();
        base.pop();
        let path = path_at(&code[at + "super::".len()..]);
        let full = if base.is_empty() {
            path
        } else {
            format!("{}::{path}", base.join("::"))
        };
        found.push(known_prefix(&full));
    }
    found.retain(|m| m != module);
    found
}

fn path_at(rest: &str) -> String {
    rest.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
        .collect::<String>()
        .trim_end_matches(':')
        .to_string()
}

fn known_prefix(path: &str) -> String {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|p| ORDER.contains(&p.as_str()))
        .unwrap_or_else(|| format!("?{path}"))
}

fn sources() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walkdir::WalkDir::new(&src)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        // The binary (main.rs and its cmd/ modules) stands above the whole
        // library and reaches it only through `bangvang::`, never `crate::`.
        .filter(|e| e.file_name() != "main.rs")
        .filter(|e| !e.path().starts_with(src.join("cmd")))
        .map(|e| {
            let rel = e.path().strip_prefix(&src).unwrap();
            (module_of(rel), std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn every_module_has_its_place_in_the_order() {
    let unplaced: Vec<String> = sources()
        .into_keys()
        .filter(|m| !ORDER.contains(&m.as_str()))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules missing from tests/layers.rs ORDER: {unplaced:?}"
    );
}

#[test]
fn no_module_imports_one_above_it() {
    let rank = |m: &str| ORDER.iter().position(|o| *o == m);
    let mut against = Vec::new();
    for (module, text) in sources() {
        let Some(own) = rank(&module) else { continue };
        for target in imports(&module, &code_of(&text)) {
            match rank(&target) {
                Some(r) if r < own => {}
                _ => against.push(format!("{module} -> {target}")),
            }
        }
    }
    against.sort();
    against.dedup();
    assert!(
        against.is_empty(),
        "imports against the layer order (a module may import only modules \
         before it in tests/layers.rs ORDER):\n{}",
        against.join("\n")
    );
}

/// Privacy is decided once, in `policy`: what renders the site (`render/`,
/// `site/`) works from `PublicStory` and never names the raw `Story`, so it
/// cannot reach a minor's full name, the dossier or an unconsented story.
#[test]
fn renderers_see_only_the_public_story() {
    let mut leaks = Vec::new();
    for (module, text) in sources() {
        if !(module.starts_with("render") || module.starts_with("site")) {
            continue;
        }
        let code = code_of(&text);
        for (at, _) in code.match_indices("Story") {
            let before = code[..at].chars().next_back().unwrap_or(' ');
            let after = code[at + "Story".len()..].chars().next().unwrap_or(' ');
            let whole_word = !before.is_alphanumeric() && !after.is_alphanumeric() && after != '_';
            if whole_word {
                leaks.push(format!("{module}: names `Story` at byte {at}"));
            }
        }
        for private in ["dossier", "minor_allow", "consent", "derived.identity"] {
            if code.contains(&format!(".{private}")) {
                leaks.push(format!("{module}: reads `.{private}`"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

#[test]
fn the_guard_sees_paths_of_every_form() {
    let code = "use crate::site::model::SiteModel;\nlet x = crate::text::hash::fnv1a(y);\nuse crate::{fsio, source::load};\nuse super::cache::Stamp;";
    assert_eq!(
        imports("pipeline::check", code),
        [
            "site::model",
            "text::hash",
            "fsio",
            "source::load",
            "pipeline::cache"
        ]
    );
    assert_eq!(
        code_of("use crate::a;\n// crate::b\n#[cfg(test)]\nmod tests {\n use crate::c;\n}"),
        "use crate::a;\n#[cfg(test)]"
    );
}
