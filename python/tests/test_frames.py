"""Types and shapes of every returned DataFrame and dataclass."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import comity


@pytest.fixture
def unsc() -> comity.Institution:
    return comity.Institution.load("models/institutions/unsc.toml")


def test_members_frame(unsc):
    m = unsc.members
    assert isinstance(m, pd.DataFrame) and m.index.name == "id"
    assert m.shape == (15, 3) and list(m.columns) == ["name", "tags", "population"]
    assert m["population"].dtype == np.float64


def test_power_indices_frame_has_every_index_and_exact_columns(unsc):
    df = comity.power_indices(unsc, rule="substantive", exact=True)
    assert list(df.index) == list(unsc.members.index)
    assert df.shape == (15, 2 * len(comity.INDICES))
    for name in comity.INDICES:
        assert df[name].dtype == np.float64
        assert all(isinstance(x, Fraction) for x in df[f"{name}_exact"])
        assert np.allclose(df[name], [float(x) for x in df[f"{name}_exact"]])
    assert isinstance(df.attrs["method"], str)


def test_power_indices_picks_the_indices_asked_for(unsc):
    df = comity.power_indices(unsc, rule="procedural", indices=["banzhaf"])
    assert list(df.columns) == ["banzhaf"] and df.shape == (15, 1)
    assert np.allclose(df["banzhaf"], 1 / 15)


def test_methods_agree(unsc):
    game = unsc.compile("substantive")
    auto = comity.power_indices(game, exact=True)
    for method in ("decision-diagram", "brute-force"):
        other = comity.power_indices(game, method=method, indices=["banzhaf"], exact=True)
        assert other["banzhaf_exact"].tolist() == auto["banzhaf_exact"].tolist()


def test_monte_carlo_brackets_the_exact_values(unsc):
    mc = comity.power_indices(unsc, rule="substantive", method="monte-carlo", samples=200_000, seed=7)
    assert list(mc.columns) == ["shapley_shubik", "shapley_shubik_low", "shapley_shubik_high",
                                "banzhaf_absolute", "banzhaf_absolute_low", "banzhaf_absolute_high"]
    exact = comity.power_indices(unsc, rule="substantive")
    inside = (mc["shapley_shubik_low"] <= exact["shapley_shubik"] + 1e-3) & (exact["shapley_shubik"] - 1e-3 <= mc["shapley_shubik_high"])
    assert inside.all()


def test_structure_frames(unsc):
    s = comity.structure(unsc, rule="substantive", unions=[unsc.groups["permanent"], unsc.groups["elected"]])
    members = s["members"]
    assert members.shape[0] == 15 and members.index.name == "id"
    for column in ("deegan_packel", "holler", "johnston", "owen", "banzhaf_owen", "veto", "null"):
        assert column in members.columns
    assert members["veto"].dtype == bool and members.loc[unsc.groups["permanent"], "veto"].all()
    assert abs(members["owen"].sum() - 1) < 1e-9
    assert sum(members["holler_exact"]) == 1
    assert s["desirability"].shape == (15, 15)
    assert s["weighted"] is not None and s["weighted"]["quota"] > 0
    assert all(len(c) >= 9 for c in s["minimal_winning"])


def test_institution_round_trips_through_a_dict_and_a_frame(unsc):
    again = comity.Institution.from_dict(unsc.to_dict())
    assert again.members.equals(unsc.members)
    members = unsc.members.reset_index()[["id", "name", "population"]]
    members["tags"] = unsc.members["tags"].tolist()
    body = comity.Institution.from_frame(
        members, rules={"nine": {"count": {"at_least": 9}}}, groups={"permanent": unsc.groups["permanent"]},
        source="test copy of models/institutions/unsc.toml", date="2026-01-01",
        columns=unsc.to_dict()["columns"],
    )
    assert body.members.equals(unsc.members)
    assert np.allclose(comity.power_indices(body, rule="nine")["banzhaf"], 1 / 15)


def test_tu_solutions_are_dataclasses_of_arrays():
    g = comity.TuGame.bankruptcy(200, [100, 200, 300])
    nu = g.nucleolus()
    assert isinstance(nu, comity.Nucleolus) and isinstance(nu.allocation, np.ndarray)
    assert nu.lps_solved >= 1 and len(nu.stage_excesses) >= 1
    assert isinstance(g.least_core(), comity.LeastCore)
    core = g.core()
    assert isinstance(core, comity.CoreProperties) and not core.empty and core.convex
    assert g.shapley().shape == (3,) and g.banzhaf().shape == (3,)


def test_tu_solutions_say_no_fallback_on_the_fast_path():
    # The dedicated simplex solves these small games: no microlp fallback to report, and the
    # binding's dicts carry the field (None) rather than leaving it out.
    g = comity.TuGame.bankruptcy(200, [100, 200, 300])
    assert g.least_core().fallback is None
    assert g.nucleolus().fallback is None
    assert g.nucleolus(prenucleolus=True).fallback is None
    kinds = ["least_core", "nucleolus", "prenucleolus"]
    raw = comity._comity.tu_solve(g._values, kinds)
    for kind in kinds:
        assert "fallback" in raw[kind] and raw[kind]["fallback"] is None, kind


def test_nash_returns_arrays_and_fractions():
    eqs = comity.nash(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]))
    assert len(eqs) == 1
    e = eqs[0]
    assert all(isinstance(s, np.ndarray) for s in e.strategies)
    assert e.exact == [[Fraction(0), Fraction(1)], [Fraction(0), Fraction(1)]]
    # Zero-sum form: matching pennies mixes evenly.
    (mp,) = comity.nash(np.array([[1, -1], [-1, 1]]))
    assert mp.exact == [[Fraction(1, 2)] * 2] * 2


def test_nash_for_three_players_gives_pure_equilibria():
    u = np.zeros((2, 2, 2))
    u[0, 0, 0] = u[1, 1, 1] = 1
    eqs = comity.nash(u, u, u)
    assert sorted(tuple(int(np.argmax(s)) for s in e.strategies) for e in eqs) == [(0, 0, 0), (1, 1, 1)]
    assert all(e.exact is None for e in eqs)


def test_baron_ferejohn_frame(unsc):
    bf = comity.baron_ferejohn(unsc, rule="substantive", discount=0.9).to_frame()
    assert list(bf.columns) == ["value", "recognition", "keeps", "offer", "class"]
    assert bf.shape == (15, 5) and abs(bf["value"].sum() - 1) < 1e-9
    assert bf.loc["CHN", "value"] > bf.loc["LBR", "value"]


def test_nash_bargaining_dataclass():
    s = comity.nash_bargaining([(0, 0), (4, 0), (0, 2)], weights=(0.5, 0.5))
    assert np.allclose(s.nash, [2, 1]) and s.vertices.shape[1] == 2


def test_study_run_and_batch_agree():
    study = comity.Study.load("models/studies/unsc_reform.toml")
    result = study.run()
    assert result.kind == "power"
    assert len(result.variants) == study.variant_count
    assert {"variant", "id", "banzhaf"} <= set(result.members.columns)
    assert {"variant", "group", "banzhaf", "member_share"} <= set(result.groups.columns)
    assert result.report.startswith("#") and result.charts
    # The same document as `comity study FILE --out DIR` writes to results.json.
    assert [r["variant"] for r in result.results["results"]] == result.variants["variant"].tolist()
    assert {"report.md", "results.json", "groups.csv", "members.csv"} <= set(result.files)
    rows = [row for k in (1, 2) for row in comity.batch(study, shard=(k, 2), progress=False)]
    assert [r["index"] for r in rows] == list(range(study.variant_count))
    first = result.members[result.members["variant"] == rows[0]["variant"]]
    assert np.allclose(first["banzhaf"], [m["banzhaf"] for m in rows[0]["member_results"]])


def test_reciprocity_results():
    m = comity.match("tft", "alld", noise=0.0, delta=0.9)
    assert isinstance(m, comity.MatchResult) and len(m.long_run) == 2 and len(m.discounted) == 2
    t = comity.tournament(["tft", "alld", "wsls"], rounds=20, repetitions=3, noise=0.05, seed=4)
    assert list(t.columns) == ["score", "half_width", "rank"] and t.index.name == "strategy"
    assert sorted(t["rank"]) == [1, 2, 3] and t.attrs["payoffs"].shape == (3, 3)
    r = comity.moran("alld", "tft", population=10, simulate=2000, seed=3)
    assert isinstance(r, comity.MoranResult) and r.payoff_matrix.shape == (2, 2) and len(r.simulated) == 2
    df = comity.institution("models/reciprocity/threshold_exact.toml", exact=True)
    assert df.index.name == "type" and df["members"].sum() == df.attrs["members"]
    assert 0 <= df.attrs["contribution_rate"] <= 1
