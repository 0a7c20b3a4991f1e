//! The brute-force twin of the Baron-Ferejohn solvers: the equilibrium conditions checked
//! member by member over every coalition, independently of the library's classes and methods
//! (used by `tests/baron_ferejohn.rs` and `tests/baron_ferejohn_threshold.rs`).

use comity::bargaining::BaronFerejohn;
use comity::game::{Coalition, Game, SimpleGame};

/// Subsets of `pool` of size `k`.
pub fn subsets(pool: &[usize], k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![vec![]];
    }
    if pool.len() < k {
        return vec![];
    }
    let mut with: Vec<Vec<usize>> = subsets(&pool[1..], k - 1);
    with.iter_mut().for_each(|s| s.insert(0, pool[0]));
    with.extend(subsets(&pool[1..], k));
    with
}

/// The equilibrium conditions, checked member by member over every coalition, independently of
/// the library's classes: every partner set a proposer may draw makes a winning coalition that
/// is cheapest among all winning coalitions containing the proposer; probabilities sum to one;
/// each value solves `v_j = p_j (1 - c_j) + delta v_j sum_{i != j} p_i Pr[i invites j]`; and
/// values sum to 1.
pub fn check_by_brute_force(game: &Game, p: &[f64], eq: &BaronFerejohn) {
    let n = game.n();
    let delta = eq.discount;
    let v = &eq.values;
    let price = |s: &[usize]| delta * s.iter().map(|&j| v[j]).sum::<f64>();
    let mut invited = vec![vec![0.0; n]; n]; // invited[i][j] = Pr[i invites j | i proposes]
    let mut pays = vec![0.0; n];
    for i in 0..n {
        let class = &eq.classes[eq.class_of[i]];
        let cheapest = (0u64..1 << n)
            .filter(|mask| mask >> i & 1 == 1)
            .map(|mask| Coalition::from_players((0..n).filter(|j| mask >> j & 1 == 1)))
            .filter(|c| game.is_winning(c))
            .map(|c| price(&c.players().filter(|&j| j != i).collect::<Vec<_>>()))
            .fold(f64::INFINITY, f64::min);
        let total: f64 = class.proposals.iter().map(|q| q.probability).sum();
        assert!((total - 1.0).abs() < 1e-9, "member {i}: probabilities sum to {total}");
        for proposal in &class.proposals {
            // Every draw of partners: a uniform subset of each class, the proposer excluded.
            let mut draws: Vec<Vec<usize>> = vec![vec![]];
            for (c, &k) in proposal.partners.iter().enumerate() {
                let pool: Vec<usize> = eq.classes[c].members.iter().copied().filter(|&j| j != i).collect();
                let choices = subsets(&pool, k);
                assert!(!choices.is_empty(), "member {i}: {k} partners from a pool of {}", pool.len());
                for &j in &pool {
                    invited[i][j] += proposal.probability * k as f64 / pool.len() as f64;
                }
                draws = draws
                    .iter()
                    .flat_map(|d| choices.iter().map(move |s| [d.clone(), s.clone()].concat()))
                    .collect();
            }
            for partners in &draws {
                let coalition = Coalition::from_players(partners.iter().copied().chain([i]));
                assert!(game.is_winning(&coalition), "member {i}: partners {partners:?} do not win");
                let cost = price(partners);
                assert!(cost <= cheapest + 1e-8, "member {i}: pays {cost}, cheapest {cheapest}");
            }
            pays[i] += proposal.probability * price(&draws[0]);
        }
        assert!((eq.classes[eq.class_of[i]].offer - delta * v[i]).abs() < 1e-12);
    }
    for j in 0..n {
        let invitation: f64 = (0..n).filter(|&i| i != j).map(|i| p[i] * invited[i][j]).sum();
        let value = p[j] * (1.0 - pays[j]) + delta * v[j] * invitation;
        assert!((value - v[j]).abs() < 1e-8, "member {j}: value {} against its equation {value}", v[j]);
    }
    assert!((v.iter().sum::<f64>() - 1.0).abs() < 1e-8);
}
