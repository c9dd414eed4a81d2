//! A paper's layout as the body of a print-ready HTML page (the page itself,
//! with its A4 style and the "Còn thiếu" box, is the theme's `page.html`).

use super::layout::{Align, Block, Columns, Layout, Line};
use crate::render::output::escape_html;

fn classes(line: &Line) -> String {
    let mut c = Vec::new();
    for (on, name) in [
        (line.bold, "b"),
        (line.italic, "i"),
        (line.underline, "u"),
        (line.small, "s"),
    ] {
        if on {
            c.push(name);
        }
    }
    if c.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", c.join(" "))
    }
}

fn span(line: &Line) -> String {
    format!("<span{}>{}</span>", classes(line), escape_html(&line.text))
}

fn lines(list: &[Line]) -> String {
    list.iter()
        .map(|l| format!("<p>{}</p>", span(l)))
        .collect::<Vec<_>>()
        .join("")
}

fn table(widths: &[u32], head: &[Vec<Line>], rows: &[Vec<Line>]) -> String {
    let mut out = String::from("<table class=\"list\">");
    if !widths.is_empty() {
        out.push_str("<colgroup>");
        for w in widths {
            out.push_str(&format!("<col style=\"width:{w}%\">"));
        }
        out.push_str("</colgroup>");
    }
    let row = |cells: &[Line], tag: &str| {
        let cells: String = cells
            .iter()
            .map(|c| format!("<{tag}>{}</{tag}>", span(c)))
            .collect();
        format!("<tr>{cells}</tr>")
    };
    out.push_str("<thead>");
    head.iter().for_each(|r| out.push_str(&row(r, "th")));
    out.push_str("</thead><tbody>");
    rows.iter().for_each(|r| out.push_str(&row(r, "td")));
    out.push_str("</tbody></table>");
    out
}

/// The body: every block in order, every text escaped.
pub fn body(layout: &Layout) -> String {
    let mut out = String::new();
    for block in &layout.blocks {
        let html = match block {
            Block::Columns { kind, left, right } => {
                let class = match kind {
                    Columns::Heading => "nd30-head",
                    Columns::Signature => "nd30-sign",
                };
                format!(
                    "<table class=\"{class}\"><tr><td>{}</td><td>{}</td></tr></table>",
                    lines(left),
                    lines(right)
                )
            }
            Block::Para { align, line } => {
                let class = match align {
                    Align::Center => "center",
                    Align::Justify => "para",
                    Align::Left => "text",
                };
                format!("<p class=\"{class}\">{}</p>", span(line))
            }
            Block::Table { widths, head, rows } => table(widths, head, rows),
            Block::Blank => "<p class=\"blank\">&nbsp;</p>".to_string(),
        };
        out.push_str(&html);
        out.push('\n');
    }
    out
}
