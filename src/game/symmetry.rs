//! Interchangeable players, read off a game's representation.
//!
//! Players `i` and `j` are interchangeable (symmetric) when swapping them maps winning
//! coalitions to winning coalitions. Deciding this in general needs the whole winning set;
//! here it is read off the representation, which gives a sufficient condition: equal weights in
//! every weighted condition, the same club membership, the same bloc with equal standing inside
//! it. Enumerated games put every player in a class of its own. Algorithms that work on classes
//! of players instead of players (Baron-Ferejohn bargaining on the General Assembly's 193
//! members) use this partition.
//!
//! # References
//! Taylor & Zwicker (1999), *Simple Games*, §3.2 (symmetric players and the desirability
//! relation).

use super::Game;
use std::collections::HashMap;

/// A key per player; equal keys imply interchangeable players.
fn signatures(game: &Game) -> Vec<Vec<u64>> {
    match game {
        Game::Weighted(g) => g.weights().iter().map(|&w| vec![w]).collect(),
        Game::SizeWeight(g) => g.weights().iter().map(|&w| vec![w]).collect(),
        Game::VectorWeighted(g) => {
            let dimensions: Vec<&[u64]> = g.dimensions().map(|d| d.weights()).collect();
            (0..game_size(game)).map(|i| dimensions.iter().map(|w| w[i]).collect()).collect()
        }
        Game::Composite(g) => {
            let parts: Vec<Vec<Vec<u64>>> = g.parts().iter().map(signatures).collect();
            // Each part's key is prefixed with its length, so that the concatenation is
            // unambiguous when keys have different lengths (club members and outsiders).
            (0..game_size(game))
                .map(|i| {
                    parts
                        .iter()
                        .flat_map(|p| std::iter::once(p[i].len() as u64).chain(p[i].iter().copied()))
                        .collect()
                })
                .collect()
        }
        Game::Club(g) => {
            let inner = signatures(g.inner());
            let mut keys = vec![vec![0]; game_size(game)];
            for (k, &m) in g.members().iter().enumerate() {
                keys[m] = std::iter::once(1).chain(inner[k].iter().copied()).collect();
            }
            keys
        }
        Game::Blocs(g) => {
            // Independents are compared in the top rule; bloc members only inside their bloc,
            // since the bloc's vote is cast for all of them together.
            let top = signatures(g.top());
            let mut keys: Vec<Vec<u64>> =
                top.into_iter().map(|t| std::iter::once(0).chain(t).collect()).collect();
            for (b, bloc) in g.blocs().iter().enumerate() {
                let inner = signatures(bloc.rule());
                for (k, &m) in bloc.members().iter().enumerate() {
                    keys[m] = [1, b as u64].into_iter().chain(inner[k].iter().copied()).collect();
                }
            }
            keys
        }
        Game::Explicit(_) => (0..game_size(game) as u64).map(|i| vec![u64::MAX, i]).collect(),
    }
}

fn game_size(game: &Game) -> usize {
    use super::SimpleGame;
    game.n()
}

/// A class label per player, numbered from 0 in order of first appearance: players with the
/// same label are interchangeable in `game` (a sufficient condition read off the
/// representation; see the module documentation).
///
/// ```
/// use comity::game::{interchangeable_classes, Game, WeightedGame};
/// let game = Game::from(WeightedGame::new(vec![3, 1, 3, 2], 5).unwrap());
/// assert_eq!(interchangeable_classes(&game), vec![0, 1, 0, 2]);
/// ```
pub fn interchangeable_classes(game: &Game) -> Vec<usize> {
    let mut seen: HashMap<Vec<u64>, usize> = HashMap::new();
    signatures(game)
        .into_iter()
        .map(|key| {
            let next = seen.len();
            *seen.entry(key).or_insert(next)
        })
        .collect()
}
