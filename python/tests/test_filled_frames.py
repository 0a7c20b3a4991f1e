"""The frames that the extension fills in place (power indices, and a Baron-Ferejohn result's
``to_frame()``): built over buffers the extension writes, they hold the same values, types and
attributes as frames assembled after the call, and each result is independent of the next."""

import json
import math
import signal
import subprocess
import sys
import time
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import comity
import comity.power
from comity import _comity


@pytest.fixture
def eu() -> comity.Game:
    return comity.Institution.load("models/institutions/eu_council.toml").compile("qualified_majority")


def test_with_this_pandas_the_frame_is_built_before_the_call():
    # pandas >= 3 takes blocks as they are: the fast path must not fall back unnoticed.
    if int(pd.__version__.split(".")[0]) >= 3:
        assert comity.power._BUILD is not None and comity.power._VIEWS_SHARED


def test_floats_are_the_exact_fractions_to_within_one_unit_in_the_last_place(eu):
    # The library rounds its fractions to about one unit in the last place; Python's float of a
    # Fraction is the nearest float. (Bit for bit against the library: python/src/ratio.rs.)
    df = comity.power_indices(eu, exact=True)
    for name in comity.INDICES:
        for value, fraction in zip(df[name], df[f"{name}_exact"]):
            assert abs(value - float(fraction)) <= math.ulp(float(fraction)), (name, value, fraction)


def test_floats_do_not_depend_on_asking_for_fractions(eu):
    plain = comity.power_indices(eu)
    exact = comity.power_indices(eu, exact=True)
    for name in comity.INDICES:
        assert plain[name].to_numpy().tobytes() == exact[name].to_numpy().tobytes()
    assert plain.attrs == exact.attrs


def test_power_to_act_is_a_true_fraction():
    # The Security Council: 848 of the 2^15 coalitions win (by hand).
    df = comity.power_indices(comity.Institution.load("models/institutions/unsc.toml"), rule="substantive")
    act = df.attrs["power_to_act"]
    assert type(act) is Fraction and act == Fraction(848, 2**15) and hash(act) == hash(Fraction(53, 2048))
    assert act + 1 == Fraction(2101, 2048) and repr(act) == "Fraction(53, 2048)"


def test_the_frame_built_after_the_call_is_the_same(eu, monkeypatch):
    fast = comity.power_indices(eu, indices=["banzhaf", "shapley_shubik"])
    bf_fast = comity.baron_ferejohn(comity.Game.weighted([3, 2, 2, 1], 5), discount=0.8).to_frame()
    monkeypatch.setattr(comity.power, "_BUILD", None)
    monkeypatch.setattr(comity.power, "_VIEWS_SHARED", False)
    slow = comity.power_indices(eu, indices=["banzhaf", "shapley_shubik"])
    bf_slow = comity.baron_ferejohn(comity.Game.weighted([3, 2, 2, 1], 5), discount=0.8).to_frame()
    for a, b in ((fast, slow), (bf_fast, bf_slow)):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        assert a.attrs == b.attrs and list(a.dtypes) == list(b.dtypes)


def test_each_result_has_its_own_values_and_index(eu):
    first = comity.power_indices(eu, indices=["banzhaf"])
    kept = first["banzhaf"].copy()
    first.index.name = "member"
    first.iloc[0, 0] = -1.0
    second = comity.power_indices(eu, indices=["banzhaf"])
    assert second.index.name == "id" and second["banzhaf"].equals(kept)
    assert first.iloc[0, 0] == -1.0


def test_renaming_one_results_columns_leaves_the_next_results_alone(eu):
    # Regression: the internal builder shared the layout's cached columns Index among frames.
    first = comity.power_indices(eu, indices=["banzhaf"])
    first.columns.name = "index"
    second = comity.power_indices(eu, indices=["banzhaf"])
    assert second.columns.name is None and list(second.columns) == ["banzhaf"]
    game = comity.Game.weighted([1] * 5, 3)
    bf = comity.baron_ferejohn(game, discount=0.9).to_frame()
    bf.columns.name = "quantity"
    again = comity.baron_ferejohn(game, discount=0.9).to_frame()
    assert again.columns.name is None and list(again.columns) == ["value", "recognition", "keeps", "offer", "class"]


def test_baron_ferejohn_frame_columns_and_types():
    bf = comity.baron_ferejohn(comity.Game.weighted([1] * 5, 3), discount=0.9).to_frame()
    assert list(bf.columns) == ["value", "recognition", "keeps", "offer", "class"]
    assert list(bf.dtypes) == [np.float64] * 4 + [np.int64]
    # By hand: each expects 1/5; a proposer keeps 1 - 0.9 x 2/5 = 0.64 and offers 0.9/5.
    assert np.allclose(bf["value"], 0.2) and np.allclose(bf["keeps"], 0.64) and np.allclose(bf["offer"], 0.18)
    assert bf.attrs["discount"] == 0.9 and len(bf.attrs["classes"]) == 1


def test_a_buffer_of_the_wrong_size_is_refused(eu):
    attrs = {}
    with pytest.raises(comity.InputError, match=r"floats: a buffer of 8 bytes; expected 1080"):
        _comity.power_indices(eu, comity.INDICES, lambda: (None, bytearray(8), attrs))
    assert attrs == {}
    # A Baron-Ferejohn result's frame: refused before anything is written.
    bf = comity.baron_ferejohn(comity.Game.weighted([1] * 5, 3), discount=0.9)
    floats, attrs = bytearray(160), {}
    with pytest.raises(comity.InputError, match=r"class_of: a buffer of 0 bytes; expected 40"):
        bf._fill(floats, bytearray(0), attrs)
    assert floats == bytearray(160) and attrs == {}
    with pytest.raises(comity.InputError, match=r"indices: \"votes\""):
        _comity.power_indices(eu, ["votes"], lambda: (None, bytearray(216), {}))


# An exact computation of many seconds (the IMF's 190 members, Shapley-Shubik in exact
# fractions): a long call on the path of the filled frames.
LONG_EXACT_CALL = """
import sys, comity
game = comity.Institution.load("models/institutions/imf.toml").compile("special_70")
print("started", flush=True)
try:
    comity.power_indices(game, exact=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(0)
print("finished", flush=True)
sys.exit(1)
"""


def test_ctrl_c_interrupts_a_long_exact_call():
    child = subprocess.Popen([sys.executable, "-c", LONG_EXACT_CALL], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "started"
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert out.strip() == "interrupted"


def test_nash_equilibria_cross_as_lists_and_fractions_that_match_the_floats():
    # Equilibria come from the extension as Python lists and Fractions (no JSON): each exact
    # strategy is a true Fraction (equal, hashed and printed as the constructor's), within
    # rounding of the float strategy, and sums to 1. Zero-sum matching pennies with unequal
    # stakes: by hand the row plays its first action with p where the column is indifferent,
    # 2p - (1 - p) = -p + (1 - p), so p = 2/5.
    row = np.array([[2, -1], [-1, 1]])
    (eq,) = comity.nash(row)
    assert eq.method == "support enumeration" and eq.degenerate is False
    for floats, exact in zip(eq.strategies, eq.exact):
        assert floats.dtype == np.float64
        assert all(type(x) is Fraction for x in exact)
        assert sum(exact) == 1
        for f, x in zip(floats, exact):
            assert math.isclose(f, float(x), abs_tol=1e-12)
            assert hash(x) == hash(Fraction(x.numerator, x.denominator)) and str(x) == str(Fraction(str(x)))
    assert eq.exact[0] == [Fraction(2, 5), Fraction(3, 5)]


def test_json_values_cross_as_json_loads_would_make_them():
    # tu_solve and structure hand over the library's JSON values as Python objects: integral
    # floats stay floats (the Talmud nucleolus, 50, 100, 150: a float64 allocation), counts stay
    # ints, and everything survives a JSON round trip unchanged (no tuples, no other types).
    raw = _comity.tu_solve(comity.TuGame.bankruptcy(300, [100, 200, 300])._values, ["nucleolus", "shapley"])
    nucleolus = raw["nucleolus"]
    assert [type(x) for x in nucleolus["allocation"]] == [float] * 3
    assert type(nucleolus["lps_solved"]) is int and nucleolus["exact"] == ["50", "100", "150"]
    assert json.loads(json.dumps(raw)) == raw
    assert comity.TuGame.bankruptcy(300, [100, 200, 300]).nucleolus().allocation.dtype == np.float64
    s = _comity.structure(comity.Game.weighted([3, 2, 1], 4, ids=["A", "B", "C"]))
    assert s["weighted"] == {"weights": [2, 1, 1], "quota": 3} and type(s["weighted"]["quota"]) is int
    assert [type(x) for x in s["johnston"]] == [float] * 3
    assert json.loads(json.dumps(s)) == s
