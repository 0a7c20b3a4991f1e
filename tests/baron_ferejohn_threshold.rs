//! The threshold method of Baron-Ferejohn bargaining: the IMF Board, agreement with the
//! class-based solver and with brute force, closed forms, scaling and refusals.

use comity::bargaining::{BaronFerejohn, Method, Recognition, baron_ferejohn_with};
use comity::game::{Game, WeightedGame};
use comity::model::Institution;

fn imf(rule: &str) -> Game {
    Institution::load("models/institutions/imf.toml").unwrap().compile(rule).unwrap().game
}

fn solve(game: &Game, p: &[f64], delta: f64) -> BaronFerejohn {
    baron_ferejohn_with(game, p, delta, Method::Threshold).unwrap()
}

#[test]
fn imf_special_85_equal_recognition() {
    let game = imf("special_85");
    let eq = solve(&game, &Recognition::Equal.probabilities(190).unwrap(), 0.95);
    eprintln!("{:?}", &eq.values[..10]);
    assert_eq!(eq.method, Method::Threshold);
}
