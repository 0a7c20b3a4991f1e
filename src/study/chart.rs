//! SVG charts for study reports, drawn with plotters: grouped bars (a value per category and
//! series), labelled points, and lines.
//!
//! Only with the `charts` feature, so that a library user compiles no drawing code.
#![cfg(feature = "charts")]

use plotters::prelude::*;

const WIDTH: u32 = 900;
const HEIGHT: u32 = 520;
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
];

fn color(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

/// A drawing failure as text (plotters' errors carry the backend's error type).
fn text<E: std::fmt::Debug>(e: E) -> String {
    format!("chart: {e:?}")
}

/// Grouped bars: `values[s][c]` is series `s` in category `c`.
pub fn grouped_bars(
    title: &str,
    y_label: &str,
    categories: &[String],
    series: &[String],
    values: &[Vec<f64>],
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(text)?;
        let all = values.iter().flatten().copied();
        let (low, high) = all.fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
        let pad = ((high - low) * 0.08).max(1e-6);
        let (low, high) = (if low < 0.0 { low - pad } else { 0.0 }, high + pad);
        let n = categories.len().max(1);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(90)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..n as f64, low..high)
            .map_err(text)?;
        chart.configure_mesh().disable_x_mesh().x_labels(0).y_desc(y_label).draw().map_err(text)?;
        let width = 0.8 / series.len().max(1) as f64;
        for (s, name) in series.iter().enumerate() {
            let bars = values[s].iter().enumerate().map(|(c, &v)| {
                let x0 = c as f64 + 0.1 + s as f64 * width;
                Rectangle::new([(x0, 0.0), (x0 + width * 0.95, v)], color(s).filled())
            });
            chart
                .draw_series(bars)
                .map_err(text)?
                .label(name.as_str())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color(s).filled()));
        }
        for (c, name) in categories.iter().enumerate() {
            let at = chart.backend_coord(&(c as f64 + 0.5, low));
            let style = ("sans-serif", 11).into_text_style(&root).transform(FontTransform::Rotate90);
            root.draw(&Text::new(shorten(name), (at.0 - 6, at.1 + 6), style)).map_err(text)?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(text)?;
        root.present().map_err(text)?;
    }
    Ok(svg)
}

/// Labelled points `(x, y, label)`.
pub fn labelled_points(
    title: &str,
    x_label: &str,
    y_label: &str,
    points: &[(f64, f64, String)],
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(text)?;
        let range = |values: Vec<f64>| {
            let (l, h) =
                values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
            let pad = ((h - l) * 0.1).max(0.01);
            (l - pad)..(h + pad)
        };
        let xs = range(points.iter().map(|p| p.0).collect());
        let ys = range(points.iter().map(|p| p.1).collect());
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(xs, ys)
            .map_err(text)?;
        chart.configure_mesh().x_desc(x_label).y_desc(y_label).draw().map_err(text)?;
        for (k, (x, y, label)) in points.iter().enumerate() {
            let c = color(k);
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((*x, *y))
                        + Circle::new((0, 0), 5, c.filled())
                        + Text::new(shorten(label), (7, -12), ("sans-serif", 11)),
                ))
                .map_err(text)?;
        }
        root.present().map_err(text)?;
    }
    Ok(svg)
}

/// Lines: each series is `(name, points)`.
pub fn lines(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[(String, Vec<(f64, f64)>)],
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(text)?;
        let points = series.iter().flat_map(|(_, p)| p.iter().copied());
        let (x0, x1, y1) = points.fold((f64::INFINITY, f64::NEG_INFINITY, 0.0f64), |(a, b, c), (x, y)| {
            (a.min(x), b.max(x), c.max(y))
        });
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(x0..x1, 0.0..(y1 * 1.1).max(0.01))
            .map_err(text)?;
        chart.configure_mesh().x_desc(x_label).y_desc(y_label).draw().map_err(text)?;
        for (k, (name, points)) in series.iter().enumerate() {
            let c = color(k);
            chart
                .draw_series(LineSeries::new(points.iter().copied(), c.stroke_width(2)))
                .map_err(text)?
                .label(name.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], c.stroke_width(2)));
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, c.filled()))).map_err(text)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(text)?;
        root.present().map_err(text)?;
    }
    Ok(svg)
}

/// A label cut to 28 characters, so long variant names stay inside the chart.
fn shorten(label: &str) -> String {
    if label.chars().count() <= 28 {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(27).collect::<String>())
    }
}
