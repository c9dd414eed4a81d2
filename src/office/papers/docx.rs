//! A paper's layout as a .docx staff can still edit in Word: A4, margins
//! of Nghị định 30 (20 mm top and bottom, 30 mm left, 15 mm right), Times
//! New Roman 13 pt, the heading and the signature as borderless tables.

use docx_rs::{
    AlignmentType, Docx, PageMargin, PageOrientationType, Paragraph, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use super::layout::{Align, Block, Layout, Line};

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11906, 16838);
/// 1 mm in twentieths of a point, rounded.
const MM: i32 = 57;
const FONT: &str = "Times New Roman";
/// 13 pt, 12 pt (the heading, so the national name keeps to one line) and
/// 11 pt, in half points.
const SIZE: usize = 26;
const HEADING: usize = 24;
const SMALL: usize = 22;

fn run(line: &Line, size: usize) -> Run {
    let mut r = Run::new()
        .add_text(&line.text)
        .size(if line.small { SMALL } else { size });
    if line.bold {
        r = r.bold();
    }
    if line.italic {
        r = r.italic();
    }
    if line.underline {
        r = r.underline("single");
    }
    r
}

fn paragraph(line: &Line, align: AlignmentType, size: usize) -> Paragraph {
    Paragraph::new().add_run(run(line, size)).align(align)
}

fn cell(lines: &[Line], align: AlignmentType, width: usize, size: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    for l in lines {
        c = c.add_paragraph(paragraph(l, align, size));
    }
    if lines.is_empty() {
        c = c.add_paragraph(Paragraph::new());
    }
    c
}

/// The .docx bytes of `layout`.
pub fn docx(layout: &Layout) -> Result<Vec<u8>, String> {
    let (w, h) = if layout.landscape { (A4.1, A4.0) } else { A4 };
    let margin = PageMargin::new()
        .top(20 * MM)
        .bottom(20 * MM)
        .left(30 * MM)
        .right(15 * MM);
    // The width the text may take, for the tables' columns.
    let text_width = (w as i32 - 45 * MM).max(0) as usize;
    let mut doc = Docx::new()
        .page_size(w, h)
        .page_orient(if layout.landscape {
            PageOrientationType::Landscape
        } else {
            PageOrientationType::Portrait
        })
        .page_margin(margin)
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(SIZE);
    for block in &layout.blocks {
        match block {
            Block::Columns { left, right, .. } => {
                let (l, r) = (text_width * 2 / 5, text_width * 3 / 5);
                let row = TableRow::new(vec![
                    cell(left, AlignmentType::Center, l, HEADING),
                    cell(right, AlignmentType::Center, r, HEADING),
                ]);
                doc = doc.add_table(Table::without_borders(vec![row]).set_grid(vec![l, r]));
            }
            Block::Para { align, line } => {
                let p = match align {
                    Align::Center => paragraph(line, AlignmentType::Center, SIZE),
                    Align::Left => paragraph(line, AlignmentType::Left, SIZE),
                    Align::Justify => paragraph(line, AlignmentType::Both, SIZE).indent(
                        None,
                        Some(SpecialIndentType::FirstLine(10 * MM)),
                        None,
                        None,
                    ),
                };
                doc = doc.add_paragraph(p);
            }
            Block::Table { widths, head, rows } => {
                doc = doc.add_table(table(widths, head, rows, text_width));
            }
            Block::Blank => doc = doc.add_paragraph(Paragraph::new()),
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("không tạo được tệp .docx: {e}"))?;
    Ok(out.into_inner())
}

fn table(widths: &[u32], head: &[Vec<Line>], rows: &[Vec<Line>], text_width: usize) -> Table {
    let columns = head.iter().chain(rows).map(Vec::len).max().unwrap_or(1);
    let grid: Vec<usize> = (0..columns)
        .map(|i| {
            let pct = widths.get(i).copied().unwrap_or(100 / columns as u32) as usize;
            text_width * pct / 100
        })
        .collect();
    let make = |cells: &[Line], align: AlignmentType| {
        TableRow::new(
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    cell(
                        std::slice::from_ref(c),
                        align,
                        grid.get(i).copied().unwrap_or(0),
                        SMALL,
                    )
                })
                .collect(),
        )
    };
    let mut all: Vec<TableRow> = head
        .iter()
        .map(|r| make(r, AlignmentType::Center))
        .collect();
    all.extend(rows.iter().map(|r| make(r, AlignmentType::Left)));
    Table::new(all).set_grid(grid)
}
