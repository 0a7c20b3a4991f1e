"""Published and hand-checked values, as the Rust tests hold them, through the Python API."""

from fractions import Fraction

import numpy as np

import comity


def test_security_council_shapley_shubik_is_421_and_4_over_2145():
    # Shapley & Shubik (1954); exact values in Felsenthal & Machover (1998), sec. 4.3.
    unsc = comity.Institution.load("models/institutions/unsc.toml")
    df = comity.power_indices(unsc, rule="substantive", exact=True)
    permanent = unsc.groups["permanent"]
    elected = unsc.groups["elected"]
    assert set(df.loc[permanent, "shapley_shubik_exact"]) == {Fraction(421, 2145)}
    assert set(df.loc[elected, "shapley_shubik_exact"]) == {Fraction(4, 2145)}
    assert abs(df.loc["CHN", "shapley_shubik"] - 421 / 2145) < 1e-12


def test_security_council_banzhaf_is_106_over_635():
    # The weighted form [39; 7 x 5, 1 x 10]: 848 swings per permanent member, 84 per elected.
    game = comity.Game.weighted([7] * 5 + [1] * 10, 39)
    df = comity.power_indices(game, exact=True)
    assert df["banzhaf_exact"].iloc[0] == Fraction(106, 635)
    assert df["banzhaf_exact"].iloc[14] == Fraction(21, 1270)
    assert df.attrs["power_to_act"] == Fraction(53, 2048)


def test_the_weighted_and_the_rule_forms_of_the_council_agree():
    unsc = comity.Institution.load("models/institutions/unsc.toml")
    by_rule = comity.power_indices(unsc, rule="substantive", exact=True)
    weighted = comity.power_indices(comity.Game.weighted([7] * 5 + [1] * 10, 39, ids=list(unsc.members.index)), exact=True)
    assert by_rule["banzhaf_exact"].tolist() == weighted["banzhaf_exact"].tolist()


def test_eec_1958_luxembourg_is_a_dummy():
    # Council of the EEC (1958): [12; 4, 4, 4, 2, 2, 1]; Luxembourg never swings
    # (Felsenthal & Machover 1998, sec. 2.3).
    game = comity.Game.weighted([4, 4, 4, 2, 2, 1], 12, ids=["DE", "FR", "IT", "BE", "NL", "LU"])
    df = comity.power_indices(game, exact=True)
    assert df.loc["LU", "banzhaf_exact"] == 0 and df.loc["LU", "shapley_shubik_exact"] == 0
    s = comity.structure(game)
    assert s["members"].loc["LU", "null"] and not s["members"].loc["DE", "null"]
    assert all("LU" not in c for c in s["minimal_winning"])


def test_talmud_nucleolus_for_the_three_estates():
    # Aumann & Maschler (1985), table 1: estates 100, 200, 300 for claims 100, 200, 300.
    expected = {
        100: [Fraction(100, 3)] * 3,
        200: [Fraction(50), Fraction(75), Fraction(75)],
        300: [Fraction(50), Fraction(100), Fraction(150)],
    }
    for estate, allocation in expected.items():
        nu = comity.TuGame.bankruptcy(estate, [100, 200, 300]).nucleolus()
        assert nu.exact == allocation
        assert nu.kind == "nucleolus"
        assert np.allclose(nu.allocation, [float(x) for x in allocation])


def test_a_degenerate_bimatrix_game_gives_its_extreme_equilibria():
    # The row player is indifferent; the column player matches the row player's likelier action.
    # Extreme equilibria: (e0, e0), (e1, e1) and (1/2, 1/2) against either column.
    eqs = comity.nash(np.array([[1, 0], [1, 0]]), np.array([[1, 0], [0, 1]]))
    assert len(eqs) == 4 and all(e.degenerate for e in eqs)
    assert {e.method for e in eqs} == {"vertex enumeration"}
    found = {tuple(tuple(p) for p in e.exact) for e in eqs}
    half = (Fraction(1, 2), Fraction(1, 2))
    assert (half, (Fraction(1), Fraction(0))) in found
    assert (half, (Fraction(0), Fraction(1))) in found


def test_shapley_value_of_a_tu_game_given_as_a_dict():
    # v(01) = 60, v(02) = 80, v(12) = 90, v(N) = 120. By hand over the 6 orders: player 0 adds
    # 0, 0, 60, 80, 30, 30 (sum 200), player 1 adds 0, 0, 60, 90, 40, 40 (230), player 2 adds
    # 0, 0, 80, 90, 60, 60 (290); divided by 6.
    by_dict = comity.TuGame({frozenset({0, 1}): 60, frozenset({0, 2}): 80, frozenset({1, 2}): 90,
                             frozenset({0, 1, 2}): 120})
    by_list = comity.TuGame([0, 0, 0, 60, 0, 80, 90, 120])
    assert by_dict.values.tolist() == by_list.values.tolist()
    assert np.allclose(by_dict.shapley(), [200 / 6, 230 / 6, 290 / 6])
    assert by_list.nucleolus().exact == [Fraction(80, 3), Fraction(110, 3), Fraction(170, 3)]
    assert abs(by_list.least_core().epsilon + 10 / 3) < 1e-9


def test_baron_ferejohn_under_simple_majority():
    # Baron & Ferejohn (1989), n = 7 under majority with discount 0.8: each expects 1/7 and a
    # proposer keeps 1 - 0.8 x 6/14 = 23/35.
    bf = comity.baron_ferejohn(comity.Game.weighted([1] * 7, 4), discount=0.8)
    assert np.allclose(bf.values, 1 / 7)
    assert np.allclose(bf.keeps, 23 / 35)


def test_memory_one_values_by_hand():
    # TFT with itself under 5% noise visits the four outcomes equally: (3 + 0 + 5 + 1) / 4.
    assert np.allclose(comity.match("tft", "tft", noise=0.05).long_run, 2.25)
    # Over 10 rounds without noise TFT gets 3 with itself and 9/10 against ALLD, which gets 14/10
    # and 1 with itself: mean scores 1.95 and 1.2.
    t = comity.tournament(["tft", "alld"], rounds=10, repetitions=2)
    assert np.allclose(t.attrs["payoffs"], [[3.0, 0.9], [1.4, 1.0]])
    assert np.allclose(t["score"], [1.95, 1.2])
    # Without selection a single mutant fixes with probability 1/N.
    assert abs(comity.moran("alld", "tft", population=25, intensity=0.0).fixation - 1 / 25) < 1e-12
