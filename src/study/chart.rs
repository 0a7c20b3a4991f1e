//! Charts for study reports: grouped bars (a value per category and series), labelled points
//! and lines, written as SVG by hand, and PNG rendered from that SVG in-process with resvg.
//!
//! Every box is laid out here before it is drawn, so the geometry is known rather than hoped
//! for (plotters, used before, placed its legend over the data and cut long category names):
//!
//! - legends stand to the right of the data area, never on it;
//! - category names are horizontal and wrapped to their slot; the canvas widens rather than
//!   cut a word;
//! - point labels are placed greedily at the first free spot of a spiral of candidates around
//!   their point, with a leader line when they stand off (the point-feature labelling of
//!   Imhof 1975 in its simplest greedy form);
//! - axes are padded, a range of one repeated value is opened around it, ticks are "nice"
//!   steps of 1, 2 or 5 times a power of ten (Heckbert 1990) and never read "-0"; a quantity
//!   spanning several orders of magnitude gets a logarithmic axis;
//! - colours are the Okabe-Ito palette, distinguishable under the common colour-vision
//!   deficiencies.
//!
//! Text boxes are estimated from the font size and the number of characters
//! ([`CHAR_WIDTH`]), generously for DejaVu Sans, the font embedded for PNG rendering
//! (`assets/fonts/DejaVuSans.ttf`, Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`).
//!
//! # References
//!
//! - Okabe, M. and Ito, K. (2008). Color Universal Design: how to make figures and
//!   presentations that are friendly to colorblind people. jfly.uni-koeln.de/color.
//! - Heckbert, P. S. (1990). Nice numbers for graph labels. *Graphics Gems*, 61-63.
//! - Imhof, E. (1975). Positioning names on maps. *The American Cartographer* 2(2), 128-144.
#![cfg(feature = "charts")]

use std::fmt::Write;

/// The font every chart asks for; the PNG renderer has DejaVu Sans embedded, browsers fall
/// back to a similar sans-serif face.
const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// Estimated advance of one character as a share of the font size: DejaVu Sans averages about
/// 0.6 for mixed text; the margin covers capitals.
///
/// ```
/// // Crate-internal: reached through `comity::study::report`, which draws every chart of a
/// // study (here today's Security Council and the Council without the veto).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # measures = ["shapley_shubik"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// # let label = format!("name = \"no_veto\"\nlabel = \"{}\"", "x".repeat(80));
/// # let text = text.replace("name = \"no_veto\"", &label);
/// # let study = Study::from_toml(&text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// # let report = comity::study::report(&study, &study.run()?)?;
/// # let file = |name: &str| report.files.iter().find(|f| f.0 == name).expect(name).1.clone();
/// // A category name of one 80-character word is never cut: its slot is at least
/// // 80 x CHAR_WIDTH (0.65) x 12 px + 10 px = 634 px wide, so two variants need over 1268 px.
/// let svg = file("group_shares.svg");
/// assert!(svg.contains(&format!(">{}</text>", "x".repeat(80))));
/// let width: f64 = svg.split('"').nth(3).expect("the width").parse()?;
/// assert!(width > 1268.0, "{width}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const CHAR_WIDTH: f64 = 0.65;

/// The Okabe-Ito palette without its black (kept for text and axes) and yellow (too light on
/// white for thin marks), in its usual order.
const PALETTE: [&str; 7] = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#999999"];

const TITLE_SIZE: f64 = 17.0;
const LABEL_SIZE: f64 = 12.0;
const TICK_SIZE: f64 = 11.0;
const LINE_GAP: f64 = 1.3;
const MARGIN: f64 = 16.0;
const PLOT_HEIGHT: f64 = 340.0;
const BASE_WIDTH: f64 = 960.0;
const LEGEND_TEXT_WIDTH: f64 = 210.0;

fn colour(k: usize) -> &'static str {
    PALETTE[k % PALETTE.len()]
}

/// The estimated width of `text` at `size`.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH * size
}

/// `text` broken at spaces into lines of at most `width`; a word longer than a line is broken
/// between characters, so nothing is ever cut.
fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
    let per_line = ((width / (CHAR_WIDTH * size)).floor() as usize).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > per_line {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word[..per_line].iter().collect());
            word.drain(..per_line);
        }
        let word: String = word.into_iter().collect();
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > per_line {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// An axis-aligned box `(x0, y0, x1, y1)`.
#[derive(Clone, Copy, Debug)]
struct Boxed {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Boxed {
    fn overlaps(&self, other: &Boxed, pad: f64) -> bool {
        self.x0 < other.x1 + pad
            && other.x0 < self.x1 + pad
            && self.y0 < other.y1 + pad
            && other.y0 < self.y1 + pad
    }

    fn inside(&self, outer: &Boxed) -> bool {
        self.x0 >= outer.x0 && self.x1 <= outer.x1 && self.y0 >= outer.y0 && self.y1 <= outer.y1
    }
}

/// An SVG document being written.
struct Svg {
    width: f64,
    height: f64,
    body: String,
}

impl Svg {
    fn new(width: f64, height: f64) -> Svg {
        Svg { width, height, body: String::new() }
    }

    fn text(&mut self, x: f64, y: f64, size: f64, anchor: Anchor, class: &str, text: &str) {
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = writeln!(
            self.body,
            r#"<text class="{class}" x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}">{}</text>"#,
            escape(text)
        );
    }

    fn rect(&mut self, b: Boxed, fill: &str, class: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect class="{class}" x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{fill}"/>"#,
            b.x0,
            b.y0,
            b.x1 - b.x0,
            b.y1 - b.y0
        );
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str, width: f64, class: &str) {
        let _ = writeln!(
            self.body,
            r#"<line class="{class}" x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{stroke}" stroke-width="{width}"/>"#,
            from.0, from.1, to.0, to.1
        );
    }

    fn circle(&mut self, x: f64, y: f64, r: f64, fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<circle class="point" cx="{x:.2}" cy="{y:.2}" r="{r}" fill="{fill}" stroke="white" stroke-width="1"/>"#
        );
    }

    fn finish(self, title: &str) -> String {
        let (w, h) = (self.width.ceil(), self.height.ceil());
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\" role=\"img\">\n<title>{}</title>\n<rect class=\"background\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n{}</svg>\n",
            escape(title),
            self.body
        )
    }
}

/// A linear or logarithmic axis over `[lo, hi]` with its ticks.
struct Axis {
    lo: f64,
    hi: f64,
    log: bool,
    ticks: Vec<(f64, String)>,
}

impl Axis {
    /// The axis for `values`: padded, opened around a single value, including zero when asked,
    /// logarithmic when every value is positive and they span more than `log_ratio`, and never
    /// padded past `limits` (a share runs from 0 to 100 per cent, not to -20).
    fn fit(values: &[f64], include_zero: bool, log_ratio: Option<f64>, limits: (f64, f64)) -> Axis {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if finite.is_empty() {
            return Axis::linear(0.0, 1.0);
        }
        if let Some(ratio) = log_ratio {
            if lo > 0.0 && hi / lo > ratio {
                return Axis::logarithmic(lo, hi);
            }
        }
        let (mut lo, mut hi) = if include_zero { (lo.min(0.0), hi.max(0.0)) } else { (lo, hi) };
        let span = hi - lo;
        if span <= 1e-4 * hi.abs().max(lo.abs()).max(1e-300) {
            // One value, give or take a ten-thousandth: open the range around it by a tenth of
            // its size (or to 1 around zero) rather than let differences no reader can see
            // (the IMF's power to act varies in its seventh digit) set the scale.
            let pad = if lo == 0.0 { 1.0 } else { 0.1 * lo.abs() };
            lo -= pad;
            hi += pad;
            if include_zero && lo < 0.0 && finite.iter().all(|&v| v >= 0.0) {
                lo = 0.0;
            }
        } else {
            let pad = 0.06 * span;
            if !(include_zero && lo == 0.0) {
                lo -= pad;
            }
            if !(include_zero && hi == 0.0) {
                hi += pad;
            }
        }
        let (floor, ceiling) = limits;
        if finite.iter().all(|&v| v >= floor) {
            lo = lo.max(floor);
        }
        if finite.iter().all(|&v| v <= ceiling) {
            hi = hi.min(ceiling);
        }
        Axis::linear(lo, hi)
    }

    /// Nice ticks of 1, 2 or 5 times a power of ten, the range widened to whole steps.
    fn linear(lo: f64, hi: f64) -> Axis {
        let raw = (hi - lo) / 6.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|&s| s >= raw)
            .unwrap_or(10.0 * magnitude);
        let first = (lo / step).floor() as i64;
        let last = (hi / step).ceil() as i64;
        let decimals = (-step.log10().floor()).max(0.0) as usize;
        let ticks = (first..=last)
            .map(|k| {
                let v = k as f64 * step;
                // k = 0 is exactly zero: no "-0.0" from a product of a negative step.
                let v = if k == 0 { 0.0 } else { v };
                (v, format!("{v:.decimals$}"))
            })
            .collect();
        Axis { lo: first as f64 * step, hi: last as f64 * step, log: false, ticks }
    }

    /// Powers of ten from below `lo` to above `hi`, at most about seven of them labelled.
    fn logarithmic(lo: f64, hi: f64) -> Axis {
        let first = lo.log10().floor() as i64;
        let last = hi.log10().ceil() as i64;
        let every = ((last - first) as f64 / 6.0).ceil().max(1.0) as i64;
        // Counted down from the top, so that the top tick is the round one (1 for a
        // probability).
        let first = last - ((last - first + every - 1) / every) * every;
        let ticks =
            (first..=last).step_by(every as usize).map(|k| (10f64.powi(k as i32), power_of_ten(k))).collect();
        Axis { lo: 10f64.powi(first as i32), hi: 10f64.powi(last as i32), log: true, ticks }
    }

    /// Where `v` falls between 0 (at `lo`) and 1 (at `hi`).
    fn fraction(&self, v: f64) -> f64 {
        if self.log {
            (v.max(1e-300).log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
        } else {
            (v - self.lo) / (self.hi - self.lo)
        }
    }
}

/// `10^k` written with superscript digits, as in print.
fn power_of_ten(k: i64) -> String {
    match k {
        0 => "1".into(),
        1 => "10".into(),
        _ => {
            let digits: String = k
                .to_string()
                .chars()
                .map(|c| match c {
                    '-' => '⁻',
                    d => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']
                        [d.to_digit(10).unwrap_or(0) as usize],
                })
                .collect();
            format!("10{digits}")
        }
    }
}

/// The title (wrapped to the canvas) and the y-axis title above the axis; returns the height
/// they take.
fn header(svg: &mut Svg, width: f64, title: &str, y_title: &str) -> f64 {
    let mut y = MARGIN;
    for line in wrap(title, TITLE_SIZE, width - 2.0 * MARGIN) {
        y += TITLE_SIZE * LINE_GAP;
        svg.text(MARGIN, y, TITLE_SIZE, Anchor::Start, "title", &line);
    }
    y += 8.0;
    for line in wrap(y_title, LABEL_SIZE, width - 2.0 * MARGIN) {
        y += LABEL_SIZE * LINE_GAP;
        svg.text(MARGIN, y, LABEL_SIZE, Anchor::Start, "axis-title", &line);
    }
    y + 12.0
}

/// The width the y axis' tick labels need.
fn tick_width(axis: &Axis) -> f64 {
    axis.ticks.iter().map(|(_, t)| text_width(t, TICK_SIZE)).fold(0.0, f64::max)
}

/// Horizontal grid lines and tick labels of the y axis over the plot `(left, top, right,
/// bottom)`.
fn y_axis(svg: &mut Svg, axis: &Axis, plot: Boxed) {
    for (v, label) in &axis.ticks {
        let y = plot.y1 - axis.fraction(*v) * (plot.y1 - plot.y0);
        svg.line((plot.x0, y), (plot.x1, y), "#dddddd", 1.0, "grid");
        svg.text(plot.x0 - 6.0, y + 0.35 * TICK_SIZE, TICK_SIZE, Anchor::End, "tick", label);
    }
}

/// Vertical grid lines, tick labels and title of a numeric x axis, and the frame's left and
/// bottom lines, over the plot `(left, top, right, bottom)`; returns the title's baseline.
fn x_axis_with_frame(svg: &mut Svg, axis: &Axis, plot: Boxed, title: &str) -> f64 {
    for (v, label) in &axis.ticks {
        let x = plot.x0 + axis.fraction(*v) * (plot.x1 - plot.x0);
        svg.line((x, plot.y0), (x, plot.y1), "#eeeeee", 1.0, "grid");
        svg.text(x, plot.y1 + 6.0 + TICK_SIZE, TICK_SIZE, Anchor::Middle, "tick", label);
    }
    svg.line((plot.x0, plot.y1), (plot.x1, plot.y1), "#333333", 1.0, "axis");
    svg.line((plot.x0, plot.y0), (plot.x0, plot.y1), "#333333", 1.0, "axis");
    let title_y = plot.y1 + 6.0 + TICK_SIZE + 8.0 + LABEL_SIZE;
    let title = if axis.log { format!("{title} (logarithmic scale)") } else { title.to_string() };
    svg.text((plot.x0 + plot.x1) / 2.0, title_y, LABEL_SIZE, Anchor::Middle, "axis-title", &title);
    title_y
}

/// The legend's size for `series` names: `(width, height, wrapped names)`.
fn legend_layout(series: &[String]) -> (f64, f64, Vec<Vec<String>>) {
    let wrapped: Vec<Vec<String>> = series.iter().map(|s| wrap(s, LABEL_SIZE, LEGEND_TEXT_WIDTH)).collect();
    let text = wrapped.iter().flatten().map(|l| text_width(l, LABEL_SIZE)).fold(0.0, f64::max);
    let lines: usize = wrapped.iter().map(Vec::len).sum();
    let height = 10.0 + lines as f64 * LABEL_SIZE * LINE_GAP + series.len() as f64 * 6.0 + 4.0;
    (10.0 + 14.0 + 8.0 + text + 10.0, height, wrapped)
}

/// Draws the legend with its top-left corner at `(x, y)`; `line` draws line swatches instead
/// of squares.
fn legend(svg: &mut Svg, x: f64, y: f64, series: &[String], line: bool) {
    let (width, height, wrapped) = legend_layout(series);
    svg.rect(Boxed { x0: x, y0: y, x1: x + width, y1: y + height }, "white", "legend");
    let mut at = y + 8.0;
    for (k, lines) in wrapped.iter().enumerate() {
        let mid = at + LABEL_SIZE * LINE_GAP / 2.0;
        if line {
            svg.line((x + 10.0, mid), (x + 24.0, mid), colour(k), 3.0, "legend-swatch");
        } else {
            svg.rect(
                Boxed { x0: x + 10.0, y0: mid - 6.0, x1: x + 22.0, y1: mid + 6.0 },
                colour(k),
                "legend-swatch",
            );
        }
        for text in lines {
            at += LABEL_SIZE * LINE_GAP;
            svg.text(x + 32.0, at - 0.3 * LABEL_SIZE, LABEL_SIZE, Anchor::Start, "legend-label", text);
        }
        at += 6.0;
    }
}

/// A grouped bar chart: `values[s][c]` is series `s` in category `c`, in display units.
///
/// ```
/// // Crate-internal: reached through `comity::study::report`, which draws every chart of a
/// // study (here today's Security Council and the Council without the veto).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # measures = ["shapley_shubik"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// # let report = comity::study::report(&study, &study.run()?)?;
/// # let file = |name: &str| report.files.iter().find(|f| f.0 == name).expect(name).1.clone();
/// let svg = file("group_shares.svg");
/// // One series (the permanent members) named in the legend, one category per variant.
/// assert!(svg.contains(r#"class="legend-label""#) && svg.contains(">permanent</text>"));
/// assert!(svg.contains(">today</text>") && svg.contains(">no_veto</text>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Bars<'a> {
    /// The chart's title.
    pub title: &'a str,
    /// The y axis' title, with its unit.
    pub y_title: &'a str,
    /// The categories along the x axis (the variants).
    pub categories: &'a [String],
    /// The series, one bar each per category (the groups), named in the legend.
    pub series: &'a [String],
    /// `values[s][c]`.
    pub values: &'a [Vec<f64>],
    /// The values' natural range (0 to 100 for a share in per cent), which padding never
    /// crosses.
    pub limits: (f64, f64),
    /// Half-widths of an interval around each value (`intervals[s][c]`), drawn as a capped
    /// whisker over its bar; `None` for bars without intervals.
    pub intervals: Option<&'a [Vec<f64>]>,
}

/// Draws a grouped bar chart; the y axis always includes zero, and a zero line is drawn when
/// values fall on both sides of it.
///
/// ```
/// // Crate-internal: reached through `comity::study::report`, which draws every chart of a
/// // study (here today's Security Council and the Council without the veto).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # measures = ["shapley_shubik"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// # let report = comity::study::report(&study, &study.run()?)?;
/// # let file = |name: &str| report.files.iter().find(|f| f.0 == name).expect(name).1.clone();
/// let svg = file("group_shares.svg");
/// let height = |line: &str| line.split("height=\"").nth(1)?.split('"').next()?.parse().ok();
/// let heights: Vec<f64> =
///     svg.lines().filter(|l| l.contains(r#"class="bar""#)).filter_map(height).collect();
/// // By hand, the permanent members' Shapley-Shubik shares: 2105/2145 today, 5/15 without the
/// // veto; the bars, drawn from zero, stand in that ratio (2.944).
/// assert_eq!(heights.len(), 2);
/// assert!((heights[0] / heights[1] - (2105.0 / 2145.0) / (5.0 / 15.0)).abs() < 0.01);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn grouped_bars(chart: &Bars<'_>) -> String {
    let n = chart.categories.len().max(1) as f64;
    // The interval of `values[s][c]`, when there is one to draw.
    let interval = |s: usize, c: usize| -> Option<(f64, f64)> {
        let half = *chart.intervals?.get(s)?.get(c)?;
        let v = chart.values[s][c];
        (half.is_finite() && half > 0.0 && v.is_finite()).then_some((v - half, v + half))
    };
    // The axis holds every bar and every whisker's ends.
    let mut all: Vec<f64> = chart.values.iter().flatten().copied().collect();
    for (s, values) in chart.values.iter().enumerate() {
        all.extend((0..values.len()).filter_map(|c| interval(s, c)).flat_map(|(lo, hi)| [lo, hi]));
    }
    let axis = Axis::fit(&all, true, None, chart.limits);
    let (legend_width, legend_height, _) = legend_layout(chart.series);
    let left = MARGIN + tick_width(&axis) + 10.0;
    // Each category's slot must hold its longest word and a readable bar per series.
    let longest_word = chart
        .categories
        .iter()
        .flat_map(|c| c.split_whitespace())
        .map(|w| text_width(w, LABEL_SIZE))
        .fold(0.0, f64::max);
    let slot_needed = (longest_word + 10.0).max(chart.series.len() as f64 * 8.0 / 0.8);
    let width = BASE_WIDTH.max(left + n * slot_needed + 2.0 * MARGIN + legend_width + MARGIN);
    let right = width - MARGIN - legend_width - 2.0 * MARGIN;
    let slot = (right - left) / n;
    let wrapped: Vec<Vec<String>> =
        chart.categories.iter().map(|c| wrap(c, LABEL_SIZE, slot - 8.0)).collect();
    let label_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f64;

    let mut svg = Svg::new(width, 0.0);
    let top = header(&mut svg, width, chart.title, chart.y_title);
    let plot = Boxed { x0: left, y0: top, x1: right, y1: top + PLOT_HEIGHT.max(legend_height) };
    y_axis(&mut svg, &axis, plot);
    let y_of = |v: f64| plot.y1 - axis.fraction(v) * (plot.y1 - plot.y0);
    let zero = y_of(0.0);
    let bar = slot * 0.8 / chart.series.len().max(1) as f64;
    for (s, values) in chart.values.iter().enumerate() {
        for (c, &v) in values.iter().enumerate() {
            // A group absent from a category (a model without it) gets no bar.
            if !v.is_finite() {
                continue;
            }
            let x0 = left + c as f64 * slot + slot * 0.1 + s as f64 * bar;
            let (y0, y1) = if v >= 0.0 { (y_of(v), zero) } else { (zero, y_of(v)) };
            svg.rect(Boxed { x0, y0, x1: x0 + bar * 0.92, y1 }, colour(s), "bar");
        }
    }
    // Whiskers after every bar, so that no neighbouring bar hides one.
    for (s, values) in chart.values.iter().enumerate() {
        for c in 0..values.len() {
            let Some((lo, hi)) = interval(s, c) else { continue };
            let x = left + c as f64 * slot + slot * 0.1 + s as f64 * bar + bar * 0.46;
            let cap = (bar * 0.25).min(8.0);
            svg.line((x, y_of(lo)), (x, y_of(hi)), "#000000", 1.2, "interval");
            for y in [y_of(lo), y_of(hi)] {
                svg.line((x - cap, y), (x + cap, y), "#000000", 1.2, "interval-cap");
            }
        }
    }
    svg.line((plot.x0, plot.y1), (plot.x1, plot.y1), "#333333", 1.0, "axis");
    if axis.lo < 0.0 && axis.hi > 0.0 {
        svg.line((plot.x0, zero), (plot.x1, zero), "#000000", 1.5, "zero");
    }
    for (c, lines) in wrapped.iter().enumerate() {
        let x = left + (c as f64 + 0.5) * slot;
        for (k, line) in lines.iter().enumerate() {
            let y = plot.y1 + 8.0 + (k as f64 + 1.0) * LABEL_SIZE * LINE_GAP - 0.3 * LABEL_SIZE;
            svg.text(x, y, LABEL_SIZE, Anchor::Middle, "category", line);
        }
    }
    legend(&mut svg, right + 2.0 * MARGIN, top, chart.series, false);
    svg.height = plot.y1 + 8.0 + label_lines * LABEL_SIZE * LINE_GAP + MARGIN;
    svg.finish(chart.title)
}

/// Points with a label each.
///
/// ```
/// // Crate-internal: reached through `comity::study::report`, which draws every chart of a
/// // study (here today's Security Council and the Council without the veto).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # measures = ["shapley_shubik", "efficacy"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// # let report = comity::study::report(&study, &study.run()?)?;
/// # let file = |name: &str| report.files.iter().find(|f| f.0 == name).expect(name).1.clone();
/// let svg = file("efficacy_voice.svg");
/// assert!(svg.contains("<title>Power to act against the voice of permanent</title>"));
/// assert!(svg.contains("Coleman's power to act (share of coalitions that win)"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Points<'a> {
    /// The chart's title.
    pub title: &'a str,
    /// The x axis' title, with its unit.
    pub x_title: &'a str,
    /// The y axis' title, with its unit.
    pub y_title: &'a str,
    /// `(x, y, label)` in display units.
    pub points: &'a [(f64, f64, String)],
    /// The natural ranges of x and of y, which padding never crosses.
    pub limits: [(f64, f64); 2],
}

/// Draws labelled points; the x axis turns logarithmic when the values span more than three
/// orders of magnitude (the power to act runs from 10⁻⁵⁸ to 0.5 across the General Assembly's
/// rules).
///
/// ```
/// // Crate-internal: reached through `comity::study::report`, which draws every chart of a
/// // study (here today's Security Council and the Council without the veto).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # measures = ["shapley_shubik", "efficacy"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// # let report = comity::study::report(&study, &study.run()?)?;
/// # let file = |name: &str| report.files.iter().find(|f| f.0 == name).expect(name).1.clone();
/// let svg = file("efficacy_voice.svg");
/// // One point per variant, each with its label.
/// assert_eq!(svg.matches(r#"class="point""#).count(), 2);
/// assert_eq!(svg.matches(r#"class="point-label""#).count(), 2);
/// assert!(svg.contains(">today</text>") && svg.contains(">no_veto</text>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn labelled_points(chart: &Points<'_>) -> String {
    let xs: Vec<f64> = chart.points.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = chart.points.iter().map(|p| p.1).collect();
    let x_axis = Axis::fit(&xs, false, Some(1e3), chart.limits[0]);
    let y_axis_fit = Axis::fit(&ys, false, None, chart.limits[1]);
    let width = BASE_WIDTH;
    let left = MARGIN + tick_width(&y_axis_fit) + 10.0;
    let mut svg = Svg::new(width, 0.0);
    let top = header(&mut svg, width, chart.title, chart.y_title);
    // The last x tick is centred on the plot's right edge: half its label must fit beside it.
    let half_tick = x_axis.ticks.last().map_or(0.0, |(_, t)| text_width(t, TICK_SIZE) / 2.0);
    let plot =
        Boxed { x0: left, y0: top, x1: width - MARGIN - half_tick.max(10.0), y1: top + PLOT_HEIGHT + 40.0 };
    y_axis(&mut svg, &y_axis_fit, plot);
    let x_of = |v: f64| plot.x0 + x_axis.fraction(v) * (plot.x1 - plot.x0);
    let y_of = |v: f64| plot.y1 - y_axis_fit.fraction(v) * (plot.y1 - plot.y0);
    let x_title_y = x_axis_with_frame(&mut svg, &x_axis, plot, chart.x_title);

    const RADIUS: f64 = 5.0;
    let centres: Vec<(f64, f64)> = chart.points.iter().map(|p| (x_of(p.0), y_of(p.1))).collect();
    let markers: Vec<Boxed> = centres
        .iter()
        .map(|&(x, y)| Boxed { x0: x - RADIUS, y0: y - RADIUS, x1: x + RADIUS, y1: y + RADIUS })
        .collect();
    let mut placed: Vec<Boxed> = Vec::new();
    let mut labels = Vec::new();
    for (k, (_, _, label)) in chart.points.iter().enumerate() {
        let (cx, cy) = centres[k];
        let w = text_width(label, LABEL_SIZE);
        let h = 1.05 * LABEL_SIZE;
        let mut chosen = None;
        // Candidates on rings of growing radius, eight directions each, nearest first.
        'search: for radius in [9.0, 20.0, 34.0, 50.0, 70.0, 95.0, 125.0, 160.0] {
            for (dx, dy) in [
                (1.0, 0.0),
                (-1.0, 0.0),
                (1.0, -1.0),
                (1.0, 1.0),
                (-1.0, -1.0),
                (-1.0, 1.0),
                (0.0, -1.0),
                (0.0, 1.0),
            ] {
                let bx = cx + dx * radius
                    - if dx < 0.0 {
                        w
                    } else if dx == 0.0 {
                        w / 2.0
                    } else {
                        0.0
                    };
                let by = cy + dy * radius
                    - if dy < 0.0 {
                        h
                    } else if dy == 0.0 {
                        h / 2.0
                    } else {
                        0.0
                    };
                let candidate = Boxed { x0: bx, y0: by, x1: bx + w, y1: by + h };
                let free = candidate.inside(&plot)
                    && !placed.iter().any(|b| b.overlaps(&candidate, 3.0))
                    && !markers.iter().any(|m| m.overlaps(&candidate, 2.0));
                if free {
                    chosen = Some((candidate, radius));
                    break 'search;
                }
            }
        }
        // Crowded beyond every candidate: the nearest spot inside the plot, overlap and all
        // (the geometry test reports it).
        let (b, radius) = chosen.unwrap_or_else(|| {
            let bx = (cx + 9.0).min(plot.x1 - w).max(plot.x0);
            let by = (cy - h / 2.0).min(plot.y1 - h).max(plot.y0);
            (Boxed { x0: bx, y0: by, x1: bx + w, y1: by + h }, 9.0)
        });
        placed.push(b);
        labels.push((b, radius > 9.0, label.clone(), (cx, cy)));
    }
    for (b, leader, _, (cx, cy)) in &labels {
        if *leader {
            // From the point's edge to the nearest point of the label's box.
            let (tx, ty) = (cx.clamp(b.x0, b.x1), cy.clamp(b.y0, b.y1));
            let d = ((tx - cx).powi(2) + (ty - cy).powi(2)).sqrt().max(1e-9);
            let from = (cx + (tx - cx) / d * RADIUS, cy + (ty - cy) / d * RADIUS);
            svg.line(from, (tx, ty), "#777777", 0.8, "leader");
        }
    }
    for &(x, y) in &centres {
        svg.circle(x, y, RADIUS, colour(0));
    }
    for (b, _, label, _) in &labels {
        svg.text(b.x0, b.y1 - 0.25 * LABEL_SIZE, LABEL_SIZE, Anchor::Start, "point-label", label);
    }
    svg.height = x_title_y + 0.25 * LABEL_SIZE + MARGIN;
    svg.finish(chart.title)
}

/// Lines through points, one per named series.
///
/// ```
/// // Crate-internal: reached through `comity::study::report`, which draws the chart of a
/// // reciprocity study (here one model at 5 and 10 members).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "growth"
/// # title = "Growth"
/// # question = "Does cooperation survive growth?"
/// # source = "models/reciprocity"
/// # date = "2026-11-30"
/// # [reciprocity]
/// # models = ["growth_diffuse.toml"]
/// # members = [5, 10]
/// # rounds = 50
/// # seeds = 2
/// # "#;
/// # let study = Study::from_toml(text, "growth.toml", std::path::Path::new("models/reciprocity"))?;
/// # let report = comity::study::report(&study, &study.run()?)?;
/// # let file = |name: &str| report.files.iter().find(|f| f.0 == name).expect(name).1.clone();
/// let svg = file("contribution.svg");
/// assert!(svg.contains("<title>Long-run contribution rate by membership</title>"));
/// assert!(svg.contains(">Members</text>")); // 10/5 is under 20: a linear axis
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Lines<'a> {
    /// The chart's title.
    pub title: &'a str,
    /// The x axis' title, with its unit.
    pub x_title: &'a str,
    /// The y axis' title, with its unit.
    pub y_title: &'a str,
    /// `(name, points)`, the points in display units and in order of x.
    pub series: &'a [(String, Vec<(f64, f64)>)],
}

/// Draws lines with markers; the x axis turns logarithmic when it spans more than a factor of
/// 20 (memberships from 5 to 193), and the y axis includes zero.
///
/// ```
/// // Crate-internal: reached through `comity::study::report`, which draws the chart of a
/// // reciprocity study (here one model at 5 and 10 members).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "growth"
/// # title = "Growth"
/// # question = "Does cooperation survive growth?"
/// # source = "models/reciprocity"
/// # date = "2026-11-30"
/// # [reciprocity]
/// # models = ["growth_diffuse.toml"]
/// # members = [5, 10]
/// # rounds = 50
/// # seeds = 2
/// # "#;
/// # let study = Study::from_toml(text, "growth.toml", std::path::Path::new("models/reciprocity"))?;
/// # let report = comity::study::report(&study, &study.run()?)?;
/// # let file = |name: &str| report.files.iter().find(|f| f.0 == name).expect(name).1.clone();
/// let svg = file("contribution.svg");
/// // One model: one line through its two sizes, with a marker at each.
/// let line = svg.lines().find(|l| l.contains(r#"class="series""#)).expect("a line");
/// let points = line.split("points=\"").nth(1).and_then(|p| p.split('"').next()).expect("points");
/// assert_eq!(points.split(' ').count(), 2);
/// assert_eq!(svg.matches(r#"class="point""#).count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn lines(chart: &Lines<'_>) -> String {
    let xs: Vec<f64> = chart.series.iter().flat_map(|(_, p)| p.iter().map(|q| q.0)).collect();
    let ys: Vec<f64> = chart.series.iter().flat_map(|(_, p)| p.iter().map(|q| q.1)).collect();
    let x_axis = if xs.iter().all(|&x| x > 0.0)
        && xs.iter().copied().fold(0.0, f64::max) / xs.iter().copied().fold(f64::INFINITY, f64::min) > 20.0
    {
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(0.0, f64::max);
        // The data's own values as ticks: a membership axis reads better as 5, 10, 50, 193
        // than as powers of ten.
        let mut ticks: Vec<f64> = xs.clone();
        ticks.sort_by(f64::total_cmp);
        ticks.dedup();
        let lo = lo / 1.15;
        let hi = hi * 1.15;
        let labels = thin_ticks(&ticks, lo, hi);
        Axis { lo, hi, log: true, ticks: labels }
    } else {
        Axis::fit(&xs, false, None, (0.0, f64::INFINITY))
    };
    let y_axis_fit = Axis::fit(&ys, true, None, (0.0, 100.0));
    let names: Vec<String> = chart.series.iter().map(|(n, _)| n.clone()).collect();
    let (legend_width, legend_height, _) = legend_layout(&names);
    let width = BASE_WIDTH;
    let left = MARGIN + tick_width(&y_axis_fit) + 10.0;
    let right = width - MARGIN - legend_width - 2.0 * MARGIN;
    let mut svg = Svg::new(width, 0.0);
    let top = header(&mut svg, width, chart.title, chart.y_title);
    let plot = Boxed { x0: left, y0: top, x1: right, y1: top + PLOT_HEIGHT.max(legend_height) };
    y_axis(&mut svg, &y_axis_fit, plot);
    let x_of = |v: f64| plot.x0 + x_axis.fraction(v) * (plot.x1 - plot.x0);
    let y_of = |v: f64| plot.y1 - y_axis_fit.fraction(v) * (plot.y1 - plot.y0);
    let x_title_y = x_axis_with_frame(&mut svg, &x_axis, plot, chart.x_title);
    for (k, (_, points)) in chart.series.iter().enumerate() {
        let path: Vec<String> =
            points.iter().map(|&(x, y)| format!("{:.2},{:.2}", x_of(x), y_of(y))).collect();
        let _ = writeln!(
            svg.body,
            r#"<polyline class="series" points="{}" fill="none" stroke="{}" stroke-width="2.5"/>"#,
            path.join(" "),
            colour(k)
        );
        for &(x, y) in points {
            svg.circle(x_of(x), y_of(y), 4.0, colour(k));
        }
    }
    legend(&mut svg, right + 2.0 * MARGIN, top, &names, true);
    svg.height = x_title_y + 0.25 * LABEL_SIZE + MARGIN;
    svg.finish(chart.title)
}

/// Tick labels at the data's x values on a log axis over `[lo, hi]`, skipping any that would
/// crowd the previous one.
fn thin_ticks(values: &[f64], lo: f64, hi: f64) -> Vec<(f64, String)> {
    let mut ticks: Vec<(f64, String)> = Vec::new();
    let mut last: Option<f64> = None;
    for &v in values {
        let at = (v.log10() - lo.log10()) / (hi.log10() - lo.log10());
        // About 40 pixels apart on a 600-pixel axis.
        if last.is_none_or(|l| at - l > 0.07) {
            ticks.push((v, format!("{v}")));
            last = Some(at);
        }
    }
    ticks
}

/// DejaVu Sans, so that PNG text renders on a machine without system fonts.
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// How many pixels per SVG unit the PNG has: twice the screen size, for print.
///
/// ```
/// // Crate-internal: reached through `comity::study::report`, which draws every chart of a
/// // study (here today's Security Council and the Council without the veto).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # measures = ["shapley_shubik"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// # let report = comity::study::report(&study, &study.run()?)?;
/// # let file = |name: &str| report.files.iter().find(|f| f.0 == name).expect(name).1.clone();
/// let svg = file("group_shares.svg");
/// let svg_width: u32 = svg.split('"').nth(3).expect("the width").parse()?;
/// let (_, png) = report.images.iter().find(|(n, _)| n == "group_shares.png").expect("a PNG");
/// // A PNG's width is the big-endian u32 at bytes 16..20 (its IHDR chunk).
/// let png_width = u32::from_be_bytes(png[16..20].try_into()?);
/// assert_eq!(png_width, 2 * svg_width); // PNG_SCALE = 2
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const PNG_SCALE: f32 = 2.0;

/// Renders a chart's SVG to PNG at [`PNG_SCALE`], in-process with resvg and the embedded
/// font.
///
/// ```
/// // Crate-internal: reached through `comity::study::report`, which draws every chart of a
/// // study (here today's Security Council and the Council without the veto).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # measures = ["shapley_shubik", "efficacy"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// # let report = comity::study::report(&study, &study.run()?)?;
/// # let file = |name: &str| report.files.iter().find(|f| f.0 == name).expect(name).1.clone();
/// // Every SVG chart has its PNG, a valid image at twice the SVG's size.
/// for (name, png) in &report.images {
///     let svg = file(&name.replace(".png", ".svg"));
///     let height: u32 = svg.split('"').nth(5).expect("the height").parse()?;
///     assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
///     assert_eq!(u32::from_be_bytes(png[20..24].try_into()?), 2 * height);
/// }
/// assert_eq!(report.images.len(), 2); // the group shares and the power to act
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    let mut options = resvg::usvg::Options { font_family: "DejaVu Sans".into(), ..Default::default() };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(FONT.to_vec());
    fonts.set_sans_serif_family("DejaVu Sans");
    let tree = resvg::usvg::Tree::from_str(svg, &options).map_err(|e| format!("chart SVG: {e}"))?;
    let size = tree.size().to_int_size().scale_by(PNG_SCALE).ok_or("chart: empty canvas")?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("chart: canvas too large for a PNG")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("chart PNG: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_never_read_minus_zero() {
        let axis = Axis::fit(&[-0.3, 0.2, -0.05], true, None, (-100.0, 100.0));
        for (_, t) in &axis.ticks {
            assert!(!(t.starts_with('-') && t.parse::<f64>() == Ok(0.0)), "{t}");
        }
        assert!(axis.ticks.iter().any(|(v, _)| *v == 0.0));
    }

    #[test]
    fn a_single_value_gets_a_range_around_it() {
        let axis = Axis::fit(&[0.5, 0.5, 0.5], false, None, (0.0, 1.0));
        assert!(axis.lo < 0.5 && axis.hi > 0.5);
        assert!(axis.hi - axis.lo >= 0.09, "{} .. {}", axis.lo, axis.hi);
    }

    #[test]
    fn wrapping_never_drops_a_character() {
        let text = "an_extraordinarily_long_identifier and more words";
        let lines = wrap(text, 12.0, 60.0);
        let joined: String = lines.concat();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        assert!(lines.iter().all(|l| text_width(l, 12.0) <= 60.0 + 1e-9));
    }
}
