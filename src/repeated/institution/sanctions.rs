//! Graduated sanctions for arrears: the longer a member's arrears, the heavier the sanction,
//! and every sanction is lifted when the member pays what it owes.
//!
//! A member's arrears `d` are the number of its assessments left unpaid since it last paid in
//! full. With thresholds `warning <= suspension <= exclusion` (in assessments), its standing is
//!
//! - **good** when `d < warning`;
//! - **warned** when `warning <= d < suspension`: named, no material loss;
//! - **suspended** when `suspension <= d < exclusion`: it loses its vote, modelled as the loss
//!   of a share `suspension_loss` of its benefit from the good. The UN Charter, Art. 19: a
//!   member "shall have no vote in the General Assembly if the amount of its arrears equals or
//!   exceeds the amount of the contributions due from it for the preceding two full years",
//!   so with one assessment a year `suspension = 2`;
//! - **excluded** when `d >= exclusion` (if the rule excludes at all): it receives nothing from
//!   the good and is no longer assessed, so its arrears stop growing.
//!
//! Paying clears the arrears at once (forgiveness on repayment) and restores good standing.
//! Members under suspension or exclusion are the institution's business, so reciprocators who
//! watch the group's contributions leave them out: enforcement gives the members who pay the
//! assurance that Ostrom (1990) and Levi (1988, "quasi-voluntary compliance") find conditional
//! cooperators need. The rejected alternative, sanctions with a material effect only, leaves
//! reciprocators to punish the whole group for one member's arrears.
//!
//! # References
//! Ostrom (1990), *Governing the Commons*, ch. 3, design principle 5 (graduated sanctions);
//! Levi (1988), *Of Rule and Revenue*; Charter of the United Nations, Art. 19.
//!
//! ```
//! use comity::repeated::institution::{Sanctions, Standing};
//! // Art. 19 with a warning after one year's arrears and exclusion after five.
//! let rule = Sanctions::new(1, 2, Some(5), 1.0)?;
//! let ladder: Vec<Standing> = (0..6).map(|d| rule.standing(d)).collect();
//! use Standing::*;
//! assert_eq!(ladder, [Good, Warned, Suspended, Suspended, Suspended, Excluded]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::repeated::{RepeatedError, probability};

/// A member's standing under a sanction rule.
///
/// ```
/// use comity::repeated::institution::Standing;
/// assert!(Standing::Warned.watched() && !Standing::Suspended.watched());
/// assert_eq!(Standing::Excluded.label(), "excluded");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// No sanction.
    Good,
    /// Named for its arrears; no material loss.
    Warned,
    /// Loses its vote (a share of its benefit).
    Suspended,
    /// Receives nothing and is not assessed.
    Excluded,
}

impl Standing {
    /// Whether reciprocators count the member's contributions (good or warned standing).
    ///
    /// ```
    /// use comity::repeated::institution::Standing;
    /// assert!(Standing::Good.watched() && !Standing::Excluded.watched());
    /// ```
    pub fn watched(self) -> bool {
        matches!(self, Standing::Good | Standing::Warned)
    }

    /// The standing's name.
    ///
    /// ```
    /// use comity::repeated::institution::Standing;
    /// assert_eq!(Standing::Suspended.label(), "suspended");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Standing::Good => "good",
            Standing::Warned => "warned",
            Standing::Suspended => "suspended",
            Standing::Excluded => "excluded",
        }
    }
}

/// A graduated sanction rule; see the module documentation.
///
/// ```
/// use comity::repeated::institution::Sanctions;
/// let art19 = Sanctions::new(1, 2, None, 1.0)?;
/// assert_eq!((art19.suspension(), art19.exclusion()), (2, None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sanctions {
    warning: u64,
    suspension: u64,
    exclusion: Option<u64>,
    suspension_loss: f64,
}

impl Sanctions {
    /// Thresholds in unpaid assessments, `1 <= warning <= suspension <= exclusion`, and the
    /// share of its benefit a suspended member loses, in [0, 1].
    ///
    /// ```
    /// use comity::repeated::institution::Sanctions;
    /// assert!(Sanctions::new(0, 2, None, 1.0).is_err()); // a warning before any arrears
    /// assert!(Sanctions::new(3, 2, None, 1.0).is_err()); // out of order
    /// let err = Sanctions::new(1, 2, None, 1.5).unwrap_err();
    /// assert_eq!(err.to_string(), "suspension_loss = 1.5; expected a probability in [0, 1]");
    /// ```
    pub fn new(
        warning: u64,
        suspension: u64,
        exclusion: Option<u64>,
        suspension_loss: f64,
    ) -> Result<Self, RepeatedError> {
        let ordered = warning >= 1 && warning <= suspension && exclusion.is_none_or(|x| suspension <= x);
        if !ordered {
            let exclusion = exclusion.map_or("none".to_string(), |x| x.to_string());
            return Err(RepeatedError::Parameter {
                what: "sanctions",
                message: format!(
                    "warning {warning}, suspension {suspension}, exclusion {exclusion}; expected 1 <= warning <= suspension <= exclusion (unpaid assessments)"
                ),
            });
        }
        probability("suspension_loss", suspension_loss)?;
        Ok(Sanctions { warning, suspension, exclusion, suspension_loss })
    }

    /// The standing of a member with `arrears` unpaid assessments.
    ///
    /// ```
    /// use comity::repeated::institution::{Sanctions, Standing};
    /// let rule = Sanctions::new(1, 2, None, 1.0)?;
    /// assert_eq!((rule.standing(0), rule.standing(100)), (Standing::Good, Standing::Suspended));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn standing(&self, arrears: u64) -> Standing {
        match self.exclusion {
            Some(x) if arrears >= x => Standing::Excluded,
            _ if arrears >= self.suspension => Standing::Suspended,
            _ if arrears >= self.warning => Standing::Warned,
            _ => Standing::Good,
        }
    }

    /// The share of its benefit a member in this standing keeps.
    ///
    /// ```
    /// use comity::repeated::institution::{Sanctions, Standing};
    /// let rule = Sanctions::new(1, 2, Some(4), 0.5)?;
    /// assert_eq!(rule.benefit_kept(Standing::Suspended), 0.5);
    /// assert_eq!(rule.benefit_kept(Standing::Excluded), 0.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn benefit_kept(&self, standing: Standing) -> f64 {
        match standing {
            Standing::Good | Standing::Warned => 1.0,
            Standing::Suspended => 1.0 - self.suspension_loss,
            Standing::Excluded => 0.0,
        }
    }

    /// Unpaid assessments at which the warning starts.
    ///
    /// ```
    /// use comity::repeated::institution::Sanctions;
    /// assert_eq!(Sanctions::new(1, 2, None, 1.0)?.warning(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn warning(&self) -> u64 {
        self.warning
    }

    /// Unpaid assessments at which the suspension starts.
    ///
    /// ```
    /// use comity::repeated::institution::Sanctions;
    /// assert_eq!(Sanctions::new(1, 2, None, 1.0)?.suspension(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn suspension(&self) -> u64 {
        self.suspension
    }

    /// Unpaid assessments at which the exclusion starts, if the rule excludes.
    ///
    /// ```
    /// use comity::repeated::institution::Sanctions;
    /// assert_eq!(Sanctions::new(1, 2, Some(5), 1.0)?.exclusion(), Some(5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exclusion(&self) -> Option<u64> {
        self.exclusion
    }

    /// The share of its benefit a suspended member loses.
    ///
    /// ```
    /// use comity::repeated::institution::Sanctions;
    /// assert_eq!(Sanctions::new(1, 2, None, 0.25)?.suspension_loss(), 0.25);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn suspension_loss(&self) -> f64 {
        self.suspension_loss
    }
}
