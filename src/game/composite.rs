//! Composite games: the intersection (`all`) or union (`any`) of simple games.
//!
//! `all [G_1, ..., G_k]` wins when every part wins (the UN Security Council: the permanent
//! members' veto and 9 of 15); `any` wins when some part wins (the EU Council's clause that a
//! blocking minority needs four members). Counted by brute force for small bodies; the next
//! backends (decision diagrams) take larger ones.
//!
//! # References
//! Felsenthal & Machover (1998), *The Measurement of Voting Power*, sec. 2.3 (meet and join of
//! simple games).
//!
//! ```
//! use comity::game::{Coalition, Composite, Connective, SimpleGame, WeightedGame};
//! let veto = WeightedGame::new(vec![1, 0, 0], 1).unwrap();
//! let two = WeightedGame::new(vec![1, 1, 1], 2).unwrap();
//! let g = Composite::new(Connective::All, vec![veto.into(), two.into()]).unwrap();
//! assert!(!g.is_winning(&Coalition::from_players([1, 2])));
//! assert!(g.is_winning(&Coalition::from_players([0, 2])));
//! ```

use super::{Coalition, Game, GameError, SimpleGame};

/// How the parts of a [`Composite`] are joined.
///
/// ```
/// use comity::game::{Coalition, Composite, Connective, SimpleGame, WeightedGame};
/// let a = WeightedGame::new(vec![1, 0], 1)?;
/// let b = WeightedGame::new(vec![0, 1], 1)?;
/// let any = Composite::new(Connective::Any, vec![a.clone().into(), b.clone().into()])?;
/// let all = Composite::new(Connective::All, vec![a.into(), b.into()])?;
/// let one = Coalition::from_players([0]);
/// assert!(any.is_winning(&one) && !all.is_winning(&one));
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connective {
    /// Every part must win.
    All,
    /// Some part must win.
    Any,
}

/// `all` or `any` of games over the same players.
///
/// ```
/// use comity::game::{Coalition, Composite, Connective, SimpleGame, WeightedGame};
/// // The UN Security Council: the five permanent members' veto and 9 of 15.
/// let veto = WeightedGame::new([vec![1; 5], vec![0; 10]].concat(), 5)?;
/// let nine = WeightedGame::new(vec![1; 15], 9)?;
/// let council = Composite::new(Connective::All, vec![veto.into(), nine.into()])?;
/// assert!(council.is_winning(&Coalition::from_players(0..9)));
/// // Ten elected members and four permanent ones: one veto blocks.
/// assert!(!council.is_winning(&Coalition::from_players(1..15)));
/// # Ok::<(), comity::game::GameError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Composite {
    connective: Connective,
    parts: Vec<Game>,
}

impl Composite {
    /// Joins `parts`, which must be non-empty and over the same number of players.
    ///
    /// ```
    /// use comity::game::{Composite, Connective, GameError, WeightedGame};
    /// let three = WeightedGame::new(vec![1; 3], 2)?;
    /// let four = WeightedGame::new(vec![1; 4], 2)?;
    /// // Parts over different bodies are refused.
    /// let refused = Composite::new(Connective::All, vec![three.into(), four.into()]);
    /// assert_eq!(refused, Err(GameError::PartsDisagree));
    /// assert_eq!(Composite::new(Connective::Any, vec![]), Err(GameError::NoPlayers));
    /// # Ok::<(), GameError>(())
    /// ```
    pub fn new(connective: Connective, parts: Vec<Game>) -> Result<Self, GameError> {
        let first = parts.first().ok_or(GameError::NoPlayers)?;
        if parts.iter().any(|p| p.n() != first.n()) {
            return Err(GameError::PartsDisagree);
        }
        Ok(Composite { connective, parts })
    }

    /// How the parts are joined.
    ///
    /// ```
    /// use comity::game::{Composite, Connective, WeightedGame};
    /// let g = Composite::new(Connective::Any, vec![WeightedGame::new(vec![1, 1], 2)?.into()])?;
    /// assert_eq!(g.connective(), Connective::Any);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn connective(&self) -> Connective {
        self.connective
    }

    /// The parts.
    ///
    /// ```
    /// use comity::game::{Composite, Connective, WeightedGame};
    /// let part = WeightedGame::new(vec![2, 1], 2)?;
    /// let g = Composite::new(Connective::All, vec![part.clone().into(), part.into()])?;
    /// assert_eq!(g.parts().len(), 2);
    /// # Ok::<(), comity::game::GameError>(())
    /// ```
    pub fn parts(&self) -> &[Game] {
        &self.parts
    }
}

impl SimpleGame for Composite {
    fn n(&self) -> usize {
        self.parts[0].n()
    }

    fn is_winning(&self, c: &Coalition) -> bool {
        match self.connective {
            Connective::All => self.parts.iter().all(|p| p.is_winning(c)),
            Connective::Any => self.parts.iter().any(|p| p.is_winning(c)),
        }
    }
}
