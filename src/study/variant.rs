//! Building a variant: the institution file edited as the variant says (members removed and
//! added, placeholder seats, tags, attributes, votes from quotas), reduced to the variant's one
//! rule, validated and compiled like any institution file, with the study's groups resolved.

use super::StudyError;
use super::file::{RuleRef, StudyGroup, VariantSpec, VoteFormula};
use crate::game::{Game, MAX_PLAYERS};
use crate::model::{Column, Institution, InstitutionFile, Predicate, RuleEntry};
use crate::rules::Rule;

/// A variant ready to evaluate.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// use comity::game::{Coalition, SimpleGame};
/// let today = study.build(0)?;
/// assert_eq!((today.game.n(), today.chair), (15, None));
/// // The five permanent members (the study's group) and four elected members carry it;
/// // the ten elected members alone do not.
/// assert_eq!(today.groups[0], vec![0, 1, 2, 3, 4]);
/// assert!(today.game.is_winning(&Coalition::from_players(0..9)));
/// assert!(!today.game.is_winning(&Coalition::from_players(5..15)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct BuiltVariant {
    /// The edited institution (with only the variant's rule).
    pub institution: Institution,
    /// The variant's rule as a game over the institution's members.
    pub game: Game,
    /// Each study group's members (positions), in study order.
    pub groups: Vec<Vec<usize>>,
    /// The chair's position, if the variant or study names one.
    pub chair: Option<usize>,
    /// A like-minded coalition's participants and internal rule (the variant's kind).
    pub like_minded: Option<super::like_minded::LikeMindedCoalition>,
}

/// Applies `variant` to `base` and compiles it; `label` names the variant in errors.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// // Reached through `Study::build` (this module is private).
/// let no_veto = study.build(1)?;
/// assert_eq!(no_veto.institution.rules().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build(
    base: &InstitutionFile,
    variant: &VariantSpec,
    groups: &[StudyGroup],
    chair: Option<&str>,
    spatial: Option<&super::SpatialSettings>,
    label: &str,
    assumption_source: &str,
) -> Result<BuiltVariant, StudyError> {
    let err = |field: &str, message: String| StudyError::new(label, field.to_string(), message);
    let mut file = base.clone();
    for id in &variant.remove_members {
        let before = file.members.len();
        file.members.retain(|m| &m.id != id);
        if file.members.len() == before {
            return Err(err("remove_members", format!("no member '{id}' to remove")));
        }
        for group in &mut file.groups {
            if let Some(ids) = &mut group.ids {
                ids.retain(|g| g != id);
            }
        }
    }
    file.members.extend(variant.add_members.iter().cloned());
    for (s, seats) in variant.add_seats.iter().enumerate() {
        // Checked before the seats are added, so that a huge count is refused rather than
        // allocated; the institution's own member limit is checked when it is validated.
        let members = file.members.len().checked_add(seats.count).filter(|&n| n <= MAX_PLAYERS);
        if members.is_none() {
            return Err(err(
                &format!("add_seats[{s}].count"),
                format!(
                    "{} seats on {} members; expected at most {MAX_PLAYERS} members in all",
                    seats.count,
                    file.members.len()
                ),
            ));
        }
        for k in 1..=seats.count {
            file.members.push(crate::model::MemberEntry {
                id: format!("{}{k}", seats.id),
                name: format!("{} {k}", seats.name),
                tags: seats.tags.clone(),
                attributes: seats.attributes.clone(),
            });
        }
    }
    let position = |file: &InstitutionFile, id: &str, field: &str| {
        file.members.iter().position(|m| m.id == id).ok_or_else(|| err(field, format!("no member '{id}'")))
    };
    for (id, tags) in &variant.add_tags {
        let i = position(&file, id, "add_tags")?;
        for tag in tags {
            if !file.members[i].tags.contains(tag) {
                file.members[i].tags.push(tag.clone());
            }
        }
    }
    for (id, tags) in &variant.remove_tags {
        let i = position(&file, id, "remove_tags")?;
        file.members[i].tags.retain(|t| !tags.contains(t));
    }
    for (id, values) in &variant.set_attributes {
        let i = position(&file, id, "set_attributes")?;
        for (attribute, value) in values {
            declare(&mut file, attribute, assumption_source);
            file.members[i].attributes.insert(attribute.clone(), *value);
        }
    }
    if let Some(formula) = &variant.derive_votes {
        derive_votes(&mut file, formula).map_err(|m| err("derive_votes", m))?;
    }
    file.rules = vec![variant_rule(base, variant).map_err(|m| err("rule", m))?];
    // Group attributes need the groups of the edited body, so they come last.
    if !variant.set_group_attributes.is_empty() {
        let institution = validate(file.clone(), label)?;
        let resolved = resolve_groups(&institution, groups, label)?;
        for (k, setting) in variant.set_group_attributes.iter().enumerate() {
            let members: Vec<usize> = if setting.group == "all" {
                (0..file.members.len()).collect()
            } else {
                match groups.iter().position(|g| g.name == setting.group) {
                    Some(g) => resolved[g].clone(),
                    None => {
                        return Err(err(
                            &format!("set_group_attributes[{k}].group"),
                            format!("unknown group '{}'; expected a study group or all", setting.group),
                        ));
                    }
                }
            };
            declare(&mut file, &setting.attribute, assumption_source);
            for i in members {
                file.members[i].attributes.insert(setting.attribute.clone(), setting.value);
            }
        }
    }
    // A like-minded coalition's participants may depend on the edited attributes (ideal
    // points for stable membership), so its club rule replaces the placeholder last.
    let like_minded = match &variant.like_minded {
        Some(spec) => {
            let institution = validate(file.clone(), label)?;
            let resolved = resolve_groups(&institution, groups, label)?;
            let leader = variant.chair.as_deref().or(chair);
            let coalition = super::like_minded::participants(
                &institution,
                spec,
                groups,
                &resolved,
                spatial,
                leader,
                label,
            )?;
            file.rules[0].rule = super::like_minded::club_rule(&institution, &coalition);
            Some(coalition)
        }
        None => None,
    };
    let institution = validate(file, label)?;
    let game = institution.compile(&variant.name).map_err(|e| err("rule", e.to_string()))?.game;
    let groups = resolve_groups(&institution, groups, label)?;
    let chair = match variant.chair.as_deref().or(chair) {
        Some(id) => Some(institution.member_index(id).ok_or_else(|| {
            err("chair", format!("'{id}' is not a member of this variant; expected a member id"))
        })?),
        None => None,
    };
    Ok(BuiltVariant { institution, game, groups, chair, like_minded })
}

fn validate(file: InstitutionFile, label: &str) -> Result<Institution, StudyError> {
    Institution::validate(file, "", label).map_err(|e| {
        // The model error already names the label and field.
        StudyError::new(&e.file, e.field.clone(), e.kind.to_string())
    })
}

/// Declares an attribute the variant introduces as a study assumption.
fn declare(file: &mut InstitutionFile, attribute: &str, source: &str) {
    file.columns.entry(attribute.to_string()).or_insert_with(|| Column {
        source: format!("assumption of the study: {source}"),
        date: file.institution.date.clone(),
        unit: None,
    });
}

/// The variant's rule, named after the variant.
fn variant_rule(base: &InstitutionFile, variant: &VariantSpec) -> Result<RuleEntry, String> {
    let (rule, description, source) = match &variant.rule {
        _ if variant.like_minded.is_some() => (super::like_minded::placeholder(), None, None),
        RuleRef::Inline(rule) => (rule.clone(), None, None),
        RuleRef::Named(name) => match base.rules.iter().find(|r| &r.name == name) {
            Some(entry) => (entry.rule.clone(), entry.description.clone(), entry.source.clone()),
            // `rule = "unanimity"` is both a possible rule name and the inline primitive.
            None if name == "unanimity" => (Rule::Unanimity, None, None),
            None => {
                let known: Vec<&str> = base.rules.iter().map(|r| r.name.as_str()).collect();
                return Err(format!(
                    "unknown rule '{name}'; expected one of {} or a rule in the rule language",
                    known.join(", ")
                ));
            }
        },
    };
    Ok(RuleEntry {
        name: variant.name.clone(),
        description: description.or_else(|| variant.description.clone()),
        source: source.or_else(|| variant.source.clone()),
        rule,
    })
}

/// Sets the vote attribute from quotas and basic votes (see [`VoteFormula`]).
fn derive_votes(file: &mut InstitutionFile, formula: &VoteFormula) -> Result<(), String> {
    let positive = |x: f64| x.is_finite() && x > 0.0;
    if !positive(formula.votes_per_quota_unit) || !positive(formula.quota_factor) {
        return Err(format!(
            "votes_per_quota_unit {} and quota_factor {}; expected positive numbers",
            formula.votes_per_quota_unit, formula.quota_factor
        ));
    }
    let mut quota_votes = Vec::with_capacity(file.members.len());
    for m in &mut file.members {
        let quota = *m.attributes.get(&formula.quota).ok_or_else(|| {
            format!(
                "member '{}' has no attribute '{}'; expected a quota for every member",
                m.id, formula.quota
            )
        })?;
        let scaled = quota * formula.quota_factor;
        m.attributes.insert(formula.quota.clone(), scaled);
        quota_votes.push((scaled * formula.votes_per_quota_unit).round());
    }
    let n = file.members.len() as f64;
    let basic = match (formula.basic_votes, formula.basic_share) {
        (Some(b), None) if b.is_finite() && b >= 0.0 => b,
        (None, Some(s)) if (0.0..1.0).contains(&s) => {
            let total: f64 = quota_votes.iter().sum();
            (s * total / ((1.0 - s) * n)).round()
        }
        _ => {
            return Err(format!(
                "basic_votes {:?}, basic_share {:?}; expected exactly one: basic_votes >= 0 or 0 <= basic_share < 1",
                formula.basic_votes, formula.basic_share
            ));
        }
    };
    if !file.columns.contains_key(&formula.attribute) {
        return Err(format!("the institution has no column '{}' to write votes to", formula.attribute));
    }
    for (m, q) in file.members.iter_mut().zip(quota_votes) {
        m.attributes.insert(formula.attribute.clone(), basic + q);
    }
    Ok(())
}

/// Each study group's members in `institution`.
///
/// ```
/// // `study`: today's Council and the Council without the veto (the example of `Study`).
/// # use comity::study::Study;
/// # let text = r#"
/// # [study]
/// # id = "veto"
/// # title = "The veto"
/// # question = "What does the veto give the permanent members?"
/// # source = "models/institutions/unsc.toml"
/// # date = "2026-11-30"
/// # baseline = "today"
/// # measures = ["shapley_shubik", "banzhaf"]
/// #
/// # [institutions]
/// # unsc = "unsc.toml"
/// #
/// # [[groups]]
/// # name = "permanent"
/// # tag = "P5"
/// #
/// # [[variants]]
/// # name = "today"
/// # institution = "unsc"
/// # rule = "substantive"
/// #
/// # [[variants]]
/// # name = "no_veto"
/// # institution = "unsc"
/// # rule = { count = { at_least = 9 } }
/// # "#;
/// # let study = Study::from_toml(text, "veto.toml", std::path::Path::new("models/institutions"))?;
/// // Reached through `Study::build` (this module is private): the group `permanent`
/// // (tag P5) is the Council's first five members.
/// assert_eq!(study.build(0)?.groups, vec![vec![0, 1, 2, 3, 4]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn resolve_groups(
    institution: &Institution,
    groups: &[StudyGroup],
    label: &str,
) -> Result<Vec<Vec<usize>>, StudyError> {
    let members = institution.members();
    groups
        .iter()
        .enumerate()
        .map(|(k, g)| {
            let field = format!("groups[{}]", g.name);
            let found: Vec<usize> = if let Some(name) = &g.group {
                institution
                    .group(name)
                    .ok_or_else(|| {
                        let known: Vec<&str> = institution.groups().iter().map(|g| g.name.as_str()).collect();
                        StudyError::new(
                            label,
                            field.clone(),
                            format!(
                                "unknown group '{name}' in the institution; expected one of {}",
                                known.join(", ")
                            ),
                        )
                    })?
                    .to_vec()
            } else if let Some(tag) = &g.tag {
                institution.members_tagged(tag)
            } else if let Some(ids) = &g.ids {
                ids.iter().filter_map(|id| institution.member_index(id)).collect()
            } else if let Some(text) = &g.predicate {
                let p = Predicate::parse(text).ok_or_else(|| {
                    StudyError::new(
                        label,
                        field.clone(),
                        format!("bad predicate '{text}'; expected such as population < 10e6"),
                    )
                })?;
                (0..members.len())
                    .filter(|&i| members[i].attributes.get(&p.attribute).is_some_and(|&v| p.holds(v)))
                    .collect()
            } else {
                return Err(StudyError::new(
                    label,
                    format!("groups[{k}]"),
                    "expected one of group, tag, ids, predicate",
                ));
            };
            let mut found = found;
            found.sort_unstable();
            found.dedup();
            Ok(found)
        })
        .collect()
}
