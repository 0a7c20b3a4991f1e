//! Memory-one strategies in the repeated prisoner's dilemma: exact long-run and discounted
//! payoffs from the four-state Markov chain of joint play.
//!
//! A memory-one strategy is the probability of cooperating after each outcome of the last
//! round, seen from the player's own side, `(p_CC, p_CD, p_DC, p_DD)`, plus the probability of
//! cooperating in the first round. Two such strategies make the joint outcome a Markov chain
//! on `CC, CD, DC, DD` (from the first player's side; the second player sees `CD` as `DC`).
//! With implementation noise `e` every intended move flips with probability `e`, so a
//! cooperation probability `p` becomes `(1 - e) p + e (1 - p)`.
//!
//! - Long-run average payoffs are the limit of the average over rounds (a Cesàro limit, which
//!   exists for every finite chain). It is computed exactly from the chain's closed classes:
//!   each closed class's stationary distribution, weighted by the probability of being
//!   absorbed into it from the first round's distribution. With noise in `(0, 1)` and
//!   interior probabilities the chain is ergodic and this is its stationary distribution;
//!   without noise it may not be (TFT against TFT stays where it starts), and the limit then
//!   depends on the first moves, as it should.
//! - Discounted payoffs `(1 - delta) sum_t delta^t u_t` solve `w (I - delta M) = v_0`.
//! - Zero-determinant strategies (Press & Dyson 2012) have
//!   `(p_CC - 1, p_CD - 1, p_DC, p_DD) = alpha S_X + beta S_Y + gamma 1`, which enforces
//!   `alpha s_X + beta s_Y + gamma = 0` on long-run payoffs against any opponent. An
//!   extortioner with factor `chi` enforces `s_X - P = chi (s_Y - P)`.
//!
//! # References
//! Nowak & Sigmund (1990, 1993) for memory-one strategies and WSLS; Molander (1985) and Nowak
//! & Sigmund (1992) for generous tit-for-tat; Press & Dyson (2012), PNAS 109(26); Kemeny &
//! Snell (1960), *Finite Markov Chains*, for absorption probabilities.
//!
//! ```
//! use comity::repeated::{MemoryOne, StagePayoffs, long_run_payoffs};
//! let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
//! // Tit-for-tat against itself with any noise: every outcome equally likely, (R+S+T+P)/4.
//! let tft = MemoryOne::tft();
//! let (x, y) = long_run_payoffs(&tft, &tft, &pd, 0.05).unwrap();
//! assert!((x - 2.25).abs() < 1e-12 && (y - 2.25).abs() < 1e-12);
//! ```

use nalgebra::{DMatrix, DVector, Matrix4, RowVector4, Vector4};

/// Why a strategy, payoff set or parameter was refused.
///
/// ```
/// use comity::repeated::{RepeatedError, StagePayoffs};
/// // R = 5 > T = 3: no temptation, so not a prisoner's dilemma.
/// let err = StagePayoffs::new(5.0, 0.0, 3.0, 1.0).unwrap_err();
/// assert!(matches!(err, RepeatedError::NotADilemma { .. }));
/// assert_eq!(err.to_string(), "payoffs R=5, S=0, T=3, P=1: expected T > R > P > S");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RepeatedError {
    /// A probability outside [0, 1].
    #[error("{what} = {value}; expected a probability in [0, 1]")]
    Probability {
        /// Which parameter.
        what: String,
        /// The value.
        value: f64,
    },
    /// Payoffs that are not a prisoner's dilemma.
    #[error("payoffs R={r}, S={s}, T={t}, P={p}: expected T > R > P > S")]
    NotADilemma {
        /// Reward.
        r: f64,
        /// Sucker's payoff.
        s: f64,
        /// Temptation.
        t: f64,
        /// Punishment.
        p: f64,
    },
    /// A strategy written in a form that cannot be read.
    #[error("strategy '{spec}': {message}")]
    Strategy {
        /// The strategy as written.
        spec: String,
        /// What was expected.
        message: String,
    },
    /// A parameter out of its range.
    #[error("{what}: {message}")]
    Parameter {
        /// Which parameter.
        what: &'static str,
        /// What was expected.
        message: String,
    },
    /// A cancellable computation (a tournament) stopped by its
    /// [`CancelToken`](crate::cancel::CancelToken).
    #[error(transparent)]
    Interrupted(#[from] crate::cancel::Interrupted),
}

pub(crate) fn probability(what: impl Into<String>, value: f64) -> Result<f64, RepeatedError> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(RepeatedError::Probability { what: what.into(), value })
    }
}

/// Prisoner's dilemma payoffs: reward `R`, sucker `S`, temptation `T`, punishment `P`, with
/// `T > R > P > S`.
///
/// ```
/// use comity::repeated::StagePayoffs;
/// // Axelrod's (1984) tournament payoffs.
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// assert_eq!((pd.r, pd.s, pd.t, pd.p), (3.0, 0.0, 5.0, 1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StagePayoffs {
    /// Reward for mutual cooperation.
    pub r: f64,
    /// Sucker's payoff (cooperate against defection).
    pub s: f64,
    /// Temptation (defect against cooperation).
    pub t: f64,
    /// Punishment for mutual defection.
    pub p: f64,
}

impl StagePayoffs {
    /// Checks `T > R > P > S`.
    ///
    /// ```
    /// use comity::repeated::StagePayoffs;
    /// assert!(StagePayoffs::new(3.0, 0.0, 5.0, 1.0).is_ok());
    /// assert!(StagePayoffs::new(3.0, 1.0, 5.0, 0.0).is_err()); // P < S
    /// assert!(StagePayoffs::new(3.0, 0.0, f64::NAN, 1.0).is_err());
    /// ```
    pub fn new(r: f64, s: f64, t: f64, p: f64) -> Result<Self, RepeatedError> {
        if t > r && r > p && p > s && [r, s, t, p].iter().all(|x| x.is_finite()) {
            Ok(StagePayoffs { r, s, t, p })
        } else {
            Err(RepeatedError::NotADilemma { r, s, t, p })
        }
    }

    /// The first player's payoff in `CC, CD, DC, DD`.
    ///
    /// ```
    /// use comity::repeated::StagePayoffs;
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// assert_eq!(pd.first().as_slice(), [3.0, 0.0, 5.0, 1.0]); // R, S, T, P
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn first(&self) -> Vector4<f64> {
        Vector4::new(self.r, self.s, self.t, self.p)
    }

    /// The second player's payoff in `CC, CD, DC, DD` (first player's view).
    ///
    /// ```
    /// use comity::repeated::StagePayoffs;
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// assert_eq!(pd.second().as_slice(), [3.0, 5.0, 0.0, 1.0]); // in CD the second player gets T
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn second(&self) -> Vector4<f64> {
        Vector4::new(self.r, self.t, self.s, self.p)
    }
}

/// A memory-one strategy: cooperation probabilities after `CC, CD, DC, DD` (own move first)
/// and in the first round.
///
/// ```
/// use comity::repeated::MemoryOne;
/// // Win-stay, lose-shift: repeat after R or T, switch after S or P.
/// let wsls = MemoryOne::wsls();
/// assert_eq!((wsls.p, wsls.first), ([1.0, 0.0, 0.0, 1.0], 1.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryOne {
    /// After `CC, CD, DC, DD`.
    pub p: [f64; 4],
    /// In the first round.
    pub first: f64,
}

impl MemoryOne {
    /// A strategy from its four probabilities and first move, all in [0, 1].
    ///
    /// ```
    /// use comity::repeated::MemoryOne;
    /// // Generous tit-for-tat with forgiveness 0.1.
    /// let g = MemoryOne::new([1.0, 0.1, 1.0, 0.1], 1.0)?;
    /// assert_eq!(g.p[1], 0.1);
    /// assert!(MemoryOne::new([1.0, 1.5, 1.0, 0.0], 1.0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(p: [f64; 4], first: f64) -> Result<Self, RepeatedError> {
        for (k, &x) in p.iter().enumerate() {
            probability(format!("p[{k}]"), x)?;
        }
        probability("first", first)?;
        Ok(MemoryOne { p, first })
    }

    /// Always cooperate.
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs, long_run_payoffs};
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// // Exploited every round: (S, T).
    /// assert_eq!(long_run_payoffs(&MemoryOne::allc(), &MemoryOne::alld(), &pd, 0.0)?, (0.0, 5.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn allc() -> Self {
        MemoryOne { p: [1.0; 4], first: 1.0 }
    }

    /// Always defect.
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs, long_run_payoffs};
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// assert_eq!(long_run_payoffs(&MemoryOne::alld(), &MemoryOne::alld(), &pd, 0.0)?, (1.0, 1.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn alld() -> Self {
        MemoryOne { p: [0.0; 4], first: 0.0 }
    }

    /// Tit-for-tat: cooperate first, then copy the opponent's last move.
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs, long_run_payoffs};
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// let tft = MemoryOne::tft();
    /// // Without noise TFT cooperates with itself for ever and loses only the first round to ALLD.
    /// assert_eq!(long_run_payoffs(&tft, &tft, &pd, 0.0)?, (3.0, 3.0));
    /// assert_eq!(long_run_payoffs(&tft, &MemoryOne::alld(), &pd, 0.0)?, (1.0, 1.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tft() -> Self {
        MemoryOne { p: [1.0, 0.0, 1.0, 0.0], first: 1.0 }
    }

    /// Win-stay, lose-shift (Nowak & Sigmund 1993): cooperate after `CC` and `DD`.
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs, long_run_payoffs};
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// // Against ALLD, by hand, WSLS alternates CD, DD: (0 + 1)/2 for it, (5 + 1)/2 for ALLD.
    /// assert_eq!(long_run_payoffs(&MemoryOne::wsls(), &MemoryOne::alld(), &pd, 0.0)?, (0.5, 3.0));
    /// // With noise e, unlike TFT's (R+S+T+P)/4 = 2.25, WSLS restores mutual cooperation. By
    /// // hand: CD and DC each have probability e(1-e) from every state, and CC has
    /// // (1 - 2e(1-e))(1-e)^2 + 2e(1-e)e^2; at e = 0.01 the payoff is 2.951092.
    /// let (x, _) = long_run_payoffs(&MemoryOne::wsls(), &MemoryOne::wsls(), &pd, 0.01)?;
    /// assert!((x - 2.951092).abs() < 1e-9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn wsls() -> Self {
        MemoryOne { p: [1.0, 0.0, 0.0, 1.0], first: 1.0 }
    }

    /// Grim trigger as a memory-one strategy: cooperate only after mutual cooperation (once
    /// either defects, it never returns to cooperation without noise).
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs, long_run_payoffs};
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// assert_eq!(long_run_payoffs(&MemoryOne::grim(), &MemoryOne::tft(), &pd, 0.0)?, (3.0, 3.0));
    /// assert_eq!(long_run_payoffs(&MemoryOne::grim(), &MemoryOne::alld(), &pd, 0.0)?, (1.0, 1.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn grim() -> Self {
        MemoryOne { p: [1.0, 0.0, 0.0, 0.0], first: 1.0 }
    }

    /// Random: cooperate with probability `q` every round.
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs, long_run_payoffs};
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// // Against a fair coin ALLC gets (R + S)/2 = 1.5 and the coin (R + T)/2 = 4.
    /// let (x, y) = long_run_payoffs(&MemoryOne::allc(), &MemoryOne::random(0.5)?, &pd, 0.0)?;
    /// assert!((x - 1.5).abs() < 1e-12 && (y - 4.0).abs() < 1e-12);
    /// assert!(MemoryOne::random(1.5).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn random(q: f64) -> Result<Self, RepeatedError> {
        probability("q", q)?;
        Ok(MemoryOne { p: [q; 4], first: q })
    }

    /// Generous tit-for-tat: forgive a defection with probability
    /// `g = min(1 - (T - R)/(R - S), (R - P)/(T - P))` (Molander 1985; Nowak & Sigmund 1992).
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs};
    /// // (R, S, T, P) = (3, 0, 5, 1): g = min(1 - 2/3, 2/4) = 1/3.
    /// let g = MemoryOne::gtft(&StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?);
    /// assert!((g.p[1] - 1.0 / 3.0).abs() < 1e-15 && g.p[0] == 1.0 && g.p[2] == 1.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn gtft(pd: &StagePayoffs) -> Self {
        let g = (1.0 - (pd.t - pd.r) / (pd.r - pd.s)).min((pd.r - pd.p) / (pd.t - pd.p)).max(0.0);
        MemoryOne { p: [1.0, g, 1.0, g], first: 1.0 }
    }

    /// A zero-determinant extortioner enforcing `s_X - P = chi (s_Y - P)` (Press & Dyson 2012):
    /// `p = (1 - phi (chi - 1)(R - P), 1 - phi ((P - S) + chi (T - P)), phi ((T - P) + chi (P - S)), 0)`,
    /// with `phi` half of its largest admissible value. `chi >= 1`.
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs, long_run_payoffs};
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// let x = MemoryOne::extortioner(3.0, &pd)?;
    /// // Against any opponent, here ALLC: s_X - P = 3 (s_Y - P) (Press & Dyson 2012).
    /// let (sx, sy) = long_run_payoffs(&x, &MemoryOne::allc(), &pd, 0.0)?;
    /// assert!((sx - 1.0 - 3.0 * (sy - 1.0)).abs() < 1e-9 && sx > sy);
    /// assert!(MemoryOne::extortioner(0.5, &pd).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn extortioner(chi: f64, pd: &StagePayoffs) -> Result<Self, RepeatedError> {
        if !(chi.is_finite() && chi >= 1.0) {
            return Err(RepeatedError::Parameter {
                what: "chi",
                message: format!("{chi}; expected a number >= 1"),
            });
        }
        let (r, s, t, p) = (pd.r, pd.s, pd.t, pd.p);
        let phi_max = (1.0 / ((p - s) + chi * (t - p))).min(1.0 / ((t - p) + chi * (p - s)));
        let phi = phi_max / 2.0;
        Self::new(
            [
                1.0 - phi * (chi - 1.0) * (r - p),
                1.0 - phi * ((p - s) + chi * (t - p)),
                phi * ((t - p) + chi * (p - s)),
                0.0,
            ],
            1.0,
        )
    }

    /// A strategy from its written form: a name (`allc`, `alld`, `tft`, `wsls`, `grim`,
    /// `gtft`), a name with a parameter (`extort:3` for the extortioner with `chi = 3`,
    /// `random:0.5`), or four probabilities after `CC/CD/DC/DD` with an optional fifth for
    /// the first round (default 1), separated by `/`: `1/0.1/1/0.1`.
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs};
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0).unwrap();
    /// assert_eq!(MemoryOne::parse("TFT", &pd).unwrap(), MemoryOne::tft());
    /// assert_eq!(MemoryOne::parse("1/0/0/1/1", &pd).unwrap(), MemoryOne::wsls());
    /// assert!(MemoryOne::parse("1/0/0", &pd).is_err());
    /// ```
    pub fn parse(spec: &str, pd: &StagePayoffs) -> Result<Self, RepeatedError> {
        let bad = |message: String| RepeatedError::Strategy { spec: spec.to_string(), message };
        let number = |text: &str| -> Result<f64, RepeatedError> {
            text.trim().parse::<f64>().map_err(|_| bad(format!("'{text}' is not a number")))
        };
        let lower = spec.trim().to_ascii_lowercase();
        if lower.contains('/') {
            let values = lower.split('/').map(number).collect::<Result<Vec<f64>, _>>()?;
            return match values[..] {
                [a, b, c, d] => Self::new([a, b, c, d], 1.0),
                [a, b, c, d, first] => Self::new([a, b, c, d], first),
                _ => Err(bad(format!(
                    "{} numbers; expected 4 or 5 (p_CC/p_CD/p_DC/p_DD[/first])",
                    values.len()
                ))),
            };
        }
        let (name, parameter) = match lower.split_once(':') {
            Some((name, value)) => (name, Some(number(value)?)),
            None => (lower.as_str(), None),
        };
        match (name, parameter) {
            ("allc", None) => Ok(Self::allc()),
            ("alld", None) => Ok(Self::alld()),
            ("tft", None) => Ok(Self::tft()),
            ("wsls", None) => Ok(Self::wsls()),
            ("grim", None) => Ok(Self::grim()),
            ("gtft", None) => Ok(Self::gtft(pd)),
            ("extort", Some(chi)) => Self::extortioner(chi, pd),
            ("random", Some(q)) => Self::random(q),
            ("extort" | "random", None) => Err(bad(format!("expected a parameter, as in {name}:{}", if name == "extort" { "3" } else { "0.5" }))),
            _ => Err(bad(
                "expected allc, alld, tft, wsls, grim, gtft, extort:CHI, random:Q or p_CC/p_CD/p_DC/p_DD[/first]"
                    .into(),
            )),
        }
    }

    /// The strategy as played with implementation noise `e`.
    ///
    /// ```
    /// use comity::repeated::MemoryOne;
    /// let noisy = MemoryOne::tft().with_noise(0.1);
    /// assert!(noisy.p.iter().zip([0.9, 0.1, 0.9, 0.1]).all(|(p, want)| (p - want).abs() < 1e-15));
    /// ```
    pub fn with_noise(&self, e: f64) -> Self {
        let flip = |x: f64| (1.0 - e) * x + e * (1.0 - x);
        MemoryOne { p: self.p.map(flip), first: flip(self.first) }
    }

    /// The coefficients `(alpha, beta, gamma)` with
    /// `(p_CC - 1, p_CD - 1, p_DC, p_DD) = alpha S_X + beta S_Y + gamma 1`, if the strategy is
    /// zero-determinant for these payoffs (within 1e-9).
    ///
    /// ```
    /// use comity::repeated::{MemoryOne, StagePayoffs};
    /// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
    /// // TFT is zero-determinant: by hand (0, -1, 1, 0) = (S_X - S_Y) / 5, enforcing s_X = s_Y.
    /// let (alpha, beta, gamma) = MemoryOne::tft().zero_determinant(&pd).unwrap();
    /// assert!((alpha - 0.2).abs() < 1e-9 && (beta + 0.2).abs() < 1e-9 && gamma.abs() < 1e-9);
    /// assert_eq!(MemoryOne::wsls().zero_determinant(&pd), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn zero_determinant(&self, pd: &StagePayoffs) -> Option<(f64, f64, f64)> {
        let tilde = Vector4::new(self.p[0] - 1.0, self.p[1] - 1.0, self.p[2], self.p[3]);
        let basis = DMatrix::from_columns(&[
            DVector::from_column_slice(pd.first().as_slice()),
            DVector::from_column_slice(pd.second().as_slice()),
            DVector::from_element(4, 1.0),
        ]);
        let svd = basis.clone().svd(true, true);
        let coef = svd.solve(&DVector::from_column_slice(tilde.as_slice()), 1e-12).ok()?;
        let residual = (&basis * &coef - DVector::from_column_slice(tilde.as_slice())).norm();
        (residual < 1e-9 && coef.norm() > 1e-12).then(|| (coef[0], coef[1], coef[2]))
    }
}

/// The transition matrix over `CC, CD, DC, DD` (first player's view) and the first round's
/// distribution.
fn chain(x: &MemoryOne, y: &MemoryOne) -> (Matrix4<f64>, RowVector4<f64>) {
    // The second player sees CD as DC.
    let qy = [y.p[0], y.p[2], y.p[1], y.p[3]];
    let row = |px: f64, py: f64| {
        RowVector4::new(px * py, px * (1.0 - py), (1.0 - px) * py, (1.0 - px) * (1.0 - py))
    };
    let m =
        Matrix4::from_rows(&[row(x.p[0], qy[0]), row(x.p[1], qy[1]), row(x.p[2], qy[2]), row(x.p[3], qy[3])]);
    (m, row(x.first, y.first))
}

/// The limit of the average distribution over rounds, from the first round's distribution.
fn cesaro_limit(m: &Matrix4<f64>, start: &RowVector4<f64>) -> RowVector4<f64> {
    // Reachability (4 states: a transitive closure by repeated squaring is enough).
    let mut reach = [[false; 4]; 4];
    for (i, row) in reach.iter_mut().enumerate() {
        for (j, r) in row.iter_mut().enumerate() {
            *r = i == j || m[(i, j)] > 0.0;
        }
    }
    for k in 0..4 {
        for i in 0..4 {
            for j in 0..4 {
                reach[i][j] |= reach[i][k] && reach[k][j];
            }
        }
    }
    // A state is recurrent when everything it reaches reaches it back.
    let recurrent: Vec<bool> = (0..4).map(|i| (0..4).all(|j| !reach[i][j] || reach[j][i])).collect();
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for i in (0..4).filter(|&i| recurrent[i]) {
        if !classes.iter().any(|c| c.contains(&i)) {
            classes.push((0..4).filter(|&j| reach[i][j]).collect());
        }
    }
    let transient: Vec<usize> = (0..4).filter(|&i| !recurrent[i]).collect();
    let mut limit = RowVector4::zeros();
    for class in &classes {
        // Stationary distribution of the class: pi (M_CC - I) = 0, sum pi = 1.
        let k = class.len();
        let mut a = DMatrix::zeros(k, k);
        let mut b = DVector::zeros(k);
        for (r, &j) in class.iter().enumerate().take(k - 1) {
            for (c, &i) in class.iter().enumerate() {
                a[(r, c)] = m[(i, j)] - if i == j { 1.0 } else { 0.0 };
            }
        }
        for c in 0..k {
            a[(k - 1, c)] = 1.0;
        }
        b[k - 1] = 1.0;
        let pi = a.lu().solve(&b).unwrap_or_else(|| DVector::from_element(k, 1.0 / k as f64));
        // Probability of ending in this class: from a class state 1, from another class 0,
        // from a transient state h_i = sum_j M_ij h_j.
        let absorbed = absorption(m, &transient, class);
        let weight: f64 = (0..4).map(|i| start[i] * absorbed[i]).sum();
        for (c, &i) in class.iter().enumerate() {
            limit[i] += weight * pi[c];
        }
    }
    limit
}

/// `h_i` = probability of reaching `class` from state `i`.
fn absorption(m: &Matrix4<f64>, transient: &[usize], class: &[usize]) -> [f64; 4] {
    let mut h = [0.0; 4];
    for &i in class {
        h[i] = 1.0;
    }
    let k = transient.len();
    if k > 0 {
        // (I - M_TT) h_T = M_T,class 1.
        let mut a = DMatrix::zeros(k, k);
        let mut b = DVector::zeros(k);
        for (r, &i) in transient.iter().enumerate() {
            for (c, &j) in transient.iter().enumerate() {
                a[(r, c)] = if i == j { 1.0 } else { 0.0 } - m[(i, j)];
            }
            b[r] = class.iter().map(|&j| m[(i, j)]).sum();
        }
        if let Some(sol) = a.lu().solve(&b) {
            for (r, &i) in transient.iter().enumerate() {
                h[i] = sol[r];
            }
        }
    }
    h
}

/// Long-run average payoffs `(s_X, s_Y)` of `x` against `y` with noise `e`.
///
/// ```
/// use comity::repeated::{MemoryOne, StagePayoffs, long_run_payoffs};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// // WSLS against ALLD, by hand: CD, DD, CD, DD, ... so (0 + 1)/2 and (5 + 1)/2.
/// assert_eq!(long_run_payoffs(&MemoryOne::wsls(), &MemoryOne::alld(), &pd, 0.0)?, (0.5, 3.0));
/// assert!(long_run_payoffs(&MemoryOne::wsls(), &MemoryOne::alld(), &pd, 1.5).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn long_run_payoffs(
    x: &MemoryOne,
    y: &MemoryOne,
    pd: &StagePayoffs,
    e: f64,
) -> Result<(f64, f64), RepeatedError> {
    probability("noise", e)?;
    let (m, start) = chain(&x.with_noise(e), &y.with_noise(e));
    let v = cesaro_limit(&m, &start);
    Ok((v.dot(&pd.first().transpose()), v.dot(&pd.second().transpose())))
}

/// Discounted payoffs `(1 - delta) sum_t delta^t u_t` of `x` against `y` with noise `e`, for
/// `0 <= delta < 1`.
///
/// ```
/// use comity::repeated::{MemoryOne, StagePayoffs, discounted_payoffs};
/// let pd = StagePayoffs::new(3.0, 0.0, 5.0, 1.0)?;
/// // TFT against ALLD: (S, T) once, then (P, P). By hand with delta = 0.9:
/// // 0.1 * 0 + 0.9 * 1 = 0.9 and 0.1 * 5 + 0.9 * 1 = 1.4.
/// let (x, y) = discounted_payoffs(&MemoryOne::tft(), &MemoryOne::alld(), &pd, 0.0, 0.9)?;
/// assert!((x - 0.9).abs() < 1e-12 && (y - 1.4).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn discounted_payoffs(
    x: &MemoryOne,
    y: &MemoryOne,
    pd: &StagePayoffs,
    e: f64,
    delta: f64,
) -> Result<(f64, f64), RepeatedError> {
    probability("noise", e)?;
    if !(0.0..1.0).contains(&delta) {
        return Err(RepeatedError::Parameter {
            what: "delta",
            message: format!("{delta}; expected 0 <= delta < 1"),
        });
    }
    let (m, start) = chain(&x.with_noise(e), &y.with_noise(e));
    // w (I - delta M) = start, so w = sum_t delta^t start M^t.
    let a = (Matrix4::identity() - m * delta).transpose();
    let w = a.lu().solve(&start.transpose()).ok_or(RepeatedError::Parameter {
        what: "delta",
        message: "the discounted system is singular".into(),
    })?;
    Ok(((1.0 - delta) * w.dot(&pd.first()), (1.0 - delta) * w.dot(&pd.second())))
}
