//! Seat rules: seats allocated to groups, filled by election for staggered terms.
//!
//! A body's elected seats are divided among groups (the UN regional groups); each group's
//! seats are filled from its own members. Every seat has a term of `term` years, and the
//! terms are staggered: a group's seats fall vacant in cohorts (the Security Council's three
//! African seats: one in one year, two in the next). At the end of each year the group
//! elects as many members as its seats falling vacant; a member may be barred from
//! re-election after `max_consecutive` consecutive terms (the Security Council: 1, no
//! immediate re-election; the Human Rights Council: 2; ECOSOC: no limit). Among the eligible
//! members each is elected with a chance proportional to its weight (equal unless given).
//!
//! # References
//! UN Charter Art. 23(2) and 61(2); General Assembly resolutions 1991 A (XVIII), 2847 (XXVI)
//! and 60/251 (see [`crate::seats`]).
//!
//! ```
//! use comity::seats::{GroupSeats, SeatRules};
//! // Three seats with two-year terms in a group of five: one seat falls vacant in one year,
//! // two in the next.
//! let group = GroupSeats::new("african", vec![0, 1, 2, 3, 4], 3).with_cohorts(vec![1, 2]);
//! let rules = SeatRules::new(2, Some(1), vec![group])?;
//! assert_eq!(rules.groups()[0].cohorts(2), vec![1, 2]);
//! // A group without members for its seats is refused.
//! let small = GroupSeats::new("weog", vec![0], 2);
//! assert!(SeatRules::new(2, Some(1), vec![small]).is_err());
//! # Ok::<(), comity::seats::SeatError>(())
//! ```

use super::{SeatError, invalid};

/// The longest term accepted, in years.
///
/// ```
/// use comity::seats::{rules::MAX_TERM, GroupSeats, SeatRules};
/// let g = GroupSeats::new("g", vec![0, 1], 1);
/// assert!(SeatRules::new(MAX_TERM + 1, None, vec![g]).is_err());
/// ```
pub const MAX_TERM: usize = 12;

/// The highest limit on consecutive terms accepted (the chain tracks `term × limit` statuses
/// per class of members).
///
/// ```
/// use comity::seats::{rules::MAX_CONSECUTIVE_TERMS, GroupSeats, SeatRules};
/// let g = GroupSeats::new("g", vec![0, 1], 1);
/// let e = SeatRules::new(3, Some(MAX_CONSECUTIVE_TERMS + 1), vec![g]).unwrap_err();
/// assert!(e.to_string().contains("max_consecutive_terms"));
/// ```
pub const MAX_CONSECUTIVE_TERMS: usize = 12;

/// One group's elected seats: its members (positions in the body's member list), how many
/// seats it holds, each member's relative chance of election, and who sits now.
///
/// ```
/// use comity::seats::GroupSeats;
/// let g = GroupSeats::new("eeg", vec![3, 4, 5], 1).with_weights(vec![2.0, 1.0, 1.0]);
/// assert_eq!((g.seats, g.weights[0]), (1, 2.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSeats {
    /// The group's name.
    pub name: String,
    /// Its members, as positions in the body's member list.
    pub members: Vec<usize>,
    /// Its seats.
    pub seats: usize,
    /// Each member's relative chance of election when eligible (all 1 by default).
    pub weights: Vec<f64>,
    /// Who sits now: (member, years left including the current one, consecutive terms served
    /// including the current one). Empty: the seats are filled by a first election at random.
    pub holders: Vec<(usize, usize, usize)>,
    /// Without holders: how many seats fall vacant after 1, 2, ... `term` years (default: as
    /// even as possible, the earlier cohorts taking the remainder). Refused with holders.
    pub staggering: Option<Vec<usize>>,
}

impl GroupSeats {
    /// A group of `members` holding `seats` seats, all equally likely to be elected, its seats
    /// filled by a first election at random.
    ///
    /// ```
    /// use comity::seats::GroupSeats;
    /// assert_eq!(GroupSeats::new("grulac", vec![0, 1, 2], 2).weights, vec![1.0; 3]);
    /// ```
    pub fn new(name: impl Into<String>, members: Vec<usize>, seats: usize) -> GroupSeats {
        let weights = vec![1.0; members.len()];
        GroupSeats { name: name.into(), members, seats, weights, holders: Vec::new(), staggering: None }
    }

    /// Relative chances of election, one per member (in the order of `members`).
    ///
    /// ```
    /// use comity::seats::GroupSeats;
    /// let g = GroupSeats::new("g", vec![0, 1], 1).with_weights(vec![3.0, 1.0]);
    /// assert_eq!(g.weights, vec![3.0, 1.0]);
    /// ```
    pub fn with_weights(mut self, weights: Vec<f64>) -> GroupSeats {
        self.weights = weights;
        self
    }

    /// The members sitting now, each with the years left of its term (1: its last year),
    /// serving a first consecutive term.
    ///
    /// ```
    /// use comity::seats::GroupSeats;
    /// let g = GroupSeats::new("g", vec![0, 1, 2], 1).with_holders(vec![(2, 1)]);
    /// assert_eq!(g.holders, vec![(2, 1, 1)]);
    /// ```
    pub fn with_holders(mut self, holders: Vec<(usize, usize)>) -> GroupSeats {
        self.holders = holders.into_iter().map(|(m, y)| (m, y, 1)).collect();
        self
    }

    /// The members sitting now with the consecutive terms they have served (including this one;
    /// always 1 without a limit on consecutive terms).
    ///
    /// ```
    /// use comity::seats::GroupSeats;
    /// let g = GroupSeats::new("g", vec![0, 1, 2], 1).with_holder_terms(vec![(2, 1, 2)]);
    /// assert_eq!(g.holders, vec![(2, 1, 2)]);
    /// ```
    pub fn with_holder_terms(mut self, holders: Vec<(usize, usize, usize)>) -> GroupSeats {
        self.holders = holders;
        self
    }

    /// Without holders: how many seats fall vacant after 1, 2, ... `term` years.
    ///
    /// ```
    /// use comity::seats::GroupSeats;
    /// let g = GroupSeats::new("g", vec![0, 1, 2, 3], 2).with_cohorts(vec![2, 0]);
    /// assert_eq!(g.cohorts(2), vec![2, 0]);
    /// ```
    pub fn with_cohorts(mut self, cohorts: Vec<usize>) -> GroupSeats {
        self.staggering = Some(cohorts);
        self
    }

    /// How many seats fall vacant after 1, 2, ... `term` years: from the holders when named,
    /// else as given, else as even as possible.
    ///
    /// ```
    /// use comity::seats::GroupSeats;
    /// assert_eq!(GroupSeats::new("g", (0..9).collect(), 5).cohorts(2), vec![3, 2]);
    /// ```
    pub fn cohorts(&self, term: usize) -> Vec<usize> {
        if !self.holders.is_empty() {
            let mut c = vec![0; term];
            for &(_, years_left, _) in &self.holders {
                if (1..=term).contains(&years_left) {
                    c[years_left - 1] += 1;
                }
            }
            return c;
        }
        if let Some(c) = &self.staggering {
            return c.clone();
        }
        (0..term).map(|k| self.seats / term + usize::from(k < self.seats % term)).collect()
    }
}

/// A body's elected seats: the term, the limit on consecutive terms and the groups.
///
/// ```
/// use comity::seats::{GroupSeats, SeatRules};
/// let rules = SeatRules::new(3, None, vec![GroupSeats::new("all", (0..10).collect(), 6)])?;
/// assert_eq!((rules.term(), rules.max_consecutive(), rules.seats()), (3, None, 6));
/// # Ok::<(), comity::seats::SeatError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SeatRules {
    term: usize,
    max_consecutive: Option<usize>,
    groups: Vec<GroupSeats>,
}

impl SeatRules {
    /// Checks and builds the rules: a term of 1 to [`MAX_TERM`] years; a limit of 1 to
    /// [`MAX_CONSECUTIVE_TERMS`] consecutive terms (`None`: re-election always allowed);
    /// groups with distinct members, at least as many members as seats, positive finite
    /// weights, and either holders or a staggering, not both: holders (if named) who are
    /// members, hold every seat once, with years left within the term and consecutive terms
    /// within the limit (1 without a limit); a staggering of `term` cohorts summing to the
    /// seats.
    ///
    /// ```
    /// use comity::seats::{GroupSeats, SeatRules};
    /// let g = GroupSeats::new("g", vec![0, 1, 2], 1).with_holders(vec![(0, 3)]);
    /// // Three years left in a two-year term.
    /// assert!(SeatRules::new(2, Some(1), vec![g]).is_err());
    /// ```
    pub fn new(
        term: usize,
        max_consecutive: Option<usize>,
        groups: Vec<GroupSeats>,
    ) -> Result<SeatRules, SeatError> {
        if !(1..=MAX_TERM).contains(&term) {
            return Err(invalid("term", format!("{term} years; expected 1 to {MAX_TERM}")));
        }
        if let Some(l) = max_consecutive.filter(|l| !(1..=MAX_CONSECUTIVE_TERMS).contains(l)) {
            return Err(invalid(
                "max_consecutive_terms",
                format!("{l}; expected 1 to {MAX_CONSECUTIVE_TERMS} (or no limit)"),
            ));
        }
        if groups.is_empty() {
            return Err(invalid("groups", "none; expected at least one group with seats"));
        }
        let mut seen = std::collections::HashSet::new();
        for g in &groups {
            let field = |what: &str| format!("group {}: {what}", g.name);
            if g.seats == 0 {
                return Err(invalid(field("seats"), "0; expected at least 1"));
            }
            if g.members.len() < g.seats {
                return Err(SeatError::TooFewMembers {
                    group: g.name.clone(),
                    seats: g.seats,
                    eligible: g.members.len(),
                });
            }
            if g.members.len() > u16::MAX as usize {
                return Err(invalid(field("members"), format!("{}; at most {}", g.members.len(), u16::MAX)));
            }
            for &m in &g.members {
                if !seen.insert(m) {
                    return Err(invalid(field("members"), format!("member {m} is in two groups or twice")));
                }
            }
            if g.weights.len() != g.members.len() {
                return Err(invalid(
                    field("weights"),
                    format!(
                        "{} weights for {} members; expected one per member",
                        g.weights.len(),
                        g.members.len()
                    ),
                ));
            }
            if let Some(w) = g.weights.iter().find(|w| !(w.is_finite() && **w > 0.0)) {
                return Err(invalid(field("weights"), format!("{w}; expected a positive finite number")));
            }
            if !g.holders.is_empty() && g.staggering.is_some() {
                return Err(invalid(
                    field("staggering"),
                    "given with holders; expected one or the other (the holders' terms set the staggering)",
                ));
            }
            if g.holders.is_empty() {
                let c = g.cohorts(term);
                let total = c.iter().try_fold(0usize, |a, &k| a.checked_add(k));
                if c.len() != term || total != Some(g.seats) {
                    return Err(invalid(
                        field("staggering"),
                        format!(
                            "{c:?}; expected {term} numbers (seats falling vacant after 1..{term} years) summing to {} seats",
                            g.seats
                        ),
                    ));
                }
            } else {
                if g.holders.len() != g.seats {
                    return Err(invalid(
                        field("holders"),
                        format!(
                            "{} holders for {} seats; expected every seat held once",
                            g.holders.len(),
                            g.seats
                        ),
                    ));
                }
                let mut held = std::collections::HashSet::new();
                for &(m, years_left, consecutive) in &g.holders {
                    if !g.members.contains(&m) || !held.insert(m) {
                        return Err(invalid(
                            field("holders"),
                            format!("member {m} is not a member or holds two seats"),
                        ));
                    }
                    if !(1..=term).contains(&years_left) {
                        return Err(invalid(
                            field("holders"),
                            format!("{years_left} years left; expected 1 to the term, {term}"),
                        ));
                    }
                    // Without a limit consecutive terms are not counted: every holder serves one.
                    let most = max_consecutive.unwrap_or(1);
                    if !(1..=most).contains(&consecutive) {
                        let why = match max_consecutive {
                            Some(l) => format!("1 to the limit, {l}"),
                            None => {
                                "1 (without a limit on consecutive terms they are not counted)".to_string()
                            }
                        };
                        return Err(invalid(
                            field("holders"),
                            format!("member {m}: {consecutive} consecutive terms; expected {why}"),
                        ));
                    }
                }
            }
        }
        Ok(SeatRules { term, max_consecutive, groups })
    }

    /// The term in years.
    ///
    /// ```
    /// # use comity::seats::{GroupSeats, SeatRules};
    /// let r = SeatRules::new(2, Some(1), vec![GroupSeats::new("g", (0..4).collect(), 2)])?;
    /// assert_eq!(r.term(), 2);
    /// # Ok::<(), comity::seats::SeatError>(())
    /// ```
    pub fn term(&self) -> usize {
        self.term
    }

    /// The most consecutive terms a member may serve (`None`: no limit).
    ///
    /// ```
    /// # use comity::seats::{GroupSeats, SeatRules};
    /// let r = SeatRules::new(3, Some(2), vec![GroupSeats::new("g", (0..9).collect(), 3)])?;
    /// assert_eq!(r.max_consecutive(), Some(2));
    /// # Ok::<(), comity::seats::SeatError>(())
    /// ```
    pub fn max_consecutive(&self) -> Option<usize> {
        self.max_consecutive
    }

    /// The groups.
    ///
    /// ```
    /// # use comity::seats::{GroupSeats, SeatRules};
    /// let r = SeatRules::new(2, Some(1), vec![GroupSeats::new("g", (0..4).collect(), 2)])?;
    /// assert_eq!(r.groups()[0].name, "g");
    /// # Ok::<(), comity::seats::SeatError>(())
    /// ```
    pub fn groups(&self) -> &[GroupSeats] {
        &self.groups
    }

    /// All elected seats.
    ///
    /// ```
    /// # use comity::seats::{GroupSeats, SeatRules};
    /// let r = SeatRules::new(2, Some(1), vec![GroupSeats::new("a", vec![0, 1, 2], 1),
    ///                                         GroupSeats::new("b", vec![3, 4, 5], 2)])?;
    /// assert_eq!(r.seats(), 3);
    /// # Ok::<(), comity::seats::SeatError>(())
    /// ```
    pub fn seats(&self) -> usize {
        self.groups.iter().map(|g| g.seats).sum()
    }
}
