use comity::game::{Game, WeightedGame};
use comity::power::{power_indices, PowerOptions};
use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string("/work/shared/data/imf_votes.csv").unwrap();
    let votes: Vec<u64> = text.lines().skip(1).map(|l| l.rsplit(',').next().unwrap().trim().parse().unwrap()).collect();
    let total: u64 = votes.iter().sum();
    for (name, q) in [("50%", total / 2 + 1), ("70%", (total * 70).div_ceil(100)), ("85%", (total * 85).div_ceil(100))] {
        let g = Game::from(WeightedGame::new(votes.clone(), q).unwrap());
        let t = Instant::now();
        let b = power_indices(&g, &PowerOptions { shapley_shubik: false, exact: false }).unwrap();
        let tb = t.elapsed();
        let t = Instant::now();
        let s = power_indices(&g, &PowerOptions::default()).unwrap();
        let ts = t.elapsed();
        let ss = s.shapley_shubik().unwrap();
        println!("{name}: banzhaf {:?} all {:?}; US ss {:.6} bz {:.6}; sum ss {:.15}; {}", tb, ts, ss[180], b.banzhaf()[180], ss.iter().sum::<f64>(), s.method());
    }
}
