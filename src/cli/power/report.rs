//! The members' table of `comity power`, read against weight and population: the columns a
//! rule has (weight and weight share for a weighted rule; population share and the Penrose
//! ratio where the model has population; each index, its interval under Monte Carlo, and the
//! power-to-weight ratios), the rows sorted as asked and the groups' totals, rendered once as
//! the table, the CSV and the JSON object, so that the three carry the same columns.
//!
//! The Penrose ratio is the normalised Banzhaf index over the member's share of the square
//! roots of the populations: by Penrose's square-root law (Penrose 1946; Słomczyński and
//! Życzkowski 2006) a ratio of 1 gives every citizen equal indirect power.

use super::super::format::{Cell, Table};
use super::super::output::fraction;
use super::{ALL_INDICES, Evaluation, Index, Outcome};
use crate::power::Interval;
use crate::rules::CompiledQuota;
use anyhow::Context;
use num_rational::BigRational;
use serde_json::{Map, Value, json};

/// The attribute read as population for population shares and the Penrose ratio.
pub(super) const POPULATION: &str = "population";

/// The attribute that the rule's weighted conditions sum, when they all sum one attribute
/// over every member (no `of` scope); `None` for rules without weights or with several.
pub(super) fn weight_attribute(quotas: &[CompiledQuota]) -> Option<String> {
    let mut found: Option<&str> = None;
    for q in quotas.iter().filter(|q| q.primitive == "weighted") {
        let attribute = q.attribute.as_deref()?;
        if q.of.is_some() || found.is_some_and(|a| a != attribute) {
            return None;
        }
        found = Some(attribute);
    }
    found.map(str::to_string)
}

/// A column of the members' table, in the order tables print them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Weight,
    WeightShare,
    PopulationShare,
    Index(Index),
    Low(Index),
    High(Index),
    /// The index over the weight share (normalised indices only).
    ToWeight(Index),
    /// Normalised Banzhaf over the share of the square roots of the populations.
    Penrose,
}

impl Column {
    fn name(self) -> String {
        match self {
            Column::Weight => "weight".into(),
            Column::WeightShare => "weight_share".into(),
            Column::PopulationShare => "population_share".into(),
            Column::Index(i) => i.name().into(),
            Column::Low(i) => format!("{}_low", i.name()),
            Column::High(i) => format!("{}_high", i.name()),
            Column::ToWeight(i) => format!("{}_to_weight", i.name()),
            Column::Penrose => "penrose_ratio".into(),
        }
    }

    /// Every column in print order.
    fn all() -> Vec<Column> {
        let mut all = vec![Column::Weight, Column::WeightShare, Column::PopulationShare];
        for i in ALL_INDICES {
            all.extend([Column::Index(i), Column::Low(i), Column::High(i)]);
        }
        all.extend([
            Column::ToWeight(Index::ShapleyShubik),
            Column::ToWeight(Index::Banzhaf),
            Column::Penrose,
        ]);
        all
    }
}

/// One row of the members' table: a member, or a group's totals.
#[derive(Debug, Clone)]
struct Row {
    id: String,
    name: String,
    weight: Option<f64>,
    weight_share: Option<f64>,
    population_share: Option<f64>,
    /// The share of the square roots of the populations (Penrose's ideal Banzhaf share).
    root_share: Option<f64>,
    /// Per index asked for: its value, its interval and its exact fraction, where computed.
    values: Vec<Option<f64>>,
    intervals: Vec<Option<(f64, f64)>>,
    exact: Vec<Option<BigRational>>,
}

impl Row {
    fn value(&self, column: Column, indices: &[Index]) -> Option<f64> {
        let at = |i: Index| indices.iter().position(|&x| x == i);
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => None,
        };
        match column {
            Column::Weight => self.weight,
            Column::WeightShare => self.weight_share,
            Column::PopulationShare => self.population_share,
            Column::Index(i) => at(i).and_then(|k| self.values[k]),
            Column::Low(i) => at(i).and_then(|k| self.intervals[k]).map(|x| x.0),
            Column::High(i) => at(i).and_then(|k| self.intervals[k]).map(|x| x.1),
            Column::ToWeight(i) => ratio(at(i).and_then(|k| self.values[k]), self.weight_share),
            Column::Penrose => ratio(at(Index::Banzhaf).and_then(|k| self.values[k]), self.root_share),
        }
    }

    /// The totals of the rows at `members`: weights, shares and the normalised indices
    /// (Shapley-Shubik, Banzhaf) summed, ratios then taken of the sums. The absolute indices
    /// and intervals are not additive over members and are left empty.
    fn total(name: &str, rows: &[Row], members: &[usize], indices: &[Index]) -> Row {
        let additive: Vec<bool> =
            indices.iter().map(|i| matches!(i, Index::ShapleyShubik | Index::Banzhaf)).collect();
        let sum =
            |f: &dyn Fn(&Row) -> Option<f64>| -> Option<f64> { members.iter().map(|&m| f(&rows[m])).sum() };
        let k = rows.first().map_or(0, |r| r.values.len());
        Row {
            id: format!("group:{name}"),
            name: format!("{} members", members.len()),
            weight: sum(&|r| r.weight),
            weight_share: sum(&|r| r.weight_share),
            population_share: sum(&|r| r.population_share),
            root_share: sum(&|r| r.root_share),
            values: (0..k).map(|i| if additive[i] { sum(&|r| r.values[i]) } else { None }).collect(),
            intervals: vec![None; k],
            exact: (0..k)
                .map(|i| {
                    let sum = members.iter().map(|&m| rows[m].exact[i].clone()).sum::<Option<BigRational>>();
                    sum.filter(|_| additive[i])
                })
                .collect(),
        }
    }
}

/// One evaluation laid out for printing: its columns, member rows (sorted) and group rows.
pub(super) struct Report<'a> {
    e: &'a Evaluation,
    indices: Vec<Index>,
    exact: bool,
    columns: Vec<Column>,
    members: Vec<Row>,
    groups: Vec<(Row, Vec<String>)>,
}

/// Each value over the total, or `None` when the total is not positive.
fn shares(values: &[f64]) -> Vec<Option<f64>> {
    let total: f64 = values.iter().sum();
    values.iter().map(|&v| (total > 0.0).then(|| v / total)).collect()
}

impl<'a> Report<'a> {
    pub(super) fn new(
        e: &'a Evaluation,
        indices: &[Index],
        exact: bool,
        sort: Option<&str>,
    ) -> anyhow::Result<Report<'a>> {
        let n = e.players.len();
        let available: Vec<bool> = indices
            .iter()
            .map(|&i| matches!(e.power, Outcome::Exact(_)) || i.intervals(&e.power).is_some())
            .collect();
        let values: Vec<Vec<f64>> = indices.iter().map(|&i| i.values(&e.power)).collect();
        let intervals: Vec<Option<&[Interval]>> = indices.iter().map(|&i| i.intervals(&e.power)).collect();
        let fractions: Vec<Option<Vec<BigRational>>> =
            indices.iter().map(|&i| if exact { i.exact(&e.power) } else { None }).collect();
        let weight_shares = e.weights.as_ref().map(|(_, w)| shares(w));
        let population_shares = e.population.as_ref().map(|p| shares(p));
        let root_shares =
            e.population.as_ref().map(|p| shares(&p.iter().map(|x| x.max(0.0).sqrt()).collect::<Vec<_>>()));
        let mut members: Vec<Row> = (0..n)
            .map(|m| Row {
                id: e.players[m].0.clone(),
                name: e.players[m].1.clone(),
                weight: e.weights.as_ref().map(|(_, w)| w[m]),
                weight_share: weight_shares.as_ref().and_then(|s| s[m]),
                population_share: population_shares.as_ref().and_then(|s| s[m]),
                root_share: root_shares.as_ref().and_then(|s| s[m]),
                values: (0..indices.len()).map(|k| available[k].then(|| values[k][m])).collect(),
                intervals: intervals.iter().map(|list| list.map(|l| (l[m].low, l[m].high))).collect(),
                exact: fractions.iter().map(|f| f.as_ref().map(|v| v[m].clone())).collect(),
            })
            .collect();
        let groups = e
            .groups
            .iter()
            .map(|(name, at)| {
                (Row::total(name, &members, at, indices), at.iter().map(|&m| members[m].id.clone()).collect())
            })
            .collect();
        let mut columns = Vec::new();
        if e.weights.is_some() {
            columns.extend([Column::Weight, Column::WeightShare]);
        }
        if e.population.is_some() {
            columns.push(Column::PopulationShare);
        }
        for (k, &i) in indices.iter().enumerate() {
            if available[k] {
                columns.push(Column::Index(i));
            }
            if intervals[k].is_some() {
                columns.extend([Column::Low(i), Column::High(i)]);
            }
        }
        if e.weights.is_some() {
            for i in [Index::ShapleyShubik, Index::Banzhaf] {
                if columns.contains(&Column::Index(i)) {
                    columns.push(Column::ToWeight(i));
                }
            }
        }
        if e.population.is_some() && columns.contains(&Column::Index(Index::Banzhaf)) {
            columns.push(Column::Penrose);
        }
        if let Some(key) = sort {
            if key == "id" {
                members.sort_by(|a, b| a.id.cmp(&b.id));
            } else {
                let column = columns.iter().copied().find(|c| c.name() == key).with_context(|| {
                    let names: Vec<String> = columns.iter().map(|c| c.name()).collect();
                    format!(
                        "--sort {key}: rule \"{}\" has no such column; expected id or one of {}",
                        e.rule,
                        names.join(", ")
                    )
                })?;
                // Descending, missing values last, ties in the model's order (a stable sort).
                let key = |r: &Row| r.value(column, indices).unwrap_or(f64::NEG_INFINITY);
                members.sort_by(|a, b| key(b).total_cmp(&key(a)));
            }
        }
        Ok(Report { e, indices: indices.to_vec(), exact, columns, members, groups })
    }

    /// The notes said once above the table.
    fn notes(&self) -> Vec<String> {
        let e = self.e;
        let mut notes = Vec::new();
        if e.draft {
            notes.push("draft model: sources, dates and column entries may be missing".into());
        }
        notes.push(format!(
            "quota:  {}",
            e.quotas.iter().map(|q| q.to_string()).collect::<Vec<_>>().join("; ")
        ));
        notes.push(format!("method: {}", e.power.method()));
        if let Some((attribute, _)) = &e.weights {
            notes.push(format!(
                "weight: the attribute \"{attribute}\"; X_to_weight is index X over the weight share"
            ));
        }
        if self.columns.contains(&Column::Penrose) {
            notes.push(
                "penrose_ratio: Banzhaf share over the share of the square roots of the populations (1 = Penrose's ideal)"
                    .into(),
            );
        }
        if let Some(p) = e.power.power_to_act() {
            let act = if self.exact {
                fraction(&p.tally().coleman_power_to_act())
            } else {
                super::super::format::number(p.coleman_power_to_act())
            };
            notes.push(format!("Coleman power of the collectivity to act: {act}"));
        }
        notes
    }

    fn cells(&self, row: &Row, columns: &[Column], exact_text: bool) -> Vec<Cell> {
        columns
            .iter()
            .map(|&c| {
                let fraction_cell = match c {
                    Column::Index(i) if exact_text => {
                        self.indices.iter().position(|&x| x == i).and_then(|k| row.exact[k].as_ref())
                    }
                    _ => None,
                };
                match fraction_cell {
                    Some(f) => Cell::Text(fraction(f)),
                    None => Cell::from(row.value(c, &self.indices)),
                }
            })
            .collect()
    }

    /// The table for the text formats: exact fractions in the index columns under --exact.
    pub(super) fn table(&self) -> Table {
        let mut table = Table::new(
            ["id", "name"].into_iter().map(String::from).chain(self.columns.iter().map(|c| c.name())),
        );
        table.title = format!("{} — rule \"{}\": {}", self.e.body, self.e.rule, self.e.description);
        table.notes = self.notes();
        for row in self.members.iter().chain(self.groups.iter().map(|(r, _)| r)) {
            let mut cells = vec![Cell::Text(row.id.clone()), Cell::Text(row.name.chars().take(32).collect())];
            cells.extend(self.cells(row, &self.columns, self.exact));
            table.rows.push(cells);
        }
        table
    }

    fn row_json(&self, row: &Row) -> Map<String, Value> {
        let mut o = Map::new();
        o.insert("id".into(), json!(row.id));
        o.insert("name".into(), json!(row.name));
        for &c in &self.columns {
            o.insert(c.name(), json!(row.value(c, &self.indices)));
        }
        let exact: Map<String, Value> = self
            .indices
            .iter()
            .zip(&row.exact)
            .filter_map(|(i, f)| f.as_ref().map(|f| (i.name().to_string(), json!(fraction(f)))))
            .collect();
        if !exact.is_empty() {
            o.insert("exact".into(), Value::Object(exact));
        }
        o
    }

    /// The evaluation as one JSON object.
    pub(super) fn json(&self) -> Value {
        let e = self.e;
        let mut o = Map::new();
        o.insert("body".into(), json!(e.body));
        o.insert("rule".into(), json!(e.rule));
        o.insert("description".into(), json!(e.description));
        o.insert("quota".into(), serde_json::to_value(&e.quotas).expect("quotas serialise"));
        o.insert("method".into(), json!(e.power.method()));
        o.insert("draft".into(), json!(e.draft));
        o.insert("weight_attribute".into(), json!(e.weights.as_ref().map(|(a, _)| a)));
        o.insert("population_attribute".into(), json!(e.population.as_ref().map(|_| POPULATION)));
        o.insert("columns".into(), json!(self.columns.iter().map(|c| c.name()).collect::<Vec<_>>()));
        o.insert(
            "coleman_power_to_act".into(),
            json!(e.power.power_to_act().map(|p| p.coleman_power_to_act())),
        );
        o.insert(
            "members".into(),
            Value::Array(self.members.iter().map(|r| Value::Object(self.row_json(r))).collect()),
        );
        let groups: Vec<Value> = self
            .groups
            .iter()
            .map(|(row, ids)| {
                let mut g = self.row_json(row);
                g.insert("id".into(), json!(row.id.trim_start_matches("group:")));
                g.insert("name".into(), json!(row.id.trim_start_matches("group:")));
                g.insert("members".into(), json!(ids));
                Value::Object(g)
            })
            .collect();
        o.insert("groups".into(), Value::Array(groups));
        if let Outcome::Approximate(m, seed) = &e.power {
            o.insert(
                "approximate".into(),
                json!({"samples": m.samples, "seed": seed, "confidence": m.confidence, "interval": "Wilson score"}),
            );
        }
        if let (true, Some(p)) = (self.exact, e.power.power_to_act()) {
            o.insert(
                "exact".into(),
                json!({"coleman_power_to_act": fraction(&p.tally().coleman_power_to_act())}),
            );
        }
        Value::Object(o)
    }
}

/// One CSV for all evaluations: body, rule, id and name, `draft` when some body is a draft,
/// the columns any evaluation has (empty where another lacks them), and `X_exact` columns
/// under --exact.
pub(super) fn csv(reports: &[Report]) -> String {
    let columns: Vec<Column> =
        Column::all().into_iter().filter(|c| reports.iter().any(|r| r.columns.contains(c))).collect();
    let draft = reports.iter().any(|r| r.e.draft);
    let exact: Vec<Index> = ALL_INDICES
        .into_iter()
        .filter(|i| {
            reports.iter().any(|r| r.exact && r.indices.contains(i) && matches!(r.e.power, Outcome::Exact(_)))
        })
        .collect();
    let mut header: Vec<String> = ["body", "rule", "id", "name"].map(String::from).to_vec();
    if draft {
        header.push("draft".into());
    }
    header.extend(columns.iter().map(|c| c.name()));
    header.extend(exact.iter().map(|i| format!("{}_exact", i.name())));
    let mut table = Table::new(header);
    for r in reports {
        for row in r.members.iter().chain(r.groups.iter().map(|(g, _)| g)) {
            let mut cells: Vec<Cell> = vec![
                r.e.body.as_str().into(),
                r.e.rule.as_str().into(),
                row.id.as_str().into(),
                row.name.as_str().into(),
            ];
            if draft {
                cells.push(r.e.draft.to_string().into());
            }
            cells.extend(r.cells(row, &columns, false));
            for i in &exact {
                let f = r.indices.iter().position(|x| x == i).and_then(|k| row.exact[k].as_ref());
                cells.push(f.map_or(Cell::Empty, |f| Cell::Text(fraction(f))));
            }
            table.rows.push(cells);
        }
    }
    table.csv()
}
