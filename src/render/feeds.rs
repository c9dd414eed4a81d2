//! Feeds (Atom, RSS 2.0, JSON Feed) for the whole site and per unit, the
//! sitemap and robots.txt. Every entry is a published story; dates are the
//! deed's, at midnight in Vietnam (+07:00), so the output never depends on
//! when the build ran.

use chrono::{NaiveDate, NaiveTime};
use serde_json::json;

use crate::render::output::escape_html as esc;
use crate::site::model::{SiteModel, StoryId};
use crate::site::urls;
use crate::source::registry::Kind;
use crate::text::markdown;

/// Crawlers read robots.txt only at the root of a host: a site published
/// under a sub-path (`/bang-vang/`) has this file read by no one, and its
/// webmaster must copy the Sitemap line into the host's own robots.txt.
pub const ROBOTS_NOTE: &str =
    "# Máy tìm kiếm chỉ đọc robots.txt ở gốc tên miền (https://ten-mien/robots.txt).\n\
# Nếu bảng vàng đặt trong một thư mục con (ví dụ https://ten-mien/bang-vang/), tệp này\n\
# không có tác dụng: hãy chép các dòng dưới đây vào robots.txt ở gốc tên miền.\n";

/// How many stories a feed carries (the newest).
pub const FEED_ITEMS: usize = 30;

/// `updated` of a feed without stories (see `Feed::updated`).
pub const EMPTY_FEED_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The most URLs one sitemap file may list (sitemaps.org); a larger site
/// gets `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`, ….
pub const SITEMAP_URLS: usize = 50_000;

fn rfc3339(date: NaiveDate) -> String {
    format!("{}T00:00:00+07:00", date.format("%Y-%m-%d"))
}

fn rfc2822(date: NaiveDate) -> String {
    date.and_time(NaiveTime::MIN)
        .format("%a, %d %b %Y %H:%M:%S +0700")
        .to_string()
}

/// What every feed says of one story.
struct FeedItem {
    /// The story page's full address: also the entry's id.
    url: String,
    title: String,
    summary: String,
    /// The deed's date: published and updated.
    date: NaiveDate,
    /// The proposing unit's name, or the site's title when the story
    /// names no unit (the gate hides a minor's school).
    author: String,
}

/// One feed: its title, where it lives (e.g. "" or "don-vi/x/") and its stories.
pub struct Feed<'a> {
    pub title: String,
    pub dir: String,
    pub stories: Vec<StoryId>,
    pub model: &'a SiteModel,
}

impl<'a> Feed<'a> {
    pub fn site(m: &'a SiteModel) -> Self {
        Feed {
            title: m.config.title.clone(),
            dir: String::new(),
            stories: (0..m.stories.len()).take(FEED_ITEMS).collect(),
            model: m,
        }
    }

    pub fn unit(m: &'a SiteModel, unit: &str, ids: &[StoryId]) -> Self {
        let name = m
            .registry
            .get(Kind::Unit, unit)
            .map(|u| u.name.as_str())
            .unwrap_or(unit);
        Feed {
            title: format!("{name} — {}", m.config.title),
            dir: urls::term(urls::UNITS, unit),
            stories: ids.iter().copied().take(FEED_ITEMS).collect(),
            model: m,
        }
    }

    /// The newest deed of the feed. A feed with no story yet (a new site)
    /// gets a fixed date: "now" would change the output on every build, and
    /// a reader only compares the date with the last one it saw, so a date
    /// that never moves correctly says "nothing new". The first story
    /// replaces it.
    fn updated(&self) -> NaiveDate {
        self.stories
            .iter()
            .map(|&i| self.model.stories[i].deed_date)
            .max()
            .unwrap_or(EMPTY_FEED_DATE)
    }

    fn item(&self, id: StoryId) -> FeedItem {
        let m = self.model;
        let s = &m.stories[id];
        let author = if let Some(unit) = &s.unit {
            m.registry
                .get(Kind::Unit, unit)
                .map(|u| u.name.clone())
                .unwrap_or_default()
        } else {
            m.config.title.clone()
        };
        FeedItem {
            url: m.absolute(&urls::story(&m.story_slugs[id])),
            title: s.title.clone(),
            summary: m.excerpt(id).to_string(),
            date: s.deed_date,
            author,
        }
    }

    /// The full story as HTML, for the feeds that carry it (Atom, JSON
    /// Feed); RSS carries the summary only, so it does not render the body.
    fn content_html(&self, id: StoryId) -> String {
        let m = self.model;
        markdown::render(&m.stories[id].body.unpack(), &m.base_path)
    }

    pub fn atom(&self) -> Vec<u8> {
        let m = self.model;
        let home = m.absolute(&self.dir);
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
        x += &format!(
            "  <title>{}</title>\n  <subtitle>{}</subtitle>\n",
            esc(&self.title),
            esc(&m.config.description)
        );
        x += &format!("  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n", esc(&m.absolute(&format!("{}atom.xml", self.dir))), esc(&home));
        x += &format!(
            "  <id>{}</id>\n  <updated>{}</updated>\n",
            esc(&home),
            rfc3339(self.updated())
        );
        for &id in &self.stories {
            let FeedItem {
                url,
                title,
                summary,
                date,
                author,
            } = self.item(id);
            let html = self.content_html(id);
            x += &format!(
                "  <entry>\n    <title>{}</title>\n    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n    <id>{}</id>\n    <published>{}</published>\n    <updated>{}</updated>\n    <author><name>{}</name></author>\n    <summary>{}</summary>\n    <content type=\"html\">{}</content>\n  </entry>\n",
                esc(&title), esc(&url), esc(&url), rfc3339(date), rfc3339(date), esc(&author), esc(&summary), esc(&html)
            );
        }
        x += "</feed>\n";
        x.into_bytes()
    }

    pub fn rss(&self) -> Vec<u8> {
        let m = self.model;
        let home = m.absolute(&self.dir);
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
        x += &format!("  <title>{}</title>\n  <link>{}</link>\n  <description>{}</description>\n  <language>vi</language>\n", esc(&self.title), esc(&home), esc(&m.config.description));
        x += &format!("  <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n  <lastBuildDate>{}</lastBuildDate>\n", esc(&m.absolute(&format!("{}rss.xml", self.dir))), rfc2822(self.updated()));
        for &id in &self.stories {
            let FeedItem {
                url,
                title,
                summary,
                date,
                author,
            } = self.item(id);
            x += &format!(
                "  <item>\n    <title>{}</title>\n    <link>{}</link>\n    <guid isPermaLink=\"true\">{}</guid>\n    <pubDate>{}</pubDate>\n    <category>{}</category>\n    <description>{}</description>\n  </item>\n",
                // Readers show <description> as HTML: the summary is text,
                // so it is made HTML first, then that HTML is put in XML.
                esc(&title), esc(&url), esc(&url), rfc2822(date), esc(&author), esc(&esc(&summary))
            );
        }
        x += "</channel>\n</rss>\n";
        x.into_bytes()
    }

    pub fn json(&self) -> Vec<u8> {
        let m = self.model;
        let items: Vec<serde_json::Value> = self
            .stories
            .iter()
            .map(|&id| {
                let FeedItem {
                    url,
                    title,
                    summary,
                    date,
                    author,
                } = self.item(id);
                let html = self.content_html(id);
                json!({"id": url, "url": url, "title": title, "summary": summary, "content_html": html, "date_published": rfc3339(date), "authors": [{"name": author}], "language": "vi"})
            })
            .collect();
        let feed = json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.title,
            "home_page_url": m.absolute(&self.dir),
            "feed_url": m.absolute(&format!("{}feed.json", self.dir)),
            "description": m.config.description,
            "language": "vi",
            "items": items,
        });
        serde_json::to_vec_pretty(&feed).unwrap_or_default()
    }
}

/// One file of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SitemapPart {
    /// A `<urlset>` of these public pages (indices into the page list).
    Urls(std::ops::Range<usize>),
    /// `sitemap.xml` as an index of `sitemap-1.xml` … `sitemap-N.xml`.
    Index(usize),
}

/// The files of the sitemap of `pages` public pages: `sitemap.xml` alone up
/// to `SITEMAP_URLS` pages, else an index and parts of at most that many.
pub fn sitemap_plan(pages: usize) -> Vec<(String, SitemapPart)> {
    if pages <= SITEMAP_URLS {
        return vec![("sitemap.xml".into(), SitemapPart::Urls(0..pages))];
    }
    let parts = pages.div_ceil(SITEMAP_URLS);
    let mut plan = vec![("sitemap.xml".into(), SitemapPart::Index(parts))];
    for n in 0..parts {
        let start = n * SITEMAP_URLS;
        plan.push((
            sitemap_part_name(n + 1),
            SitemapPart::Urls(start..(start + SITEMAP_URLS).min(pages)),
        ));
    }
    plan
}

fn sitemap_part_name(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// One file of the sitemap (`paths` are the output files of public pages).
pub fn sitemap(m: &SiteModel, paths: &[String], part: &SitemapPart) -> Vec<u8> {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    match part {
        SitemapPart::Urls(range) => {
            x += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
            for path in &paths[range.clone()] {
                let page = path.strip_suffix("index.html").unwrap_or(path);
                x += &format!("  <url><loc>{}</loc></url>\n", esc(&m.absolute(page)));
            }
            x += "</urlset>\n";
        }
        SitemapPart::Index(parts) => {
            x += "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
            for n in 1..=*parts {
                let loc = m.absolute(&sitemap_part_name(n));
                x += &format!("  <sitemap><loc>{}</loc></sitemap>\n", esc(&loc));
            }
            x += "</sitemapindex>\n";
        }
    }
    x.into_bytes()
}

pub fn robots(m: &SiteModel) -> Vec<u8> {
    let mut text = String::from(ROBOTS_NOTE);
    text += "User-agent: *\nAllow: /\n";
    // The Sitemap line must be a full URL; without one, leave it out.
    if let Some(base) = m.config.absolute_base() {
        text += &format!("Sitemap: {base}sitemap.xml\n");
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_site_has_one_sitemap() {
        assert_eq!(
            sitemap_plan(50_000),
            [("sitemap.xml".to_string(), SitemapPart::Urls(0..50_000))]
        );
        assert_eq!(
            sitemap_plan(0),
            [("sitemap.xml".to_string(), SitemapPart::Urls(0..0))]
        );
    }

    #[test]
    fn a_large_site_gets_an_index_of_full_parts() {
        let plan = sitemap_plan(120_001);
        let names: Vec<&str> = plan.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert_eq!(plan[0].1, SitemapPart::Index(3));
        // Every page exactly once, in order, no part over the limit.
        let mut next = 0;
        for (_, part) in &plan[1..] {
            let SitemapPart::Urls(r) = part else {
                panic!("a part is an index")
            };
            assert_eq!(r.start, next);
            assert!(r.len() <= SITEMAP_URLS && !r.is_empty());
            next = r.end;
        }
        assert_eq!(next, 120_001);
    }
}
