"""Burden sharing: cost games divided by Shapley and the nucleolus, and the capacity scale."""

from pathlib import Path

import pandas as pd
import pytest

import comity


def test_airport_game_shapley_and_nucleolus():
    # Littlechild & Owen (1973): runways 3, 5, 9, each segment shared by its users, (1, 2, 6).
    # The nucleolus of the savings, by hand: (1.5, 1.75, 5.75).
    runway = comity.TuGame.airport([3, 5, 9])
    assert runway.values.tolist() == [0, 3, 5, 5, 9, 9, 9, 9]
    assert comity.cost_shares(runway).tolist() == pytest.approx([1, 2, 6])
    assert comity.cost_shares(runway.values, method="nucleolus").tolist() == pytest.approx([1.5, 1.75, 5.75])


def test_capacity_scale_with_the_un_limits():
    # One large member and 99 equal small ones, five least developed: by hand the large one is
    # capped at 22%, the five at 0.01%, and the other 94 share the remaining 77.95% equally.
    capacity = pd.Series([1000.0] + [1.0] * 99, index=[f"m{i}" for i in range(100)])
    ldc = [1 <= i <= 5 for i in range(100)]
    x = comity.capacity_scale(capacity, ldc)
    assert x["m0"] == pytest.approx(0.22) and x["m1"] == pytest.approx(0.0001)
    assert x["m99"] == pytest.approx(0.7795 / 94) and x.sum() == pytest.approx(1.0)
    # Shares do not depend on the unit of capacity.
    assert comity.capacity_scale(capacity * 1e6, ldc).tolist() == pytest.approx(x.tolist())


def test_burden_refuses_bad_input():
    with pytest.raises(comity.InputError, match="capacit"):
        comity.capacity_scale([1.0, -2.0])
    with pytest.raises(comity.InputError):
        comity.capacity_scale([1.0, 2.0], floor=0.3, ceiling=0.2, ldc_ceiling=0.2)
    with pytest.raises(comity.InputError):
        comity.capacity_scale([1.0, 2.0], ldc=[True])
    with pytest.raises(comity.InputError, match="costs: 3 values"):
        comity.cost_shares([0, 1, 2])
    with pytest.raises(comity.InputError, match="method"):
        comity.cost_shares([0, 1, 1, 2], method="proportional")
    with pytest.raises(comity.LimitError):
        comity.TuGame.airport([1.0] * 40)


def test_burden_file_adds_up_and_keeps_the_un_limits():
    # The numbers of `comity burden models/burden/burden_sharing.toml` (tests/cost_allocation.rs).
    bodies = comity.burden("models/burden/burden_sharing.toml")
    assert list(bodies) == ["un", "pacific"]
    un, pacific = bodies["un"], bodies["pacific"]
    assert un.methods == ["equal", "proportional", "scale"]
    assert un.members.index.name == "id" and len(un.members) == 189
    for body in (un, pacific):
        for method in body.methods:
            assert body.members[method].sum() == pytest.approx(1.0, abs=1e-9), (body.body, method)
        top = body.limits["ceiling"]
        assert body.members["scale"].max() <= top + 1e-15
        assert body.members["scale"].min() >= body.limits["floor"] - 1e-15
        ldc = body.members[body.members["ldc"]]
        assert (ldc["scale"] <= body.limits["ldc_ceiling"] + 1e-15).all()
    # Australia is capped at the 22% ceiling in the Pacific body.
    assert pacific.members.loc["AUS", "scale"] == pytest.approx(0.22, abs=1e-12)
    # Groups sum their members: the least developed countries' count and shares.
    assert un.groups.loc["ldc", "members"] == int(un.members["ldc"].sum())
    assert un.groups.loc["ldc", "scale"] == pytest.approx(un.members.loc[un.members["ldc"], "scale"].sum())
    # Equal shares of a cost game's Shapley value under scale economies need population.
    assert pacific.game == {"kind": "scale_economies", "exponent": 0.5}


def test_burden_file_refusals_name_the_file_and_field(tmp_path):
    csv = tmp_path / "capacity.csv"
    csv.write_text("id,capacity\nA,1\nB,2\n")
    base = """[study]
id = "t"
title = "t"
question = "q"
source = "s"
date = "2026"
[data]
capacity = {{ file = "capacity.csv", key = "id", column = "capacity" }}
[ldc]
members = []
source = "s"
[[bodies]]
name = "b"
cost = {cost}
limits = {{ floor = 0.0, ceiling = 1.0, ldc_ceiling = 1.0 }}
{extra}
"""
    path = tmp_path / "burden.toml"
    path.write_text(base.format(cost=10.0, extra=""))
    assert comity.burden(path)["b"].members["proportional"].tolist() == pytest.approx([1 / 3, 2 / 3])
    path.write_text(base.format(cost=0.0, extra=""))
    with pytest.raises(comity.InputError, match=r"burden.toml: bodies\[0\] \(b\): cost is 0"):
        comity.burden(path)
    path.write_text(base.format(cost=10.0, extra="colour = 1"))
    with pytest.raises(comity.InputError, match="unknown field `colour`"):
        comity.burden(path)
    path.write_text(base.format(cost=10.0, extra='members = ["A", "Z"]'))
    with pytest.raises(comity.InputError, match="member Z has no capacity"):
        comity.burden(path)
    with pytest.raises(comity.ReadError):
        comity.burden(tmp_path / "missing.toml")
    # Bodies are keyed by name: a second body of the same name used to replace the first.
    path.write_text(base.format(cost=10.0, extra='[[bodies]]\nname = "b"\ncost = 5.0\nlimits = { floor = 0.0, ceiling = 1.0, ldc_ceiling = 1.0 }'))
    with pytest.raises(comity.InputError, match=r"bodies\[1\] \(b\): name appears twice"):
        comity.burden(path)


def test_real_members_by_hand(tmp_path):
    # The Security Council, everyone pays its assessment by population every round: a summation
    # good of cost 100 doubled and shared equally. By hand each member's payoff per round is
    # 200/15 - 100 x its population share, and its share of contributions is its population share.
    unsc = comity.Institution.load("models/institutions/unsc.toml")
    path = tmp_path / "unsc_members.toml"
    body = Path("models/institutions/unsc.toml").resolve()
    path.write_text(
        f"""[institution]
name = "Security Council, everyone pays by population"
body = "{body}"
capacity = "population"
[good]
technology = "summation"
cost = 100.0
multiplier = 2.0
[simulation]
rounds = 5
seeds = 2
[[behaviours]]
kind = "unconditional"
"""
    )
    r = comity.real_members(path)
    population = unsc.members["population"]
    share = population / population.sum()
    assert list(r.members.index) == list(unsc.members.index)
    assert r.members["contribution_share"].tolist() == pytest.approx(share.tolist(), abs=1e-12)
    assert r.members["payoff"].tolist() == pytest.approx((200 / 15 - 100 * share).tolist(), abs=1e-9)
    assert r.payment_rate == pytest.approx(1.0) and r.collapsed == 0.0
    assert (r.rounds, r.seeds) == (5, 2)
    # Seeds reproduce; the bundled models load with their 189 members.
    again = comity.real_members("models/reciprocity/real_specific.toml", rounds=30, seeds=2, seed=9)
    same = comity.real_members("models/reciprocity/real_specific.toml", rounds=30, seeds=2, seed=9)
    pd.testing.assert_frame_equal(again.members, same.members)
    assert len(again.members) == 189 and again.groups.index.name == "group"


def test_real_members_refuse_bad_input(tmp_path):
    with pytest.raises(comity.ReadError):
        comity.real_members("models/reciprocity/none.toml")
    with pytest.raises(comity.InputError, match="rounds"):
        comity.real_members("models/reciprocity/real_diffuse.toml", rounds=-1)
    with pytest.raises(comity.LimitError, match="the limit is"):
        comity.real_members("models/reciprocity/real_diffuse.toml", rounds=10**9, seeds=1000)
