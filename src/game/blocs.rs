//! Blocs: members who first decide inside their bloc and then vote together.
//!
//! A bloc game (a composite game in the sense of Felsenthal & Machover 1998, sec. 2.3 and
//! 6.3) has a top rule over the whole body and disjoint blocs, each with an internal rule over
//! its own members. A coalition `S` wins when the top rule accepts the coalition in which
//! every bloc whose members in `S` win its internal rule is present in full, and every other
//! bloc is absent in full; members outside any bloc vote for themselves. A caucus such as
//! AOSIS that agrees a common position by majority and then votes as one in the General
//! Assembly is the example.
//!
//! # References
//! Felsenthal & Machover (1998), *The Measurement of Voting Power*, sec. 2.3 (composition)
//! and 6.3 (the bloc paradox: joining a bloc can lower a member's own power).
//!
//! ```
//! use comity::game::{Bloc, BlocGame, Coalition, SimpleGame, WeightedGame};
//! // Five members, 3 of 5 to pass; members 0, 1, 2 form a bloc deciding by 2 of 3.
//! let top = WeightedGame::new(vec![1; 5], 3).unwrap();
//! let bloc = Bloc::new(vec![0, 1, 2], WeightedGame::new(vec![1; 3], 2).unwrap().into()).unwrap();
//! let game = BlocGame::new(top.into(), vec![bloc]).unwrap();
//! // Members 0 and 1 carry the bloc, and with it all three of its votes.
//! assert!(game.is_winning(&Coalition::from_players([0, 1])));
//! // Member 0 alone loses the bloc's vote: 0 + 2 outside votes are not enough.
//! assert!(!game.is_winning(&Coalition::from_players([0, 3, 4])));
//! ```

use super::{Coalition, Game, GameError, SimpleGame};

/// One bloc: its members (body players) and its internal rule over them (inner player `k` is
/// `members[k]`).
///
/// ```
/// use comity::game::{Bloc, WeightedGame};
/// // A caucus of members 3, 4, 5 of the body that follows its own 2-of-3 majority.
/// let bloc = Bloc::new(vec![3, 4, 5], WeightedGame::new(vec![1; 3], 2)?.into())?;
/// assert_eq!(bloc.members(), &[3, 4, 5]);
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Bloc {
    members: Vec<usize>,
    rule: Box<Game>,
}

impl Bloc {
    /// A bloc of distinct `members` deciding by `rule`, a game over `members.len()` players.
    ///
    /// ```
    /// use comity::game::{Bloc, GameError, WeightedGame};
    /// let two_of_three = || WeightedGame::new(vec![1; 3], 2).unwrap().into();
    /// assert!(Bloc::new(vec![0, 1, 2], two_of_three()).is_ok());
    /// // A member listed twice is refused.
    /// assert_eq!(Bloc::new(vec![0, 1, 1], two_of_three()), Err(GameError::BlocsOverlap { player: 1 }));
    /// ```
    pub fn new(members: Vec<usize>, rule: Game) -> Result<Self, GameError> {
        if rule.n() != members.len() {
            return Err(GameError::LengthMismatch { expected: members.len(), found: rule.n() });
        }
        let mut sorted = members.clone();
        sorted.sort_unstable();
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            return Err(GameError::BlocsOverlap { player: w[0] });
        }
        Ok(Bloc { members, rule: Box::new(rule) })
    }

    /// The members, as body players.
    ///
    /// ```
    /// use comity::game::{Bloc, WeightedGame};
    /// let bloc = Bloc::new(vec![4, 2], WeightedGame::new(vec![1, 1], 2)?.into())?;
    /// // Inner player 0 is body player 4, as given.
    /// assert_eq!(bloc.members(), &[4, 2]);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn members(&self) -> &[usize] {
        &self.members
    }

    /// The internal rule.
    ///
    /// ```
    /// use comity::game::{Bloc, SimpleGame, WeightedGame};
    /// let bloc = Bloc::new(vec![0, 1, 2], WeightedGame::new(vec![1; 3], 2)?.into())?;
    /// assert_eq!(bloc.rule().n(), 3);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn rule(&self) -> &Game {
        &self.rule
    }

    /// Whether the bloc's members in `c` carry its internal rule.
    fn carries(&self, c: &Coalition) -> bool {
        let inner = Coalition::from_players(
            self.members.iter().enumerate().filter(|&(_, &m)| c.contains(m)).map(|(k, _)| k),
        );
        self.rule.is_winning(&inner)
    }
}

/// A top rule over the body with blocs that vote as one.
///
/// ```
/// use comity::game::{Bloc, BlocGame, Coalition, SimpleGame, WeightedGame};
/// // Three members, 2 of 3 to pass; members 0 and 1 form a bloc that needs both.
/// let top = WeightedGame::new(vec![1; 3], 2)?;
/// let bloc = Bloc::new(vec![0, 1], WeightedGame::new(vec![1, 1], 2)?.into())?;
/// let game = BlocGame::new(top.into(), vec![bloc])?;
/// // By hand: member 0 with 2 loses, since the bloc splits and votes no as a whole.
/// assert!(!game.is_winning(&Coalition::from_players([0, 2])));
/// assert!(game.is_winning(&Coalition::from_players([0, 1])));
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BlocGame {
    top: Box<Game>,
    blocs: Vec<Bloc>,
}

impl BlocGame {
    /// The game of `top` (over the whole body) with `blocs`, which must be disjoint and whose
    /// members must be players of `top`.
    ///
    /// ```
    /// use comity::game::{Bloc, BlocGame, GameError, WeightedGame};
    /// let top = WeightedGame::new(vec![1; 3], 2)?;
    /// let bloc = Bloc::new(vec![1, 5], WeightedGame::new(vec![1, 1], 1)?.into())?;
    /// // Member 5 is not a player of the 3-member top rule.
    /// let refused = BlocGame::new(top.into(), vec![bloc]);
    /// assert_eq!(refused, Err(GameError::PlayerOutOfRange { player: 5, n: 3 }));
    /// # Ok::<(), GameError>(())
    /// ```
    pub fn new(top: Game, blocs: Vec<Bloc>) -> Result<Self, GameError> {
        let n = top.n();
        let mut seen = vec![false; n];
        for bloc in &blocs {
            for &m in &bloc.members {
                if m >= n {
                    return Err(GameError::PlayerOutOfRange { player: m, n });
                }
                if std::mem::replace(&mut seen[m], true) {
                    return Err(GameError::BlocsOverlap { player: m });
                }
            }
        }
        Ok(BlocGame { top: Box::new(top), blocs })
    }

    /// The top rule.
    ///
    /// ```
    /// use comity::game::{BlocGame, SimpleGame, WeightedGame};
    /// let game = BlocGame::new(WeightedGame::new(vec![1; 4], 3)?.into(), vec![])?;
    /// assert_eq!(game.top().n(), 4);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn top(&self) -> &Game {
        &self.top
    }

    /// The blocs.
    ///
    /// ```
    /// use comity::game::{Bloc, BlocGame, WeightedGame};
    /// let bloc = Bloc::new(vec![0, 1], WeightedGame::new(vec![1, 1], 1)?.into())?;
    /// let game = BlocGame::new(WeightedGame::new(vec![1; 4], 3)?.into(), vec![bloc])?;
    /// assert_eq!(game.blocs().len(), 1);
    /// assert_eq!(game.blocs()[0].members(), &[0, 1]);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn blocs(&self) -> &[Bloc] {
        &self.blocs
    }
}

impl SimpleGame for BlocGame {
    fn n(&self) -> usize {
        self.top.n()
    }

    fn is_winning(&self, c: &Coalition) -> bool {
        let mut effective = *c;
        for bloc in &self.blocs {
            let carried = bloc.carries(c);
            for &m in &bloc.members {
                if carried {
                    effective.insert(m);
                } else {
                    effective.remove(m);
                }
            }
        }
        self.top.is_winning(&effective)
    }
}
