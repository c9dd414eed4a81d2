//! The rendering engine: a `Plan` lists every page of the site as a job that
//! knows its path before it runs (see `pages/` for what pages exist).
//! `build` runs all jobs on every core and hands each page to `emit` at
//! once, so the whole site never sits in memory; `serve` runs only the job
//! of the page a browser asks for.

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::deferred::Deferred;
use crate::render::memo::PageMemo;
use crate::render::output::{error_chain, OutputFile};
use crate::render::views::{self, Card, Link};
use crate::site::model::{SiteModel, StoryId};
use crate::source::config::Publisher;
use crate::text::url_path::file_path;

/// Jobs run one after another by one task: rayon otherwise splits the jobs
/// only as often as it has cores, and a core that ran out of work waited
/// while the other went through the last quarter of the jobs alone (at
/// 100,000 stories, a third of a second of one core after an edit).
const JOBS_PER_TASK: usize = 256;

/// Shared by every page.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base: &'a str,
    pub nav: Vec<Link>,
    /// Who publishes the site (site.yaml `publisher`), for the footer.
    pub publisher: Option<&'a Publisher>,
    /// The site's share card (`og:image` of every page but stories), absolute.
    pub share_image: String,
}

/// What every job may read: the model, the templates, and each story's card
/// as HTML, made on first use and then shared by every list the story
/// appears in.
pub struct Renderer<'a> {
    pub tera: &'a Tera,
    pub model: &'a SiteModel,
    pub site: SiteView<'a>,
    card_html: Vec<OnceLock<Result<Box<str>, Diagnostic>>>,
}

/// What a job hands over: the bytes of a file, or a page still to render
/// (rendered only when the last build's cannot be kept, see `memo`).
pub enum Output {
    Bytes(Vec<u8>),
    Page(Page),
}

impl From<Vec<u8>> for Output {
    fn from(bytes: Vec<u8>) -> Self {
        Output::Bytes(bytes)
    }
}

/// A template and the context to render it with, for the page at `path`,
/// with the Markdown the context holds stand-ins for.
pub struct Page {
    template: String,
    path: String,
    ctx: Context,
    deferred: Deferred,
}

/// Runs one job.
type RunPage<'a> = Box<dyn Fn(&Renderer<'a>) -> Result<Output, Diagnostic> + Send + Sync + 'a>;

/// Runs a job of `Job::made_from`: the file's bytes, or none when the memo
/// kept the last build's file.
type MakeFile<'a> =
    Box<dyn Fn(&Renderer<'a>, Option<&PageMemo>) -> Option<Vec<u8>> + Send + Sync + 'a>;

/// How a job makes its file.
enum Run<'a> {
    Output(RunPage<'a>),
    Made(MakeFile<'a>),
}

/// One page of the site: its output path, and how to render it.
pub struct Job<'a> {
    pub path: String,
    run: Run<'a>,
}

impl<'a> Job<'a> {
    /// `url_path` is the page's address under the site ("thang/2023-05/",
    /// "truyen/x.html"); folders get their `index.html`.
    pub fn new<O: Into<Output>>(
        url_path: &str,
        run: impl Fn(&Renderer<'a>) -> Result<O, Diagnostic> + Send + Sync + 'a,
    ) -> Self {
        Job {
            path: file_path(url_path),
            run: Run::Output(Box::new(move |r| run(r).map(Into::into))),
        }
    }

    /// A file made by `make` from what `input` takes of the site. `make` is
    /// a function, not a closure: it captures nothing, so of the site it
    /// can read only that input, and the hash of the input and the program
    /// is a complete key of the file. The last build's file is kept when
    /// the key is the same.
    pub fn made_from<T: Serialize + 'a>(
        url_path: &str,
        input: impl Fn(&Renderer<'a>) -> T + Send + Sync + 'a,
        make: fn(&T) -> Vec<u8>,
    ) -> Self {
        let path = file_path(url_path);
        let at = path.clone();
        let run = move |r: &Renderer<'a>, memo: Option<&PageMemo>| {
            let input = input(r);
            let Some((memo, key)) = memo.and_then(|m| Some((m, m.input_key(&input)?))) else {
                return Some(make(&input));
            };
            if memo.kept(&at, key, None) {
                return None;
            }
            let bytes = make(&input);
            memo.record(&at, key, None);
            Some(bytes)
        };
        Job {
            path,
            run: Run::Made(Box::new(run)),
        }
    }
}

impl<'a> Renderer<'a> {
    pub fn new(tera: &'a Tera, model: &'a SiteModel, nav: Vec<Link>) -> Self {
        let n = model.stories.len();
        Renderer {
            tera,
            model,
            site: SiteView {
                title: &model.config.title,
                description: &model.config.description,
                base: &model.base_path,
                nav,
                publisher: model.config.publisher.as_ref(),
                share_image: model.absolute(crate::site::urls::SITE_SHARE_CARD),
            },
            card_html: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The card of a story, as data (story pages, the bulletin). Made
    /// anew each time: it is cheap to make, and the cards of 100,000
    /// stories kept to the end of a build would be some 200 MB.
    pub fn card(&self, id: StoryId) -> Card {
        views::card(self.model, id)
    }

    /// The card of a story as HTML (`card.html`), for every list.
    pub fn card_html(&self, id: StoryId) -> Result<&str, Diagnostic> {
        self.card_html[id]
            .get_or_init(|| {
                let card = self.card(id);
                let mut ctx = Context::new();
                ctx.insert("c", &card);
                ctx.insert("site", &self.site);
                // Boxed, so it holds its length and not the spare room of
                // the buffer it was written into: it is kept to the end.
                let html = self.tera.render("card.html", &ctx);
                html.map(String::into_boxed_str).map_err(|e| {
                    Diagnostic::error(
                        "template",
                        "templates/card.html",
                        format!(
                            "không dựng được thẻ bài `{}`: {}",
                            card.url,
                            error_chain(&e)
                        ),
                    )
                    .hint("sửa mẫu trang (Tera) theo thông báo trên")
                })
            })
            .as_deref()
            .map_err(Clone::clone)
    }

    pub fn card_htmls(
        &self,
        ids: impl IntoIterator<Item = StoryId>,
    ) -> Result<Vec<&str>, Diagnostic> {
        ids.into_iter().map(|id| self.card_html(id)).collect()
    }

    /// The page at `path`: `template` with the shared context plus what
    /// `fill` adds. Rendered when the plan runs it, if it must be.
    pub fn page(
        &self,
        template: &str,
        path: &str,
        title: &str,
        crumbs: &[Link],
        fill: impl FnOnce(&mut Context),
    ) -> Result<Output, Diagnostic> {
        let at = (template, path);
        self.page_with_markdown(at, title, crumbs, Deferred::default(), fill)
    }

    /// `page`, whose context holds `deferred`'s stand-ins for Markdown.
    pub fn page_with_markdown(
        &self,
        (template, path): (&str, &str),
        title: &str,
        crumbs: &[Link],
        deferred: Deferred,
        fill: impl FnOnce(&mut Context),
    ) -> Result<Output, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("page_title", title);
        ctx.insert("breadcrumbs", crumbs);
        ctx.insert("path", path);
        ctx.insert("canonical", &self.model.absolute(path));
        fill(&mut ctx);
        Ok(Output::Page(Page {
            template: template.to_string(),
            path: path.to_string(),
            ctx,
            deferred,
        }))
    }

    /// The bytes of `page`.
    fn render(&self, page: Page) -> Result<Vec<u8>, Diagnostic> {
        let ctx = page.deferred.fill(page.ctx, &self.model.base_path);
        // Straight into bytes: `render` would re-check the whole page as UTF-8.
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(&page.template, &ctx, &mut html)
            .map_err(|e| {
                Diagnostic::error(
                    "template",
                    format!("templates/{}", page.template),
                    format!(
                        "không dựng được trang `/{}`: {}",
                        page.path,
                        error_chain(&e)
                    ),
                )
                .hint("sửa mẫu trang (Tera) theo thông báo trên")
            })?;
        Ok(html)
    }

    /// The bytes a job's output stands for (for `serve`: nothing is kept).
    fn bytes(&self, output: Output) -> Result<Vec<u8>, Diagnostic> {
        match output {
            Output::Bytes(bytes) => Ok(bytes),
            Output::Page(page) => self.render(page),
        }
    }
}

/// Every page of a site, ready to render.
pub struct Plan<'a> {
    renderer: Renderer<'a>,
    jobs: Vec<Job<'a>>,
}

impl<'a> Plan<'a> {
    /// The pages themselves are listed by `pages::site_plan`.
    pub fn new(tera: &'a Tera, model: &'a SiteModel, nav: Vec<Link>, jobs: Vec<Job<'a>>) -> Self {
        Plan {
            renderer: Renderer::new(tera, model, nav),
            jobs,
        }
    }

    /// The output path of every page.
    pub fn paths(&self) -> impl Iterator<Item = &str> + use<'_, 'a> {
        self.jobs.iter().map(|j| j.path.as_str())
    }

    /// Run every job on every core, handing each file to `emit`; with a
    /// `memo`, a page whose key is the last build's is kept, not rendered.
    pub fn render_all(
        &self,
        emit: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
        memo: Option<&PageMemo>,
    ) -> Result<usize, Diagnostics> {
        // Last planned, first run: the site's own files (sitemaps, feeds,
        // bulletins, scripts) come last and each takes long; run at the
        // end, the last of them kept one core busy while the other waited.
        let mut errors: Vec<Diagnostic> = self
            .jobs
            .par_iter()
            .rev()
            .with_max_len(JOBS_PER_TASK)
            .filter_map(|job| self.run(job, emit, memo).err())
            .collect();
        errors.reverse();
        if errors.is_empty() {
            return Ok(self.jobs.len());
        }
        // A broken template breaks many pages the same way: one report per template.
        let mut seen = std::collections::BTreeSet::new();
        let mut diags = Diagnostics::default();
        diags.extend(
            errors
                .into_iter()
                .filter(|d| seen.insert((d.path.clone(), d.code))),
        );
        Err(diags)
    }

    fn run(
        &self,
        job: &Job<'a>,
        emit: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
        memo: Option<&PageMemo>,
    ) -> Result<(), Diagnostic> {
        let run = match &job.run {
            Run::Output(run) => run,
            Run::Made(make) => {
                return match make(&self.renderer, memo) {
                    Some(bytes) => emit(OutputFile {
                        path: job.path.clone(),
                        bytes,
                    }),
                    None => Ok(()),
                };
            }
        };
        if memo.is_some_and(|memo| memo.kept_unmade(&job.path)) {
            return Ok(());
        }
        let output = run(&self.renderer)?;
        let bytes = match (output, memo) {
            (Output::Page(mut page), Some(memo)) => {
                let (key, ctx) = memo.key(&page.template, page.ctx, &page.deferred);
                let shows = page.deferred.stories();
                if memo.kept(&job.path, key, Some(&shows)) {
                    return Ok(());
                }
                page.ctx = ctx;
                let bytes = self.renderer.render(page)?;
                memo.record(&job.path, key, Some(shows));
                bytes
            }
            (Output::Bytes(bytes), Some(memo)) => {
                let path = job.path.clone();
                return memo.emit_bytes(OutputFile { path, bytes }, emit);
            }
            (output, None) => self.renderer.bytes(output)?,
        };
        emit(OutputFile {
            path: job.path.clone(),
            bytes,
        })
    }

    /// Render the one page written to `path`, if the site has it.
    pub fn render_path(&self, path: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
        let job = self.jobs.iter().find(|j| j.path == path)?;
        Some(match &job.run {
            Run::Output(run) => run(&self.renderer).and_then(|o| self.renderer.bytes(o)),
            // Without a memo the file is always made.
            Run::Made(make) => Ok(make(&self.renderer, None).unwrap_or_default()),
        })
    }
}
