"""Spatial bargaining, minilateral clubs and self-enforcing agreements through the Python API,
against published and hand-computed values, and their refusals of bad input."""

import math

import numpy as np
import pandas as pd
import pytest

import comity


def test_spatial_one_dimension_median_voter_and_setter():
    # Black (1948): under majority a policy beats the status quo 4 iff the median (2) prefers it,
    # so the winset is (0, 4); a setter at 0 gets 2 x 2 - 4 = 0 (Romer & Rosenthal 1978), and
    # under consensus the member at 4 blocks every move.
    game = comity.Game.weighted([1] * 5, 3, ids=list("ABCDE"))
    out = comity.spatial(game, ideals=[0, 1, 2, 3, 4], status_quo=4.0, setter="A")
    assert out.dimensions == 1 and out.winset == [(0.0, 4.0)]
    assert not out.in_core and out.in_unanimity_core
    assert (out.setter_outcome, out.consensus_outcome, out.majority_outcome) == (0.0, 4.0, 0.0)
    # The status quo at the median is in the core.
    assert comity.spatial(game, ideals=[0, 1, 2, 3, 4], status_quo=2.0).in_core


def test_spatial_ideals_as_a_series_follow_the_member_ids():
    game = comity.Game.weighted([1, 1, 1], 2, ids=["A", "B", "C"])
    shuffled = pd.Series({"C": 3.0, "A": 0.0, "B": 1.0})
    assert comity.spatial(game, ideals=shuffled, status_quo=2.0).winset == [(0.0, 2.0)]


def test_spatial_two_dimensions_lens_area_is_pi_minus_two():
    # Two members at (0, 0) and (2, 0) must agree, status quo (1, 1): the winset is the lens of
    # two discs of radius sqrt 2 with centres 2 apart, area pi - 2 (by hand).
    game = comity.Game.weighted([1, 1], 2)
    out = comity.spatial(game, ideals=[[0, 0], [2, 0]], status_quo=(1, 1), directions=3600)
    assert out.dimensions == 2 and out.winset.shape == (3600, 2)
    assert abs(out.winset_area - (math.pi - 2)) < 1e-5
    assert not out.in_core


def test_spatial_two_dimensions_plott_core():
    # Plott (1967): ideal points paired off about the origin make it a majority core point.
    ideals = np.array([[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]], dtype=float)
    game = comity.Game.weighted([1] * 5, 3)
    assert comity.spatial(game, ideals=ideals, status_quo=(0, 0)).in_core
    assert not comity.spatial(game, ideals=ideals, status_quo=(0.5, 0)).in_core


def test_spatial_refuses_bad_input():
    game = comity.Game.weighted([1, 1, 1], 2)
    with pytest.raises(comity.InputError, match="2 points for 3 members"):
        comity.spatial(game, ideals=[0, 1], status_quo=0)
    with pytest.raises(comity.InputError, match="setter: 'Z' is not a member id"):
        comity.spatial(game, ideals=[0, 1, 2], status_quo=0, setter="Z")
    with pytest.raises(comity.InputError, match="finite"):
        comity.spatial(game, ideals=[0, float("nan"), 2], status_quo=0)
    with pytest.raises(comity.InputError, match="n x 2"):
        comity.spatial(game, ideals=[0, 1, 2], status_quo=(0, 0))
    with pytest.raises(comity.InputError, match="directions"):
        comity.spatial(game, ideals=[[0, 0], [1, 1], [2, 2]], status_quo=(0, 0), directions=0)
    with pytest.raises(ValueError, match="ideals: none given"):
        comity.spatial(game, status_quo=0)


def test_club_with_targets_takes_the_largest_emitters():
    # Emissions 50, 30, 10, 10: 75% of the total needs the two largest (by hand).
    members = pd.DataFrame({"emissions": [50, 30, 10, 10], "gdp": [10, 10, 40, 30]}, index=list("ABCD"))
    c = comity.club(members, targets={"emissions": 0.75})
    assert c.members == ["A", "B"] and c.excluded == ["C", "D"]
    assert c.shares.loc["gdp", "club"] == pytest.approx(20 / 90)
    # Two targets: 60 of the emissions and 50 of the GDP need A and C only (by hand).
    both = comity.club(members, targets={"emissions": 0.6, "gdp": 50 / 90})
    assert both.members == ["A", "C"]


def test_club_of_the_security_council_rule_is_nine_with_the_permanent_five():
    unsc = comity.Institution.load("models/institutions/unsc.toml")
    c = comity.club(unsc, rule="substantive")
    assert len(c.members) == 9 and set(unsc.groups["permanent"]) <= set(c.members)
    assert len(c.excluded) == 6


def test_club_refuses_bad_input():
    members = pd.DataFrame({"emissions": [50, 30]}, index=["A", "B"])
    with pytest.raises(comity.InputError, match="no attribute 'gdp'"):
        comity.club(members, targets={"gdp": 0.5})
    with pytest.raises(comity.InputError, match="share in \\[0, 1\\]"):
        comity.club(members, targets={"emissions": 1.5})
    with pytest.raises(comity.InputError, match="targets: none given"):
        comity.club(members)
    unsc = comity.Institution.load("models/institutions/unsc.toml")
    with pytest.raises(comity.InputError, match="unanimous"):
        comity.club(unsc, rule="unanimous")


def test_coalition_linear_benefits_stable_size_is_three():
    # Barrett (2003), ch. 7; Finus (2001), ch. 13: with linear benefits only three sign. A
    # signatory of k gets b^2/c (k^2/2 + n - k): with n = 10, b = c = 1 and k = 3, 11.5, and
    # each of three signatories abates 3 while outsiders abate 1: 16 in all.
    df = comity.coalition(countries=10)
    assert df["signatories"].tolist() == [3] and df["members"].tolist() == [None]
    assert df.loc[0, "total_abatement"] == pytest.approx(16.0)
    assert df.loc[0, "full_cooperation_abatement"] == pytest.approx(100.0)
    assert df.attrs["countries"] == 10


def test_coalition_enumerates_every_stable_triple_by_id():
    benefits = pd.Series([1.0] * 4, index=["N", "E", "S", "W"])
    df = comity.coalition(benefits=benefits, costs=[1.0] * 4)
    assert df["members"].tolist() == [["N", "E", "S"], ["N", "E", "W"], ["N", "S", "W"], ["E", "S", "W"]]


def test_coalition_refuses_bad_input():
    with pytest.raises(comity.InputError, match="timing"):
        comity.coalition(countries=5, timing="cournot")
    with pytest.raises(comity.InputError, match="positive, finite"):
        comity.coalition(countries=5, cost=0.0)
    with pytest.raises(comity.InputError, match="one of each per country"):
        comity.coalition(benefits=[1.0, 2.0], costs=[1.0])
    with pytest.raises(comity.InputError, match="countries: none given"):
        comity.coalition()
    with pytest.raises(comity.InputError, match="the limit is 1000000"):
        comity.coalition(countries=2_000_000)
    with pytest.raises(comity.InputError, match="at most 20"):
        comity.coalition(benefits=[1.0] * 21, costs=[1.0] * 21)


def test_deadline_values_approach_the_stationary_equilibrium():
    # A dictator [3; 3, 1, 1] with recognition 0.6, 0.2, 0.2 and delta = 0.9: by hand its
    # stationary value is p / (1 - delta (1 - p)) = 0.6 / 0.64 = 0.9375; forty rounds come
    # within 1e-3 of it. With one round left each member's value is its recognition.
    game = comity.Game.weighted([3, 1, 1], 3, ids=["D", "X", "Y"])
    d = comity.deadline(game, discount=0.9, rounds=40, recognition=[0.6, 0.2, 0.2])
    assert abs(d.loc["D", "value"] - 0.9375) < 1e-3
    assert d.attrs["by_round"].shape == (40, 3)
    assert d.attrs["by_round"][0].tolist() == pytest.approx([0.6, 0.2, 0.2])


def test_deadline_refuses_bad_input():
    game = comity.Game.weighted([1, 1, 1], 2)
    with pytest.raises(comity.InputError, match="0 rounds"):
        comity.deadline(game, rounds=0)
    with pytest.raises(comity.InputError, match="rounds: 2.5"):
        comity.deadline(game, rounds=2.5)
    with pytest.raises(comity.InputError):
        comity.deadline(game, discount=1.5)


def test_open_rule_three_members_closed_forms():
    # Baron & Ferejohn (1989), Prop. 4 (restated by Primo 2006): for delta >= sqrt(3) - 1 one
    # partner, the proposer proposing to keep (4 - delta^2) / (4 + 2 delta - delta^2); below,
    # both others, offered delta / (1 + 2 delta) each.
    patient = comity.open_rule(3, discount=0.9)
    assert patient.coalition == 1
    assert patient.proposed_keep == pytest.approx((4 - 0.81) / 4.99, abs=1e-12)
    impatient = comity.open_rule(3, discount=0.5)
    assert impatient.coalition == 2 and impatient.offer == pytest.approx(0.5 / 2.0, abs=1e-12)


def test_open_rule_refuses_bad_input():
    with pytest.raises(comity.InputError, match="not a majority|majority"):
        comity.open_rule(10, 5)
    with pytest.raises(comity.InputError, match="members: -3"):
        comity.open_rule(-3)
    with pytest.raises(comity.InputError):
        comity.open_rule(2)


def test_co_facilitators_split_the_pen():
    # By hand: four members, the pen 0.5 split 0.6 / 0.4 between B and C: 0.3 and 0.2, and
    # 0.25 each for the other two.
    game = comity.Game.weighted([1] * 4, 3, ids=list("ABCD"))
    p = comity.co_facilitators(game, ("B", "C"), probability=0.5, share=0.6)
    assert p.to_dict() == pytest.approx({"A": 0.25, "B": 0.3, "C": 0.2, "D": 0.25})
    # The shared pen is what baron_ferejohn recognises with.
    majority = comity.Game.weighted([1] * 5, 3, ids=list("ABCDE"))
    shared = comity.co_facilitators(majority, ("B", "C"), probability=0.5, share=0.6)
    bf = comity.baron_ferejohn(majority, discount=0.9, recognition=shared)
    assert bf.recognition.tolist() == pytest.approx([0.5 / 3, 0.3, 0.2, 0.5 / 3, 0.5 / 3])
    assert bf.values.sum() == pytest.approx(1.0)


def test_co_facilitators_refuse_bad_input():
    game = comity.Game.weighted([1] * 4, 3, ids=list("ABCD"))
    with pytest.raises(comity.InputError, match="'Z' is not a member id"):
        comity.co_facilitators(game, ("A", "Z"))
    with pytest.raises(comity.InputError, match="co-facilitators"):
        comity.co_facilitators(game, ("A", "A"))
    with pytest.raises(comity.InputError, match="co-facilitators"):
        comity.co_facilitators(game, ("A", "B"), probability=1.5)


def test_status_quo_bargaining_settles_at_the_median():
    # Baron (1996): under majority rule policy converges to the median ideal point, 0.5.
    game = comity.Game.weighted([1] * 5, 3, ids=list("ABCDE"))
    eq = comity.status_quo(game, ideals=[0, 0.1, 0.5, 0.8, 1], status_quo=0.9, discount=0.8, horizon=20)
    assert abs(eq.long_run_mean - 0.5) < 0.02
    assert eq.proposals.shape == (5, 201) and list(eq.proposals.index) == list("ABCDE")
    assert len(eq.mean_path) == 21 and eq.mean_path[0] == pytest.approx(eq.start)
    assert eq.long_run["probability"].sum() == pytest.approx(1.0)


def test_status_quo_refuses_bad_input():
    game = comity.Game.weighted([1] * 3, 2)
    with pytest.raises(comity.InputError, match="expected below 1"):
        comity.status_quo(game, ideals=[0, 1, 2], discount=1.0)
    with pytest.raises(comity.InputError, match="grid"):
        comity.status_quo(game, ideals=[0, 1, 2], grid=10**9)
    with pytest.raises(comity.InputError, match="2 points for 3 members"):
        comity.status_quo(game, ideals=[0, 1])
    with pytest.raises(comity.InputError, match="range"):
        comity.status_quo(game, ideals=[0, 1, 2], range=(0.0,))
