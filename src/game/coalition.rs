//! Coalitions as fixed-width bitsets.
//!
//! A coalition is a subset of the players `0..n` of a game. Real bodies reach 193 members
//! (the UN General Assembly), so a coalition is a 256-bit set: four `u64` words, copied by
//! value, with no allocation. Player `i` is bit `i % 64` of word `i / 64`.

use std::fmt;

/// The largest number of players a [`Coalition`] can hold.
///
/// ```
/// use comity::game::{Coalition, MAX_PLAYERS};
/// // Enough for the 193 members of the UN General Assembly.
/// assert_eq!(MAX_PLAYERS, 256);
/// assert_eq!(Coalition::grand(MAX_PLAYERS).len(), 256);
/// ```
pub const MAX_PLAYERS: usize = 256;

const WORDS: usize = MAX_PLAYERS / 64;

/// A set of players `0..256` as a bitset.
///
/// ```
/// use comity::game::Coalition;
/// let c = Coalition::from_players([0, 2, 200]);
/// assert!(c.contains(200) && !c.contains(1));
/// assert_eq!(c.len(), 3);
/// assert_eq!(c.players().collect::<Vec<_>>(), vec![0, 2, 200]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Coalition {
    words: [u64; WORDS],
}

impl Coalition {
    /// The empty coalition.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// assert!(Coalition::empty().is_empty());
    /// assert_eq!(Coalition::empty(), Coalition::default());
    /// ```
    pub const fn empty() -> Self {
        Coalition { words: [0; WORDS] }
    }

    /// The grand coalition of players `0..n`.
    ///
    /// # Panics
    /// If `n > MAX_PLAYERS` (a programming error: game constructors reject such sizes).
    ///
    /// ```
    /// use comity::game::Coalition;
    /// let all = Coalition::grand(193);
    /// assert_eq!(all.len(), 193);
    /// assert!(all.contains(192) && !all.contains(193));
    /// ```
    pub fn grand(n: usize) -> Self {
        assert!(n <= MAX_PLAYERS, "a coalition holds at most {MAX_PLAYERS} players");
        let mut c = Coalition::empty();
        for (w, word) in c.words.iter_mut().enumerate() {
            let lo = w * 64;
            if n >= lo + 64 {
                *word = u64::MAX;
            } else if n > lo {
                *word = (1u64 << (n - lo)) - 1;
            }
        }
        c
    }

    /// The coalition whose members are the set bits of `mask` (players `0..64`).
    ///
    /// ```
    /// use comity::game::Coalition;
    /// // Bits 0 and 2: players 0 and 2.
    /// assert_eq!(Coalition::from_mask(0b101), Coalition::from_players([0, 2]));
    /// ```
    pub const fn from_mask(mask: u64) -> Self {
        Coalition { words: [mask, 0, 0, 0] }
    }

    /// The coalition of the given players.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// let c = Coalition::from_players([5, 1, 5]);
    /// assert_eq!(c.players().collect::<Vec<_>>(), vec![1, 5]);
    /// ```
    pub fn from_players(players: impl IntoIterator<Item = usize>) -> Self {
        let mut c = Coalition::empty();
        for p in players {
            c.insert(p);
        }
        c
    }

    /// Whether player `i` is a member.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// let c = Coalition::from_players([1, 130]);
    /// assert!(c.contains(130));
    /// assert!(!c.contains(2));
    /// // Players beyond the capacity are simply not members.
    /// assert!(!c.contains(1000));
    /// ```
    pub fn contains(&self, i: usize) -> bool {
        i < MAX_PLAYERS && self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// Adds player `i`.
    ///
    /// # Panics
    /// If `i >= MAX_PLAYERS`.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// let mut c = Coalition::empty();
    /// c.insert(3);
    /// c.insert(3);
    /// assert_eq!(c, Coalition::from_players([3]));
    /// ```
    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// Removes player `i`.
    ///
    /// # Panics
    /// If `i >= MAX_PLAYERS`.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// let mut c = Coalition::from_players([0, 1]);
    /// c.remove(0);
    /// assert_eq!(c, Coalition::from_players([1]));
    /// ```
    pub fn remove(&mut self, i: usize) {
        self.words[i / 64] &= !(1 << (i % 64));
    }

    /// This coalition with player `i` added.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// let c = Coalition::from_players([0]).with(2);
    /// assert_eq!(c, Coalition::from_players([0, 2]));
    /// ```
    pub fn with(mut self, i: usize) -> Self {
        self.insert(i);
        self
    }

    /// This coalition with player `i` removed.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// assert_eq!(Coalition::grand(3).without(1), Coalition::from_players([0, 2]));
    /// ```
    pub fn without(mut self, i: usize) -> Self {
        self.remove(i);
        self
    }

    /// The number of members.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// assert_eq!(Coalition::from_players([0, 64, 255]).len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the coalition has no members.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// assert!(Coalition::from_players([4]).without(4).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Members common to both coalitions.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// let a = Coalition::from_players([0, 1, 2]);
    /// let b = Coalition::from_players([1, 2, 3]);
    /// assert_eq!(a.intersection(&b), Coalition::from_players([1, 2]));
    /// ```
    pub fn intersection(&self, other: &Coalition) -> Coalition {
        let mut c = *self;
        for (a, b) in c.words.iter_mut().zip(other.words) {
            *a &= b;
        }
        c
    }

    /// Whether every member of `self` is a member of `other`.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// let minimal = Coalition::from_players([0, 2]);
    /// assert!(minimal.is_subset(&Coalition::grand(3)));
    /// assert!(!Coalition::grand(3).is_subset(&minimal));
    /// ```
    pub fn is_subset(&self, other: &Coalition) -> bool {
        self.words.iter().zip(other.words).all(|(a, b)| a & !b == 0)
    }

    /// The members in increasing order.
    ///
    /// ```
    /// use comity::game::Coalition;
    /// let c = Coalition::from_players([70, 3]);
    /// assert_eq!(c.players().collect::<Vec<_>>(), vec![3, 70]);
    /// ```
    pub fn players(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + b)
            })
        })
    }
}

impl fmt::Debug for Coalition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.players()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grand_coalition_has_exactly_n_members_across_word_boundaries() {
        for n in [0, 1, 63, 64, 65, 128, 193, 256] {
            let g = Coalition::grand(n);
            assert_eq!(g.len(), n);
            assert_eq!(g.players().last(), n.checked_sub(1));
        }
    }

    #[test]
    fn insert_remove_and_subset() {
        let a = Coalition::from_players([3, 70, 255]);
        let b = a.with(100);
        assert!(a.is_subset(&b) && !b.is_subset(&a));
        assert_eq!(b.without(100), a);
        assert_eq!(a.intersection(&Coalition::from_players([70, 5])), Coalition::from_players([70]));
    }
}
