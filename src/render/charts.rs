//! Bar charts drawn as inline SVG at build time, with the same numbers as an
//! HTML table, for the yearly review page. Nothing runs in the browser.
//!
//! Layout is computed in tenths of a viewBox unit with integer arithmetic, so
//! the same data always gives byte-identical SVG on every machine.

use std::fmt::Write;

// The house's one escaper: it also drops the control characters XML 1.0
// forbids, so a stray byte in a label cannot make the whole SVG unreadable.
use crate::render::output::escape_html as escape;

/// One bar: a unit or period and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
}

/// The viewBox is as wide as a small phone screen, so 13-unit text is 13 px
/// there and grows on wider screens instead of shrinking below legibility.
const WIDTH: u64 = 360;
const PAD: u64 = 12;
const TITLE_LINE: u64 = 20;
const LABEL_LINE: u64 = 17;
const BAR_HEIGHT: u64 = 18;
const ROW_GAP: u64 = 12;
/// Characters per line before wrapping; a Vietnamese letter at this font
/// size averages about 7 units (a bold 15-unit title letter about 9: 40 of
/// them, "Lượt khen theo cấp, 6 tháng đầu năm 2023", ran past the edge), so
/// these fit inside `WIDTH - 2 * PAD`.
const TITLE_CHARS: usize = 36;
const LABEL_CHARS: usize = 44;
/// Width of one digit or dot of the value text, in tenths, used to keep
/// room at the right for the number printed after the longest bar.
const VALUE_CHAR_TENTHS: u64 = 75;
/// Bars never get shorter than this, whatever the longest value needs.
const MIN_BAR_AREA_TENTHS: u64 = 1000;

const BAR_COLOR: &str = "#8a1414";
const TEXT_COLOR: &str = "#1d1b16";
const GRID_COLOR: &str = "#d9d3c5";
const EMPTY_TEXT: &str = "Chưa có số liệu";

/// A horizontal bar chart as an `<svg>` element. Labels sit above their bars
/// so long unit names get the full width on a 360 px phone.
pub fn bar_chart(title: &str, bars: &[Bar], id: &str) -> String {
    let id = escape(id);
    let mut svg = String::new();
    let mut y = PAD * 10;
    let mut body = String::new();
    push_title_text(&mut body, title, &mut y);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    if max == 0 {
        push_empty(&mut body, &mut y);
    } else {
        push_bars(&mut body, bars, max, &mut y);
    }
    let height = y + PAD * 10;
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" \
         viewBox=\"0 0 {WIDTH} {}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" \
         font-family=\"system-ui, sans-serif\">",
        tenths(height)
    );
    let _ = write!(
        svg,
        "<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(&description(bars))
    );
    svg.push_str(&body);
    svg.push_str("</svg>");
    svg
}

/// The data as one sentence for screen readers, which do not read the
/// numbers drawn inside an image.
fn description(bars: &[Bar]) -> String {
    if bars.iter().all(|b| b.value == 0) {
        return EMPTY_TEXT.to_string();
    }
    let items: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, group_thousands(u128::from(b.value))))
        .collect();
    format!("{}.", items.join("; "))
}

/// The visible title, so a printed or saved chart still says what it shows.
fn push_title_text(out: &mut String, title: &str, y: &mut u64) {
    for line in wrap(title, TITLE_CHARS) {
        *y += TITLE_LINE * 10;
        let _ = write!(
            out,
            "<text x=\"{PAD}\" y=\"{}\" font-size=\"15\" font-weight=\"bold\" \
             fill=\"{TEXT_COLOR}\">{}</text>",
            tenths(*y - 50),
            escape(&line)
        );
    }
    *y += 80;
}

fn push_empty(out: &mut String, y: &mut u64) {
    *y += 300;
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" \
         fill=\"{TEXT_COLOR}\">{EMPTY_TEXT}</text>",
        WIDTH / 2,
        tenths(*y - 100)
    );
}

/// Horizontal geometry shared by the grid and the bars, in tenths.
struct Scale {
    left: u64,
    area: u64,
    max: u64,
}

impl Scale {
    /// The bar area leaves room at the right for the widest printed value.
    fn new(bars: &[Bar], max: u64) -> Self {
        let widest = bars
            .iter()
            .map(|b| group_thousands(u128::from(b.value)).len() as u64)
            .max()
            .unwrap_or(1);
        let reserve = 60 + widest * VALUE_CHAR_TENTHS;
        let inner = (WIDTH - 2 * PAD) * 10;
        let area = inner.saturating_sub(reserve).max(MIN_BAR_AREA_TENTHS);
        Scale {
            left: PAD * 10,
            area,
            max,
        }
    }

    /// Proportional width; a non-zero value gets at least 1 unit so it does
    /// not look like zero next to a very large bar.
    fn width(&self, value: u64) -> u64 {
        let exact = u128::from(value) * u128::from(self.area) / u128::from(self.max);
        let exact = exact as u64; // ≤ area, since value ≤ max
        if value > 0 {
            exact.max(10)
        } else {
            0
        }
    }
}

fn push_bars(out: &mut String, bars: &[Bar], max: u64, y: &mut u64) {
    let scale = Scale::new(bars, max);
    let top = *y;
    let mut rows = String::new();
    for bar in bars {
        push_bar(&mut rows, bar, &scale, y);
    }
    *y -= ROW_GAP * 10;
    push_grid(out, &scale, top, *y + 40);
    out.push_str("<g class=\"bars\">");
    out.push_str(&rows);
    out.push_str("</g>");
}

/// Grid lines at round steps (1, 2 or 5 × 10ⁿ) so they mark readable
/// values; drawn before the bars so bars cover them.
fn push_grid(out: &mut String, scale: &Scale, top: u64, bottom: u64) {
    let step = nice_step(scale.max);
    out.push_str("<g class=\"grid\">");
    let mut tick: u128 = 0;
    while tick <= u128::from(scale.max) {
        let x = scale.left + scale.width(tick as u64);
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\" \
             stroke=\"{GRID_COLOR}\" stroke-width=\"1\"/>",
            x = tenths(x),
            top = tenths(top),
            bottom = tenths(bottom),
        );
        tick += u128::from(step);
    }
    out.push_str("</g>");
}

/// The smallest 1, 2 or 5 × 10ⁿ that splits `max` into at most four parts.
fn nice_step(max: u64) -> u64 {
    let rough = max.div_ceil(4).max(1);
    let mut magnitude: u64 = 1;
    while magnitude <= rough / 10 {
        magnitude *= 10;
    }
    [1, 2, 5, 10]
        .iter()
        .map(|m| magnitude.saturating_mul(*m))
        .find(|s| *s >= rough)
        .unwrap_or(u64::MAX)
}

/// One row: the label lines, the bar, and its value after the bar's end.
fn push_bar(out: &mut String, bar: &Bar, scale: &Scale, y: &mut u64) {
    out.push_str("<g>");
    for line in wrap(&bar.label, LABEL_CHARS) {
        *y += LABEL_LINE * 10;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"{TEXT_COLOR}\">{}</text>",
            tenths(scale.left),
            tenths(*y - 40),
            escape(&line)
        );
    }
    let width = scale.width(bar.value);
    let value = group_thousands(u128::from(bar.value));
    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_HEIGHT}\" fill=\"{BAR_COLOR}\">\
         <title>{}: {value}</title></rect>",
        tenths(scale.left),
        tenths(*y),
        tenths(width),
        escape(&bar.label)
    );
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" \
         fill=\"{TEXT_COLOR}\">{value}</text></g>",
        tenths(scale.left + width + 60),
        tenths(*y + 135)
    );
    *y += (BAR_HEIGHT + ROW_GAP) * 10;
}

/// The same data as an accessible table: a caption, column headers, one row
/// header per bar and a "Tổng cộng" row, for readers who cannot see the SVG.
pub fn data_table(caption: &str, header: (&str, &str), bars: &[Bar]) -> String {
    let mut html = String::from("<table class=\"data-table\">");
    let _ = write!(
        html,
        "<caption>{}</caption><thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\" class=\"num\">{}</th></tr></thead><tbody>",
        escape(caption),
        escape(header.0),
        escape(header.1)
    );
    if bars.is_empty() {
        let _ = write!(html, "<tr><td colspan=\"2\">{EMPTY_TEXT}</td></tr>");
    }
    for bar in bars {
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr>",
            escape(&bar.label),
            group_thousands(u128::from(bar.value))
        );
    }
    // u128: a sum of u64 values cannot overflow it for any slice that fits in memory.
    let total: u128 = bars.iter().map(|b| u128::from(b.value)).sum();
    let _ = write!(
        html,
        "</tbody><tfoot><tr><th scope=\"row\">Tổng cộng</th>\
         <td class=\"num\">{}</td></tr></tfoot></table>",
        group_thousands(total)
    );
    html
}

/// Vietnamese digit grouping with dots: 1234567 → "1.234.567".
fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A length in tenths as a decimal with at most one digit after the point
/// ("125", "12.5"), never float formatting, so output is stable everywhere.
fn tenths(value: u64) -> String {
    match value % 10 {
        0 => (value / 10).to_string(),
        d => format!("{}.{d}", value / 10),
    }
}

/// Greedy word wrap by character count. A word longer than a line is cut,
/// so one run-on name cannot push text off the chart.
fn wrap(text: &str, max_chars: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        for piece in chunks(word, max_chars) {
            let len = line.chars().count();
            if len > 0 && len + 1 + piece.chars().count() > max_chars {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&piece);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn chunks(word: &str, size: usize) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    chars
        .chunks(size.max(1))
        .map(|c| c.iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: u64) -> Bar {
        Bar {
            label: label.to_string(),
            value,
        }
    }

    /// Balanced tags, quoted attributes, known entities and a single root:
    /// enough of XML well-formedness to catch what string building breaks.
    fn assert_well_formed(xml: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut rest = xml;
        while let Some(open) = rest.find('<') {
            assert_text_ok(&rest[..open]);
            let close = rest[open..].find('>').expect("unclosed '<'") + open;
            let tag = &rest[open + 1..close];
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
            assert!(!tag.contains('<'), "'<' inside a tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                let top = stack.pop().expect("closing tag without opening");
                assert_eq!(top, name.trim(), "mismatched tags");
            } else {
                let name = tag.split_whitespace().next().expect("empty tag");
                let name = name.trim_end_matches('/').to_string();
                assert!(!name.is_empty(), "tag without a name");
                if stack.is_empty() {
                    roots += 1;
                }
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[close + 1..];
        }
        assert_text_ok(rest);
        assert!(stack.is_empty(), "unclosed tags: {stack:?}");
        assert_eq!(roots, 1, "exactly one root element");
    }

    fn assert_text_ok(text: &str) {
        assert!(!text.contains('>'), "raw '>' in text: {text}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            let known = ["&amp;", "&lt;", "&gt;", "&quot;", "&#x27;"];
            assert!(
                known.iter().any(|k| entity.starts_with(k)),
                "bad entity: {entity}"
            );
        }
    }

    /// The `width` of every `<rect>`, in order.
    fn rect_widths(svg: &str) -> Vec<f64> {
        svg.split("<rect ")
            .skip(1)
            .map(|r| {
                let start = r.find("width=\"").expect("rect width") + 7;
                let end = r[start..].find('"').expect("closing quote") + start;
                r[start..end].parse().expect("numeric width")
            })
            .collect()
    }

    fn sample() -> Vec<Bar> {
        vec![
            bar(
                "Trường Trung học cơ sở Nguyễn Văn Trỗi, phường Bến Thành",
                12,
            ),
            bar("Công an xã", 30),
            bar("Hội Phụ nữ", 7),
            bar("Đoàn Thanh niên", 0),
        ]
    }

    #[test]
    fn svg_is_well_formed_and_labelled() {
        let svg = bar_chart("Gương người tốt năm 2023", &sample(), "nam-2023");
        assert_well_formed(&svg);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("width=\"100%\""));
        assert!(svg.contains("viewBox=\"0 0 360 "));
        assert!(svg.contains("aria-labelledby=\"nam-2023-title\""));
        assert!(svg.contains("<title id=\"nam-2023-title\">Gương người tốt năm 2023</title>"));
        assert!(svg.contains(">30</text>"));
        assert!(svg.contains("<line "));
        assert_eq!(svg.matches("<rect ").count(), 4);
    }

    #[test]
    fn caller_text_is_escaped() {
        let bars = [bar("<script>alert('x')</script> & \"quote\"", 5)];
        let svg = bar_chart("A < B & C", &bars, "x\"><script>");
        assert_well_formed(&svg);
        assert!(!svg.contains("<script"));
        assert!(svg
            .contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quote&quot;"));
        assert!(svg.contains("A &lt; B &amp; C"));
        let table = data_table("<b>", ("<i>", "'"), &bars);
        assert_well_formed(&table);
        assert!(!table.contains("<script"));
        assert!(table.contains("<caption>&lt;b&gt;</caption>"));
    }

    #[test]
    fn control_characters_are_dropped() {
        let svg = bar_chart("a\u{0}b", &[bar("c\u{1b}d", 1)], "id");
        assert!(svg.contains(">ab</title>"));
        assert!(!svg.contains('\u{1b}'));
    }

    #[test]
    fn output_is_deterministic() {
        let first = bar_chart("Tiêu đề", &sample(), "c");
        let second = bar_chart("Tiêu đề", &sample(), "c");
        assert_eq!(first, second);
        assert_eq!(
            data_table("t", ("a", "b"), &sample()),
            data_table("t", ("a", "b"), &sample())
        );
    }

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        let svg = bar_chart("t", &[bar("a", 3), bar("b", 7), bar("c", 1)], "c");
        let values = svg.split("=\"").skip(1).filter_map(|v| v.split('"').next());
        for value in values.filter(|v| v.parse::<f64>().is_ok()) {
            let decimals = value.split_once('.').map_or(0, |(_, d)| d.len());
            assert!(decimals <= 1, "{value}");
        }
    }

    #[test]
    fn bar_widths_are_proportional() {
        let bars = [bar("a", 10), bar("b", 20), bar("c", 5), bar("d", 0)];
        let widths = rect_widths(&bar_chart("t", &bars, "c"));
        let max = widths.iter().cloned().fold(0.0, f64::max);
        assert_eq!(widths[1], max, "the largest value has the longest bar");
        assert!((widths[0] - max / 2.0).abs() <= 0.1);
        assert!((widths[2] - max / 4.0).abs() <= 0.1);
        assert_eq!(widths[3], 0.0);
    }

    #[test]
    fn longest_bar_fills_the_bar_area() {
        let widths = rect_widths(&bar_chart("t", &[bar("a", 1), bar("b", 999)], "c"));
        let scale = Scale::new(&[bar("b", 999)], 999);
        assert_eq!(widths[1], scale.area as f64 / 10.0);
    }

    #[test]
    fn tiny_values_stay_visible_and_huge_values_fit() {
        let bars = [bar("a", 1), bar("b", u64::MAX)];
        let svg = bar_chart("t", &bars, "c");
        assert_well_formed(&svg);
        let widths = rect_widths(&svg);
        assert_eq!(widths[0], 1.0);
        assert!(svg.contains(">18.446.744.073.709.551.615</text>"));
    }

    #[test]
    fn empty_and_all_zero_say_no_data() {
        for bars in [vec![], vec![bar("a", 0), bar("b", 0)]] {
            let svg = bar_chart("Trống", &bars, "e");
            assert_well_formed(&svg);
            assert!(svg.contains(">Chưa có số liệu</text>"));
            assert!(svg.contains("<title id=\"e-title\">Trống</title>"));
            assert!(!svg.contains("<rect"));
        }
        let table = data_table("Trống", ("Đơn vị", "Số gương"), &[]);
        assert_well_formed(&table);
        assert!(table.contains("Chưa có số liệu"));
        assert!(table.contains("<th scope=\"row\">Tổng cộng</th><td class=\"num\">0</td>"));
    }

    #[test]
    fn table_has_headers_rows_and_total() {
        let table = data_table("Số gương theo đơn vị", ("Đơn vị", "Số gương"), &sample());
        assert_well_formed(&table);
        assert!(table.contains("<caption>Số gương theo đơn vị</caption>"));
        assert_eq!(table.matches("<th scope=\"col\"").count(), 2);
        assert!(table.contains("<th scope=\"row\">Công an xã</th><td class=\"num\">30</td>"));
        assert!(table.contains("<th scope=\"row\">Tổng cộng</th><td class=\"num\">49</td>"));
    }

    #[test]
    fn table_total_does_not_overflow() {
        let table = data_table("t", ("a", "b"), &[bar("a", u64::MAX), bar("b", u64::MAX)]);
        assert!(table.contains(">36.893.488.147.419.103.230</td>"));
    }

    #[test]
    fn helpers() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1.000");
        assert_eq!(group_thousands(30_000_000), "30.000.000");
        assert_eq!(tenths(125), "12.5");
        assert_eq!(tenths(120), "12");
        assert_eq!(nice_step(1), 1);
        assert_eq!(nice_step(30), 10);
        assert_eq!(nice_step(7), 2);
        assert_eq!(nice_step(u64::MAX), 5_000_000_000_000_000_000);
        assert_eq!(wrap("", 10), vec![""]);
        assert_eq!(wrap("một hai ba bốn", 7), vec!["một hai", "ba bốn"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }
}
