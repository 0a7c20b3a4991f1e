"""Blocs by choice: the values the Rust tests hold (tests/pooling.rs, tests/bloc_stability*.rs,
tests/growth.rs), the frames' shapes, and refusals of bad input."""

import numpy as np
import pytest

import comity


def five(ids="ABCDE"):
    return comity.Game.weighted([1] * len(ids), 3, ids=list(ids))


def test_pooling_by_hand_and_the_bloc_paradox():
    # 3 of 5, a bloc of three by 2 of 3: alone 6/16, through the bloc 1/2.
    p = comity.pooling(five(), ["A", "B", "C"], internal_quota=2)
    assert list(p.members.index) == ["A", "B", "C"] and p.members.index.name == "id"
    assert p.members.loc["A", "banzhaf_alone"] == 6 / 16
    assert p.members.loc["A", "banzhaf_compound"] == 0.5
    assert set(p.gains) == {"compound_shapley_shubik", "compound_banzhaf", "owen", "banzhaf_owen"}
    # Felsenthal & Machover: [3; 2, 1, 1], A and B by 2 of 2: A's loss is B's gain.
    fm = comity.pooling(comity.Game.weighted([2, 1, 1], 3, ids=["A", "B", "C"]), ["A", "B"], internal_quota=2)
    assert fm.members.loc["A", "banzhaf_alone"] == 0.75
    assert fm.members["banzhaf_compound"].tolist() == [0.5, 0.5]
    g = fm.gains["compound_banzhaf"]
    assert not g.every_member and not g.bloc
    # The default internal quota is a simple majority of the bloc.
    assert comity.pooling(five(), ["A", "B", "C"]).internal_quota == 2


def test_aosis_under_majority_gains_for_every_member():
    ga = comity.Institution.load("models/institutions/unga.toml")
    p = comity.pooling(ga, "aosis", rule="simple_majority", internal_quota=20)
    assert len(p.members) == 37
    assert p.gains["compound_shapley_shubik"].every_member and p.gains["compound_banzhaf"].every_member
    assert p.members["shapley_shubik_alone"].iloc[0] == pytest.approx(1 / 193, abs=1e-12)


def test_the_region_under_consensus():
    ga = comity.Institution.load("models/institutions/unga.toml")
    r = comity.pooling_region(ga, "aosis", rule="unanimity")
    assert list(r.cells.index.names) == ["size", "internal_quota"]
    assert not r.cells["shapley_shubik_bloc"].any()
    full = r.cells[r.cells.index.get_level_values("size") == r.cells.index.get_level_values("internal_quota")]
    assert (full["member_shapley_shubik"] - 1 / 193).abs().max() < 1e-12
    assert r.unions.loc[37, "bloc_owen"] == pytest.approx(1 / 157, abs=1e-12)
    assert len(r.alone) == 37 and list(r.alone.columns) == ["shapley_shubik", "banzhaf"]


def test_stable_structures_by_hand():
    s = comity.stable_structures(five(), ["A", "B", "C"], model="delta")
    grand = s.blocs.index((("A", "B", "C"),))
    assert s.payoffs.iloc[grand].tolist() == pytest.approx([1 / 3] * 3, abs=1e-12)
    assert list(s.payoffs.columns) == ["A", "B", "C"] and len(s.payoffs) == len(s.blocs)
    # Exclusive membership: everyone alone is always stable; six candidates have Bell(6) = 203.
    body = comity.Game.weighted([1] * 27, 14, ids=[f"m{i}" for i in range(27)])
    e = comity.stable_structures(body, [f"m{i}" for i in range(6)], model="exclusive_membership")
    assert e.partitions == 203 and () in e.blocs


def test_stable_structures_by_types_by_hand_and_on_the_general_assembly():
    # [2; 1, 1, 1]: under gamma only the bloc of two is stable.
    t = comity.stable_structures_by_types(comity.Game.weighted([1] * 3, 2), max_blocs=2, model="gamma")
    assert t.structures["blocs"].tolist() == [(2,)]
    em = comity.stable_structures_by_types(comity.Game.weighted([1] * 3, 2), max_blocs=2, model="exclusive_membership")
    assert sorted(em.structures["blocs"].tolist()) == [(), (2,), (3,)]
    # AOSIS's 39 as one bloc under two-thirds: Owen payoffs are the quotient game's shares.
    ga = comity.Institution.load("models/institutions/unga.toml")
    one = comity.stable_structures_by_types(ga, rule="two_thirds", structure=[39], model="delta")
    quotient = comity.Game.weighted([39] + [1] * 154, 129)
    ss = comity.power_indices(quotient)["shapley_shubik"].iloc[0]
    assert one.structures["payoffs"].iloc[0][39] == pytest.approx(ss / 39, abs=1e-12)
    assert (one.members, one.quota, one.candidates) == (193, 129, 193)


def test_enlargement_luxembourg_gains_power():
    # Brams & Affuso (1976): the EEC of 1958 and the nine of 1973.
    eec = comity.Game.weighted([4, 4, 4, 2, 2, 1], 12, ids=["FRA", "DEU", "ITA", "BEL", "NLD", "LUX"])
    ec = comity.Game.weighted(
        [10, 10, 10, 5, 5, 2, 10, 3, 3], 41, ids=["FRA", "DEU", "ITA", "BEL", "NLD", "LUX", "GBR", "DNK", "IRL"]
    )
    df = comity.enlargement(eec, ec)
    assert list(df.index) == ["FRA", "DEU", "ITA", "BEL", "NLD", "LUX"]
    assert df.loc["LUX", "shapley_shubik_before"] == 0.0 and df.loc["LUX", "paradox"]
    assert df.loc["FRA", "shapley_shubik_before"] == pytest.approx(7 / 30, abs=1e-12)
    assert not df.loc["FRA", "paradox"]
    # A body that shrinks is refused.
    with pytest.raises(comity.InputError, match="expected more members after"):
        comity.enlargement(ec, eec)


def test_membership_growth_matches_the_un_table():
    df = comity.membership_growth("models/growth/unga_membership.toml")
    assert df.index.name == "year"
    for year, members in [(1945, 51), (1946, 55), (1955, 76), (1960, 99)]:
        assert df.loc[year, "members"] == members
    assert df.loc[1958, "joined"] == ["GIN"] and df.loc[1958, "left"] == ["SYR"]
    rules = df.attrs["rules"]
    # Before any caucus, power follows the count under every rule.
    early = df[df.index < 1990]
    for rule in rules:
        assert (early[f"{rule}_shapley_shubik"] - early["small_share"]).abs().max() < 1e-12
    assert df.loc[1990, "caucuses"] == {"aosis": df.loc[1990, "caucuses"]["aosis"]}


def test_bad_bloc_input_is_refused_in_one_line():
    with pytest.raises(comity.InputError, match="'Z' is not a member id"):
        comity.pooling(five(), ["A", "Z"])
    with pytest.raises(comity.InputError, match="listed twice"):
        comity.pooling(five(), ["A", "B", "A"], internal_quota=2)
    with pytest.raises(comity.InputError, match="internal quota 4 for a bloc of 3"):
        comity.pooling(five(), ["A", "B", "C"], internal_quota=4)
    with pytest.raises(comity.InputError, match="group 'aosis' given with a Game"):
        comity.pooling(five(), "aosis")
    unsc = comity.Institution.load("models/institutions/unsc.toml")
    with pytest.raises(comity.InputError, match="not one weighted threshold"):
        comity.pooling(unsc, ["CHN", "FRA"], rule="substantive")
    with pytest.raises(comity.InputError, match="no group"):
        comity.pooling(unsc, "nosuch", rule="procedural")
    with pytest.raises(comity.InputError, match="model"):
        comity.stable_structures(five(), ["A", "B"], model="alpha")
    with pytest.raises(comity.LimitError, match="at most 10"):
        comity.stable_structures(comity.Game.weighted([1] * 27, 14), [str(i) for i in range(1, 12)])
    with pytest.raises(comity.InputError, match="max_blocs"):
        comity.stable_structures_by_types(five(), model="gamma")
    with pytest.raises(comity.ReadError):
        comity.membership_growth("models/growth/no_such_file.toml")
    with pytest.raises(comity.InputError, match="at least 2"):
        comity.pooling_region(five(), ["A"])


def test_stable_structures_by_types_refuse_sizes_that_are_not_whole_numbers():
    # int() used to run max_blocs=2.5 as 2 and structure=[39.7, 20] as [39, 20]; a negative
    # raised OverflowError from the binding.
    game = comity.Game.weighted([1] * 3, 2)
    for bad in (2.5, -1, True, "2"):
        with pytest.raises(comity.InputError, match=r"max_blocs: .*; expected a whole number >= 0"):
            comity.stable_structures_by_types(game, max_blocs=bad)
    for bad in ([39.7, 20], [2, -1], [False]):
        with pytest.raises(comity.InputError, match=r"structure: bloc size .*; expected whole numbers >= 0"):
            comity.stable_structures_by_types(game, structure=bad)
    assert len(comity.stable_structures_by_types(game, max_blocs=np.int64(1)).structures) == 1
