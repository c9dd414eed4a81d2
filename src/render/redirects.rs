//! Old addresses of stories (`aliases:`), kept working on any static host:
//! a small page per old address that sends the reader on (meta refresh, a
//! canonical link for search engines, and a link to tap when refresh is
//! off), and one `_redirects` file for hosts that read it (Netlify,
//! Cloudflare Pages), which then answer with a real 301.

use std::collections::BTreeSet;

use crate::render::engine::{Job, Renderer};
use crate::render::output::escape_html;
use crate::render::views;
use crate::site::model::SiteModel;
use crate::site::urls;

/// The redirects, planned after every real page: an old address that is a
/// page of the site again (a story took it) keeps the page.
pub fn plan<'a>(m: &'a SiteModel, jobs: &mut Vec<Job<'a>>) {
    let taken: BTreeSet<String> = jobs.iter().map(|j| j.path.clone()).collect();
    let mut lines = String::new();
    let mut seen = BTreeSet::new();
    for (id, story) in m.stories.iter().enumerate() {
        let target = urls::story(&m.story_slugs[id]);
        for alias in &story.derived.aliases {
            if taken.contains(alias) || !seen.insert(alias.clone()) {
                continue;
            }
            lines += &format!(
                "{} {} 301\n",
                views::href(m, alias),
                views::href(m, &target)
            );
            let title = story.title.clone();
            let to = target.clone();
            jobs.push(Job::new(alias, move |r: &Renderer| {
                Ok(page(r.model, &to, &title))
            }));
        }
    }
    if !lines.is_empty() {
        jobs.push(Job::new("_redirects", move |_: &Renderer| {
            Ok(lines.clone().into_bytes())
        }));
    }
}

/// The page at an old address, sending the reader to `target`.
pub fn page(m: &SiteModel, target: &str, title: &str) -> Vec<u8> {
    let href = escape_html(&views::href(m, target));
    let canonical = escape_html(&m.absolute(target));
    let title = escape_html(title);
    format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
<meta name=\"robots\" content=\"noindex\">\n\
<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n\
<p>Bài này đã chuyển sang địa chỉ mới: <a href=\"{href}\">{title}</a></p>\n\
</body>\n</html>\n"
    )
    .into_bytes()
}
