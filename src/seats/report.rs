//! The evaluation of a seats model: each member's probability of sitting, year by year and in
//! the long run, times the power of its seat (O'Neill 1996), per member and per group, today
//! and under each reform model's allocation.
//!
//! A permanent member sits every year; an elected member sits with the chain's probability
//! ([`crate::seats::chain`]); its expected power is that probability times the power of an
//! elected seat ([`crate::seats::seat_power`]). A group's expected power is the sum over its
//! members, so the groups and the permanent members together hold the body's whole power.
//!
//! # References
//! B. O'Neill (1996), "Power and satisfaction in the United Nations Security Council",
//! Journal of Conflict Resolution 40(2), 219-237.
//!
//! ```
//! use comity::seats::{ChainOptions, SeatsModel};
//! let report = SeatsModel::load("models/seats/unsc.toml")?.evaluate(&ChainOptions::default())?;
//! // Expected Shapley-Shubik power over the groups and the permanent five: the Council's 1.
//! let total: f64 = report.groups.iter().map(|g| g.shapley_shubik).sum();
//! assert!((total - 1.0).abs() < 1e-9);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::SeatError;
use super::chain::{ChainOptions, sitting_probabilities};
use super::expected_power::expected_power;
use super::file::SeatsModel;
use super::rules::SeatRules;
use super::seat_power::SeatPower;

/// One group's long-run figures.
///
/// ```
/// use comity::seats::{ChainOptions, SeatsModel};
/// let model = SeatsModel::load("models/seats/unsc.toml")?;
/// let report = model.evaluate(&ChainOptions::default())?;
/// let weog = report.groups.iter().find(|g| g.name == "weog").unwrap();
/// assert!((weog.sitting - 2.0 / weog.members as f64).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GroupOutcome {
    /// The group.
    pub name: String,
    /// Its members (candidates for its seats).
    pub members: usize,
    /// Its seats.
    pub seats: usize,
    /// A member's long-run probability of sitting, averaged over the group.
    pub sitting: f64,
    /// The group's total expected Shapley-Shubik power.
    pub shapley_shubik: f64,
    /// The group's total expected Banzhaf power.
    pub banzhaf: f64,
}

/// One member's figures.
///
/// ```
/// use comity::seats::{ChainOptions, SeatsModel};
/// let report = SeatsModel::load("models/seats/unsc.toml")?.evaluate(&ChainOptions::default())?;
/// let usa = report.members.iter().find(|m| m.id == "USA").unwrap();
/// assert_eq!((usa.group.as_str(), usa.long_run), ("permanent", 1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MemberOutcome {
    /// Member id.
    pub id: String,
    /// Its group (`permanent` for permanent members, empty if none).
    pub group: String,
    /// Probability of sitting in each year from the current one.
    pub path: Vec<f64>,
    /// Long-run probability of sitting.
    pub long_run: f64,
    /// Expected Shapley-Shubik power (long run).
    pub shapley_shubik: f64,
    /// Expected Banzhaf power (long run).
    pub banzhaf: f64,
}

/// A reform's long-run figures.
///
/// ```
/// use comity::seats::{ChainOptions, SeatsModel};
/// let report = SeatsModel::load("models/seats/unsc.toml")?.evaluate(&ChainOptions::default())?;
/// assert!(report.reforms.iter().any(|r| r.name == "G4_2005"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ReformOutcome {
    /// The reform's name.
    pub name: String,
    /// A label.
    pub label: String,
    /// Its source.
    pub source: String,
    /// The power of a seat.
    pub power: SeatPower,
    /// Per group.
    pub groups: Vec<GroupOutcome>,
}

/// The whole evaluation.
///
/// ```
/// use comity::seats::{ChainOptions, SeatsModel};
/// let report = SeatsModel::load("models/seats/unsc.toml")?.evaluate(&ChainOptions::default())?;
/// // Each year's probabilities of sitting sum to the 15 seats.
/// for year in 0..report.members[0].path.len() {
///     let total: f64 = report.members.iter().map(|m| m.path[year]).sum();
///     assert!((total - 15.0).abs() < 1e-9);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SeatsReport {
    /// The body's name.
    pub body: String,
    /// The current year.
    pub year: i64,
    /// The term in years.
    pub term: usize,
    /// The limit on consecutive terms.
    pub max_consecutive_terms: Option<usize>,
    /// The power of a seat today.
    pub power: SeatPower,
    /// Per member, in the members file's order.
    pub members: Vec<MemberOutcome>,
    /// Per group.
    pub groups: Vec<GroupOutcome>,
    /// Per reform.
    pub reforms: Vec<ReformOutcome>,
    /// Years iterated until the chain settled.
    pub years: usize,
    /// The most states of a group's chain.
    pub states: usize,
}

impl SeatsModel {
    /// Probabilities of sitting and expected power, per member and group, today and under
    /// each reform.
    ///
    /// ```
    /// use comity::seats::{ChainOptions, SeatsModel};
    /// let report = SeatsModel::load("models/seats/ecosoc.toml")?.evaluate(&ChainOptions::default())?;
    /// // ECOSOC re-elects freely: an African member sits 14 years in 54.
    /// let africa = report.groups.iter().find(|g| g.name == "african").unwrap();
    /// assert!((africa.sitting - 14.0 / 54.0).abs() < 1e-9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate(&self, options: &ChainOptions) -> Result<SeatsReport, SeatError> {
        let n = self.members.members().len();
        let p = sitting_probabilities(&self.rules, n, options)?;
        let mut group_of = vec![String::new(); n];
        for g in self.rules.groups() {
            for &m in &g.members {
                group_of[m] = g.name.clone();
            }
        }
        let mut long_run = p.long_run.clone();
        let mut path = p.path.clone();
        let (mut ss_seat, mut bz_seat) = (vec![0.0; n], vec![0.0; n]);
        for i in 0..n {
            if !group_of[i].is_empty() {
                ss_seat[i] = self.power.elected_shapley_shubik;
                bz_seat[i] = self.power.elected_banzhaf;
            }
        }
        for &i in &self.permanent {
            group_of[i] = "permanent".into();
            long_run[i] = 1.0;
            path.iter_mut().for_each(|y| y[i] = 1.0);
            ss_seat[i] = self.power.permanent_shapley_shubik;
            bz_seat[i] = self.power.permanent_banzhaf;
        }
        let ss = expected_power(&long_run, &ss_seat)?;
        let bz = expected_power(&long_run, &bz_seat)?;
        let members = (0..n)
            .map(|i| MemberOutcome {
                id: self.members.members()[i].id.clone(),
                group: group_of[i].clone(),
                path: path.iter().map(|y| y[i]).collect(),
                long_run: long_run[i],
                shapley_shubik: ss[i],
                banzhaf: bz[i],
            })
            .collect();
        let mut groups = group_outcomes(&self.rules, &p.long_run, &self.power);
        if !self.permanent.is_empty() {
            let k = self.permanent.len() as f64;
            groups.insert(
                0,
                GroupOutcome {
                    name: "permanent".into(),
                    members: self.permanent.len(),
                    seats: self.permanent.len(),
                    sitting: 1.0,
                    shapley_shubik: k * self.power.permanent_shapley_shubik,
                    banzhaf: k * self.power.permanent_banzhaf,
                },
            );
        }
        let mut reforms = Vec::new();
        let (mut years, mut states) = (p.years, p.states);
        for r in &self.reforms {
            let q = sitting_probabilities(&r.rules, n, &ChainOptions { horizon: 0, ..*options })?;
            years = years.max(q.years);
            states = states.max(q.states);
            reforms.push(ReformOutcome {
                name: r.name.clone(),
                label: r.label.clone(),
                source: r.source.clone(),
                power: r.power,
                groups: group_outcomes(&r.rules, &q.long_run, &r.power),
            });
        }
        Ok(SeatsReport {
            body: self.header.name.clone(),
            year: self.header.year,
            term: self.header.term,
            max_consecutive_terms: self.header.max_consecutive_terms,
            power: self.power,
            members,
            groups,
            reforms,
            years,
            states,
        })
    }
}

fn group_outcomes(rules: &SeatRules, long_run: &[f64], power: &SeatPower) -> Vec<GroupOutcome> {
    rules
        .groups()
        .iter()
        .map(|g| {
            let total: f64 = g.members.iter().map(|&m| long_run[m]).sum();
            GroupOutcome {
                name: g.name.clone(),
                members: g.members.len(),
                seats: g.seats,
                sitting: total / g.members.len() as f64,
                shapley_shubik: total * power.elected_shapley_shubik,
                banzhaf: total * power.elected_banzhaf,
            }
        })
        .collect()
}
