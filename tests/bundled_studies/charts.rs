//! The charts of every bundled study, checked as a reader would see them: every text inside
//! the canvas, no two texts over each other, the legend clear of the data, ticks that never
//! read "-0", and PNG files of the SVG's size (at the PNG scale) with ink wherever the SVG
//! writes text, so the embedded font rendered.
//!
//! Text boxes are estimated from the font size and the number of characters, as the charts
//! lay them out: 0.65 of the font size per character, from 0.8 of the size above the
//! baseline to 0.25 below.
#![cfg(feature = "charts")]

use crate::support::bundled_reports as reports;

const CHAR_WIDTH: f64 = 0.65;
const PNG_SCALE: f64 = 2.0;

/// The bundled study of real members in shorter histories (its 1,000 rounds and 20 histories
/// take long for a test), with its results.
#[allow(clippy::type_complexity)]
fn real_members() -> &'static (Vec<comity::study::reciprocity::ReciprocityResult>, comity::study::Report) {
    use comity::study::{Outcome, Study, report};
    static REPORT: std::sync::OnceLock<(
        Vec<comity::study::reciprocity::ReciprocityResult>,
        comity::study::Report,
    )> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
        let text = std::fs::read_to_string("models/studies/reciprocity_real_members.toml").unwrap();
        let short = text.replace("rounds = 1000", "rounds = 200").replace("seeds = 20", "seeds = 4");
        assert_ne!(short, text, "the bundled study's horizon was shortened");
        let study = Study::from_toml(&short, "real.toml", std::path::Path::new("models/studies")).unwrap();
        let outcome = study.run().unwrap();
        let report = report(&study, &outcome).unwrap();
        let Outcome::Reciprocity(results) = outcome else { panic!("a reciprocity outcome") };
        (results, report)
    })
}

/// Every chart of the bundled studies, and of the study of real members.
fn charts() -> Vec<(String, &'static str)> {
    let real = &real_members().1;
    let real = real
        .files
        .iter()
        .filter(|(n, _)| n.ends_with(".svg"))
        .map(|(n, s)| (format!("reciprocity_real_members/{n}"), s.as_str()));
    reports()
        .iter()
        .flat_map(|(id, r)| {
            r.files
                .iter()
                .filter(|(n, _)| n.ends_with(".svg"))
                .map(move |(n, s)| (format!("{id}/{n}"), s.as_str()))
        })
        .chain(real)
        .collect()
}

#[derive(Debug, Clone, Copy)]
struct Boxed {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Boxed {
    fn overlaps(&self, o: &Boxed) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// The attributes of an element's start tag, `<name a="b" ...>`.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_string();
        let after = &rest[eq + 2..];
        let end = after.find('"').expect("closed attribute");
        out.push((name, after[..end].to_string()));
        rest = &after[end + 1..];
    }
    out
}

fn number(attrs: &[(String, String)], name: &str) -> f64 {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.parse().unwrap())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn text_of(attrs: &[(String, String)], name: &str) -> String {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// Every element `<name ...>` of the SVG, with its attributes and (for text) its content.
fn elements<'a>(svg: &'a str, name: &str) -> Vec<(Vec<(String, String)>, String)> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest: &'a str = svg;
    while let Some(at) = rest.find(&open) {
        let tag_end = rest[at..].find('>').unwrap() + at;
        let attrs = attributes(&rest[at..tag_end]);
        let mut content = String::new();
        if !rest[..tag_end].ends_with('/') {
            let close = format!("</{name}>");
            if let Some(end) = rest[tag_end..].find(&close) {
                content = rest[tag_end + 1..tag_end + end].to_string();
            }
        }
        out.push((attrs, unescape(&content)));
        rest = &rest[tag_end..];
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

struct Chart {
    width: f64,
    height: f64,
    texts: Vec<(Boxed, String, String)>,
    bars: Vec<Boxed>,
    points: Vec<Boxed>,
    legends: Vec<Boxed>,
    /// Whiskers: `(x, top, bottom)`.
    intervals: Vec<(f64, f64, f64)>,
    /// The zero line's height, when drawn.
    zero: Option<f64>,
}

fn parse(svg: &str) -> Chart {
    let (root, _) = &elements(svg, "svg")[0];
    let mut chart = Chart {
        width: number(root, "width"),
        height: number(root, "height"),
        texts: Vec::new(),
        bars: Vec::new(),
        points: Vec::new(),
        legends: Vec::new(),
        intervals: Vec::new(),
        zero: None,
    };
    for (a, content) in elements(svg, "text") {
        let (x, y, size) = (number(&a, "x"), number(&a, "y"), number(&a, "font-size"));
        assert!(!a.iter().any(|(n, _)| n == "transform"), "rotated text: {content}");
        let w = content.chars().count() as f64 * CHAR_WIDTH * size;
        let x0 = match text_of(&a, "text-anchor").as_str() {
            "middle" => x - w / 2.0,
            "end" => x - w,
            _ => x,
        };
        chart.texts.push((
            Boxed { x0, y0: y - 0.8 * size, x1: x0 + w, y1: y + 0.25 * size },
            content,
            text_of(&a, "class"),
        ));
    }
    for (a, _) in elements(svg, "rect") {
        let (x, y) = (number(&a, "x"), number(&a, "y"));
        let b = Boxed { x0: x, y0: y, x1: x + number(&a, "width"), y1: y + number(&a, "height") };
        match text_of(&a, "class").as_str() {
            "bar" => chart.bars.push(b),
            "legend" => chart.legends.push(b),
            _ => {}
        }
    }
    for (a, _) in elements(svg, "line") {
        let (x1, y1, y2) = (number(&a, "x1"), number(&a, "y1"), number(&a, "y2"));
        match text_of(&a, "class").as_str() {
            "interval" => chart.intervals.push((x1, y1.min(y2), y1.max(y2))),
            "zero" => chart.zero = Some(y1),
            _ => {}
        }
    }
    for (a, _) in elements(svg, "circle") {
        let (x, y, r) = (number(&a, "cx"), number(&a, "cy"), number(&a, "r"));
        chart.points.push(Boxed { x0: x - r, y0: y - r, x1: x + r, y1: y + r });
    }
    chart
}

#[test]
fn every_bundled_power_study_has_shapley_shubik_and_banzhaf_charts() {
    for (id, report) in reports() {
        let names: Vec<&str> = report.files.iter().map(|(n, _)| n.as_str()).collect();
        let expected: &[&str] = match id {
            "reciprocity_growth" => &["contribution.svg"],
            _ => &[
                "group_shares.svg",
                "group_shares_banzhaf.svg",
                "change.svg",
                "change_banzhaf.svg",
                "efficacy_voice.svg",
            ],
        };
        for chart in expected {
            assert!(names.contains(chart), "{id}: no {chart} in {names:?}");
        }
    }
}

#[test]
fn no_text_leaves_the_canvas() {
    for (name, svg) in charts() {
        let chart = parse(svg);
        assert!(!chart.texts.is_empty(), "{name}: no text");
        for (b, text, _) in &chart.texts {
            assert!(
                b.x0 >= 0.0 && b.y0 >= 0.0 && b.x1 <= chart.width && b.y1 <= chart.height,
                "{name}: '{text}' at {b:?} leaves the {}x{} canvas",
                chart.width,
                chart.height
            );
        }
    }
}

#[test]
fn no_two_texts_overlap() {
    for (name, svg) in charts() {
        let chart = parse(svg);
        for (i, (a, ta, _)) in chart.texts.iter().enumerate() {
            for (b, tb, _) in &chart.texts[i + 1..] {
                assert!(!a.overlaps(b), "{name}: '{ta}' {a:?} overlaps '{tb}' {b:?}");
            }
        }
    }
}

#[test]
fn legends_stand_clear_of_bars_and_points() {
    for (name, svg) in charts() {
        let chart = parse(svg);
        for legend in &chart.legends {
            assert!(legend.x1 <= chart.width && legend.y1 <= chart.height, "{name}: legend off the canvas");
            for mark in chart.bars.iter().chain(&chart.points) {
                assert!(!legend.overlaps(mark), "{name}: legend {legend:?} over {mark:?}");
            }
        }
        // Point labels stand clear of every point, their own included.
        for (b, text, class) in &chart.texts {
            if class == "point-label" {
                for p in &chart.points {
                    assert!(!b.overlaps(p), "{name}: label '{text}' over a point");
                }
            }
        }
    }
}

#[test]
fn labels_are_human_readable_and_ticks_never_read_minus_zero() {
    for (name, svg) in charts() {
        let chart = parse(svg);
        for (_, text, class) in &chart.texts {
            if class == "tick" {
                let value: Option<f64> = text.parse().ok();
                assert!(!(text.starts_with('-') && value == Some(0.0)), "{name}: tick '{text}'");
            }
            if class == "legend-label" || class == "category" || class == "title" {
                // Study files label their groups and variants: no raw identifier shows.
                assert!(!text.contains('_'), "{name}: identifier '{text}' shown");
            }
        }
    }
}

#[test]
fn change_charts_are_in_percentage_points_with_a_zero_line() {
    for (name, svg) in charts() {
        if name.contains("/change") {
            assert!(svg.contains("percentage points"), "{name}");
            let chart = parse(svg);
            let has_negative = chart.bars.iter().any(|b| b.y1 - b.y0 > 0.5) && svg.contains("class=\"zero\"");
            let ticks: Vec<f64> = chart
                .texts
                .iter()
                .filter(|(_, _, c)| c == "tick")
                .filter_map(|(_, t, _)| t.parse().ok())
                .collect();
            if ticks.iter().any(|&t| t < 0.0) && ticks.iter().any(|&t| t > 0.0) {
                assert!(has_negative, "{name}: values on both sides of zero but no zero line");
            }
        }
    }
}

/// The pixels of a PNG as RGBA rows.
fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba, "RGBA expected");
    buffer.truncate(info.buffer_size());
    (info.width, info.height, buffer)
}

#[test]
fn pngs_have_the_svg_size_and_ink_where_text_stands() {
    for (id, report) in reports() {
        assert!(!report.images.is_empty(), "{id}: no PNG");
        for (name, bytes) in &report.images {
            let svg = &report.files.iter().find(|(n, _)| *n == name.replace(".png", ".svg")).unwrap().1;
            let chart = parse(svg);
            let (w, h, pixels) = decode(bytes);
            assert_eq!(
                (w, h),
                ((chart.width * PNG_SCALE) as u32, (chart.height * PNG_SCALE) as u32),
                "{id}/{name}"
            );
            let at = |x: u32, y: u32| {
                let k = 4 * (y as usize * w as usize + x as usize);
                &pixels[k..k + 4]
            };
            let coloured =
                (0..h).step_by(2).flat_map(|y| (0..w).step_by(2).map(move |x| (x, y))).filter(|&(x, y)| {
                    let p = at(x, y);
                    p[0] < 240 || p[1] < 240 || p[2] < 240
                });
            assert!(coloured.count() > (w * h / 4 / 100) as usize, "{id}/{name}: blank");
            // Text renders with the embedded font: each title has dark pixels in its box.
            for (b, text, class) in &chart.texts {
                if class != "title" && class != "legend-label" {
                    continue;
                }
                let (x0, x1) = ((b.x0 * PNG_SCALE) as u32, ((b.x1 * PNG_SCALE) as u32).min(w - 1));
                let (y0, y1) = ((b.y0 * PNG_SCALE) as u32, ((b.y1 * PNG_SCALE) as u32).min(h - 1));
                let ink = (y0..=y1).any(|y| (x0..=x1).any(|x| at(x, y)[0] < 100));
                assert!(ink, "{id}/{name}: no ink where '{text}' stands");
            }
        }
    }
}

/// The report of real members charts each group's benefit share less its contribution share
/// with its interval: one bar per group and model from the zero line, heights in proportion to
/// the results' values (up for a group the others carry, down for one that carries them), and
/// a whisker centred on each bar's end spanning the two half-widths added.
#[test]
fn net_share_bars_stand_in_proportion_with_their_intervals() {
    let (results, report) = real_members();
    let names: Vec<&str> = report.files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"net_shares.svg"), "{names:?}");
    // Every model keeps its 189 members: no line of the contribution rate by membership.
    assert!(!names.contains(&"contribution.svg"), "{names:?}");
    let svg = &report.files.iter().find(|(n, _)| n == "net_shares.svg").unwrap().1;
    let chart = parse(svg);
    // Bars are drawn group by group, each across the models.
    let groups: Vec<&str> = results[0].groups.iter().map(|g| g.name.as_str()).collect();
    let mut expected: Vec<(f64, f64)> = Vec::new();
    for name in &groups {
        for r in results {
            let g = r.groups.iter().find(|g| g.name == *name).unwrap();
            expected.push((
                100.0 * (g.benefit_share - g.contribution_share),
                100.0 * (g.benefit_share_half_width + g.contribution_share_half_width),
            ));
        }
    }
    assert_eq!(chart.bars.len(), expected.len());
    assert!(expected.iter().any(|e| e.0 > 0.0) && expected.iter().any(|e| e.0 < 0.0), "{expected:?}");
    let zero = chart.zero.expect("a zero line: values on both sides");
    // Pixels per percentage point, from the tallest bar.
    let (tallest, value) = chart
        .bars
        .iter()
        .zip(&expected)
        .max_by(|a, b| (a.0.y1 - a.0.y0).total_cmp(&(b.0.y1 - b.0.y0)))
        .map(|(b, e)| (b.y1 - b.y0, e.0.abs()))
        .unwrap();
    let scale = tallest / value;
    let mut whiskers = chart.intervals.iter();
    for (bar, &(value, half)) in chart.bars.iter().zip(&expected) {
        // From the zero line, up or down as the sign says, and as tall as the value.
        let (end, base) = if value >= 0.0 { (bar.y0, bar.y1) } else { (bar.y1, bar.y0) };
        assert!((base - zero).abs() < 0.02, "{bar:?} does not stand on the zero line {zero}");
        assert!((bar.y1 - bar.y0 - scale * value.abs()).abs() < 0.05, "{bar:?} for {value}");
        if half <= 0.0 {
            continue;
        }
        let &(x, top, bottom) = whiskers.next().expect("a whisker for every interval");
        assert!(x > bar.x0 && x < bar.x1, "whisker at {x} off its bar {bar:?}");
        assert!(((top + bottom) / 2.0 - end).abs() < 0.05, "whisker not centred on {value}");
        assert!((bottom - top - 2.0 * half * scale).abs() < 0.05, "whisker of {} for ±{half}", bottom - top);
    }
    assert!(whiskers.next().is_none(), "a whisker without its interval");
    // The small island states get far more than they pay in the model of diffuse reciprocity.
    let sids = groups.iter().position(|g| *g == "sids").unwrap();
    assert!(expected[sids * results.len()].0 > 10.0, "{expected:?}");
    assert!(svg.contains(">small states</text>"), "legend reads the group names as words");
}
