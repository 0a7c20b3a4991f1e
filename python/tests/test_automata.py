"""Automaton strategies: exact matches and the exact round robin, against hand-computed values."""

import numpy as np
import pandas as pd
import pytest

import comity


def test_a_match_of_classic_strategies_by_hand():
    # Tit-for-tat against a defector over 200 turns without noise: exploited once (0), then
    # mutual defection (1) for 199 turns; the defector gets 5 once and 1 after.
    m = comity.automaton_match("tit-for-tat", "defector", turns=200)
    assert m.per_turn == pytest.approx((199 / 200, 204 / 200))
    assert m.long_run == pytest.approx((1.0, 1.0))
    # Grudger against suspicious tit-for-tat over 3 turns: CD, DC, DD, so (0 + 5 + 1) / 3 each.
    assert comity.automaton_match("grudger", "suspicious-tit-for-tat", turns=3, long_run=False).per_turn == pytest.approx((2.0, 2.0))


def test_memory_one_strategies_agree_with_the_memory_one_match():
    # A memory-one strategy written as p_CC/p_CD/p_DC/p_DD/first is an automaton too: its long
    # run must equal the memory-one solver's.
    automaton = comity.automaton_match("1/0/1/0/1", "1/0/0/1/1", noise=0.05).long_run
    memory_one = comity.match("tft", "wsls", noise=0.05).long_run
    assert automaton == pytest.approx(memory_one, abs=1e-9)


def test_the_exact_tournament_by_hand():
    # Cooperator, defector, tit-for-tat over 200 turns: TFT scores (3 + 3 + 199/200) / 3, the
    # defector (5 + 1 + 204/200) / 3 and wins; the cooperator (3 + 0 + 3) / 3 comes last.
    t = comity.exact_tournament(["cooperator", "defector", "tit-for-tat"])
    assert isinstance(t, pd.DataFrame) and list(t.columns) == ["score", "rank"]
    assert t.index.name == "strategy" and t["rank"].dtype == np.int64
    assert t["score"].tolist() == pytest.approx([2.0, (5 + 1 + 204 / 200) / 3, (3 + 3 + 199 / 200) / 3])
    assert t["rank"].tolist() == [3, 1, 2]
    assert t.attrs["payoffs"].shape == (3, 3) and t.attrs["payoffs"][1, 0] == pytest.approx(5.0)


def test_automata_refuse_bad_input():
    with pytest.raises(comity.InputError, match="no-such"):
        comity.automaton_match("no-such", "tit-for-tat")
    with pytest.raises(comity.InputError, match="turns"):
        comity.automaton_match("tit-for-tat", "defector", turns=0)
    with pytest.raises(comity.InputError, match="noise"):
        comity.exact_tournament(["tit-for-tat"], noise=1.5)
    with pytest.raises(comity.InputError, match="strategies"):
        comity.exact_tournament([])
    with pytest.raises(comity.InputError, match="missing/automaton.toml: cannot read|cannot read the file"):
        comity.exact_tournament(["missing/automaton.toml"])
