//! The seats model file (`models/seats/*.toml`): the members and their groups (from an
//! institution file's tags), each group's seats, the term and the re-election limit, who
//! sits now, the body whose power a seat carries, and reform models' allocations. The
//! evaluation is in [`crate::seats::report`], the power of a seat in [`crate::seats::seat_power`].
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
use super::rules::{GroupSeats, SeatRules};
use super::seat_power::{SeatPower, count_power, seat_power};
use crate::model::Institution;
use crate::study::Study;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
pub(super) struct Header {
    id: String,
    pub(super) name: String,
    source: String,
    date: String,
    #[serde(default)]
    notes: Option<String>,
    members: PathBuf,
    pub(super) term: usize,
    #[serde(default)]
    pub(super) max_consecutive_terms: Option<usize>,
    pub(super) year: i64,
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
    pub(super) header: Header,
    pub(super) members: Institution,
    pub(super) permanent: Vec<usize>,
    pub(super) rules: SeatRules,
    pub(super) power: SeatPower,
    power_source: String,
    pub(super) reforms: Vec<ReformSeats>,
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
