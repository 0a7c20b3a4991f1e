//! Spatial bargaining in two dimensions: winsets, the core, agenda setters.
//!
//! Members have ideal points `x_i` in the plane and Euclidean preferences (with common
//! salience weights `s`, distances are `sqrt(sum_d s_d (y_d - x_d)^2)`; rescaling the axes by
//! `sqrt(s_d)` reduces this to the Euclidean case). Member `i` prefers `y` to the status quo
//! `q` iff `y` lies in the open disc about `x_i` through `q`. The winset `W(q)` is the union,
//! over winning coalitions, of the intersections of their discs (Tsebelis 2002).
//!
//! Every disc passes through `q`, so each intersection is convex with `q` on its boundary, and
//! `W(q)` is star-shaped about `q`. Along the ray `q + t u` (unit `u`) member `i` prefers the
//! point iff `0 < t < 2 u . (x_i - q)`, so the ray lies in `W(q)` up to the exact radius
//! `r(u)`: sort these thresholds in decreasing order and take the one at which the members
//! above it first form a winning coalition. The boundary is computed exactly in as many
//! directions as asked (at most [`MAX_DIRECTIONS`]), and the polygon through those points
//! approximates `W(q)`; its area `1/2 sum r^2 dtheta` converges as the directions multiply.
//!
//! `W(q)` is empty (the status quo is in the core) iff no direction `d` has a winning
//! coalition of members with `d . (x_i - q) > 0`; the coalition changes only at directions
//! perpendicular to some `x_i - q`, so testing one direction between each pair of consecutive
//! critical directions decides it exactly. Under unanimity this is the Pareto set: `q` is in
//! the unanimity core iff it lies in the convex hull of the ideal points.
//!
//! The agenda setter's outcome is the point of the closure of `W(q)`, or `q`, nearest its
//! ideal point `p` (Romer & Rosenthal 1978). The closure is a union of intersections of
//! closed discs, and the point of such an intersection nearest `p` is `p` itself, the
//! projection of `p` on one circle, or a crossing of two circles; so the nearest of these
//! candidates whose weakly-preferring members win is the outcome, found exactly in
//! `O(n^3)` tests.
//!
//! # References
//! Tsebelis (2002), *Veto Players*, ch. 1; Romer & Rosenthal (1978), Public Choice 33(4);
//! McKelvey (1976), JET 12(3) (instability of majority rule in two dimensions); Plott (1967),
//! AER 57(4) (core conditions).
//!
//! ```
//! use comity::bargaining::{in_core_2d, setter_outcome_2d};
//! use comity::game::WeightedGame;
//! // Three members at the corners of a triangle, majority rule: the status quo at the
//! // centroid is beaten (McKelvey 1976); under unanimity it is in the core.
//! let ideals = [[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]];
//! let majority = WeightedGame::new(vec![1, 1, 1], 2).unwrap();
//! let unanimity = WeightedGame::new(vec![1, 1, 1], 3).unwrap();
//! let q = [4.0 / 3.0, 4.0 / 3.0];
//! assert!(!in_core_2d(&majority, &ideals, q).unwrap());
//! assert!(in_core_2d(&unanimity, &ideals, q).unwrap());
//! // Under unanimity an agenda setter cannot move a status quo in the core.
//! let outcome = setter_outcome_2d(&unanimity, &ideals, q, 0).unwrap();
//! assert!((outcome[0] - q[0]).abs() < 1e-12 && (outcome[1] - q[1]).abs() < 1e-12);
//! ```

use super::axiomatic::BargainingError;
use crate::cancel::CancelToken;
use crate::game::{Coalition, SimpleGame};

/// A point in the policy plane.
///
/// ```
/// use comity::bargaining::{in_core_2d, Point};
/// use comity::game::WeightedGame;
/// // Under unanimity the core is the convex hull of the ideal points (the Pareto set).
/// let ideals: [Point; 3] = [[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]];
/// let unanimity = WeightedGame::new(vec![1; 3], 3)?;
/// assert!(in_core_2d(&unanimity, &ideals, [1.0, 1.0])?);
/// assert!(!in_core_2d(&unanimity, &ideals, [3.0, 3.0])?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Point = [f64; 2];

/// Most boundary directions of [`winset_2d`]: the boundary is stored and printed point by
/// point (about 5 MB of JSON at the limit), and each direction costs `O(n log n)`.
///
/// ```
/// use comity::bargaining::winset_2d;
/// use comity::game::WeightedGame;
/// // From 3 to 100,000 directions (the constant is not exported).
/// let alone = WeightedGame::new(vec![1], 1)?;
/// assert!(winset_2d(&alone, &[[0.0, 0.0]], [1.0, 0.0], 3).is_ok());
/// assert!(winset_2d(&alone, &[[0.0, 0.0]], [1.0, 0.0], 100_001).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const MAX_DIRECTIONS: usize = 100_000;

/// Relative tolerance for "on the circle" in the setter's candidates.
const ON_CIRCLE: f64 = 1e-9;

/// Narrowest sector of directions (radians) that [`in_core_2d`] and the setter take as real.
const SECTOR: f64 = 1e-9;

fn parameter(message: String) -> BargainingError {
    BargainingError::Parameter { what: "spatial", message }
}

fn check(game: &impl SimpleGame, ideals: &[Point], q: Point) -> Result<(), BargainingError> {
    if ideals.len() != game.n() {
        return Err(parameter(format!(
            "{} ideal points for {} members; expected one each",
            ideals.len(),
            game.n()
        )));
    }
    if q.iter().chain(ideals.iter().flatten()).any(|x| !x.is_finite()) {
        return Err(parameter("ideal points and the status quo must be finite numbers".into()));
    }
    Ok(())
}

fn dot(a: Point, b: Point) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}

fn sub(a: Point, b: Point) -> Point {
    [a[0] - b[0], a[1] - b[1]]
}

pub(super) fn distance2(a: Point, b: Point) -> f64 {
    let d = sub(a, b);
    dot(d, d)
}

/// Rescales both coordinates of every point by `sqrt(salience)`: Euclidean distance in the
/// rescaled plane is the salience-weighted distance in the original one.
///
/// ```
/// use comity::bargaining::rescale;
/// // The first issue counts four times as much: its axis is stretched by 2.
/// assert_eq!(rescale(&[[1.0, 1.0], [0.5, 3.0]], [4.0, 1.0])?, vec![[2.0, 1.0], [1.0, 3.0]]);
/// assert!(rescale(&[[1.0, 1.0]], [0.0, 1.0]).is_err());
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn rescale(points: &[Point], salience: Point) -> Result<Vec<Point>, BargainingError> {
    if salience.iter().any(|s| !(s.is_finite() && *s > 0.0)) {
        return Err(parameter(format!("salience weights {salience:?}; expected two positive numbers")));
    }
    Ok(points.iter().map(|p| [p[0] * salience[0].sqrt(), p[1] * salience[1].sqrt()]).collect())
}

/// The exact radius of the winset of `q` in direction `u` (a unit vector): the ray from `q`
/// lies in the winset for `0 < t < radius`. Zero if no winning coalition gains in that
/// direction.
fn radius(game: &impl SimpleGame, ideals: &[Point], q: Point, u: Point) -> f64 {
    let mut thresholds: Vec<(f64, usize)> = ideals
        .iter()
        .enumerate()
        .map(|(i, &x)| (2.0 * dot(u, sub(x, q)), i))
        .filter(|&(t, _)| t > 0.0)
        .collect();
    thresholds.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut coalition = Coalition::default();
    for (t, i) in thresholds {
        coalition.insert(i);
        if game.is_winning(&coalition) {
            return t;
        }
    }
    0.0
}

/// The winset of `q` as its boundary in `directions` equally spaced directions (points
/// `q + r u`, exact; `q` itself where the radius is 0) and the area of the polygon's radial
/// approximation, `1/2 sum r^2 dtheta`.
///
/// ```
/// use comity::bargaining::winset_2d;
/// use comity::game::WeightedGame;
/// // Two members at (0, 0) and (2, 0) must agree; status quo (1, 1). The winset is the lens
/// // of two discs of radius sqrt 2 whose centres are 2 apart: by hand, its area is
/// // 2 r^2 acos(d / 2r) - (d / 2) sqrt(4 r^2 - d^2) = pi - 2.
/// let unanimity = WeightedGame::new(vec![1, 1], 2)?;
/// let (boundary, area) = winset_2d(&unanimity, &[[0.0, 0.0], [2.0, 0.0]], [1.0, 1.0], 3600)?;
/// assert_eq!(boundary.len(), 3600);
/// assert!((area - (std::f64::consts::PI - 2.0)).abs() < 1e-5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn winset_2d(
    game: &impl SimpleGame,
    ideals: &[Point],
    q: Point,
    directions: usize,
) -> Result<(Vec<Point>, f64), BargainingError> {
    winset_2d_cancellable(game, ideals, q, directions, &CancelToken::new())
}

/// Directions between two checks of the cancel token in [`winset_2d_cancellable`]: each costs a
/// sort of the members and up to `n` rule tests, so 256 of them take well under a millisecond
/// in a large body and the check is lost among them.
const DIRECTIONS_PER_CHECK: usize = 256;

/// [`winset_2d`], stopping with [`BargainingError::Interrupted`] once `cancel` is cancelled
/// (checked every 256 directions; at [`MAX_DIRECTIONS`] in a body of a few hundred members the
/// boundary takes seconds).
///
/// ```
/// use comity::bargaining::{BargainingError, winset_2d, winset_2d_cancellable};
/// use comity::cancel::CancelToken;
/// use comity::game::WeightedGame;
/// let unanimity = WeightedGame::new(vec![1, 1], 2)?;
/// let (ideals, q) = ([[0.0, 0.0], [2.0, 0.0]], [1.0, 1.0]);
/// let token = CancelToken::new();
/// assert_eq!(winset_2d_cancellable(&unanimity, &ideals, q, 360, &token)?, winset_2d(&unanimity, &ideals, q, 360)?);
/// token.cancel();
/// let err = winset_2d_cancellable(&unanimity, &ideals, q, 360, &token).unwrap_err();
/// assert!(matches!(err, BargainingError::Interrupted(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn winset_2d_cancellable(
    game: &impl SimpleGame,
    ideals: &[Point],
    q: Point,
    directions: usize,
    cancel: &CancelToken,
) -> Result<(Vec<Point>, f64), BargainingError> {
    cancel.check()?;
    check(game, ideals, q)?;
    if !(3..=MAX_DIRECTIONS).contains(&directions) {
        return Err(parameter(format!(
            "{directions} directions; expected at least 3 and at most {MAX_DIRECTIONS}"
        )));
    }
    let step = std::f64::consts::TAU / directions as f64;
    let mut area = 0.0;
    let mut boundary = Vec::with_capacity(directions);
    for k in 0..directions {
        if k % DIRECTIONS_PER_CHECK == 0 {
            cancel.check()?;
        }
        let angle = k as f64 * step;
        let u = [angle.cos(), angle.sin()];
        let r = radius(game, ideals, q, u);
        area += r * r * step / 2.0;
        boundary.push([q[0] + r * u[0], q[1] + r * u[1]]);
    }
    Ok((boundary, area))
}

/// Whether `q` is in the core of the rule: no winning coalition prefers any point to it.
///
/// ```
/// use comity::bargaining::in_core_2d;
/// use comity::game::WeightedGame;
/// // Plott (1967): under majority a point is in the core when the other ideal points pair
/// // off on opposite sides of it, as here about the member at the origin.
/// let ideals = [[0.0, 0.0], [1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]];
/// let majority = WeightedGame::new(vec![1; 5], 3)?;
/// assert!(in_core_2d(&majority, &ideals, [0.0, 0.0])?);
/// // From (0.5, 0), a move left is preferred by the four members other than (1, 0).
/// assert!(!in_core_2d(&majority, &ideals, [0.5, 0.0])?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn in_core_2d(game: &impl SimpleGame, ideals: &[Point], q: Point) -> Result<bool, BargainingError> {
    check(game, ideals, q)?;
    Ok(!winning_direction(game, ideals, q, None))
}

/// Whether some direction `d` from `q` has a winning coalition of members with
/// `d . (x_i - q) > 0` (and, with `setter`, that member among them): exactly, by one direction
/// inside each sector between consecutive critical directions (those perpendicular to some
/// `x_i - q`), where the coalition is constant. Only signs of dot products at directions away
/// from every critical one are used; the one tolerance is on angles, [`SECTOR`].
fn winning_direction(game: &impl SimpleGame, ideals: &[Point], q: Point, setter: Option<usize>) -> bool {
    let mut angles: Vec<f64> = ideals
        .iter()
        .map(|&x| sub(x, q))
        .filter(|d| d[0] != 0.0 || d[1] != 0.0)
        .flat_map(|d| {
            let a = d[1].atan2(d[0]);
            [a + std::f64::consts::FRAC_PI_2, a - std::f64::consts::FRAC_PI_2]
        })
        .map(|a| a.rem_euclid(std::f64::consts::TAU))
        .collect();
    angles.sort_by(f64::total_cmp);
    angles.dedup();
    for (k, &a) in angles.iter().enumerate() {
        let next = if k + 1 < angles.len() { angles[k + 1] } else { angles[0] + std::f64::consts::TAU };
        // A sector narrower than this is a rounding artefact (members exactly opposite about
        // `q` in the data, their coordinates shifted or rescaled): angles do not depend on
        // units, so neither does this tolerance.
        if next - a <= SECTOR && angles.len() > 1 {
            continue;
        }
        let mid = (a + next) / 2.0;
        let d = [mid.cos(), mid.sin()];
        if setter.is_some_and(|s| dot(d, sub(ideals[s], q)) <= 0.0) {
            continue;
        }
        let gaining = Coalition::from_players((0..ideals.len()).filter(|&i| dot(d, sub(ideals[i], q)) > 0.0));
        if game.is_winning(&gaining) {
            return true;
        }
    }
    false
}

/// The outcome when member `setter` proposes: the point of the winset's closure (or `q`)
/// nearest its ideal point.
///
/// ```
/// use comity::bargaining::setter_outcome_2d;
/// use comity::game::WeightedGame;
/// // Majority of three; the setter at the origin needs one partner. By hand, the nearest
/// // point the member at (0, 4) accepts against q = (3, 2) is on its circle of radius
/// // sqrt 13: (0, 4 - sqrt 13); the member at (4, 0) would cost more, (4 - sqrt 5, 0).
/// let majority = WeightedGame::new(vec![1; 3], 2)?;
/// let ideals = [[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]];
/// let y = setter_outcome_2d(&majority, &ideals, [3.0, 2.0], 0)?;
/// assert!(y[0].abs() < 1e-12 && (y[1] - (4.0 - 13f64.sqrt())).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn setter_outcome_2d(
    game: &impl SimpleGame,
    ideals: &[Point],
    q: Point,
    setter: usize,
) -> Result<Point, BargainingError> {
    check(game, ideals, q)?;
    if setter >= ideals.len() {
        return Err(parameter(format!("setter {setter} in a body of {}", ideals.len())));
    }
    // The setter moves the status quo iff some direction it gains in is one a winning coalition
    // gains in (a point y != q weakly preferred by i has (y - q) . (x_i - q) > 0): decided
    // exactly, so that the tolerance below never turns a status quo in the core into a tiny
    // spurious move (as it could where two circles touch at q).
    if !winning_direction(game, ideals, q, Some(setter)) {
        return Ok(q);
    }
    let p = ideals[setter];
    let radius2: Vec<f64> = ideals.iter().map(|&x| distance2(q, x)).collect();
    // Relative to the body's spread, so that the units of the plane do not matter.
    let scale = radius2.iter().fold(0.0f64, |m, &r| m.max(r));
    let feasible = |y: Point| {
        let weakly = Coalition::from_players(
            (0..ideals.len()).filter(|&i| distance2(y, ideals[i]) <= radius2[i] + ON_CIRCLE * scale),
        );
        game.is_winning(&weakly)
    };
    let mut candidates = vec![q, p];
    for (i, &x) in ideals.iter().enumerate() {
        let r = radius2[i].sqrt();
        let d = sub(p, x);
        let norm = dot(d, d).sqrt();
        if r > 0.0 && norm > 0.0 {
            candidates.push([x[0] + d[0] * r / norm, x[1] + d[1] * r / norm]);
        }
        for (j, &z) in ideals.iter().enumerate().skip(i + 1) {
            candidates.extend(crossings(x, r, z, radius2[j].sqrt()));
        }
    }
    // Nearest first, then the first feasible: the same point as filtering every candidate and
    // taking the nearest (the sort is stable, so ties keep the first, as `min_by` would), but
    // most candidates of a large body are never tested.
    let mut by_distance: Vec<(f64, Point)> = candidates.into_iter().map(|y| (distance2(y, p), y)).collect();
    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(by_distance.into_iter().map(|(_, y)| y).find(|&y| feasible(y)).unwrap_or(q))
}

/// The points where the circles about `a` of radius `ra` and about `b` of radius `rb` cross.
pub(super) fn crossings(a: Point, ra: f64, b: Point, rb: f64) -> Vec<Point> {
    let d = sub(b, a);
    let dist = dot(d, d).sqrt();
    if dist == 0.0 || dist > ra + rb || dist < (ra - rb).abs() {
        return Vec::new();
    }
    let along = (ra * ra - rb * rb + dist * dist) / (2.0 * dist);
    let across = (ra * ra - along * along).max(0.0).sqrt();
    let (ux, uy) = (d[0] / dist, d[1] / dist);
    let base = [a[0] + along * ux, a[1] + along * uy];
    vec![[base[0] - across * uy, base[1] + across * ux], [base[0] + across * uy, base[1] - across * ux]]
}

/// A like-minded club and how its members and the rest fare.
///
/// ```
/// use comity::bargaining::like_minded_club;
/// // By hand: the leader at (0, 0) and a like-minded member at (0.5, 0) agree on the leader's
/// // ideal point; the member at (4, 0) blocks any move from the status quo (2, 0) under
/// // inclusive consensus, and joining the club would gain it nothing.
/// let ideals = [[0.0, 0.0], [0.5, 0.0], [4.0, 0.0]];
/// let club = like_minded_club(&ideals, [2.0, 0.0], 0, 1.0)?.expect("a stable club");
/// assert_eq!((club.members, club.policy, club.consensus), (vec![0, 1], [0.0, 0.0], [2.0, 0.0]));
/// // Gains over consensus: the leader moves 2 nearer, the partner 1.5 - 0.5 = 1, the outsider 0.
/// assert_eq!((club.gains, club.ambition, club.consensus_ambition), (vec![2.0, 1.0, 0.0], 2.0, 0.0));
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LikeMindedClub {
    /// The members (indices), the leader among them.
    pub members: Vec<usize>,
    /// The club's policy, which applies to its members only; outsiders keep the status quo.
    pub policy: Point,
    /// The outcome of inclusive consensus (every member must agree, the leader sets the
    /// agenda), which would apply to all.
    pub consensus: Point,
    /// Each member's gain (reduction in distance to its ideal) from the club arrangement over
    /// inclusive consensus; negative for those who lose.
    pub gains: Vec<f64>,
    /// The distance the club's policy moves from the status quo.
    pub ambition: f64,
    /// The distance inclusive consensus moves from the status quo.
    pub consensus_ambition: f64,
}

/// Most members for which [`like_minded_club`] enumerates clubs.
///
/// ```
/// use comity::bargaining::{like_minded_club, MAX_CLUB_CANDIDATES};
/// let crowd = vec![[0.0, 0.0]; MAX_CLUB_CANDIDATES + 1];
/// assert!(like_minded_club(&crowd, [1.0, 0.0], 0, 1.0).is_err());
/// ```
pub const MAX_CLUB_CANDIDATES: usize = 16;

/// A like-minded club led by `leader`: the club adopts the leader's agenda-setting outcome
/// under its own rule (at least `share` of the club's members must agree; `share = 1` is
/// consensus within the club), which applies to its members only. A club is stable when no
/// member gains by leaving (keeping the status quo) and no outsider gains by joining (the
/// policy then being recomputed with it); indifferent members stay and indifferent outsiders
/// stay out. A club whose policy is the status quo is no club. Every club of two or more
/// containing the leader is examined, and the largest stable one is returned (`None` if there
/// is none): the brute-force truth for at most [`MAX_CLUB_CANDIDATES`] members;
/// [`find_like_minded_club`](super::find_like_minded_club) searches bodies of any size.
///
/// ```
/// use comity::bargaining::like_minded_club;
/// // Members on opposite sides of the status quo: by hand, the discs about (0, 0) and (4, 0)
/// // through (2, 0) touch only there, so no club moves anything.
/// assert_eq!(like_minded_club(&[[0.0, 0.0], [4.0, 0.0]], [2.0, 0.0], 0, 1.0)?, None);
/// // A third member near the leader forms a club with it, which the far member stays out of.
/// let ideals = [[0.0, 0.0], [4.0, 0.0], [0.0, 1.0]];
/// let club = like_minded_club(&ideals, [2.0, 0.0], 0, 1.0)?.expect("a stable club");
/// assert_eq!(club.members, vec![0, 2]);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn like_minded_club(
    ideals: &[Point],
    q: Point,
    leader: usize,
    share: f64,
) -> Result<Option<LikeMindedClub>, BargainingError> {
    like_minded_club_cancellable(ideals, q, leader, share, &CancelToken::new())
}

/// Clubs examined between two checks of the cancel token in [`like_minded_club_cancellable`]:
/// each costs up to one setter outcome per member (`O(n^4)` tests for 16 members), so 64 of
/// them take about a millisecond.
const CLUBS_PER_CHECK: u32 = 64;

/// [`like_minded_club`], stopping with [`BargainingError::Interrupted`] once `cancel` is
/// cancelled (checked every 64 clubs; at [`MAX_CLUB_CANDIDATES`] members the `2^15` clubs of the
/// leader can take seconds).
///
/// ```
/// use comity::bargaining::{BargainingError, like_minded_club, like_minded_club_cancellable};
/// use comity::cancel::CancelToken;
/// let ideals = [[0.0, 0.0], [0.5, 0.0], [4.0, 0.0]];
/// let token = CancelToken::new();
/// assert_eq!(like_minded_club_cancellable(&ideals, [2.0, 0.0], 0, 1.0, &token)?, like_minded_club(&ideals, [2.0, 0.0], 0, 1.0)?);
/// token.cancel();
/// let err = like_minded_club_cancellable(&ideals, [2.0, 0.0], 0, 1.0, &token).unwrap_err();
/// assert!(matches!(err, BargainingError::Interrupted(_)));
/// # Ok::<(), BargainingError>(())
/// ```
pub fn like_minded_club_cancellable(
    ideals: &[Point],
    q: Point,
    leader: usize,
    share: f64,
    cancel: &CancelToken,
) -> Result<Option<LikeMindedClub>, BargainingError> {
    cancel.check()?;
    let n = ideals.len();
    if n > MAX_CLUB_CANDIDATES {
        return Err(parameter(format!(
            "{n} members; clubs are enumerated for at most {MAX_CLUB_CANDIDATES}; find_like_minded_club searches any body size"
        )));
    }
    check_club(ideals, q, leader, share)?;
    let mut best: Option<Vec<usize>> = None;
    for mask in 0u32..1 << n {
        if mask % CLUBS_PER_CHECK == 0 {
            cancel.check()?;
        }
        if mask >> leader & 1 == 0 || mask.count_ones() < 2 {
            continue;
        }
        let club: Vec<usize> = (0..n).filter(|&i| mask >> i & 1 == 1).collect();
        if best.as_ref().is_some_and(|b| b.len() >= club.len()) {
            continue;
        }
        if is_stable_club(ideals, q, leader, share, &club)? {
            best = Some(club);
        }
    }
    best.map(|members| describe_club(ideals, q, leader, share, members)).transpose()
}

/// Checks the arguments of a club search or stability check.
fn check_club(ideals: &[Point], q: Point, leader: usize, share: f64) -> Result<(), BargainingError> {
    let n = ideals.len();
    if n == 0 || n > crate::game::MAX_PLAYERS {
        return Err(parameter(format!("{n} members; expected 1 to {}", crate::game::MAX_PLAYERS)));
    }
    if leader >= n || !(share > 0.0 && share <= 1.0) {
        return Err(parameter(format!(
            "leader {leader} of {n}, share {share}; expected a member and a share in (0, 1]"
        )));
    }
    if q.iter().chain(ideals.iter().flatten()).any(|x| !x.is_finite()) {
        return Err(parameter("ideal points and the status quo must be finite numbers".into()));
    }
    Ok(())
}

/// Payoff differences within this (relative to the body's spread, so that units do not
/// matter) count as indifference.
pub(super) fn club_slack(ideals: &[Point], q: Point) -> f64 {
    1e-9 * ideals.iter().map(|&x| distance2(x, q).sqrt()).fold(0.0, f64::max)
}

/// The policy of `club` (sorted indices, the leader among them): the leader's agenda-setting
/// outcome when `share` of the club's members must agree; `None` if it cannot move the status
/// quo (decided exactly, see [`winning_direction`]).
pub(super) fn club_policy(
    ideals: &[Point],
    q: Point,
    leader: usize,
    share: f64,
    club: &[usize],
) -> Result<Option<Point>, BargainingError> {
    let size = club.len() as u64;
    let quota = ((share * size as f64) - 1e-9).ceil().max(1.0) as u64;
    let rule = crate::game::WeightedGame::new(vec![1; club.len()], quota.min(size))
        .map_err(|e| parameter(e.to_string()))?;
    let points: Vec<Point> = club.iter().map(|&i| ideals[i]).collect();
    let setter = club
        .iter()
        .position(|&i| i == leader)
        .ok_or_else(|| parameter(format!("the leader {leader} is not in the club {club:?}")))?;
    if !winning_direction(&rule, &points, q, Some(setter)) {
        return Ok(None);
    }
    setter_outcome_2d(&rule, &points, q, setter).map(Some)
}

/// Whether `members` (the leader among them) form a stable like-minded club, by the definition
/// of [`like_minded_club`]: a policy other than the status quo, no member gaining by leaving,
/// and no outsider gaining by joining, the policy recomputed with it. It costs one policy
/// computation per outsider, so it verifies any club of any body exactly.
///
/// ```
/// use comity::bargaining::is_stable_club;
/// // The leader at (0, 0) and a partner at (0.5, 0) agree on (0, 0); the member at (4, 0) would
/// // hold the policy at the status quo (2, 0) by joining, so it gains nothing and stays out.
/// let ideals = [[0.0, 0.0], [0.5, 0.0], [4.0, 0.0]];
/// assert!(is_stable_club(&ideals, [2.0, 0.0], 0, 1.0, &[0, 1])?);
/// // With the far member inside the policy is the status quo: no club.
/// assert!(!is_stable_club(&ideals, [2.0, 0.0], 0, 1.0, &[0, 1, 2])?);
/// # Ok::<(), comity::bargaining::BargainingError>(())
/// ```
pub fn is_stable_club(
    ideals: &[Point],
    q: Point,
    leader: usize,
    share: f64,
    members: &[usize],
) -> Result<bool, BargainingError> {
    check_club(ideals, q, leader, share)?;
    let n = ideals.len();
    let mut club = members.to_vec();
    club.sort_unstable();
    club.dedup();
    if club.len() != members.len() || club.last().is_some_and(|&i| i >= n) || !club.contains(&leader) {
        return Err(parameter(format!(
            "club {members:?}; expected distinct members below {n}, the leader {leader} among them"
        )));
    }
    let slack = club_slack(ideals, q);
    let distance = |a: Point, b: Point| distance2(a, b).sqrt();
    // A club whose policy is the status quo changes nothing: it is no club.
    let Some(here) = club_policy(ideals, q, leader, share, &club)? else {
        return Ok(false);
    };
    if club.len() < 2 {
        return Ok(false);
    }
    if !club.iter().all(|&i| distance(here, ideals[i]) <= distance(q, ideals[i]) + slack) {
        return Ok(false);
    }
    let mut inside = vec![false; n];
    for &i in &club {
        inside[i] = true;
    }
    for j in (0..n).filter(|&j| !inside[j]) {
        let mut larger = club.clone();
        larger.push(j);
        larger.sort_unstable();
        let joined = club_policy(ideals, q, leader, share, &larger)?.unwrap_or(q);
        if distance(joined, ideals[j]) + slack < distance(q, ideals[j]) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The club `members` described: its policy, inclusive consensus, and each member's gain.
pub(super) fn describe_club(
    ideals: &[Point],
    q: Point,
    leader: usize,
    share: f64,
    members: Vec<usize>,
) -> Result<LikeMindedClub, BargainingError> {
    let n = ideals.len();
    let distance = |a: Point, b: Point| distance2(a, b).sqrt();
    let policy = club_policy(ideals, q, leader, share, &members)?.unwrap_or(q);
    let everyone =
        crate::game::WeightedGame::new(vec![1; n], n as u64).map_err(|e| parameter(e.to_string()))?;
    let consensus = setter_outcome_2d(&everyone, ideals, q, leader)?;
    let mut inside = vec![false; n];
    for &i in &members {
        inside[i] = true;
    }
    let gains = (0..n)
        .map(|i| {
            let with_club = if inside[i] { distance(policy, ideals[i]) } else { distance(q, ideals[i]) };
            distance(consensus, ideals[i]) - with_club
        })
        .collect();
    Ok(LikeMindedClub {
        ambition: distance(policy, q),
        consensus_ambition: distance(consensus, q),
        members,
        policy,
        consensus,
        gains,
    })
}
