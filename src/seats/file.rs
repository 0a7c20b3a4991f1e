//! The seats model file (`models/seats/*.toml`): the members and their groups (from an
//! institution file's tags), each group's seats, the term and the re-election limit, who
//! sits now, the body whose power a seat carries, and reform models' allocations.
//!
//! ```toml
//! [seats]
//! id = "unsc"
//! name = "UN Security Council, elected seats"
//! source = "UN Charter Art. 23(2); GA res. 1991 A (XVIII)"
//! date = "2026-11-30"
//! members = "../institutions/unga.toml"   # the members and their group tags
//! term = 2
//! max_consecutive_terms = 1                # omit for no limit
//! year = 2026                              # the current year (year 0)
//!
//! [power]                                  # the body; or `quota = 24` alone for a count of seats
//! institution = "../institutions/unsc.toml"
//! rule = "substantive"
//! permanent_group = "permanent"            # always sit; not candidates for elected seats
//! elected_group = "elected"
//!
//! [[groups]]
//! name = "african"
//! tag = "AFRICAN"
//! seats = 3
//! holders = [{ id = "SOM", term_ends = 2026 }, { id = "COD", term_ends = 2027 }, { id = "LBR", term_ends = 2027 }]
//! weights = { NGA = 2.0 }                  # optional relative chances (others 1)
//!
//! [[reforms]]                              # optional: a reform model's allocation
//! name = "G4_2005"
//! study = "../studies/unsc_reform.toml"    # whose variant gives the power of a seat (refused with power.quota)
//! variant = "G4_2005"
//! source = "A/59/L.64"
//! seats = { african = 4, apg = 3, eeg = 2, grulac = 3, weog = 2 }
//! ```
//!
//! Paths are relative to the file's directory. Unknown fields are refused.
//!
//! # References
//! As [`crate::seats`].
//!
//! ```
//! use comity::seats::SeatsModel;
//! let model = SeatsModel::load("models/seats/unsc.toml")?;
//! assert_eq!(model.rules().seats(), 10);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::SeatError;
use super::chain::{ChainOptions, sitting_probabilities};
use super::expected_power::expected_power;
use super::rules::{GroupSeats, SeatRules};
use crate::game::{Game, WeightedGame};
use crate::model::Institution;
use crate::power::{PowerOptions, power_indices};
use crate::study::Study;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Tolerance within which the elected seats of a body must hold equal power.
const SYMMETRY_TOLERANCE: f64 = 1e-9;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileText {
    seats: Header,
    power: PowerSpec,
    groups: Vec<GroupSpec>,
    #[serde(default)]
    reforms: Vec<ReformSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    id: String,
    name: String,
    source: String,
    date: String,
    #[serde(default)]
    notes: Option<String>,
    members: PathBuf,
    term: usize,
    #[serde(default)]
    max_consecutive_terms: Option<usize>,
    year: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PowerSpec {
    #[serde(default)]
    institution: Option<PathBuf>,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    permanent_group: Option<String>,
    #[serde(default)]
    elected_group: Option<String>,
    #[serde(default)]
    quota: Option<u64>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    name: String,
    tag: String,
    seats: usize,
    #[serde(default)]
    holders: Vec<HolderSpec>,
    #[serde(default)]
    weights: BTreeMap<String, f64>,
    #[serde(default)]
    staggering: Option<Vec<usize>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolderSpec {
    id: String,
    term_ends: i64,
    #[serde(default)]
    consecutive_terms: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReformSpec {
    name: String,
    #[serde(default)]
    label: Option<String>,
    /// Required with `power.institution`; refused with `power.quota` (the count of seats
    /// gives the power then).
    #[serde(default)]
    study: Option<PathBuf>,
    #[serde(default)]
    variant: Option<String>,
    source: String,
    seats: BTreeMap<String, usize>,
}

/// The power of a seat: a permanent member's and an elected seat's.
///
/// ```
/// use comity::seats::SeatsModel;
/// use comity::seats::ChainOptions;
/// let report = SeatsModel::load("models/seats/unsc.toml")?.evaluate(&ChainOptions::default())?;
/// // The textbook Shapley-Shubik indices of today's Council: 421/2145 and 4/2145.
/// assert!((report.power.permanent_shapley_shubik - 421.0 / 2145.0).abs() < 1e-12);
/// assert!((report.power.elected_shapley_shubik - 4.0 / 2145.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeatPower {
    /// Shapley-Shubik index of one elected seat.
    pub elected_shapley_shubik: f64,
    /// Normalised Banzhaf index of one elected seat.
    pub elected_banzhaf: f64,
    /// Shapley-Shubik index of one permanent member (0 without permanent members).
    pub permanent_shapley_shubik: f64,
    /// Normalised Banzhaf index of one permanent member.
    pub permanent_banzhaf: f64,
}

/// A loaded seats model.
///
/// ```
/// use comity::seats::SeatsModel;
/// let model = SeatsModel::load("models/seats/hrc.toml")?;
/// assert_eq!((model.rules().seats(), model.rules().term()), (47, 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct SeatsModel {
    label: String,
    header: Header,
    members: Institution,
    permanent: Vec<usize>,
    rules: SeatRules,
    power: SeatPower,
    power_source: String,
    reforms: Vec<ReformSeats>,
}

/// A reform model's allocation of elected seats and the power of a seat under it.
///
/// ```
/// use comity::seats::SeatsModel;
/// let model = SeatsModel::load("models/seats/unsc.toml")?;
/// let g4 = model.reforms().iter().find(|r| r.name == "G4_2005").unwrap();
/// assert_eq!(g4.rules.seats(), 14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ReformSeats {
    /// The reform's name.
    pub name: String,
    /// A label for tables.
    pub label: String,
    /// Its source.
    pub source: String,
    /// The elected seats under the reform (no holders: a first election at random).
    pub rules: SeatRules,
    /// The power of a seat in the reformed body.
    pub power: SeatPower,
}

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
    /// Reads and checks a seats model file.
    ///
    /// ```
    /// use comity::seats::SeatsModel;
    /// assert!(SeatsModel::load("models/seats/no_such_file.toml").is_err());
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<SeatsModel, SeatError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| SeatError::File { file: label.clone(), message: e.to_string() })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        SeatsModel::from_toml(&text, &label, dir)
    }

    /// Parses and checks a seats model from TOML text; paths are relative to `dir`.
    ///
    /// ```
    /// use comity::seats::SeatsModel;
    /// let text = std::fs::read_to_string("models/seats/ecosoc.toml")?;
    /// let bad = text.replace("term = 3", "term = 3\nterms = 3");
    /// let e = SeatsModel::from_toml(&bad, "ecosoc.toml", std::path::Path::new("models/seats"));
    /// assert!(e.unwrap_err().to_string().contains("terms"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(text: &str, label: &str, dir: &Path) -> Result<SeatsModel, SeatError> {
        let fail = |message: String| SeatError::File { file: label.to_string(), message };
        let file: FileText = toml::from_str(text).map_err(|e| fail(e.message().to_string()))?;
        let members = Institution::load(dir.join(&file.seats.members))
            .map_err(|e| fail(format!("seats.members: {e}")))?;
        // Seats are checked against the membership before anything is built from their number.
        let n = members.members().len();
        let mut names = std::collections::HashSet::new();
        for g in &file.groups {
            if g.seats > n {
                return Err(fail(format!(
                    "groups.{}.seats: {}; at most the {n} members of seats.members",
                    g.name, g.seats
                )));
            }
            if !names.insert(g.name.as_str()) {
                return Err(fail(format!(
                    "groups.{}: a second group of this name; expected unique names",
                    g.name
                )));
            }
        }
        if file.groups.len() > n {
            return Err(fail(format!("groups: {}; at most one per member ({n})", file.groups.len())));
        }
        let (power, permanent_ids, power_source) = body_power(&file.power, dir, &file.groups, label)?;
        let mut permanent = Vec::new();
        for id in &permanent_ids {
            permanent.push(members.member_index(id).ok_or_else(|| {
                fail(format!("power.permanent_group: permanent member '{id}' is not in seats.members"))
            })?);
        }
        let candidates = |tag: &str| -> Vec<usize> {
            members.members_tagged(tag).into_iter().filter(|i| !permanent.contains(i)).collect()
        };
        let header = &file.seats;
        let mut groups = Vec::new();
        for g in &file.groups {
            let pool = candidates(&g.tag);
            if pool.is_empty() {
                return Err(fail(format!(
                    "groups.{}.tag: no member of seats.members is tagged '{}'",
                    g.name, g.tag
                )));
            }
            let mut weights = vec![1.0; pool.len()];
            for (id, &w) in &g.weights {
                let k = members.member_index(id).and_then(|i| pool.iter().position(|&p| p == i)).ok_or_else(
                    || fail(format!("groups.{}.weights: '{id}' is not a candidate of the group", g.name)),
                )?;
                weights[k] = w;
            }
            let mut holders = Vec::new();
            for h in &g.holders {
                let i = members.member_index(&h.id).filter(|i| pool.contains(i)).ok_or_else(|| {
                    fail(format!("groups.{}.holders: '{}' is not a candidate of the group", g.name, h.id))
                })?;
                // Wide integers: no year written in the file can overflow the difference.
                let years_left = i128::from(h.term_ends) - i128::from(header.year) + 1;
                if years_left < 1 || years_left > header.term as i128 {
                    return Err(fail(format!(
                        "groups.{}.holders: '{}' term_ends {}; expected {} to {} (the current year and the term)",
                        g.name,
                        h.id,
                        h.term_ends,
                        header.year,
                        i128::from(header.year) + header.term as i128 - 1
                    )));
                }
                holders.push((i, years_left as usize, h.consecutive_terms.unwrap_or(1)));
            }
            let mut seats = GroupSeats::new(g.name.clone(), pool, g.seats).with_weights(weights);
            seats.holders = holders;
            seats.staggering = g.staggering.clone();
            groups.push(seats);
        }
        let rules = SeatRules::new(header.term, header.max_consecutive_terms, groups.clone())
            .map_err(|e| fail(e.to_string()))?;
        let mut reforms = Vec::new();
        for r in &file.reforms {
            let field = format!("reforms.{}", r.name);
            let mut reformed = Vec::new();
            for g in &groups {
                let seats = *r.seats.get(&g.name).ok_or_else(|| {
                    fail(format!("{field}.seats: no count for group '{}'; expected one per group", g.name))
                })?;
                let mut seats_now = GroupSeats::new(g.name.clone(), g.members.clone(), seats);
                seats_now.weights = g.weights.clone();
                reformed.push(seats_now);
            }
            if let Some(extra) = r.seats.keys().find(|k| !groups.iter().any(|g| &g.name == *k)) {
                return Err(fail(format!("{field}.seats: '{extra}' is not a group")));
            }
            let reformed = SeatRules::new(header.term, header.max_consecutive_terms, reformed)
                .map_err(|e| fail(format!("{field}: {e}")))?;
            let power = reform_power(&file.power, dir, r, reformed.seats())
                .map_err(|m| fail(format!("{field}: {m}")))?;
            reforms.push(ReformSeats {
                name: r.name.clone(),
                label: r.label.clone().unwrap_or_else(|| r.name.clone()),
                source: r.source.clone(),
                rules: reformed,
                power,
            });
        }
        Ok(SeatsModel {
            label: label.to_string(),
            header: file.seats,
            members,
            permanent,
            rules,
            power,
            power_source,
            reforms,
        })
    }

    /// The elected seats' rules.
    ///
    /// ```
    /// use comity::seats::SeatsModel;
    /// assert_eq!(SeatsModel::load("models/seats/ecosoc.toml")?.rules().max_consecutive(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rules(&self) -> &SeatRules {
        &self.rules
    }

    /// The reform models' allocations.
    ///
    /// ```
    /// use comity::seats::SeatsModel;
    /// assert!(SeatsModel::load("models/seats/hrc.toml")?.reforms().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reforms(&self) -> &[ReformSeats] {
        &self.reforms
    }

    /// The members (the institution file named by `seats.members`).
    ///
    /// ```
    /// use comity::seats::SeatsModel;
    /// assert_eq!(SeatsModel::load("models/seats/unsc.toml")?.members().members().len(), 193);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> &Institution {
        &self.members
    }

    /// The body's name, source and date, and where the power of a seat comes from.
    ///
    /// ```
    /// use comity::seats::SeatsModel;
    /// let m = SeatsModel::load("models/seats/unsc.toml")?;
    /// assert!(m.describe().0.contains("Security Council"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn describe(&self) -> (&str, &str, &str, &str) {
        (&self.header.name, &self.header.source, &self.header.date, &self.power_source)
    }

    /// The model's id and its notes (assumptions).
    ///
    /// ```
    /// use comity::seats::SeatsModel;
    /// let m = SeatsModel::load("models/seats/unsc.toml")?;
    /// assert_eq!(m.id(), "unsc");
    /// assert!(m.notes().unwrap().contains("Arab swing seat"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.header.id
    }

    /// The model's notes (see [`SeatsModel::id`]).
    ///
    /// ```
    /// use comity::seats::SeatsModel;
    /// assert!(SeatsModel::load("models/seats/hrc.toml")?.notes().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn notes(&self) -> Option<&str> {
        self.header.notes.as_deref()
    }

    /// The file's label (its path).
    ///
    /// ```
    /// use comity::seats::SeatsModel;
    /// assert_eq!(SeatsModel::load("models/seats/hrc.toml")?.label(), "models/seats/hrc.toml");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

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

/// The mean of `values` over `members`, refused unless they are equal (symmetric seats).
fn symmetric_mean(values: &[f64], members: &[usize], what: &str) -> Result<f64, String> {
    if members.is_empty() {
        return Ok(0.0);
    }
    let first = values[members[0]];
    if members.iter().any(|&m| (values[m] - first).abs() > SYMMETRY_TOLERANCE) {
        return Err(format!(
            "the {what} seats do not all hold the same power under the rule; expected interchangeable seats"
        ));
    }
    Ok(first)
}

fn indices(game: &Game) -> Result<(Vec<f64>, Vec<f64>), String> {
    let p = power_indices(game, &PowerOptions::default()).map_err(|e| e.to_string())?;
    let ss = p.shapley_shubik().ok_or("no Shapley-Shubik index for the body's rule")?;
    Ok((ss, p.banzhaf()))
}

fn seat_power(game: &Game, permanent: &[usize], elected: &[usize]) -> Result<SeatPower, String> {
    let (ss, bz) = indices(game)?;
    Ok(SeatPower {
        elected_shapley_shubik: symmetric_mean(&ss, elected, "elected")?,
        elected_banzhaf: symmetric_mean(&bz, elected, "elected")?,
        permanent_shapley_shubik: symmetric_mean(&ss, permanent, "permanent")?,
        permanent_banzhaf: symmetric_mean(&bz, permanent, "permanent")?,
    })
}

/// The power of a seat in today's body, the permanent members' ids, and a description.
fn body_power(
    spec: &PowerSpec,
    dir: &Path,
    groups: &[GroupSpec],
    label: &str,
) -> Result<(SeatPower, Vec<String>, String), SeatError> {
    let fail = |message: String| SeatError::File { file: label.to_string(), message };
    let seats: usize = groups.iter().map(|g| g.seats).sum();
    match (&spec.institution, spec.quota) {
        (Some(path), None) => {
            let rule = spec
                .rule
                .as_deref()
                .ok_or_else(|| fail("power.rule: missing; expected a rule of power.institution".into()))?;
            let body =
                Institution::load(dir.join(path)).map_err(|e| fail(format!("power.institution: {e}")))?;
            let game = body.compile(rule).map_err(|e| fail(format!("power.rule: {e}")))?.game;
            let members_of = |field: &str, name: &Option<String>| -> Result<Vec<usize>, SeatError> {
                match name {
                    None => Ok(Vec::new()),
                    Some(n) => body
                        .group(n)
                        .map(<[usize]>::to_vec)
                        .ok_or_else(|| fail(format!("power.{field}: no group '{n}' in power.institution"))),
                }
            };
            let permanent = members_of("permanent_group", &spec.permanent_group)?;
            let elected = members_of("elected_group", &spec.elected_group)?;
            if elected.len() != seats {
                return Err(fail(format!(
                    "power.elected_group: {} elected members in power.institution for {seats} seats in groups; expected equal",
                    elected.len()
                )));
            }
            let power = seat_power(&game, &permanent, &elected).map_err(|m| fail(format!("power: {m}")))?;
            let ids = permanent.iter().map(|&i| body.members()[i].id.clone()).collect();
            let source = spec.source.clone().unwrap_or_else(|| format!("{}, rule {rule}", body.info().name));
            Ok((power, ids, source))
        }
        (None, Some(quota)) => {
            let unused = [
                ("rule", spec.rule.is_some()),
                ("permanent_group", spec.permanent_group.is_some()),
                ("elected_group", spec.elected_group.is_some()),
            ];
            if let Some((field, _)) = unused.iter().find(|u| u.1) {
                return Err(fail(format!(
                    "power.{field}: given with power.quota; expected it only with power.institution"
                )));
            }
            let power = count_power(seats, quota).map_err(|m| fail(format!("power.quota: {m}")))?;
            let source = spec.source.clone().unwrap_or_else(|| format!("{quota} of {seats} seats"));
            Ok((power, Vec::new(), source))
        }
        _ => Err(fail("power: expected either institution (with rule) or quota".into())),
    }
}

/// A body of `seats` equal seats deciding by `quota` votes.
fn count_power(seats: usize, quota: u64) -> Result<SeatPower, String> {
    let game = Game::from(WeightedGame::new(vec![1; seats], quota).map_err(|e| e.to_string())?);
    seat_power(&game, &[], &(0..seats).collect::<Vec<_>>())
}

/// The power of a seat under a reform: from the study's variant, or a count of the seats.
fn reform_power(
    spec: &PowerSpec,
    dir: &Path,
    reform: &ReformSpec,
    seats: usize,
) -> Result<SeatPower, String> {
    if let Some(quota) = spec.quota {
        if let Some(field) = [("study", reform.study.is_some()), ("variant", reform.variant.is_some())]
            .iter()
            .find_map(|u| u.1.then_some(u.0))
        {
            return Err(format!(
                "{field}: given with power.quota; expected it only with power.institution (the count of seats gives the power)"
            ));
        }
        return count_power(seats, quota);
    }
    let path = reform.study.as_ref().ok_or("study: missing; expected a study file with power.institution")?;
    let variant = reform
        .variant
        .as_deref()
        .ok_or("variant: missing; expected a variant of the study with power.institution")?;
    let study = Study::load(dir.join(path)).map_err(|e| format!("study: {e}"))?;
    let index = study
        .variants()
        .iter()
        .position(|v| v.spec.name == variant)
        .ok_or_else(|| format!("variant: no variant '{variant}' in the study"))?;
    let built = study.build(index).map_err(|e| format!("variant: {e}"))?;
    let group = |name: &Option<String>| -> Result<Vec<usize>, String> {
        match name {
            None => Ok(Vec::new()),
            Some(n) => study
                .file()
                .groups
                .iter()
                .position(|g| &g.name == n)
                .map(|k| built.groups[k].clone())
                .ok_or_else(|| {
                    format!("study: no group '{n}' (power's group names are used for the study too)")
                }),
        }
    };
    let permanent = group(&spec.permanent_group)?;
    let elected = group(&spec.elected_group)?;
    if elected.len() != seats {
        return Err(format!(
            "seats: {seats} seats in groups but the variant has {} elected members; expected equal",
            elected.len()
        ));
    }
    seat_power(&built.game, &permanent, &elected)
}
