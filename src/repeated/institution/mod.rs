//! Repeated public-goods institutions: `n` members of different types contribute to a common
//! good round after round, and reciprocators condition their contributions on what others did.
//!
//! Each round every member `i` makes a contribution `c_i` in [0, 1] at cost `cost * c_i`. The
//! good is either linear (the contributions, multiplied by `r`, are shared equally:
//! everyone gets `r * cost * sum_j c_j / n`) or a threshold good (everyone gets `benefit` when
//! `sum_j c_j >= share * n`). Under a consensus rule each obstructive member blocks the
//! round's decision with probability `block`; a blocked round produces nothing and costs
//! nothing. Implementation noise `e` flips every intended unit of contribution with
//! probability `e`. Member types:
//!
//! - **substantive**: always contributes (`c = 1`);
//! - **superficial**: a member that never contributes (`c = 0`), a free rider;
//! - **obstructive**: never contributes and, under consensus, blocks with probability `block`;
//! - **specific** reciprocator: bilateral tit-for-tat over a network of partners (a ring
//!   lattice of even degree `partners`, or everyone): its contribution is split into equal
//!   parts, one per partner, and it gives the part towards partner `j` iff `j` gave towards
//!   it last round (a non-reciprocating partner "gives" iff it contributed). It gives all
//!   parts in the first round (Axelrod 1984; Keohane 1986, specific reciprocity);
//! - **diffuse** reciprocator with memory `m` and threshold `theta`: contributes iff the
//!   group's contribution level `L_t = sum_j c_j / n`, averaged over the last `min(m, t)`
//!   rounds, is at least `theta`; it contributes in the first round. It tolerates a shortfall
//!   as long as the balance over time holds: "rough equivalence of benefits in the aggregate
//!   and over time" (Keohane 1986; Ruggie 1992);
//! - **indirect** reciprocator (image scoring, Nowak & Sigmund 1998): every member carries a
//!   public image score in [-5, 5], starting at 0, raised by one after a round in which it
//!   contributed at least half (`c >= 1/2`) and lowered by one otherwise. It splits its
//!   contribution over its partners like a specific reciprocator and gives towards partner
//!   `j` iff `j`'s score is at least `standing`.
//!
//! Members are placed on the network in an order shuffled by each seed. Cooperation has
//! collapsed at the first round whose contribution level falls below `collapse_below`.
//!
//! [`simulate_institution`] runs seeded replications in parallel; [`exact_institution`]
//! solves the model exactly when its only reciprocators are diffuse with memory one.
//!
//! # References
//! Keohane (1986), "Reciprocity in international relations", IO 40(1); Ruggie (1992),
//! "Multilateralism: the anatomy of an institution", IO 46(3); Nowak & Sigmund (1998),
//! "Evolution of indirect reciprocity by image scoring", Nature 393; Axelrod (1984); Ledyard
//! (1995) for the linear public-goods game.

mod exact;
mod file;
mod real_file;
mod real_members;
mod sanctions;
mod simulation;

pub use exact::{ExactInstitution, exact_institution, exact_institution_cancellable};
pub use file::InstitutionSpec;
pub use real_file::MembersSpec;
pub use real_members::{
    Behaviour, GroupOutcome, MEMBERS_COLLAPSE_LEVEL, MEMBERS_MAX_WORK, MemberBody, MemberGroup,
    MemberOutcome, MembersOutcome, RealGood, RealMember, Technology, simulate_members,
    simulate_members_cancellable,
};
pub use sanctions::{Sanctions, Standing};
pub use simulation::{
    INSTITUTION_MAX_LINKS, INSTITUTION_MAX_ROUNDS, INSTITUTION_MAX_SEEDS, INSTITUTION_MAX_WORK,
    InstitutionOutcome, SimulationOptions, TypeOutcome, simulate_institution,
    simulate_institution_cancellable,
};

/// Most members of an institution (the exact solution takes `O(n^2)` steps).
///
/// ```
/// use comity::repeated::institution::{INSTITUTION_MAX_MEMBERS, apportion};
/// assert!(apportion(&[0.5, 0.5], INSTITUTION_MAX_MEMBERS).is_ok());
/// let err = apportion(&[0.5, 0.5], INSTITUTION_MAX_MEMBERS + 1).unwrap_err();
/// assert_eq!(err.to_string(), "members: 100001; expected at most 100000");
/// ```
pub const INSTITUTION_MAX_MEMBERS: usize = 100_000;

use super::{RepeatedError, probability};

/// How a member behaves; see the module documentation.
///
/// ```
/// use comity::repeated::institution::MemberType;
/// // Keohane's diffuse reciprocator: contributes while the last five rounds averaged 60%.
/// let diffuse = MemberType::Diffuse { memory: 5, threshold: 0.6 };
/// assert_eq!(diffuse.label(), "diffuse(m=5,theta=0.6)");
/// assert_ne!(diffuse, MemberType::Specific);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MemberType {
    /// Always contributes.
    Substantive,
    /// Never contributes.
    Superficial,
    /// Never contributes; under consensus blocks each round with probability `block`.
    Obstructive {
        /// Probability of blocking a round.
        block: f64,
    },
    /// Bilateral tit-for-tat with each partner.
    Specific,
    /// Contributes while the average contribution level of the last `memory` rounds is at least
    /// `threshold`.
    Diffuse {
        /// Rounds averaged (at least 1).
        memory: usize,
        /// Contribution level required, in [0, 1].
        threshold: f64,
    },
    /// Gives towards partners whose image score is at least `standing`.
    Indirect {
        /// Image score required, in [-5, 5].
        standing: i32,
    },
}

impl MemberType {
    /// A short label with the parameters: `diffuse(m=5,theta=0.6)`.
    ///
    /// ```
    /// use comity::repeated::institution::MemberType;
    /// assert_eq!(MemberType::Obstructive { block: 0.5 }.label(), "obstructive(block=0.5)");
    /// assert_eq!(MemberType::Indirect { standing: 0 }.label(), "indirect(standing=0)");
    /// ```
    pub fn label(&self) -> String {
        match self {
            MemberType::Substantive => "substantive".into(),
            MemberType::Superficial => "superficial".into(),
            MemberType::Obstructive { block } => format!("obstructive(block={block})"),
            MemberType::Specific => "specific".into(),
            MemberType::Diffuse { memory, threshold } => format!("diffuse(m={memory},theta={threshold})"),
            MemberType::Indirect { standing } => format!("indirect(standing={standing})"),
        }
    }

    /// Whether its contribution is split over partners.
    fn targets_partners(&self) -> bool {
        matches!(self, MemberType::Specific | MemberType::Indirect { .. })
    }

    fn validate(&self) -> Result<(), RepeatedError> {
        match *self {
            MemberType::Obstructive { block } => probability("block", block).map(|_| ()),
            MemberType::Diffuse { memory, threshold } => {
                if memory == 0 {
                    return Err(parameter("memory", "0; expected at least 1 round".into()));
                }
                probability("threshold", threshold).map(|_| ())
            }
            MemberType::Indirect { standing } if !(-IMAGE_BOUND..=IMAGE_BOUND).contains(&standing) => {
                Err(parameter("standing", format!("{standing}; expected an integer in [-5, 5]")))
            }
            _ => Ok(()),
        }
    }
}

/// Image scores stay within `[-IMAGE_BOUND, IMAGE_BOUND]` (Nowak & Sigmund 1998).
const IMAGE_BOUND: i32 = 5;

/// The common good.
///
/// ```
/// use comity::repeated::institution::{DecisionRule::Majority, MemberType::Substantive};
/// use comity::repeated::institution::{PublicGood, RepeatedInstitution, exact_institution};
/// // A threshold good needing everyone: two contributors, no noise, each gets 3 and pays 1.
/// let good = PublicGood::Threshold { share: 1.0, benefit: 3.0, cost: 1.0 };
/// let body = RepeatedInstitution::new(vec![Substantive], vec![2], good, Majority, 0.0, 1, 0.5)?;
/// assert_eq!(exact_institution(&body)?.by_type, [(Substantive, 1.0, 2.0)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PublicGood {
    /// Contributions multiplied by `multiplier` and shared equally.
    Linear {
        /// The multiplier `r > 0`.
        multiplier: f64,
        /// Cost of a full contribution (`> 0`).
        cost: f64,
    },
    /// `benefit` for everyone when contributions reach `share * n`.
    Threshold {
        /// Share of the membership whose contributions are needed, in (0, 1].
        share: f64,
        /// What everyone gets when the good is produced (`> 0`).
        benefit: f64,
        /// Cost of a full contribution (`> 0`).
        cost: f64,
    },
}

impl PublicGood {
    /// What every member receives when the members' contributions total `total`.
    fn benefit(&self, total: f64, n: usize) -> f64 {
        match *self {
            PublicGood::Linear { multiplier, cost } => multiplier * cost * total / n as f64,
            PublicGood::Threshold { share, benefit, .. } => {
                if total >= share * n as f64 - 1e-9 {
                    benefit
                } else {
                    0.0
                }
            }
        }
    }

    fn cost(&self) -> f64 {
        match *self {
            PublicGood::Linear { cost, .. } | PublicGood::Threshold { cost, .. } => cost,
        }
    }

    fn validate(&self) -> Result<(), RepeatedError> {
        let positive = |what: &'static str, x: f64| {
            if x > 0.0 && x.is_finite() {
                Ok(())
            } else {
                Err(parameter(what, format!("{x}; expected a positive number")))
            }
        };
        match *self {
            PublicGood::Linear { multiplier, cost } => {
                positive("multiplier", multiplier).and(positive("cost", cost))
            }
            PublicGood::Threshold { share, benefit, cost } => {
                if !(share > 0.0 && share <= 1.0) {
                    return Err(parameter(
                        "share",
                        format!("{share}; expected a share of members in (0, 1]"),
                    ));
                }
                positive("benefit", benefit).and(positive("cost", cost))
            }
        }
    }
}

/// How the body decides whether to provide the good.
///
/// ```
/// use comity::repeated::institution::DecisionRule::{Consensus, Majority};
/// use comity::repeated::institution::{MemberType, PublicGood, RepeatedInstitution};
/// // One obstructive member blocking half the rounds: only consensus lets it block.
/// let good = PublicGood::Linear { multiplier: 1.5, cost: 1.0 };
/// let types = vec![MemberType::Substantive, MemberType::Obstructive { block: 0.5 }];
/// let consensus =
///     RepeatedInstitution::new(types.clone(), vec![2, 1], good, Consensus, 0.0, 2, 0.5)?;
/// let majority = RepeatedInstitution::new(types, vec![2, 1], good, Majority, 0.0, 2, 0.5)?;
/// assert_eq!((consensus.not_blocked(), majority.not_blocked()), (0.5, 1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionRule {
    /// Any member can block (obstructive members do, with their probability).
    Consensus,
    /// No member can block alone.
    Majority,
}

/// A repeated public-goods institution: the members' types and the game they play.
///
/// ```
/// use comity::repeated::institution::{
///     DecisionRule, MemberType, PublicGood, RepeatedInstitution,
/// };
/// // 7 diffuse reciprocators and 3 free riders on a ring where each has 4 partners.
/// let types = vec![MemberType::Diffuse { memory: 5, threshold: 0.6 }, MemberType::Superficial];
/// let good = PublicGood::Linear { multiplier: 3.0, cost: 1.0 };
/// let body =
///     RepeatedInstitution::new(types, vec![7, 3], good, DecisionRule::Consensus, 0.01, 4, 0.5)?;
/// assert_eq!((body.members(), body.partners()), (10, 4));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatedInstitution {
    types: Vec<MemberType>,
    counts: Vec<usize>,
    good: PublicGood,
    rule: DecisionRule,
    noise: f64,
    partners: usize,
    collapse_below: f64,
}

fn parameter(what: &'static str, message: String) -> RepeatedError {
    RepeatedError::Parameter { what, message }
}

impl RepeatedInstitution {
    /// An institution with `counts[k]` members of `types[k]` (at least two members in all),
    /// implementation noise `noise`, a partner network of degree `partners` (even, or at least
    /// `n - 1` for everyone) and collapse at a contribution level below `collapse_below`.
    ///
    /// ```
    /// use comity::repeated::institution::{DecisionRule::Majority, MemberType::Specific};
    /// use comity::repeated::institution::{PublicGood, RepeatedInstitution};
    /// let good = PublicGood::Linear { multiplier: 3.0, cost: 1.0 };
    /// let build = |partners| {
    ///     RepeatedInstitution::new(vec![Specific], vec![10], good, Majority, 0.0, partners, 0.5)
    /// };
    /// assert!(build(4).is_ok()); // a ring lattice
    /// assert!(build(9).is_ok()); // everyone (n - 1)
    /// assert!(build(3).is_err()); // odd and short of everyone: no ring lattice
    /// ```
    pub fn new(
        types: Vec<MemberType>,
        counts: Vec<usize>,
        good: PublicGood,
        rule: DecisionRule,
        noise: f64,
        partners: usize,
        collapse_below: f64,
    ) -> Result<Self, RepeatedError> {
        if types.len() != counts.len() {
            return Err(parameter("counts", format!("{} counts for {} types", counts.len(), types.len())));
        }
        // Saturating, so that absurd counts are refused below rather than overflowing.
        let n = counts.iter().fold(0usize, |a, &c| a.saturating_add(c));
        if !(2..=INSTITUTION_MAX_MEMBERS).contains(&n) {
            return Err(parameter(
                "members",
                format!("{n}; expected at least 2 and at most {INSTITUTION_MAX_MEMBERS}"),
            ));
        }
        for t in &types {
            t.validate()?;
        }
        good.validate()?;
        probability("noise", noise)?;
        probability("collapse_below", collapse_below)?;
        if partners == 0 || (partners % 2 == 1 && partners < n - 1) {
            return Err(parameter(
                "partners",
                format!(
                    "{partners}; expected an even number (a ring lattice) or at least n - 1 = {} (everyone)",
                    n - 1
                ),
            ));
        }
        Ok(RepeatedInstitution { types, counts, good, rule, noise, partners, collapse_below })
    }

    /// Number of members.
    ///
    /// ```
    /// use comity::repeated::institution::InstitutionSpec;
    /// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
    /// assert_eq!(body.members(), 193);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The member types, in order.
    ///
    /// ```
    /// use comity::repeated::institution::{InstitutionSpec, MemberType};
    /// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
    /// assert_eq!(body.types()[1..], [MemberType::Substantive, MemberType::Superficial]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn types(&self) -> &[MemberType] {
        &self.types
    }

    /// How many members have each type.
    ///
    /// ```
    /// use comity::repeated::institution::InstitutionSpec;
    /// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
    /// assert_eq!(body.counts(), [135, 19, 39]); // shares 0.7, 0.1, 0.2 of 193
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn counts(&self) -> &[usize] {
        &self.counts
    }

    /// The common good.
    ///
    /// ```
    /// use comity::repeated::institution::{InstitutionSpec, PublicGood};
    /// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
    /// assert_eq!(*body.good(), PublicGood::Threshold { share: 0.5, benefit: 2.0, cost: 1.0 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn good(&self) -> &PublicGood {
        &self.good
    }

    /// The decision rule.
    ///
    /// ```
    /// use comity::repeated::institution::{DecisionRule, InstitutionSpec};
    /// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
    /// assert_eq!(body.rule(), DecisionRule::Majority);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rule(&self) -> DecisionRule {
        self.rule
    }

    /// Implementation noise.
    ///
    /// ```
    /// use comity::repeated::institution::InstitutionSpec;
    /// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
    /// assert_eq!(body.noise(), 0.05);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn noise(&self) -> f64 {
        self.noise
    }

    /// Degree of the partner network.
    ///
    /// ```
    /// use comity::repeated::institution::InstitutionSpec;
    /// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
    /// assert_eq!(body.partners(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn partners(&self) -> usize {
        self.partners
    }

    /// Contribution level below which cooperation counts as collapsed.
    ///
    /// ```
    /// use comity::repeated::institution::InstitutionSpec;
    /// let body = InstitutionSpec::load("models/reciprocity/threshold_exact.toml")?.build()?;
    /// assert_eq!(body.collapse_below(), 0.5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn collapse_below(&self) -> f64 {
        self.collapse_below
    }

    /// The probability that a round is not blocked: the product of `1 - block` over the
    /// obstructive members under consensus, 1 under majority.
    ///
    /// ```
    /// use comity::repeated::institution::{
    ///     DecisionRule, MemberType, PublicGood, RepeatedInstitution,
    /// };
    /// let good = PublicGood::Linear { multiplier: 3.0, cost: 1.0 };
    /// // Two obstructive members each blocking with probability 1/2: (1/2)^2 under consensus.
    /// let types = vec![MemberType::Substantive, MemberType::Obstructive { block: 0.5 }];
    /// let body =
    ///     RepeatedInstitution::new(types, vec![3, 2], good, DecisionRule::Consensus, 0.0, 4, 0.5)?;
    /// assert_eq!(body.not_blocked(), 0.25);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn not_blocked(&self) -> f64 {
        if self.rule == DecisionRule::Majority {
            return 1.0;
        }
        self.types
            .iter()
            .zip(&self.counts)
            .map(|(t, &k)| match t {
                MemberType::Obstructive { block } => (1.0 - block).powi(k as i32),
                _ => 1.0,
            })
            .product()
    }
}

/// Counts for `shares` of `n` members by largest remainders (ties to the earlier type); the
/// shares must be non-negative and sum to 1.
///
/// ```
/// use comity::repeated::institution::apportion;
/// // 193 members in shares 0.7, 0.1, 0.2: quotas 135.1, 19.3, 38.6; the one seat left after
/// // rounding down goes to the largest remainder (0.6).
/// assert_eq!(apportion(&[0.7, 0.1, 0.2], 193)?, [135, 19, 39]);
/// assert!(apportion(&[0.7, 0.2], 193).is_err()); // shares must sum to 1
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn apportion(shares: &[f64], n: usize) -> Result<Vec<usize>, RepeatedError> {
    let sum: f64 = shares.iter().sum();
    if shares.is_empty() || shares.iter().any(|s| s.is_nan() || *s < 0.0) || (sum - 1.0).abs() > 1e-9 {
        return Err(parameter("share", format!("{shares:?}; expected non-negative shares summing to 1")));
    }
    // Checked here too, before the counts are summed: rounding could carry them past usize.
    if n > INSTITUTION_MAX_MEMBERS {
        return Err(parameter("members", format!("{n}; expected at most {INSTITUTION_MAX_MEMBERS}")));
    }
    let quotas: Vec<f64> = shares.iter().map(|s| s * n as f64).collect();
    let mut counts: Vec<usize> = quotas.iter().map(|q| q.floor() as usize).collect();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        (quotas[b] - quotas[b].floor()).total_cmp(&(quotas[a] - quotas[a].floor())).then(a.cmp(&b))
    });
    let missing = n.saturating_sub(counts.iter().sum());
    for &k in order.iter().take(missing) {
        counts[k] += 1;
    }
    Ok(counts)
}
