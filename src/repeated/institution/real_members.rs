//! Repeated public-goods institutions of real, unequal members: who pays for the good and who
//! gets it when members differ in capacity, in what the good is worth to them, and in how they
//! reciprocate.
//!
//! Member `i` has a capacity `w_i > 0` (for instance its IMF quota, a proxy of economic size)
//! and a benefit weight `v_i >= 0` (for instance its population, raised for small island
//! developing states). With capacity shares `s_i = w_i / sum w` and benefit shares
//! `b_i = v_i / sum v`, a budget `cost` is assessed each round as `a_i = cost * s_i`. Each
//! unpaid assessment adds one to a member's arrears `d_i`, and paying clears them. A member of
//! the arrears type (below) pays back what it owes when it recovers, `x_i = a_i (1 + d_i)`;
//! any other member pays `x_i = a_i`, its skipped assessments forgone: were every skipped
//! assessment repaid, long-run payments would equal assessments whatever the members did, and
//! a collapse of cooperation would only move payments in time. The good's level `G` follows
//! its aggregation technology (Hirshleifer 1983; see [`crate::repeated::public_goods`] for
//! their one-shot equilibria), with `c_i = min(x_i / a_i, 1)` a member's contribution level:
//!
//! - summation `G = sum_i x_i`; weighted sum `G = sum_i e_i x_i`, the effectiveness `e_i`
//!   rescaled so that `sum_i s_i e_i = 1` (full payment gives `G = cost` under both);
//! - threshold: `G = cost` when `sum_i x_i >= share * cost`, else nothing;
//! - weakest link `G = cost * min_i c_i`; best shot `G = cost * max_i c_i`.
//!
//! Every member receives `multiplier * G * b_i`, times the share its standing keeps under the
//! sanction rule ([`Sanctions`]), and its payoff per round is what it receives less what it
//! pays. Implementation noise flips each intended payment with probability `noise` (members
//! in arrears by type excepted). Behaviours ([`Behaviour`]):
//!
//! - **unconditional** contributor: always pays; **free rider**: never pays;
//! - **diffuse** reciprocator, tolerance `tau` and memory `m` (0 for the whole history): pays
//!   while the group's contribution level over the last `m` rounds is at least `1 - tau`,
//!   where a round's level is `sum x / sum a` over the members reciprocators watch (all of them,
//!   or those in good or warned standing under a sanction rule): "rough equivalence of
//!   benefits in the aggregate and over time" (Keohane 1986);
//! - **specific** reciprocator, threshold `theta`: pays iff the other watched members' level
//!   in the last round was at least `theta`: an immediate, equivalent response to the group's
//!   last move (Keohane 1986, specific reciprocity among many);
//! - **arrears**, probabilities `fall` and `recover`: pays while in good standing but falls
//!   into arrears with probability `fall` each round (a shock); in arrears it pays nothing and
//!   recovers, paying everything it owes, with probability `recover` each round.
//!
//! All reciprocators pay in the first round. A round costs `O(n)` with no allocation; seeds run
//! in parallel (rayon), each from its own stream of the master seed, so results do not depend
//! on the number of threads. The state space (every member's arrears and the history window)
//! is far too large for an exact chain with real bodies, so results are seeded simulations with
//! Student-t intervals over the seeds; without noise and shocks a run is deterministic and
//! checked by hand in the tests.
//!
//! Everything scales: capacities, benefit weights and effectiveness enter only as shares, so
//! their units do not matter, and payoffs are proportional to `cost`.
//!
//! # References
//! Keohane (1986), "Reciprocity in international relations", IO 40(1); Hirshleifer (1983),
//! "From weakest-link to best-shot", Public Choice 41; Sandler (2004), *Global Collective
//! Action*; Ostrom (1990), *Governing the Commons* (graduated sanctions); Olson & Zeckhauser
//! (1966), "An economic theory of alliances".
//!
//! ```
//! use comity::repeated::institution::{
//!     Behaviour, MemberBody, RealGood, RealMember, SimulationOptions, Technology, simulate_members,
//! };
//! // A large member (capacity 3) and a small one (capacity 1), equal benefit weights, both
//! // unconditional: the large pays 3/4 of the budget 100 and each receives 1.5 * 100 / 2 = 75.
//! let member = |id: &str, capacity| RealMember::new(id, capacity, 1.0, Behaviour::Unconditional);
//! let good = RealGood::new(Technology::Summation, 100.0, 1.5)?;
//! let body = MemberBody::new(vec![member("L", 3.0), member("S", 1.0)], vec![], good, None, 0.0)?;
//! let out = simulate_members(&body, &SimulationOptions::new(10, 2, 1, 0.95))?;
//! let (large, small) = (&out.members[0], &out.members[1]);
//! assert_eq!((large.contribution.mean, small.contribution.mean), (75.0, 25.0));
//! assert_eq!((large.payoff.mean, small.payoff.mean), (0.0, 50.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::sanctions::{Sanctions, Standing};
use super::{INSTITUTION_MAX_MEMBERS, INSTITUTION_MAX_ROUNDS, INSTITUTION_MAX_SEEDS, SimulationOptions};
use crate::cancel::CancelToken;
use crate::estimate::Estimate;
use crate::repeated::{RepeatedError, probability};
use crate::rng::stream;
use rand::Rng;
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A replication has collapsed when some round's level falls below this (the default
/// `collapse_below` of the anonymous institutions).
///
/// ```
/// // A run counts as collapsed once fewer than half of the assessments watched are paid.
/// assert_eq!(comity::repeated::institution::MEMBERS_COLLAPSE_LEVEL, 0.5);
/// ```
pub const MEMBERS_COLLAPSE_LEVEL: f64 = 0.5;

/// Tolerance of the comparisons of levels with thresholds (sums of shares carry rounding).
const LEVEL_TOLERANCE: f64 = 1e-9;

/// Most member-rounds in all (`seeds x rounds x members`) of one simulation: about a minute on
/// one core at the measured few nanoseconds a member-round.
///
/// ```
/// use comity::repeated::institution::MEMBERS_MAX_WORK;
/// // The goal of 193 members, 10^4 rounds and 100 seeds fits well within the limit.
/// assert!(193 * 10_000 * 100 < MEMBERS_MAX_WORK);
/// ```
pub const MEMBERS_MAX_WORK: u128 = 100_000_000_000;

/// How a real member behaves; see the module documentation.
///
/// ```
/// use comity::repeated::institution::Behaviour;
/// let diffuse = Behaviour::Diffuse { tolerance: 0.1, memory: 0 };
/// assert_eq!(diffuse.label(), "diffuse(tolerance=0.1,memory=all)");
/// assert_eq!(Behaviour::Specific { threshold: 0.9 }.label(), "specific(threshold=0.9)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Behaviour {
    /// Always pays.
    Unconditional,
    /// Never pays.
    FreeRider,
    /// Pays while the group's level over the last `memory` rounds is at least `1 - tolerance`.
    Diffuse {
        /// Shortfall tolerated, in [0, 1].
        tolerance: f64,
        /// Rounds remembered (0: the whole history).
        memory: usize,
    },
    /// Pays iff the others' level in the last round was at least `threshold`.
    Specific {
        /// Level required, in [0, 1].
        threshold: f64,
    },
    /// Falls into arrears with probability `fall` a round; recovers with probability `recover`.
    Arrears {
        /// Probability of a shock that stops its payments, in [0, 1].
        fall: f64,
        /// Probability of paying everything owed, in [0, 1], each round in arrears.
        recover: f64,
    },
}

impl Behaviour {
    /// A short label with the parameters.
    ///
    /// ```
    /// use comity::repeated::institution::Behaviour;
    /// let shaky = Behaviour::Arrears { fall: 0.05, recover: 0.5 };
    /// assert_eq!(shaky.label(), "arrears(fall=0.05,recover=0.5)");
    /// assert_eq!(Behaviour::FreeRider.label(), "free_rider");
    /// ```
    pub fn label(&self) -> String {
        match self {
            Behaviour::Unconditional => "unconditional".into(),
            Behaviour::FreeRider => "free_rider".into(),
            Behaviour::Diffuse { tolerance, memory: 0 } => {
                format!("diffuse(tolerance={tolerance},memory=all)")
            }
            Behaviour::Diffuse { tolerance, memory } => {
                format!("diffuse(tolerance={tolerance},memory={memory})")
            }
            Behaviour::Specific { threshold } => format!("specific(threshold={threshold})"),
            Behaviour::Arrears { fall, recover } => format!("arrears(fall={fall},recover={recover})"),
        }
    }

    pub(super) fn validate(&self) -> Result<(), RepeatedError> {
        match *self {
            Behaviour::Diffuse { tolerance, .. } => probability("tolerance", tolerance).map(drop),
            Behaviour::Specific { threshold } => probability("threshold", threshold).map(drop),
            Behaviour::Arrears { fall, recover } => {
                probability("fall", fall)?;
                probability("recover", recover).map(drop)
            }
            Behaviour::Unconditional | Behaviour::FreeRider => Ok(()),
        }
    }
}

/// How contributions add up to the good (Hirshleifer 1983).
///
/// ```
/// use comity::repeated::institution::Technology;
/// assert_eq!(Technology::Threshold { share: 0.6 }.label(), "threshold(share=0.6)");
/// assert_eq!(Technology::WeakestLink.label(), "weakest_link");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Technology {
    /// `G = sum x`.
    Summation,
    /// `G = sum e x` with each member's effectiveness `e`.
    WeightedSum,
    /// `G = cost` when `sum x >= share * cost`.
    Threshold {
        /// Share of the budget needed, in (0, 1].
        share: f64,
    },
    /// `G = cost * min c`.
    WeakestLink,
    /// `G = cost * max c`.
    BestShot,
}

impl Technology {
    /// The technology's name.
    ///
    /// ```
    /// use comity::repeated::institution::Technology;
    /// assert_eq!(Technology::BestShot.label(), "best_shot");
    /// ```
    pub fn label(&self) -> String {
        match self {
            Technology::Summation => "summation".into(),
            Technology::WeightedSum => "weighted_sum".into(),
            Technology::Threshold { share } => format!("threshold(share={share})"),
            Technology::WeakestLink => "weakest_link".into(),
            Technology::BestShot => "best_shot".into(),
        }
    }
}

/// The good: its technology, the budget assessed each round and what a unit of the good is
/// worth to the members together.
///
/// ```
/// use comity::repeated::institution::{RealGood, Technology};
/// let good = RealGood::new(Technology::Summation, 100.0, 2.0)?;
/// assert_eq!((good.cost(), good.multiplier()), (100.0, 2.0));
/// let err = RealGood::new(Technology::Summation, -1.0, 2.0).unwrap_err();
/// assert_eq!(err.to_string(), "cost: -1; expected a finite number > 0");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RealGood {
    technology: Technology,
    cost: f64,
    multiplier: f64,
}

impl RealGood {
    /// A good of `technology` with budget `cost > 0` per round and total benefit `multiplier`
    /// (`> 0`) per unit of the good.
    ///
    /// ```
    /// use comity::repeated::institution::{RealGood, Technology};
    /// assert!(RealGood::new(Technology::Threshold { share: 1.5 }, 1.0, 2.0).is_err());
    /// ```
    pub fn new(technology: Technology, cost: f64, multiplier: f64) -> Result<Self, RepeatedError> {
        positive("cost", cost)?;
        positive("multiplier", multiplier)?;
        if let Technology::Threshold { share } = technology {
            if !(share > 0.0 && share <= 1.0) {
                return Err(RepeatedError::Parameter {
                    what: "share",
                    message: format!("{share}; expected a share of the budget in (0, 1]"),
                });
            }
        }
        Ok(RealGood { technology, cost, multiplier })
    }

    /// The technology.
    ///
    /// ```
    /// use comity::repeated::institution::{RealGood, Technology};
    /// assert_eq!(RealGood::new(Technology::BestShot, 1.0, 2.0)?.technology(), Technology::BestShot);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn technology(&self) -> Technology {
        self.technology
    }

    /// The budget assessed each round.
    ///
    /// ```
    /// use comity::repeated::institution::{RealGood, Technology};
    /// assert_eq!(RealGood::new(Technology::Summation, 7.0, 2.0)?.cost(), 7.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cost(&self) -> f64 {
        self.cost
    }

    /// Total benefit per unit of the good.
    ///
    /// ```
    /// use comity::repeated::institution::{RealGood, Technology};
    /// assert_eq!(RealGood::new(Technology::Summation, 7.0, 2.0)?.multiplier(), 2.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn multiplier(&self) -> f64 {
        self.multiplier
    }
}

fn positive(what: &'static str, x: f64) -> Result<(), RepeatedError> {
    if x.is_finite() && x > 0.0 {
        Ok(())
    } else {
        Err(RepeatedError::Parameter { what, message: format!("{x}; expected a finite number > 0") })
    }
}

/// One member: its id, capacity, benefit weight, behaviour, and optionally its population (for
/// the burden per head) and effectiveness (for a weighted-sum good; default 1).
///
/// ```
/// use comity::repeated::institution::{Behaviour, RealMember};
/// let tuvalu = RealMember::new("TUV", 3.6, 9_646.0, Behaviour::Unconditional).with_population(9_646.0);
/// assert_eq!((tuvalu.id.as_str(), tuvalu.population), ("TUV", Some(9_646.0)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RealMember {
    /// Identifier (ISO 3166-1 alpha-3 for states).
    pub id: String,
    /// Contribution capacity (`> 0`).
    pub capacity: f64,
    /// Benefit weight (`>= 0`; the weights may not all be zero).
    pub benefit: f64,
    /// Behaviour.
    pub behaviour: Behaviour,
    /// Population, for the burden per head (`> 0` when given).
    pub population: Option<f64>,
    /// Effectiveness of its contributions under a weighted-sum good (`> 0`).
    pub effectiveness: f64,
}

impl RealMember {
    /// A member with effectiveness 1 and no population.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, RealMember};
    /// let m = RealMember::new("A", 2.0, 1.0, Behaviour::FreeRider);
    /// assert_eq!((m.effectiveness, m.population), (1.0, None));
    /// ```
    pub fn new(id: impl Into<String>, capacity: f64, benefit: f64, behaviour: Behaviour) -> Self {
        RealMember { id: id.into(), capacity, benefit, behaviour, population: None, effectiveness: 1.0 }
    }

    /// The same member with a population.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, RealMember};
    /// let m = RealMember::new("A", 2.0, 1.0, Behaviour::FreeRider).with_population(10.0);
    /// assert_eq!(m.population, Some(10.0));
    /// ```
    pub fn with_population(mut self, population: f64) -> Self {
        self.population = Some(population);
        self
    }

    /// The same member with an effectiveness.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, RealMember};
    /// let m = RealMember::new("A", 2.0, 1.0, Behaviour::FreeRider).with_effectiveness(0.5);
    /// assert_eq!(m.effectiveness, 0.5);
    /// ```
    pub fn with_effectiveness(mut self, effectiveness: f64) -> Self {
        self.effectiveness = effectiveness;
        self
    }
}

/// A named group of members (positions in the body).
///
/// ```
/// use comity::repeated::institution::MemberGroup;
/// let sids = MemberGroup { name: "sids".into(), members: vec![1, 2] };
/// assert_eq!(sids.members.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MemberGroup {
    /// The group's name.
    pub name: String,
    /// Positions of its members in the body, ascending.
    pub members: Vec<usize>,
}

/// A body of real members playing a repeated public-goods game.
///
/// ```
/// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
/// let member = |id: &str| RealMember::new(id, 1.0, 1.0, Behaviour::Unconditional);
/// let good = RealGood::new(Technology::Summation, 1.0, 1.5)?;
/// let body = MemberBody::new(vec![member("A"), member("B")], vec![], good, None, 0.0)?;
/// assert_eq!(body.members().len(), 2);
/// // A negative capacity is refused, naming the member.
/// let bad = RealMember::new("C", -1.0, 1.0, Behaviour::Unconditional);
/// let err = MemberBody::new(vec![member("A"), bad], vec![], good, None, 0.0).unwrap_err();
/// assert_eq!(err.to_string(), "capacity: member C has -1; expected a finite number > 0");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MemberBody {
    members: Vec<RealMember>,
    groups: Vec<MemberGroup>,
    good: RealGood,
    sanctions: Option<Sanctions>,
    noise: f64,
    /// `a_i`: each member's assessment per round.
    assessment: Vec<f64>,
    /// `b_i`: each member's share of the benefit.
    benefit_share: Vec<f64>,
    /// Effectiveness rescaled so that full payment gives `G = cost`.
    effectiveness: Vec<f64>,
}

impl MemberBody {
    /// A body of at least two members, with groups over member positions, an optional sanction
    /// rule and implementation noise in [0, 1].
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
    /// let member = |id: &str| RealMember::new(id, 1.0, 1.0, Behaviour::Unconditional);
    /// let good = RealGood::new(Technology::Summation, 1.0, 1.5)?;
    /// let err = MemberBody::new(vec![member("A"), member("B")], vec![], good, None, 1.5).unwrap_err();
    /// assert_eq!(err.to_string(), "noise = 1.5; expected a probability in [0, 1]");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        members: Vec<RealMember>,
        groups: Vec<MemberGroup>,
        good: RealGood,
        sanctions: Option<Sanctions>,
        noise: f64,
    ) -> Result<Self, RepeatedError> {
        let n = members.len();
        if !(2..=INSTITUTION_MAX_MEMBERS).contains(&n) {
            return Err(RepeatedError::Parameter {
                what: "members",
                message: format!("{n}; expected at least 2 and at most {INSTITUTION_MAX_MEMBERS}"),
            });
        }
        let bad = |what: &'static str, id: &str, x: f64, expected: &str| RepeatedError::Parameter {
            what,
            message: format!("member {id} has {x}; expected {expected}"),
        };
        for m in &members {
            if !(m.capacity.is_finite() && m.capacity > 0.0) {
                return Err(bad("capacity", &m.id, m.capacity, "a finite number > 0"));
            }
            if !(m.benefit.is_finite() && m.benefit >= 0.0) {
                return Err(bad("benefit", &m.id, m.benefit, "a finite number >= 0"));
            }
            if let Some(p) = m.population.filter(|p| !(p.is_finite() && *p > 0.0)) {
                return Err(bad("population", &m.id, p, "a finite number > 0"));
            }
            if !(m.effectiveness.is_finite() && m.effectiveness > 0.0) {
                return Err(bad("effectiveness", &m.id, m.effectiveness, "a finite number > 0"));
            }
            m.behaviour.validate()?;
        }
        for g in &groups {
            if let Some(&p) = g.members.iter().find(|&&p| p >= n) {
                return Err(RepeatedError::Parameter {
                    what: "groups",
                    message: format!("group {} names position {p}; expected below {n}", g.name),
                });
            }
        }
        probability("noise", noise)?;
        let total_capacity: f64 = members.iter().map(|m| m.capacity).sum();
        let total_benefit: f64 = members.iter().map(|m| m.benefit).sum();
        if !(total_capacity.is_finite() && total_benefit.is_finite() && total_benefit > 0.0) {
            return Err(RepeatedError::Parameter {
                what: "benefit",
                message: format!(
                    "capacities total {total_capacity}, benefit weights {total_benefit}; expected finite totals and some benefit"
                ),
            });
        }
        let assessment: Vec<f64> = members.iter().map(|m| good.cost * m.capacity / total_capacity).collect();
        let benefit_share = members.iter().map(|m| m.benefit / total_benefit).collect();
        let mean_effect: f64 = members.iter().map(|m| m.capacity / total_capacity * m.effectiveness).sum();
        let effectiveness = members.iter().map(|m| m.effectiveness / mean_effect).collect();
        Ok(MemberBody { members, groups, good, sanctions, noise, assessment, benefit_share, effectiveness })
    }

    /// The members, in order.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
    /// let member = |id: &str| RealMember::new(id, 1.0, 1.0, Behaviour::Unconditional);
    /// let good = RealGood::new(Technology::Summation, 1.0, 1.5)?;
    /// let body = MemberBody::new(vec![member("A"), member("B")], vec![], good, None, 0.0)?;
    /// assert_eq!(body.members()[1].id, "B");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> &[RealMember] {
        &self.members
    }

    /// The groups reported on.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, MemberBody, MemberGroup, RealGood};
    /// use comity::repeated::institution::{RealMember, Technology};
    /// let member = |id: &str| RealMember::new(id, 1.0, 1.0, Behaviour::Unconditional);
    /// let good = RealGood::new(Technology::Summation, 1.0, 1.5)?;
    /// let small = MemberGroup { name: "small".into(), members: vec![1] };
    /// let body = MemberBody::new(vec![member("A"), member("B")], vec![small], good, None, 0.0)?;
    /// assert_eq!(body.groups()[0].name, "small");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn groups(&self) -> &[MemberGroup] {
        &self.groups
    }

    /// The good.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
    /// let member = |id: &str| RealMember::new(id, 1.0, 1.0, Behaviour::Unconditional);
    /// let good = RealGood::new(Technology::BestShot, 1.0, 1.5)?;
    /// let body = MemberBody::new(vec![member("A"), member("B")], vec![], good, None, 0.0)?;
    /// assert_eq!(body.good().technology(), Technology::BestShot);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn good(&self) -> &RealGood {
        &self.good
    }

    /// The sanction rule, if any.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Sanctions};
    /// use comity::repeated::institution::Technology;
    /// let member = |id: &str| RealMember::new(id, 1.0, 1.0, Behaviour::Unconditional);
    /// let good = RealGood::new(Technology::Summation, 1.0, 1.5)?;
    /// let rule = Sanctions::new(1, 2, None, 1.0)?;
    /// let body = MemberBody::new(vec![member("A"), member("B")], vec![], good, Some(rule), 0.0)?;
    /// assert_eq!(body.sanctions(), Some(&rule));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sanctions(&self) -> Option<&Sanctions> {
        self.sanctions.as_ref()
    }

    /// The implementation noise.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
    /// let member = |id: &str| RealMember::new(id, 1.0, 1.0, Behaviour::Unconditional);
    /// let good = RealGood::new(Technology::Summation, 1.0, 1.5)?;
    /// let body = MemberBody::new(vec![member("A"), member("B")], vec![], good, None, 0.01)?;
    /// assert_eq!(body.noise(), 0.01);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn noise(&self) -> f64 {
        self.noise
    }

    /// Each member's assessment per round, `cost * capacity share`.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
    /// let member = |id: &str, w| RealMember::new(id, w, 1.0, Behaviour::Unconditional);
    /// let good = RealGood::new(Technology::Summation, 100.0, 1.5)?;
    /// let body = MemberBody::new(vec![member("A", 3.0), member("B", 1.0)], vec![], good, None, 0.0)?;
    /// assert_eq!(body.assessments(), [75.0, 25.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assessments(&self) -> &[f64] {
        &self.assessment
    }

    /// Each member's share of the benefit.
    ///
    /// ```
    /// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
    /// let member = |id: &str, v| RealMember::new(id, 1.0, v, Behaviour::Unconditional);
    /// let good = RealGood::new(Technology::Summation, 100.0, 1.5)?;
    /// let body = MemberBody::new(vec![member("A", 1.0), member("B", 3.0)], vec![], good, None, 0.0)?;
    /// assert_eq!(body.benefit_shares(), [0.25, 0.75]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn benefit_shares(&self) -> &[f64] {
        &self.benefit_share
    }
}

/// Results for one member, per round, with intervals over the seeds.
///
/// ```
/// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
/// use comity::repeated::institution::{SimulationOptions, simulate_members};
/// let payer = RealMember::new("P", 1.0, 1.0, Behaviour::Unconditional);
/// let rider = RealMember::new("R", 1.0, 1.0, Behaviour::FreeRider);
/// let good = RealGood::new(Technology::Summation, 10.0, 1.5)?;
/// let body = MemberBody::new(vec![payer, rider], vec![], good, None, 0.0)?;
/// let out = simulate_members(&body, &SimulationOptions::new(4, 2, 1, 0.95))?;
/// // The payer pays 5 a round for 7.5 of good shared equally: the rider gets 3.75 free.
/// let rider = &out.members[1];
/// assert_eq!((rider.contribution_share.mean, rider.benefit_share.mean), (0.0, 0.5));
/// assert_eq!((rider.payoff.mean, rider.arrears), (3.75, 1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MemberOutcome {
    /// The member's id.
    pub id: String,
    /// Its behaviour.
    pub behaviour: Behaviour,
    /// Its share of the capacity (and of the assessments).
    pub capacity_share: f64,
    /// What it pays per round.
    pub contribution: Estimate,
    /// What it receives per round.
    pub benefit: Estimate,
    /// What it receives less what it pays, per round.
    pub payoff: Estimate,
    /// Its share of all payments.
    pub contribution_share: Estimate,
    /// Its share of all benefits received.
    pub benefit_share: Estimate,
    /// What it pays per round per head of population, if its population is known.
    pub burden_per_head: Option<f64>,
    /// Share of rounds it ended in arrears.
    pub arrears: f64,
    /// Share of rounds it spent suspended or excluded.
    pub sanctioned: f64,
}

/// Results for a group of members (totals over its members), with intervals over the seeds.
///
/// ```
/// use comity::repeated::institution::{Behaviour, MemberBody, MemberGroup, RealGood};
/// use comity::repeated::institution::{RealMember, SimulationOptions, Technology, simulate_members};
/// let member = |id: &str, w| RealMember::new(id, w, 1.0, Behaviour::Unconditional);
/// let small = MemberGroup { name: "small".into(), members: vec![1, 2] };
/// let good = RealGood::new(Technology::Summation, 10.0, 1.5)?;
/// let members = vec![member("L", 8.0), member("S1", 1.0), member("S2", 1.0)];
/// let body = MemberBody::new(members, vec![small], good, None, 0.0)?;
/// let out = simulate_members(&body, &SimulationOptions::new(3, 2, 1, 0.95))?;
/// // The two small members pay 20% and receive two thirds of the good.
/// let g = &out.groups[0];
/// assert!((g.contribution_share.mean - 0.2).abs() < 1e-12);
/// assert!((g.contribution.mean - 2.0).abs() < 1e-12); // 2 of the budget of 10 a round
/// assert!((g.benefit_share.mean - 2.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GroupOutcome {
    /// The group's name.
    pub name: String,
    /// Its number of members.
    pub members: usize,
    /// Its share of all payments.
    pub contribution_share: Estimate,
    /// Its share of all benefits received.
    pub benefit_share: Estimate,
    /// Its members' mean payoff per round.
    pub payoff: Estimate,
    /// What its members pay together per round.
    pub contribution: Estimate,
    /// Its members' population (when every member's population is known).
    pub population: Option<f64>,
    /// What it pays per round per head (when every member's population is known): the mean of
    /// `contribution` over `population`, whose interval is `contribution`'s over `population`.
    pub burden_per_head: Option<f64>,
    /// Share of its member-rounds spent suspended or excluded.
    pub sanctioned: f64,
}

/// Results of a simulation of a body of real members.
///
/// ```
/// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
/// use comity::repeated::institution::{SimulationOptions, simulate_members};
/// let member = |id: &str| RealMember::new(id, 1.0, 1.0, Behaviour::Unconditional);
/// let good = RealGood::new(Technology::Summation, 1.0, 1.5)?;
/// let body = MemberBody::new(vec![member("A"), member("B")], vec![], good, None, 0.0)?;
/// let out = simulate_members(&body, &SimulationOptions::new(5, 2, 1, 0.95))?;
/// assert_eq!((out.level.mean, out.provision.mean, out.collapsed), (1.0, 1.0, 0.0));
/// assert_eq!(out.payment_rate.mean, 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MembersOutcome {
    /// The watched members' contribution level (paid over assessed) per round.
    pub level: Estimate,
    /// What the whole body pays per round as a share of the budget (`sum x / cost`; members
    /// under sanction included, arrears paid back counted when paid).
    pub payment_rate: Estimate,
    /// The good provided per round as a share of the budget (`G / cost`).
    pub provision: Estimate,
    /// Share of replications in which some round's level fell below [`MEMBERS_COLLAPSE_LEVEL`].
    pub collapsed: f64,
    /// Per member, in the body's order.
    pub members: Vec<MemberOutcome>,
    /// Per group, in the body's order.
    pub groups: Vec<GroupOutcome>,
}

/// One replication's sums, per round.
struct Run {
    level: f64,
    payment_rate: f64,
    collapsed: bool,
    provision: f64,
    paid: Vec<f64>,
    received: Vec<f64>,
    arrears: Vec<f64>,
    sanctioned: Vec<f64>,
}

/// Simulates the body: `options.seeds` replications of `options.rounds` rounds.
///
/// ```
/// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
/// use comity::repeated::institution::{SimulationOptions, simulate_members};
/// // A weakest-link good: one free rider holds it at zero, so the payer only loses.
/// let payer = RealMember::new("P", 1.0, 1.0, Behaviour::Unconditional);
/// let rider = RealMember::new("R", 1.0, 1.0, Behaviour::FreeRider);
/// let good = RealGood::new(Technology::WeakestLink, 10.0, 3.0)?;
/// let body = MemberBody::new(vec![payer, rider], vec![], good, None, 0.0)?;
/// let out = simulate_members(&body, &SimulationOptions::new(4, 2, 1, 0.95))?;
/// assert_eq!((out.members[0].payoff.mean, out.provision.mean), (-5.0, 0.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate_members(
    body: &MemberBody,
    options: &SimulationOptions,
) -> Result<MembersOutcome, RepeatedError> {
    simulate_members_cancellable(body, options, &CancelToken::new())
}

/// [`simulate_members`], stopping with [`RepeatedError::Interrupted`] once `cancel` is
/// cancelled: checked before each replication.
///
/// ```
/// use comity::cancel::CancelToken;
/// use comity::repeated::RepeatedError;
/// use comity::repeated::institution::{Behaviour, MemberBody, RealGood, RealMember, Technology};
/// use comity::repeated::institution::{SimulationOptions, simulate_members_cancellable};
/// let payer = RealMember::new("P", 1.0, 1.0, Behaviour::Unconditional);
/// let rider = RealMember::new("R", 1.0, 1.0, Behaviour::FreeRider);
/// let good = RealGood::new(Technology::WeakestLink, 10.0, 3.0)?;
/// let body = MemberBody::new(vec![payer, rider], vec![], good, None, 0.0)?;
/// let options = SimulationOptions::new(4, 2, 1, 0.95);
/// let token = CancelToken::new();
/// let out = simulate_members_cancellable(&body, &options, &token)?;
/// assert_eq!(out.members[0].payoff.mean, -5.0);
/// token.cancel();
/// let err = simulate_members_cancellable(&body, &options, &token).unwrap_err();
/// assert!(matches!(err, RepeatedError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate_members_cancellable(
    body: &MemberBody,
    options: &SimulationOptions,
    cancel: &CancelToken,
) -> Result<MembersOutcome, RepeatedError> {
    let &SimulationOptions { rounds, seeds, seed: _, confidence } = options;
    let limit = |message: String| Err(RepeatedError::Parameter { what: "simulation", message });
    if rounds == 0 || seeds == 0 || !(confidence > 0.0 && confidence < 1.0) {
        return limit(format!(
            "{rounds} rounds, {seeds} seeds, confidence {confidence}; expected at least one round and seed and a confidence in (0, 1)"
        ));
    }
    if rounds > INSTITUTION_MAX_ROUNDS {
        return limit(format!("{rounds} rounds; the limit is {INSTITUTION_MAX_ROUNDS}"));
    }
    if seeds > INSTITUTION_MAX_SEEDS {
        return limit(format!("{seeds} seeds; the limit is {INSTITUTION_MAX_SEEDS}"));
    }
    let n = body.members.len();
    let work = seeds as u128 * rounds as u128 * n as u128;
    if work > MEMBERS_MAX_WORK {
        return limit(format!(
            "{seeds} seeds x {rounds} rounds x {n} members = {work} member-rounds; the limit is {MEMBERS_MAX_WORK} (fewer rounds or seeds)"
        ));
    }
    let chunk = (RUN_VALUES_IN_FLIGHT / n.max(1)).max(rayon::current_num_threads()).max(1);
    fold_runs(body, options, chunk, cancel)
}

/// Runs the replications in parallel `chunk` at a time and folds them in seed order into
/// running moments, so that memory does not grow with the seeds and results depend neither on
/// the threads nor on `chunk`.
fn fold_runs(
    body: &MemberBody,
    options: &SimulationOptions,
    chunk: usize,
    cancel: &CancelToken,
) -> Result<MembersOutcome, RepeatedError> {
    let &SimulationOptions { rounds, seeds, seed, confidence } = options;
    let n = body.members.len();
    let total_capacity: f64 = body.members.iter().map(|m| m.capacity).sum();
    let share = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
    let mut all = Totals::default();
    let mut each: Vec<MemberTotals> = (0..n).map(|_| MemberTotals::default()).collect();
    let mut per_group: Vec<GroupTotals> = body.groups.iter().map(|_| GroupTotals::default()).collect();
    for first in (0..seeds).step_by(chunk) {
        let runs: Vec<Run> = (first..seeds.min(first + chunk))
            .into_par_iter()
            .map(|k| {
                cancel.check()?;
                Ok(run_once(body, rounds, &mut stream(seed, k as u64)))
            })
            .collect::<Result<_, RepeatedError>>()?;
        for r in &runs {
            let total_paid: f64 = r.paid.iter().sum();
            let total_received: f64 = r.received.iter().sum();
            all.level.push(r.level);
            all.payment_rate.push(r.payment_rate);
            all.provision.push(r.provision);
            all.collapsed += usize::from(r.collapsed);
            for (i, t) in each.iter_mut().enumerate() {
                t.paid.push(r.paid[i]);
                t.received.push(r.received[i]);
                t.payoff.push(r.received[i] - r.paid[i]);
                t.contribution_share.push(share(r.paid[i], total_paid));
                t.benefit_share.push(share(r.received[i], total_received));
                t.arrears += r.arrears[i];
                t.sanctioned += r.sanctioned[i];
            }
            for (g, t) in body.groups.iter().zip(&mut per_group) {
                let sum = |values: &[f64]| g.members.iter().map(|&i| values[i]).sum::<f64>();
                let size = g.members.len().max(1) as f64;
                let (paid, received) = (sum(&r.paid), sum(&r.received));
                t.paid.push(paid);
                t.contribution_share.push(share(paid, total_paid));
                t.benefit_share.push(share(received, total_received));
                t.payoff.push((received - paid) / size);
                t.sanctioned += sum(&r.sanctioned);
            }
        }
    }
    let estimate = |m: &Moments| m.estimate(confidence);
    let members = body
        .members
        .iter()
        .zip(&each)
        .map(|(m, t)| {
            let paid = estimate(&t.paid);
            MemberOutcome {
                id: m.id.clone(),
                behaviour: m.behaviour,
                capacity_share: m.capacity / total_capacity,
                burden_per_head: m.population.map(|p| paid.mean / p),
                contribution: paid,
                benefit: estimate(&t.received),
                payoff: estimate(&t.payoff),
                contribution_share: estimate(&t.contribution_share),
                benefit_share: estimate(&t.benefit_share),
                arrears: t.arrears / seeds as f64,
                sanctioned: t.sanctioned / seeds as f64,
            }
        })
        .collect();
    let groups = body
        .groups
        .iter()
        .zip(&per_group)
        .map(|(g, t)| {
            let size = g.members.len().max(1) as f64;
            let paid = estimate(&t.paid);
            let population: Option<f64> = g.members.iter().map(|&i| body.members[i].population).sum();
            let population = population.filter(|_| !g.members.is_empty());
            GroupOutcome {
                name: g.name.clone(),
                members: g.members.len(),
                contribution_share: estimate(&t.contribution_share),
                benefit_share: estimate(&t.benefit_share),
                payoff: estimate(&t.payoff),
                burden_per_head: population.map(|p| paid.mean / p),
                contribution: paid,
                population,
                sanctioned: t.sanctioned / (seeds as f64 * size),
            }
        })
        .collect();
    Ok(MembersOutcome {
        level: estimate(&all.level),
        payment_rate: estimate(&all.payment_rate),
        provision: estimate(&all.provision),
        collapsed: all.collapsed as f64 / seeds as f64,
        members,
        groups,
    })
}

/// Per-member values of the replications held at once (four arrays of one value per member
/// each): 2^20 values, 32 MiB, or one replication per thread if that is more.
const RUN_VALUES_IN_FLIGHT: usize = 1 << 20;

/// Running moments of one quantity over the replications, in seed order: the plain sum (the
/// mean is the same sum as over a collected sample) and Welford's sum of squared deviations
/// for the Student-t interval.
///
/// # References
/// Welford (1962), "Note on a method for calculating corrected sums of squares and
/// products", Technometrics 4(3).
struct Moments {
    count: usize,
    sum: f64,
    running_mean: f64,
    squares: f64,
}

impl Default for Moments {
    fn default() -> Self {
        // -0.0, as `Sum for f64` starts from.
        Moments { count: 0, sum: -0.0, running_mean: 0.0, squares: 0.0 }
    }
}

impl Moments {
    fn push(&mut self, x: f64) {
        self.count += 1;
        self.sum += x;
        let delta = x - self.running_mean;
        self.running_mean += delta / self.count as f64;
        self.squares += delta * (x - self.running_mean);
    }

    /// The mean and interval as [`Estimate::from_samples`] gives them (`count >= 1`).
    fn estimate(&self, confidence: f64) -> Estimate {
        let k = self.count;
        let mean = self.sum / k as f64;
        let half_width = if k == 1 {
            f64::NAN
        } else {
            let var = self.squares.max(0.0) / (k - 1) as f64;
            let t = StudentsT::new(0.0, 1.0, (k - 1) as f64)
                .map(|t| t.inverse_cdf((1.0 + confidence) / 2.0))
                .unwrap_or(f64::NAN);
            t * (var / k as f64).sqrt()
        };
        Estimate { mean, half_width, confidence, replications: k }
    }
}

/// Sums over the replications for the whole body.
#[derive(Default)]
struct Totals {
    level: Moments,
    payment_rate: Moments,
    provision: Moments,
    collapsed: usize,
}

/// Sums over the replications for one member.
#[derive(Default)]
struct MemberTotals {
    paid: Moments,
    received: Moments,
    payoff: Moments,
    contribution_share: Moments,
    benefit_share: Moments,
    arrears: f64,
    sanctioned: f64,
}

/// Sums over the replications for one group.
#[derive(Default)]
struct GroupTotals {
    paid: Moments,
    contribution_share: Moments,
    benefit_share: Moments,
    payoff: Moments,
    sanctioned: f64,
}

/// The intended payment, flipped with probability `e`.
fn flip(rng: &mut impl Rng, e: f64, intended: bool) -> bool {
    if e > 0.0 && rng.random::<f64>() < e { !intended } else { intended }
}

/// A Bernoulli draw that spends no random number on certain events, so that runs without
/// shocks or noise are deterministic and cheap.
fn chance(rng: &mut impl Rng, p: f64) -> bool {
    p >= 1.0 || (p > 0.0 && rng.random::<f64>() < p)
}

fn run_once(body: &MemberBody, rounds: usize, rng: &mut impl Rng) -> Run {
    let n = body.members.len();
    let (a, b, e) = (&body.assessment, &body.benefit_share, &body.effectiveness);
    let good = body.good;
    let cost = good.cost;
    // Every buffer is allocated here, before the first round; the loop only writes into them.
    let mut arrears = vec![0u64; n];
    let mut shocked = vec![false; n];
    let mut paid = vec![0.0; n];
    let mut kept = vec![1.0; n];
    // What each member counted towards last round's watched totals (to leave itself out).
    let mut own_paid = vec![0.0; n];
    let mut own_assessed = vec![0.0; n];
    let (mut watched_paid, mut watched_assessed) = (0.0, 0.0);
    let mut level_prefix = Vec::with_capacity(rounds + 1);
    level_prefix.push(0.0);
    let mut sum_paid = vec![0.0; n];
    let mut sum_received = vec![0.0; n];
    let mut in_arrears = vec![0u64; n];
    let mut sanctioned = vec![0u64; n];
    let mut provision = 0.0;
    let mut collapsed = false;
    for t in 0..rounds {
        let (mut total, mut weighted) = (0.0, 0.0);
        let (mut lowest, mut highest) = (f64::INFINITY, 0.0f64);
        let (mut next_paid, mut next_assessed) = (0.0, 0.0);
        for i in 0..n {
            let standing = body.sanctions.map_or(Standing::Good, |s| s.standing(arrears[i]));
            let pays = match body.members[i].behaviour {
                Behaviour::Unconditional => flip(rng, body.noise, true),
                Behaviour::FreeRider => flip(rng, body.noise, false),
                Behaviour::Diffuse { tolerance, memory } => {
                    let intended = t == 0 || {
                        let m = if memory == 0 { t } else { memory.min(t) };
                        (level_prefix[t] - level_prefix[t - m]) / m as f64
                            >= 1.0 - tolerance - LEVEL_TOLERANCE
                    };
                    flip(rng, body.noise, intended)
                }
                Behaviour::Specific { threshold } => {
                    let intended = t == 0 || {
                        let assessed = watched_assessed - own_assessed[i];
                        let others =
                            if assessed > 0.0 { (watched_paid - own_paid[i]) / assessed } else { 0.0 };
                        others >= threshold - LEVEL_TOLERANCE
                    };
                    flip(rng, body.noise, intended)
                }
                Behaviour::Arrears { fall, recover } => {
                    if shocked[i] {
                        shocked[i] = !chance(rng, recover);
                        !shocked[i]
                    } else if chance(rng, fall) {
                        shocked[i] = true;
                        false
                    } else {
                        flip(rng, body.noise, true)
                    }
                }
            };
            let x = if pays {
                // A member of the arrears type pays back what it owes when it recovers; any
                // other member's skipped assessments are forgone (see the module documentation).
                let owed = if matches!(body.members[i].behaviour, Behaviour::Arrears { .. }) {
                    arrears[i]
                } else {
                    0
                };
                arrears[i] = 0;
                a[i] * (1 + owed) as f64
            } else {
                // An excluded member is no longer assessed: its arrears stop growing.
                if standing != Standing::Excluded {
                    arrears[i] += 1;
                }
                0.0
            };
            paid[i] = x;
            total += x;
            weighted += e[i] * x;
            let after = body.sanctions.map_or(Standing::Good, |s| s.standing(arrears[i]));
            kept[i] = body.sanctions.map_or(1.0, |s| s.benefit_kept(after));
            let level = (x / a[i]).min(1.0);
            highest = highest.max(level);
            if after != Standing::Excluded {
                lowest = lowest.min(level);
            }
            if after.watched() {
                (own_paid[i], own_assessed[i]) = (x, a[i]);
                next_paid += x;
                next_assessed += a[i];
            } else {
                (own_paid[i], own_assessed[i]) = (0.0, 0.0);
            }
            in_arrears[i] += u64::from(arrears[i] > 0);
            sanctioned[i] += u64::from(!after.watched());
        }
        (watched_paid, watched_assessed) = (next_paid, next_assessed);
        let level = if next_assessed > 0.0 { next_paid / next_assessed } else { 0.0 };
        level_prefix.push(level_prefix[t] + level);
        collapsed |= level < MEMBERS_COLLAPSE_LEVEL;
        let g = match good.technology {
            Technology::Summation => total,
            Technology::WeightedSum => weighted,
            Technology::Threshold { share } => {
                if total >= share * cost * (1.0 - LEVEL_TOLERANCE) {
                    cost
                } else {
                    0.0
                }
            }
            Technology::WeakestLink => cost * if lowest.is_finite() { lowest } else { 0.0 },
            Technology::BestShot => cost * highest,
        };
        provision += g / cost;
        let produced = good.multiplier * g;
        for i in 0..n {
            sum_paid[i] += paid[i];
            sum_received[i] += produced * b[i] * kept[i];
        }
    }
    let per_round = |x: f64| x / rounds as f64;
    let payment_rate = per_round(sum_paid.iter().sum::<f64>() / cost);
    Run {
        payment_rate,
        level: per_round(level_prefix[rounds]),
        collapsed,
        provision: per_round(provision),
        paid: sum_paid.into_iter().map(per_round).collect(),
        received: sum_received.into_iter().map(per_round).collect(),
        arrears: in_arrears.into_iter().map(|k| per_round(k as f64)).collect(),
        sanctioned: sanctioned.into_iter().map(|k| per_round(k as f64)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_moments_give_the_estimate_of_the_collected_samples() {
        let samples = [0.3, -1.25, 7.0, 7.0, 1e-3, 2.5e4, -3.0, 0.0, 12.75];
        for k in 1..=samples.len() {
            let mut m = Moments::default();
            samples[..k].iter().for_each(|&x| m.push(x));
            let (got, want) = (m.estimate(0.9), Estimate::from_samples(&samples[..k], 0.9).unwrap());
            assert_eq!((got.mean, got.replications, got.confidence), (want.mean, want.replications, 0.9));
            assert!(
                (k == 1 && got.half_width.is_nan())
                    || (got.half_width - want.half_width).abs() <= 1e-12 * want.half_width,
                "{k}: {got:?} vs {want:?}"
            );
        }
        // Equal samples: no spread at all, and the mean exactly.
        let mut m = Moments::default();
        (0..5).for_each(|_| m.push(0.1));
        assert_eq!((m.estimate(0.95).mean, m.estimate(0.95).half_width), (0.1, 0.0));
    }

    #[test]
    fn many_seeds_are_folded_chunk_by_chunk_with_the_same_results() {
        let member = |id: &str, w, b| RealMember::new(id, w, 1.0, b);
        let members = vec![
            member("A", 2.0, Behaviour::Specific { threshold: 0.6 }),
            member("B", 1.0, Behaviour::Diffuse { tolerance: 0.2, memory: 3 }),
            member("C", 1.0, Behaviour::Arrears { fall: 0.2, recover: 0.5 }),
        ];
        let groups = vec![MemberGroup { name: "BC".into(), members: vec![1, 2] }];
        let good = RealGood::new(Technology::Summation, 4.0, 2.0).unwrap();
        let rule = Sanctions::new(1, 2, None, 0.5).unwrap();
        let body = MemberBody::new(members, groups, good, Some(rule), 0.1).unwrap();
        let options = SimulationOptions::new(20, 50, 3, 0.95);
        let whole = fold_runs(&body, &options, 50, &CancelToken::new()).unwrap();
        assert_eq!(fold_runs(&body, &options, 1, &CancelToken::new()).unwrap(), whole);
        assert_eq!(fold_runs(&body, &options, 7, &CancelToken::new()).unwrap(), whole);
        assert_eq!(simulate_members(&body, &options).unwrap(), whole);
        assert!(whole.members[0].payoff.half_width > 0.0, "noise gives a spread");
    }
}
