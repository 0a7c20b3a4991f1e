//! The headline of a study as the terminal shows it: one aligned table per study (at most
//! [`MAX_WIDTH`] columns) with, for each variant, the headline group's Shapley-Shubik and
//! Banzhaf shares, its share of the members (and of the population where the model has one),
//! the change against the baseline in percentage points and a verdict word, then one sentence
//! of takeaway built from the numbers.
//!
//! Numbers are written so that none misleads: a share that is not zero is never printed as
//! "0.00%" (below 0.01% it switches to scientific notation, "3.2e-5%"), a change is in
//! percentage points, and the verdict is "gains" or "loses" only when the change reaches
//! [`UNCHANGED_BELOW_PP`] points, else "unchanged". The change and the verdict follow
//! Shapley-Shubik where the study computed it, else Banzhaf.
//!
//! ```
//! use comity::study::headline::{change_pp, share_percent, verdict};
//! assert_eq!(share_percent(0.186), "18.60%");
//! assert_eq!(share_percent(1.2e-7), "1.2e-5%"); // not "0.00%"
//! assert_eq!(share_percent(0.0), "0%");
//! assert_eq!(change_pp(-0.0186), "-1.86");
//! assert_eq!(verdict(0.0004), "unchanged"); // 0.04 points
//! assert_eq!(verdict(0.0006), "gains");
//! ```

use super::reciprocity::ReciprocityResult;
use super::report::Outcome;
use super::{Study, VariantResult};
use std::fmt::Write;

/// The widest line a headline table may print, in characters.
///
/// ```
/// // `study`: today's Security Council and the Council without the veto.
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
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
/// use comity::study::headline::{headline_table, MAX_WIDTH};
/// let table = headline_table(&study, &study.run()?);
/// assert!(table.lines().all(|line| line.chars().count() <= MAX_WIDTH));
/// # Ok::<(), comity::study::StudyError>(())
/// ```
pub const MAX_WIDTH: usize = 100;

/// A change smaller than this many percentage points is "unchanged".
///
/// ```
/// use comity::study::headline::{verdict, UNCHANGED_BELOW_PP};
/// // The threshold is in points; verdict takes a change of share (a fraction).
/// let points = |pp: f64| pp / 100.0;
/// assert_eq!(verdict(points(2.0 * UNCHANGED_BELOW_PP)), "gains");
/// assert_eq!(verdict(points(-2.0 * UNCHANGED_BELOW_PP)), "loses");
/// assert_eq!(verdict(points(0.5 * UNCHANGED_BELOW_PP)), "unchanged");
/// ```
pub const UNCHANGED_BELOW_PP: f64 = 0.05;

/// Variant names longer than this are shortened with an ellipsis, so that a table stays
/// within [`MAX_WIDTH`] columns.
const VARIANT_WIDTH: usize = 30;

/// A share in [0, 1] as a percentage: two decimals, scientific notation below 0.01% so that a
/// share that is not zero never reads as zero, and "0%" for zero itself.
///
/// ```
/// use comity::study::headline::share_percent;
/// // Security Council, Shapley-Shubik (by hand, C(9, 3) 8! 6! / 15! = 4/2145 per elected
/// // member): the five permanent members hold 2105/2145, an elected member 4/2145.
/// assert_eq!(share_percent(2105.0 / 2145.0), "98.14%");
/// assert_eq!(share_percent(4.0 / 2145.0), "0.19%");
/// assert_eq!(share_percent(1.2e-7), "1.2e-5%"); // not "0.00%"
/// ```
pub fn share_percent(share: f64) -> String {
    let pct = 100.0 * share;
    if pct == 0.0 {
        "0%".into()
    } else if pct.abs() < 0.01 {
        format!("{}%", scientific(pct))
    } else {
        format!("{pct:.2}%")
    }
}

/// A change of share as signed percentage points ("+1.25", "-0.59", "0"), scientific below a
/// hundredth of a point so that a change that is not zero never reads as zero.
///
/// ```
/// use comity::study::headline::change_pp;
/// // The permanent members without the veto: 5/15 of the Shapley-Shubik power (all 15 members
/// // are symmetric under "9 of 15") against 2105/2145 today, by hand -1390/2145 = -0.648.
/// assert_eq!(change_pp(5.0 / 15.0 - 2105.0 / 2145.0), "-64.80");
/// assert_eq!(change_pp(0.0125), "+1.25");
/// assert_eq!(change_pp(3e-5), "+3.0e-3"); // not "+0.00"
/// assert_eq!(change_pp(0.0), "0");
/// ```
pub fn change_pp(change: f64) -> String {
    let pp = 100.0 * change;
    if pp == 0.0 {
        "0".into()
    } else if pp.abs() < 0.01 {
        format!("{}{}", if pp > 0.0 { "+" } else { "" }, scientific(pp))
    } else {
        format!("{pp:+.2}")
    }
}

/// "gains", "loses" or "unchanged" for a change of share (a fraction, not points).
///
/// ```
/// use comity::study::headline::verdict;
/// assert_eq!(verdict(5.0 / 15.0 - 2105.0 / 2145.0), "loses"); // the P5 without the veto
/// assert_eq!(verdict(0.0125), "gains"); // 1.25 points
/// assert_eq!(verdict(-0.0004), "unchanged"); // 0.04 points, below the threshold
/// ```
pub fn verdict(change: f64) -> &'static str {
    let pp = 100.0 * change;
    if pp >= UNCHANGED_BELOW_PP {
        "gains"
    } else if pp <= -UNCHANGED_BELOW_PP {
        "loses"
    } else {
        "unchanged"
    }
}

/// Two significant digits in scientific notation: "3.2e-5", "-4.1e-3".
fn scientific(x: f64) -> String {
    format!("{x:.1e}")
}

/// The headline of one study: its title, a table and a sentence of takeaway.
///
/// ```
/// // `study`: today's Security Council and the Council without the veto.
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # label = "Permanent five"
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
/// use comity::study::headline::headline_table;
/// let table = headline_table(&study, &study.run()?);
/// // Groups and variants under their labels where the study gives them, else their names.
/// assert!(table.starts_with("The veto: Permanent five\n"), "{table}");
/// // By hand: 2105/2145 today, 5/15 without the veto, -64.80 points.
/// let no_veto = table.lines().find(|l| l.trim_start().starts_with("no_veto")).expect("a row");
/// assert!(no_veto.contains("33.33%") && no_veto.contains("-64.80") && no_veto.ends_with("loses"));
/// assert!(table.contains("98.14%"));
/// # Ok::<(), comity::study::StudyError>(())
/// ```
pub fn headline_table(study: &Study, outcome: &Outcome) -> String {
    let title = &study.file().study.title;
    match outcome {
        Outcome::Power(results) => power_table(study, title, results),
        Outcome::Reciprocity(results) => reciprocity_table(title, results),
        Outcome::Growth(result) => growth_table(title, result),
    }
}

/// A population threshold as a reader says it (`10 million`).
pub(crate) fn population(p: f64) -> String {
    if p >= 1e6 && (p / 1e6).fract() == 0.0 { format!("{} million", p / 1e6) } else { format!("{p}") }
}

/// A growth study's headline: the first and last dates and each caucus's founding, with the
/// small states' share of members and of Shapley-Shubik power (caucuses voting as blocs).
fn growth_table(title: &str, result: &super::growth::GrowthResult) -> String {
    let points = &result.points;
    let mut years: Vec<i32> = points.iter().take(1).chain(points.last()).map(|p| p.year).collect();
    years.extend(result.caucuses.iter().map(|c| c.founded).filter(|y| points.iter().any(|p| p.year == *y)));
    years.sort_unstable();
    years.dedup();
    let mut header: Vec<String> = vec!["year".into(), "members".into(), "small share".into()];
    header.extend(result.body.rules.iter().map(|r| format!("SS {}", r.name().replace('_', " "))));
    let rows: Vec<Vec<String>> = years
        .iter()
        .filter_map(|y| points.iter().find(|p| p.year == *y))
        .map(|p| {
            let mut row = vec![p.year.to_string(), p.members.to_string(), share_percent(p.small_share())];
            row.extend(p.rules.iter().map(|r| share_percent(r.with_caucuses.shapley_shubik)));
            row
        })
        .collect();
    let mut out = format!("{title}: small states (under {})\n", population(result.body.small_below));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.push_str(&layout(&header, &rows, &[0]));
    let paradoxes: Vec<String> = points
        .iter()
        .filter(|p| p.rules.iter().any(|r| !r.paradox.is_empty()))
        .map(|p| p.year.to_string())
        .collect();
    let caucuses = if result.caucuses.is_empty() {
        "No caucus votes as a bloc, so power follows the count of members".to_string()
    } else {
        format!(
            "SS: Shapley-Shubik share with {} voting as blocs from their founding",
            result.caucuses.iter().map(|c| c.display_label()).collect::<Vec<_>>().join(" and ")
        )
    };
    let sentence = format!(
        "{caucuses}. Paradox of new members (an incumbent gains as the body grows): {}.",
        if paradoxes.is_empty() { "none".to_string() } else { format!("in {}", paradoxes.join(", ")) }
    );
    out.push_str(&format!("  {}\n", wrap(&sentence, MAX_WIDTH - 2).join("\n  ")));
    out
}

/// Shortens a variant name to [`VARIANT_WIDTH`] characters.
fn fit(name: &str) -> String {
    if name.chars().count() <= VARIANT_WIDTH {
        name.to_string()
    } else {
        let mut short: String = name.chars().take(VARIANT_WIDTH - 1).collect();
        short.push('…');
        short
    }
}

/// Pads `text` on the left (numbers) or right (words) to `width` characters.
fn pad(text: &str, width: usize, right_align: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(text.chars().count()));
    if right_align { format!("{fill}{text}") } else { format!("{text}{fill}") }
}

/// Lays out rows under a header, each column as wide as its widest cell: numbers right-aligned,
/// and words (the columns `words` names) left-aligned.
fn layout(header: &[&str], rows: &[Vec<String>], words: &[usize]) -> String {
    let columns = header.len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter().map(|r| r[c].chars().count()).chain([header[c].chars().count()]).max().unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| {
        let text: Vec<String> =
            cells.iter().enumerate().map(|(c, cell)| pad(cell, widths[c], !words.contains(&c))).collect();
        format!("  {}", text.join("  ").trim_end())
    };
    let mut out = line(header.iter().map(|h| h.to_string()).collect());
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.clone()));
        out.push('\n');
    }
    out
}

/// A variant's label where the study gives one, else its name.
fn variant_label<'a>(study: &'a Study, r: &'a VariantResult) -> &'a str {
    study.variants().get(r.index).map_or(r.variant.as_str(), |v| v.spec.display_label())
}

fn power_table(study: &Study, title: &str, results: &[VariantResult]) -> String {
    let Some(h) = study.headline_group() else {
        return format!("{title}\n  (no groups to report)\n");
    };
    // Labels where the study file gives them (ids otherwise), as in the report and charts.
    let group = study.file().groups[h].display_label();
    let baseline = study.baseline_index();
    let has_ss = results.iter().all(|r| r.groups[h].shapley_shubik.is_some());
    let has_population = results.iter().all(|r| r.groups[h].population_share.is_some());
    let index = if has_ss { "Shapley-Shubik" } else { "Banzhaf" };

    let mut header = vec!["variant", "SS", "Banzhaf", "members"];
    if has_population {
        header.push("population");
    }
    header.extend(["change (pp)", "verdict"]);
    let mut rows = Vec::new();
    // (variant, change) of every variant but the baseline, for the takeaway.
    let mut changes: Vec<(&str, f64)> = Vec::new();
    for r in results {
        let g = &r.groups[h];
        let change = if has_ss { g.change_shapley_shubik } else { g.change_banzhaf };
        let is_baseline = baseline == Some(r.index);
        let mut row = vec![
            fit(variant_label(study, r)),
            g.shapley_shubik.map_or("–".into(), share_percent),
            share_percent(g.banzhaf),
            share_percent(g.member_share),
        ];
        if has_population {
            row.push(g.population_share.map_or("–".into(), share_percent));
        }
        match (change, is_baseline) {
            (_, true) => row.extend(["baseline".to_string(), String::new()]),
            (Some(c), false) => {
                changes.push((variant_label(study, r), c));
                row.extend([change_pp(c), verdict(c).to_string()]);
            }
            (None, false) => row.extend(["–".to_string(), String::new()]),
        }
        rows.push(row);
    }

    let mut out = format!("{title}: {group}\n");
    out.push_str(&layout(&header, &rows, &[0, header.len() - 1]));
    let baseline = baseline.map(|b| (variant_label(study, &results[b]), &results[b]));
    out.push_str(&format!("  {}\n", takeaway(group, index, baseline, h, &changes)));
    // A like-minded coalition's shares are power over a decision that binds its participants
    // only: say so, or its change reads as a gain over the whole body's decision.
    let like_minded: Vec<&str> =
        results.iter().filter(|r| r.like_minded.is_some()).map(|r| variant_label(study, r)).collect();
    if !like_minded.is_empty() {
        let line = format!(
            "Under {}, shares are of power over a decision that binds the participants only; outsiders keep the status quo.",
            like_minded.join(" and ")
        );
        out.push_str(&format!("  {}\n", wrap(&line, MAX_WIDTH - 2).join("\n  ")));
    }
    if let Some(line) = baseline.and_then(|(name, b)| chair_line(name, b)) {
        out.push_str(&format!("  {}\n", wrap(&line, MAX_WIDTH - 2).join("\n  ")));
    }
    // What a seat is worth today to the members the study reports (the seats measure).
    if let Some(line) = baseline.and_then(|(_, b)| super::worth::seat_summary(study, b)) {
        out.push_str(&format!("  {}\n", wrap(&line, MAX_WIDTH - 2).join("\n  ")));
    }
    out
}

/// What the chair is worth under the baseline (the agenda measures), in one sentence.
fn chair_line(name: &str, b: &VariantResult) -> Option<String> {
    let agenda = b.agenda.as_ref()?;
    let chair = agenda.chair.as_ref()?;
    let worth = agenda.chair_worth?;
    let mut line = format!(
        "Under {name}, holding the chair is worth {} pp of Baron-Ferejohn share to {chair}",
        change_pp(worth)
    );
    if let Some(d) = agenda.deadline.as_ref().and_then(|d| Some((d.rounds, d.chair_worth?))) {
        let _ = write!(line, " ({} pp with a {}-round deadline)", change_pp(d.1), d.0);
    }
    line.push('.');
    Some(line)
}

/// One sentence from the numbers: the baseline's share against the share of members, and the
/// variants where the group gains and loses most.
fn takeaway(
    group: &str,
    index: &str,
    baseline: Option<(&str, &VariantResult)>,
    h: usize,
    changes: &[(&str, f64)],
) -> String {
    let mut sentence = String::new();
    if let Some((name, b)) = baseline {
        let g = &b.groups[h];
        let share = g.shapley_shubik.unwrap_or(g.banzhaf);
        let _ = write!(
            sentence,
            "Under {}, {group} hold {} of {index} power with {} of the members",
            name,
            share_percent(share),
            share_percent(g.member_share)
        );
    } else {
        let _ = write!(sentence, "With no baseline, {group}'s change is not measured");
    }
    let best = changes.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
    let worst = changes.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1));
    match (best, worst) {
        (Some(best), Some(worst)) if verdict(best.1) == "unchanged" && verdict(worst.1) == "unchanged" => {
            let _ = write!(sentence, "; no variant moves it by {UNCHANGED_BELOW_PP} points or more");
        }
        (Some(best), Some(worst)) => {
            let mut parts = Vec::new();
            if verdict(best.1) == "gains" {
                parts.push(format!("gain most under {} ({} pp)", best.0, change_pp(best.1)));
            }
            if verdict(worst.1) == "loses" {
                parts.push(format!("lose most under {} ({} pp)", worst.0, change_pp(worst.1)));
            }
            let _ = write!(sentence, "; they {}", parts.join(" and "));
        }
        _ => {}
    }
    sentence.push('.');
    wrap(&sentence, MAX_WIDTH - 2).join("\n  ")
}

/// Breaks `text` at spaces into lines of at most `width` characters (a longer word stands
/// alone on its line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines
}

fn reciprocity_table(title: &str, results: &[ReciprocityResult]) -> String {
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            vec![
                fit(&r.model),
                r.members.to_string(),
                format!("{:.2} ± {:.2}", r.contribution_rate, r.contribution_half_width),
                share_percent(r.collapsed),
            ]
        })
        .collect();
    let mut out = format!("{title}\n");
    out.push_str(&layout(&["model", "members", "contribution rate", "runs collapsed"], &rows, &[0]));
    let mut models: Vec<&str> = Vec::new();
    for r in results {
        if !models.contains(&r.model.as_str()) {
            models.push(&r.model);
        }
    }
    let parts: Vec<String> = models
        .iter()
        .filter_map(|m| {
            let rows: Vec<&ReciprocityResult> = results.iter().filter(|r| r.model == *m).collect();
            let first = rows.iter().min_by_key(|r| r.members)?;
            let last = rows.iter().max_by_key(|r| r.members)?;
            if first.members == last.members {
                // One size (a model of real members): the rate, and what its first group pays
                // and gets.
                let group = first.groups.first().map_or(String::new(), |g| {
                    format!(
                        " ({} pay {} and get {})",
                        g.name,
                        share_percent(g.contribution_share),
                        share_percent(g.benefit_share)
                    )
                });
                return Some(format!(
                    "{m} {:.2} at {} members{group}",
                    first.contribution_rate, first.members
                ));
            }
            Some(format!(
                "{m} goes from {:.2} at {} members to {:.2} at {}",
                first.contribution_rate, first.members, last.contribution_rate, last.members
            ))
        })
        .collect();
    let sentence = format!("Contribution rates: {}.", parts.join("; "));
    out.push_str(&format!("  {}\n", wrap(&sentence, MAX_WIDTH - 2).join("\n  ")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shares_and_changes_by_hand() {
        assert_eq!(share_percent(0.0186), "1.86%");
        assert_eq!(share_percent(0.00005), "5.0e-3%");
        assert_eq!(change_pp(0.0064), "+0.64");
        assert_eq!(change_pp(0.0), "0");
        assert_eq!(change_pp(-3e-7), "-3.0e-5");
        assert_eq!(verdict(-0.0005), "loses");
        assert_eq!(verdict(0.00049), "unchanged");
    }

    #[test]
    fn long_sentences_wrap_within_the_width() {
        let text = "word ".repeat(60);
        assert!(wrap(text.trim(), 20).iter().all(|l| l.chars().count() <= 20));
    }

    proptest! {
        /// A share that is not zero never prints as a zero, and the verdict agrees with the
        /// sign of the change.
        #[test]
        fn no_nonzero_share_reads_as_zero(share in prop_oneof![0.0..1.0f64, 1e-300..1e-4f64], change in -1.0..1.0f64) {
            let text = share_percent(share);
            if share != 0.0 {
                prop_assert!(text.trim_end_matches('%').parse::<f64>().unwrap() != 0.0, "{share} -> {text}");
            }
            match verdict(change) {
                "gains" => prop_assert!(change > 0.0),
                "loses" => prop_assert!(change < 0.0),
                _ => prop_assert!((100.0 * change).abs() < UNCHANGED_BELOW_PP),
            }
            let pp = change_pp(change);
            if change != 0.0 {
                prop_assert!(pp.parse::<f64>().unwrap() != 0.0, "{change} -> {pp}");
            }
        }
    }
}
