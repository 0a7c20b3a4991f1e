//! Pooling in a study: each candidate bloc's power alone, through the bloc, as an a priori
//! union, and as one player, under a variant's rule.
//!
//! Three readings answer three questions (see [`crate::caucus::pooling`]):
//!
//! - **compound game** (Felsenthal & Machover 1998, sec. 2.3): "what can a member do through
//!   its bloc?" The bloc agrees by its internal quota and votes as one, and each member's
//!   power is its index in that game of the members. Its Penrose (absolute Banzhaf) measure is
//!   its chance of swinging the bloc times the bloc's chance of swinging the body; its
//!   Shapley-Shubik index is the exact index of the compound game, not such a product. This is
//!   what a study variant with a `blocs` rule reports for the bloc's members.
//! - **a priori union** (Owen 1977): "how is the body's power shared when the bloc bargains as
//!   one unit?" The Owen value; the bloc's total is its share as one player.
//! - **blocs as players**: every bloc of the `[pooling]` section merged into one player at
//!   once, with the others alone: the share of the body's power the blocs hold as players.
//!
//! The compound and the union readings differ because the compound reading counts every
//! member's own pivots (a bloc of 39 has 39 members who can each swing it), while the union
//! and player readings count the bloc's pivots once. A group's compound total is therefore not
//! the share of the body's power that the bloc holds as one unit: the compound Shapley-Shubik
//! indices of all members sum to one (it is the Shapley-Shubik index of a game on the members),
//! but they share the pivots among the members as the internal quota makes them, and the
//! Penrose measures, absolute, need not sum to anything.
//!
//! The variant's rule must be one weighted threshold (a count, a weighted quota or consensus);
//! the measure applies the blocs itself, so it is asked of the variant without blocs.
//!
//! # References
//! Felsenthal & Machover (1998), *The Measurement of Voting Power*, sec. 2.3 and 6.3; Owen
//! (1977), "Values of games with a priori unions".
//!
//! ```
//! use comity::study::Study;
//! // The General Assembly under two-thirds: AOSIS pools by a simple majority of its members.
//! let text = r#"
//! [study]
//! id = "pool"
//! title = "Pooling"
//! question = "Does AOSIS gain by pooling?"
//! source = "models/institutions/unga.toml"
//! date = "2026-11-30"
//! measures = ["banzhaf", "pooling"]
//! [institutions]
//! unga = "unga.toml"
//! [[groups]]
//! name = "aosis"
//! group = "aosis"
//! [pooling]
//! blocs = [{ group = "aosis" }]
//! [[variants]]
//! name = "two_thirds"
//! institution = "unga"
//! rule = "two_thirds"
//! "#;
//! let study = Study::from_toml(text, "pool.toml", std::path::Path::new("models/institutions"))?;
//! let aosis = &study.evaluate(0)?.pooling.expect("measured")[0];
//! // AOSIS's 37 UN members, agreeing by a simple majority of 19.
//! assert_eq!((aosis.size, aosis.internal_quota), (37, 19));
//! // Alone: 37 of 193 equal members hold 37/193 of the Shapley-Shubik power.
//! assert!((aosis.alone - 37.0 / 193.0).abs() < 1e-9);
//! // One bloc: the union total and the bloc's share as a player are the same number.
//! assert!((aosis.unions - aosis.blocs_as_players).abs() < 1e-9);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::file::{Measure, PoolingSettings, StudyFile};
use super::variant::BuiltVariant;
use crate::caucus::{Gains, pooling, weighted_top};
use crate::game::{Game, WeightedGame};
use crate::power::{PowerOptions, power_indices};
use serde::Serialize;

/// One bloc's power under the three readings, in one variant.
///
/// ```
/// use comity::caucus::Gains;
/// use comity::study::PoolingResult;
/// let no = Gains { every_member: false, median_member: false, bloc: false };
/// let r = PoolingResult { group: "aosis".into(), size: 39, internal_quota: 20, alone: 0.2,
///     compound: 0.4, unions: 0.25, blocs_as_players: 0.25, member_penrose_alone: 0.05,
///     member_penrose_compound: 0.01, compound_gains: no, union_gains: no };
/// assert!(r.compound > r.unions); // the compound reading counts each member's own pivots
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolingResult {
    /// The study group forming the bloc.
    pub group: String,
    /// Its members in this variant.
    pub size: usize,
    /// Members the bloc needs to vote yes.
    pub internal_quota: usize,
    /// The members' total Shapley-Shubik share with no bloc.
    pub alone: f64,
    /// The members' total Shapley-Shubik index through the bloc (compound game).
    pub compound: f64,
    /// The members' total Owen value with the bloc as an a priori union: the bloc's share.
    pub unions: f64,
    /// The bloc's Shapley-Shubik share with every `[pooling]` bloc as one player.
    pub blocs_as_players: f64,
    /// The median member's Penrose measure (chance of being decisive) alone.
    pub member_penrose_alone: f64,
    /// The median member's Penrose measure through the bloc.
    pub member_penrose_compound: f64,
    /// Who gains Shapley-Shubik power in the compound game.
    pub compound_gains: Gains,
    /// Who gains as an a priori union (Owen value).
    pub union_gains: Gains,
}

/// The pooling results of one variant; `None` with a note when the measure is not asked for
/// or cannot be computed.
pub(super) fn pooled(
    built: &BuiltVariant,
    file: &StudyFile,
    measures: &[Measure],
    notes: &mut Vec<String>,
) -> Option<Vec<PoolingResult>> {
    if !measures.contains(&Measure::Pooling) {
        return None;
    }
    let mut note = |message: String| {
        notes.push(format!("pooling: {message}"));
        None
    };
    let Some(settings) = file.pooling.as_ref() else {
        return note("the study has no [pooling] settings".into());
    };
    let Some(top) = weighted_top(&built.game) else {
        return note(
            "the rule is not one weighted threshold (a count, a weighted quota or consensus); the measure applies the blocs itself, so ask it of the variant without blocs".into(),
        );
    };
    let blocs = match bloc_members(built, file, settings) {
        Ok(blocs) => blocs,
        Err(message) => return note(message),
    };
    let players = match blocs_as_players(&top, &blocs) {
        Ok(shares) => shares,
        Err(message) => return note(message),
    };
    let mut results = Vec::with_capacity(blocs.len());
    for ((spec, members), as_player) in settings.blocs.iter().zip(&blocs).zip(players) {
        let k = members.len();
        let quota = spec.internal_quota.unwrap_or(k / 2 + 1);
        let r = match pooling(&top, members, quota) {
            Ok(r) => r,
            Err(e) => return note(format!("bloc '{}': {e}", spec.group)),
        };
        let total = |f: &dyn Fn(&crate::caucus::MemberPooling) -> f64| r.members.iter().map(f).sum::<f64>();
        let median = |f: &dyn Fn(&crate::caucus::MemberPooling) -> f64| {
            let mut v: Vec<f64> = r.members.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        results.push(PoolingResult {
            group: spec.group.clone(),
            size: k,
            internal_quota: quota,
            alone: total(&|m| m.alone.shapley_shubik),
            compound: total(&|m| m.compound.shapley_shubik),
            unions: total(&|m| m.unions.shapley_shubik),
            blocs_as_players: as_player,
            member_penrose_alone: median(&|m| m.alone.banzhaf),
            member_penrose_compound: median(&|m| m.compound.banzhaf),
            compound_gains: r.compound_gains().0,
            union_gains: r.union_gains().0,
        });
    }
    Some(results)
}

/// Each bloc's members in this variant: non-empty and not overlapping.
fn bloc_members(
    built: &BuiltVariant,
    file: &StudyFile,
    settings: &PoolingSettings,
) -> Result<Vec<Vec<usize>>, String> {
    let mut taken = vec![false; built.institution.members().len()];
    let mut blocs = Vec::with_capacity(settings.blocs.len());
    for spec in &settings.blocs {
        let k = file
            .groups
            .iter()
            .position(|g| g.name == spec.group)
            .ok_or_else(|| format!("bloc '{}' is not a study group", spec.group))?;
        let members = built.groups[k].clone();
        if members.is_empty() {
            return Err(format!("bloc '{}' has no members in this variant", spec.group));
        }
        if let Some(&i) = members.iter().find(|&&i| taken[i]) {
            return Err(format!(
                "bloc '{}' shares member {} with an earlier bloc; expected blocs that do not overlap",
                spec.group,
                built.institution.members()[i].id
            ));
        }
        for &i in &members {
            taken[i] = true;
        }
        blocs.push(members);
    }
    Ok(blocs)
}

/// Each bloc's Shapley-Shubik share when every bloc is one player (its members' weights
/// summed) and the other members play alone.
fn blocs_as_players(top: &WeightedGame, blocs: &[Vec<usize>]) -> Result<Vec<f64>, String> {
    let weights = top.weights();
    let mut in_bloc = vec![false; weights.len()];
    let mut merged: Vec<u64> = Vec::with_capacity(weights.len());
    for bloc in blocs {
        merged.push(bloc.iter().map(|&i| weights[i]).sum());
        for &i in bloc {
            in_bloc[i] = true;
        }
    }
    merged.extend(weights.iter().zip(&in_bloc).filter(|(_, inside)| !**inside).map(|(w, _)| *w));
    let game = WeightedGame::new(merged, top.quota()).map_err(|e| e.to_string())?;
    let options = PowerOptions { shapley_shubik: true, exact: false };
    let indices = power_indices(&Game::from(game), &options).map_err(|e| e.to_string())?;
    let shares = indices.shapley_shubik().ok_or("Shapley-Shubik shares were not computed")?;
    Ok(shares[..blocs.len()].to_vec())
}
