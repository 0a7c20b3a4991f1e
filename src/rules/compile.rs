//! Compiling rules to simple games.
//!
//! Leaves become weighted games over the members in scope: `unanimity` and `count` give every
//! member weight 1, `weighted` uses the attribute's values, `veto` gives weight 1 to the veto
//! group and sets the quota to its size. A `count` or `weighted` threshold `of` a group keeps
//! the weights of the group's members and gives every other member weight 0, so "4 of the 5
//! permanent members" stays a weighted game that the exact counting backends solve, rather
//! than a composite of a club and a count. `all` of weighted leaves becomes a
//! [`VectorWeightedGame`]; other `all` / `any` trees become a [`Composite`]; `club` compiles its
//! rule over the club's members (shares are of the club's total) and embeds it as a [`Club`].

use super::{MemberSet, Rule, Threshold};
use crate::game::{
    Bloc, BlocGame, Club, Composite, Connective, Game, GameError, VectorWeightedGame, WeightedGame,
};
use crate::model::Institution;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::ToPrimitive;
use serde::Serialize;

/// A compiled rule: the game and every quota it compiled to.
///
/// ```
/// use comity::model::Institution;
/// use comity::game::SimpleGame;
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let compiled = body.compile("substantive")?;
/// assert_eq!(compiled.game.n(), 15);
/// // One quota per leaf: the veto of the permanent members and 9 of 15.
/// assert_eq!(compiled.quotas.len(), 2);
/// assert_eq!((compiled.quotas[1].at_least, compiled.quotas[1].total), (9, 15));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledRule {
    /// The game over all members of the body, in file order.
    pub game: Game,
    /// The quotas of the rule's leaves, in the order they appear.
    pub quotas: Vec<CompiledQuota>,
}

/// The quota a leaf of a rule compiled to.
///
/// ```
/// use comity::model::Institution;
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let quotas = body.compile("substantive")?.quotas;
/// let lines: Vec<String> = quotas.iter().map(|q| q.to_string()).collect();
/// assert_eq!(lines, ["all[0].veto: veto members >= 5 of 5", "all[1].count: members >= 9 of 15"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompiledQuota {
    /// Where the leaf sits in the rule (`all[1].count`).
    pub path: String,
    /// The primitive: `count`, `weighted`, `veto` or `unanimity`.
    pub primitive: &'static str,
    /// The attribute summed, or `None` for a member count.
    pub attribute: Option<String>,
    /// The least total that meets the leaf.
    pub at_least: u64,
    /// The total of the attribute (or the number of members) in the leaf's scope.
    pub total: u64,
    /// The share as written, if the leaf was given as a share.
    pub share: Option<String>,
    /// Whether the share must be exceeded (`more_than_share`) rather than met.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub more_than: bool,
    /// The members the leaf counts, if written with `of`: a group's name (`permanent`),
    /// `tag P5` or `ids [A, B]`. `None`: every member in scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// The rule in words when the file wrote none and a default applied (`more than half`
    /// for a bloc without a rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_rule: Option<&'static str>,
}

/// The quota as a user reads it: where the leaf sits, what it counts, the least total that
/// meets it and the total, and the threshold as written.
///
/// ```
/// use comity::rules::CompiledQuota;
/// let q = CompiledQuota {
///     path: "all[0].count".into(),
///     primitive: "count",
///     attribute: None,
///     at_least: 4,
///     total: 5,
///     share: None,
///     more_than: false,
///     of: Some("permanent".into()),
///     default_rule: None,
/// };
/// assert_eq!(q.to_string(), "all[0].count: members of permanent >= 4 of 5");
/// let bloc = CompiledQuota {
///     path: "blocs.blocs[0].rule".into(),
///     primitive: "count",
///     attribute: None,
///     at_least: 2,
///     total: 3,
///     share: Some("1/2".into()),
///     more_than: true,
///     of: None,
///     default_rule: Some("more than half"),
/// };
/// assert_eq!(bloc.to_string(), "blocs.blocs[0].rule: members >= 2 of 3 (more than half of 3)");
/// ```
impl std::fmt::Display for CompiledQuota {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        let what = match (self.primitive, self.attribute.as_deref()) {
            ("veto", _) => "veto members",
            ("unanimity", _) => "all members",
            (_, Some(attribute)) => attribute,
            (_, None) => "members",
        };
        write!(f, "{what}")?;
        if let Some(of) = &self.of {
            write!(f, " of {of}")?;
        }
        write!(f, " >= {} of {}", self.at_least, self.total)?;
        match (self.default_rule, &self.share) {
            (Some(words), _) => write!(f, " ({words} of {})", self.total),
            (None, Some(share)) if self.more_than => write!(f, " (more than share {share})"),
            (None, Some(share)) => write!(f, " (share {share})"),
            (None, None) => Ok(()),
        }
    }
}

/// Why a rule does not compile: where in the rule, and what is wrong.
///
/// ```
/// use comity::model::Institution;
/// use comity::rules::{compile, MemberSet, Rule, RuleErrorKind};
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let veto_of = |group: &str| Rule::Veto(MemberSet { group: Some(group.into()), ..Default::default() });
/// let err = compile(&veto_of("P6"), &body).unwrap_err();
/// assert_eq!(err.path, "rule.veto.group");
/// assert!(matches!(err.kind, RuleErrorKind::UnknownGroup { ref name, .. } if name == "P6"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct RuleError {
    /// Where in the rule (`rule.all[0].veto.ids[2]`).
    pub path: String,
    /// What is wrong.
    pub kind: RuleErrorKind,
}

/// The largest weight an attribute may give: 2^53, the largest whole number below which every
/// whole number is an `f64`.
///
/// ```
/// use comity::model::{Institution, Member};
/// use comity::rules::MAX_EXACT_WEIGHT;
/// assert_eq!(MAX_EXACT_WEIGHT, 9_007_199_254_740_992); // 2^53
/// let err = Institution::builder("b", "B")
///     .draft(true)
///     .member_entry(Member::new("A", "Alpha").attribute("votes", 2f64.powi(60)))
///     .rule_toml("r", r#"{ weighted = { attribute = "votes", at_least = 1 } }"#)
///     .build()
///     .unwrap_err();
/// assert!(err.to_string().contains("above the largest weight"), "{err}");
/// ```
pub const MAX_EXACT_WEIGHT: u64 = 1 << 53;

/// The message for a weight that cannot be used: one above [`MAX_EXACT_WEIGHT`] is named as
/// such (it is a whole number, and calling it anything else misled).
fn bad_weight(member: &str, attribute: &str, value: f64) -> String {
    if value.fract() == 0.0 && value > MAX_EXACT_WEIGHT as f64 {
        format!(
            "member \"{member}\" has {attribute} = {value:e}, above the largest weight {MAX_EXACT_WEIGHT} (2^53, the largest whole number a number in the file holds exactly); express {attribute} in a larger unit (e.g. thousands)"
        )
    } else {
        format!(
            "member \"{member}\" has {attribute} = {value}; expected a whole number >= 0 to use it as a weight"
        )
    }
}

/// What is wrong with a rule.
///
/// ```
/// use comity::model::Institution;
/// use comity::rules::{compile, Rule, RuleErrorKind, Threshold};
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// // 16 of 15 members can never be met.
/// let sixteen = Rule::Count(Threshold { at_least: Some(16), ..Default::default() });
/// let err = compile(&sixteen, &body).unwrap_err();
/// assert_eq!(err.kind, RuleErrorKind::QuotaAboveTotal { quota: 16, total: 15 });
/// assert_eq!(err.kind.to_string(), "quota 16 is above the total 15; expected at most 15");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// A member id that is not in the body (or not in the enclosing club).
    #[error("unknown member id \"{id}\"; expected one of the body's member ids")]
    UnknownMember {
        /// The id.
        id: String,
    },
    /// A group name that the file does not define.
    #[error("unknown group \"{name}\"; expected one of: {known}")]
    UnknownGroup {
        /// The name.
        name: String,
        /// The groups defined.
        known: String,
    },
    /// A tag that no member carries.
    #[error("no member carries the tag \"{tag}\"")]
    UnknownTag {
        /// The tag.
        tag: String,
    },
    /// A member lacks the attribute a rule sums.
    #[error("member \"{member}\" has no attribute \"{attribute}\", which this rule needs")]
    MissingAttribute {
        /// The member id.
        member: String,
        /// The attribute.
        attribute: String,
    },
    /// A weight that is negative, not a whole number, or above [`MAX_EXACT_WEIGHT`].
    #[error("{}", bad_weight(member, attribute, *value))]
    BadWeight {
        /// The member id.
        member: String,
        /// The attribute.
        attribute: String,
        /// The value found.
        value: f64,
    },
    /// A threshold that names none or several of `at_least`, `share`, `more_than_share`.
    #[error("expected exactly one of at_least, share, more_than_share; found {found}")]
    ThresholdFields {
        /// How many were given.
        found: usize,
    },
    /// A member set that names none or several of `group`, `tag`, `ids`.
    #[error("expected exactly one of group, tag, ids; found {found}")]
    MemberSetFields {
        /// How many were given.
        found: usize,
    },
    /// A share outside (0, 1] or unreadable.
    #[error("{message}")]
    BadShare {
        /// What is wrong.
        message: String,
    },
    /// A quota no coalition can meet.
    #[error("quota {quota} is above the total {total}; expected at most {total}")]
    QuotaAboveTotal {
        /// The quota.
        quota: u64,
        /// The total.
        total: u64,
    },
    /// A quota no coalition can meet, of a threshold counted over a group (`of`).
    #[error("quota {quota} is above the total {total} of {of}; expected at most {total}")]
    QuotaAboveGroup {
        /// The quota.
        quota: u64,
        /// The group's total (its number of members, or the sum of the attribute over them).
        total: u64,
        /// The group, as in [`CompiledQuota::of`].
        of: String,
    },
    /// A quota of zero.
    #[error("quota 0 lets the empty coalition win; expected at least 1")]
    ZeroQuota,
    /// `all` or `any` with no parts, or a veto or club with no members.
    #[error("expected at least one {what}")]
    Empty {
        /// What is missing.
        what: &'static str,
    },
    /// The game could not be built.
    #[error(transparent)]
    Game(#[from] GameError),
}

/// Compiles `rule` over all members of `body`.
///
/// ```
/// use comity::model::Institution;
/// use comity::power::{power_indices, PowerOptions};
/// use comity::rules::{compile, MemberSet, Rule, Threshold};
/// // A variant of the Security Council in code: 9 of 15, no veto.
/// let body = Institution::load("models/institutions/unsc.toml")?;
/// let nine = Rule::Count(Threshold { at_least: Some(9), ..Default::default() });
/// let compiled = compile(&nine, &body)?;
/// let ss = power_indices(&compiled.game, &PowerOptions::default())?.shapley_shubik().unwrap();
/// // By symmetry every member has 1/15.
/// assert!(ss.iter().all(|&x| (x - 1.0 / 15.0).abs() < 1e-12));
/// # let _ = MemberSet::default();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compile(rule: &Rule, body: &Institution) -> Result<CompiledRule, RuleError> {
    let scope: Vec<usize> = (0..body.members().len()).collect();
    let mut compiler = Compiler { body, quotas: Vec::new() };
    let game = compiler.compile(rule, &scope, "rule")?;
    Ok(CompiledRule { game, quotas: compiler.quotas })
}

struct Compiler<'a> {
    body: &'a Institution,
    quotas: Vec<CompiledQuota>,
}

impl Compiler<'_> {
    fn compile(&mut self, rule: &Rule, scope: &[usize], path: &str) -> Result<Game, RuleError> {
        let err = |kind| RuleError { path: path.to_string(), kind };
        let k = scope.len();
        match rule {
            Rule::Unanimity => {
                self.record(path, "unanimity", None, k as u64, k as u64);
                Ok(weighted(vec![1; k], k as u64).map_err(|e| err(e.into()))?.into())
            }
            Rule::Count(t) => {
                let path = format!("{path}.count");
                let counted = self.counted(t.of.as_ref(), scope, &path)?;
                let mut w = vec![0; k];
                counted.iter().for_each(|&p| w[p] = 1);
                let q = self.quota(t, counted.len() as u64, None, &path, "count")?;
                Ok(weighted(w, q).map_err(|e| RuleError { path, kind: e.into() })?.into())
            }
            Rule::Weighted(t) => {
                let path = format!("{path}.weighted");
                let counted = self.counted(t.of.as_ref(), scope, &path)?;
                let members: Vec<usize> = counted.iter().map(|&p| scope[p]).collect();
                let mut weights = vec![0; k];
                for (&p, w) in counted.iter().zip(self.weights(&t.attribute, &members, &path)?) {
                    weights[p] = w;
                }
                let total = weights.iter().try_fold(0u64, |a, &w| a.checked_add(w));
                let total = total.ok_or_else(|| RuleError {
                    path: path.clone(),
                    kind: GameError::WeightOverflow.into(),
                })?;
                let q = self.quota(&t.threshold(), total, Some(&t.attribute), &path, "weighted")?;
                Ok(weighted(weights, q).map_err(|e| RuleError { path, kind: e.into() })?.into())
            }
            Rule::Veto(set) => {
                let path = format!("{path}.veto");
                let vetoers = self.positions(set, scope, &path)?;
                let mut w = vec![0; k];
                vetoers.iter().for_each(|&p| w[p] = 1);
                let size = vetoers.len() as u64;
                self.record(&path, "veto", None, size, size);
                Ok(weighted(w, vetoers.len() as u64).map_err(|e| RuleError { path, kind: e.into() })?.into())
            }
            Rule::All(parts) | Rule::Any(parts) => {
                let (name, connective) = if matches!(rule, Rule::All(_)) {
                    ("all", Connective::All)
                } else {
                    ("any", Connective::Any)
                };
                if parts.is_empty() {
                    return Err(RuleError {
                        path: format!("{path}.{name}"),
                        kind: RuleErrorKind::Empty { what: "part" },
                    });
                }
                let games = parts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| self.compile(p, scope, &format!("{path}.{name}[{i}]")))
                    .collect::<Result<Vec<_>, _>>()?;
                join(connective, games).map_err(|e| err(e.into()))
            }
            Rule::Blocs(spec) => {
                let path = format!("{path}.blocs");
                let top = self.compile(&spec.rule, scope, &format!("{path}.rule"))?;
                let mut blocs = Vec::with_capacity(spec.blocs.len());
                for (i, bloc) in spec.blocs.iter().enumerate() {
                    let bloc_path = format!("{path}.blocs[{i}]");
                    let members = self.positions(&bloc.members, scope, &format!("{bloc_path}.members"))?;
                    let bloc_scope: Vec<usize> = members.iter().map(|&p| scope[p]).collect();
                    let rule_path = format!("{bloc_path}.rule");
                    let inner = match bloc.rule.as_deref() {
                        Some(rule) => self.compile(rule, &bloc_scope, &rule_path)?,
                        // The default is recorded as such, so it prints as "more than half of
                        // 3" rather than as a share the file never wrote.
                        None => {
                            let size = bloc_scope.len() as u64;
                            let q = size / 2 + 1;
                            self.record(&rule_path, "count", None, q, size);
                            let quota = self.quotas.last_mut().expect("just recorded");
                            quota.share = Some("1/2".into());
                            quota.more_than = true;
                            quota.default_rule = Some("more than half");
                            weighted(vec![1; bloc_scope.len()], q)
                                .map_err(|e| RuleError { path: rule_path, kind: e.into() })?
                                .into()
                        }
                    };
                    blocs.push(
                        Bloc::new(members, inner)
                            .map_err(|e| RuleError { path: bloc_path, kind: e.into() })?,
                    );
                }
                Ok(BlocGame::new(top, blocs).map_err(|e| RuleError { path, kind: e.into() })?.into())
            }
            Rule::Club(club) => {
                let path = format!("{path}.club");
                let members = self.positions(&club.members, scope, &format!("{path}.members"))?;
                let club_scope: Vec<usize> = members.iter().map(|&p| scope[p]).collect();
                let inner = self.compile(&club.rule, &club_scope, &format!("{path}.rule"))?;
                Ok(Club::new(k, members, inner).map_err(|e| RuleError { path, kind: e.into() })?.into())
            }
        }
    }

    /// The members of `set` as positions within `scope`, sorted.
    fn positions(&self, set: &MemberSet, scope: &[usize], path: &str) -> Result<Vec<usize>, RuleError> {
        let err = |path: String, kind| RuleError { path, kind };
        let found =
            [set.group.is_some(), set.tag.is_some(), set.ids.is_some()].iter().filter(|&&b| b).count();
        if found != 1 {
            return Err(err(path.into(), RuleErrorKind::MemberSetFields { found }));
        }
        let body = self.body;
        let members: Vec<usize> = if let Some(name) = &set.group {
            body.group(name)
                .ok_or_else(|| {
                    let known = body.groups().iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", ");
                    err(format!("{path}.group"), RuleErrorKind::UnknownGroup { name: name.clone(), known })
                })?
                .to_vec()
        } else if let Some(tag) = &set.tag {
            let m = body.members_tagged(tag);
            if m.is_empty() {
                return Err(err(format!("{path}.tag"), RuleErrorKind::UnknownTag { tag: tag.clone() }));
            }
            m
        } else {
            let ids = set.ids.as_deref().unwrap_or_default();
            ids.iter()
                .enumerate()
                .map(|(i, id)| {
                    body.member_index(id).ok_or_else(|| {
                        err(format!("{path}.ids[{i}]"), RuleErrorKind::UnknownMember { id: id.clone() })
                    })
                })
                .collect::<Result<_, _>>()?
        };
        let mut positions = Vec::with_capacity(members.len());
        for m in members {
            match scope.iter().position(|&s| s == m) {
                Some(p) => positions.push(p),
                None => {
                    let id = body.members()[m].id.clone();
                    return Err(err(path.into(), RuleErrorKind::UnknownMember { id }));
                }
            }
        }
        positions.sort_unstable();
        positions.dedup();
        if positions.is_empty() {
            return Err(err(path.into(), RuleErrorKind::Empty { what: "member" }));
        }
        Ok(positions)
    }

    /// The positions within `scope` that a threshold counts: those of `of`, or all of `scope`.
    fn counted(&self, of: Option<&MemberSet>, scope: &[usize], path: &str) -> Result<Vec<usize>, RuleError> {
        match of {
            Some(set) => self.positions(set, scope, &format!("{path}.of")),
            None => Ok((0..scope.len()).collect()),
        }
    }

    fn weights(&self, attribute: &str, scope: &[usize], path: &str) -> Result<Vec<u64>, RuleError> {
        scope
            .iter()
            .map(|&m| {
                let member = &self.body.members()[m];
                let err = |kind| RuleError { path: format!("{path}.attribute"), kind };
                let value = *member.attributes.get(attribute).ok_or_else(|| {
                    err(RuleErrorKind::MissingAttribute {
                        member: member.id.clone(),
                        attribute: attribute.into(),
                    })
                })?;
                // NaN and infinities have no whole part and fail here too.
                if value.is_nan() || value < 0.0 || value.fract() != 0.0 {
                    return Err(err(RuleErrorKind::BadWeight {
                        member: member.id.clone(),
                        attribute: attribute.into(),
                        value,
                    }));
                }
                // Attributes are read as f64, which holds every whole number only up to 2^53:
                // above it the weight may not be the number written.
                if value > MAX_EXACT_WEIGHT as f64 {
                    return Err(err(RuleErrorKind::BadWeight {
                        member: member.id.clone(),
                        attribute: attribute.into(),
                        value,
                    }));
                }
                Ok(value as u64)
            })
            .collect()
    }

    fn record(
        &mut self,
        path: &str,
        primitive: &'static str,
        attribute: Option<&str>,
        at_least: u64,
        total: u64,
    ) {
        self.quotas.push(CompiledQuota {
            path: path.strip_prefix("rule").unwrap_or(path).trim_start_matches('.').to_string(),
            primitive,
            attribute: attribute.map(str::to_string),
            at_least,
            total,
            share: None,
            more_than: false,
            of: None,
            default_rule: None,
        });
    }

    fn quota(
        &mut self,
        t: &Threshold,
        total: u64,
        attribute: Option<&str>,
        path: &str,
        primitive: &'static str,
    ) -> Result<u64, RuleError> {
        let err = |kind| RuleError { path: path.to_string(), kind };
        let found = [t.at_least.is_some(), t.share.is_some(), t.more_than_share.is_some()]
            .iter()
            .filter(|&&b| b)
            .count();
        if found != 1 {
            return Err(err(RuleErrorKind::ThresholdFields { found }));
        }
        let share = t.share.as_ref().or(t.more_than_share.as_ref());
        let at_least = match (t.at_least, &t.share, &t.more_than_share) {
            (Some(q), _, _) => q,
            (None, Some(s), _) => {
                let f = s.to_fraction().map_err(|message| err(RuleErrorKind::BadShare { message }))?;
                let (q, r) = (f.numer() * BigInt::from(total)).div_rem(f.denom());
                big_to_u64(q + if r == BigInt::from(0) { 0 } else { 1 })
            }
            (None, None, Some(s)) => {
                let f = s.to_fraction().map_err(|message| err(RuleErrorKind::BadShare { message }))?;
                big_to_u64((f.numer() * BigInt::from(total)).div_floor(f.denom()) + 1)
            }
            (None, None, None) => unreachable!("exactly one field was checked above"),
        };
        if at_least == 0 {
            return Err(err(RuleErrorKind::ZeroQuota));
        }
        let of = t.of.as_ref().map(describe);
        if at_least > total {
            return Err(err(match of {
                Some(of) => RuleErrorKind::QuotaAboveGroup { quota: at_least, total, of },
                None => RuleErrorKind::QuotaAboveTotal { quota: at_least, total },
            }));
        }
        self.record(path, primitive, attribute, at_least, total);
        let quota = self.quotas.last_mut().expect("just recorded");
        quota.share = share.map(|s| s.to_string());
        quota.more_than = t.more_than_share.is_some();
        quota.of = of;
        Ok(at_least)
    }
}

/// A member set in words, for quota descriptions and messages: a group by its name, else
/// `tag T` or `ids [A, B]`.
fn describe(set: &MemberSet) -> String {
    match (&set.group, &set.tag, &set.ids) {
        (Some(group), _, _) => group.clone(),
        (None, Some(tag), _) => format!("tag {tag}"),
        (None, None, ids) => format!("ids [{}]", ids.as_deref().unwrap_or_default().join(", ")),
    }
}

fn big_to_u64(x: BigInt) -> u64 {
    x.to_u64().unwrap_or(u64::MAX)
}

fn weighted(weights: Vec<u64>, quota: u64) -> Result<WeightedGame, GameError> {
    WeightedGame::new(weights, quota)
}

/// Joins parts; `all` of weighted games becomes a vector-weighted game.
fn join(connective: Connective, mut games: Vec<Game>) -> Result<Game, GameError> {
    if games.len() == 1 {
        return Ok(games.pop().expect("one part"));
    }
    if connective == Connective::All && games.iter().all(|g| matches!(g, Game::Weighted(_))) {
        let dims = games.into_iter().map(|g| match g {
            Game::Weighted(w) => w,
            _ => unreachable!("all parts are weighted"),
        });
        return Ok(VectorWeightedGame::new(dims.collect())?.into());
    }
    Ok(Composite::new(connective, games)?.into())
}
