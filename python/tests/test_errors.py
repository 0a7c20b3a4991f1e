"""Bad input raises one clear exception, a ValueError, naming the file, field and expectation."""

import numpy as np
import pytest

import comity


def test_a_missing_file_is_a_read_error_naming_it():
    with pytest.raises(comity.ReadError) as info:
        comity.Institution.load("models/institutions/none.toml")
    assert str(info.value).startswith("models/institutions/none.toml: cannot read the file")
    assert isinstance(info.value, ValueError) and isinstance(info.value, OSError)
    with pytest.raises(comity.ReadError, match="none.toml"):
        comity.Study.load("models/studies/none.toml")


def test_an_unknown_rule_names_the_rules_there_are():
    unsc = comity.Institution.load("models/institutions/unsc.toml")
    with pytest.raises(comity.InputError) as info:
        comity.power_indices(unsc, rule="unanimous")
    assert "unanimous" in str(info.value) and isinstance(info.value, ValueError)
    with pytest.raises(comity.InputError, match="rule: none given"):
        comity.power_indices(unsc)


def test_a_ragged_matrix_names_the_matrix():
    with pytest.raises(comity.InputError) as info:
        comity.nash([[1, 2], [3]], [[1, 2], [3, 4]])
    assert "expected" in str(info.value)
    with pytest.raises(comity.InputError, match="payoffs of player 1"):
        comity.nash(np.zeros((2, 2, 2)), np.zeros((2, 3, 2)), np.zeros((2, 2, 2)))


def test_a_values_list_of_the_wrong_length():
    with pytest.raises(comity.InputError, match="values: 3 values; expected 2\\^n"):
        comity.TuGame([0, 1, 1])
    with pytest.raises(comity.InputError, match="expected a finite number"):
        comity.TuGame([0, float("nan")])


def test_bad_options_name_what_is_expected():
    game = comity.Game.weighted([3, 2, 1], 4)
    with pytest.raises(comity.InputError, match="method: 'fastest'"):
        comity.power_indices(game, method="fastest")
    with pytest.raises(comity.InputError, match="indices: 'penrose'"):
        comity.power_indices(game, indices=["penrose"])
    with pytest.raises(comity.InputError, match="ids: 2 names for 3 weights"):
        comity.Game.weighted([3, 2, 1], 4, ids=["A", "B"])
    with pytest.raises(comity.InputError):
        comity.Game.weighted([3, 2, 1], 7)
    with pytest.raises(comity.InputError, match="shard"):
        list(comity.batch("models/studies/unsc_reform.toml", shard=(3, 2)))
    with pytest.raises(comity.InputError, match="discount"):
        comity.baron_ferejohn(game, discount=1.5)
    # An option that does not apply is refused, not ignored.
    with pytest.raises(comity.InputError, match="monte-carlo"):
        comity.power_indices(game, method="monte-carlo", exact=True)
    # A player number is checked before its bit mask is built (1 << 10**10 would take GBs).
    with pytest.raises(comity.InputError, match="player 10000000000"):
        comity.TuGame({frozenset({10**10}): 1.0})


def test_a_bad_institution_dict_names_the_field():
    with pytest.raises(comity.InputError, match="institution"):
        comity.Institution.from_dict({"members": []}, label="mine")
    with pytest.raises(comity.InputError, match="mine"):
        comity.Institution.from_dict({"institution": {"id": "x", "name": "x", "draft": True}, "members": [],
                                      "extra": 1}, label="mine")


def test_limits_are_limit_errors():
    with pytest.raises(comity.LimitError, match="at most 25 players"):
        comity.power_indices(comity.Game.weighted([1] * 30, 16), method="brute-force")


def test_bad_strategies_and_payoffs_name_themselves():
    with pytest.raises(comity.InputError, match="strategy 'titfortat'"):
        comity.match("titfortat", "alld")
    with pytest.raises(comity.InputError, match="expected T > R > P > S"):
        comity.match("tft", "alld", payoffs=(5, 0, 3, 1))
    with pytest.raises(comity.ReadError, match="none.toml"):
        comity.institution("models/reciprocity/none.toml")


def test_the_cores_properties_keep_their_limit_the_least_core_goes_further():
    # 19 players of an additive game: the least core (by column generation) answers at once,
    # every member its own worth and every excess 0;
    # the core's properties would check 3^19 pairs of coalitions, and are refused.
    m = np.arange(1 << 19, dtype=np.uint64)
    game = comity.TuGame(sum(((m >> np.uint64(i)) & np.uint64(1)).astype(float) for i in range(19)))
    least_core = game.least_core()
    assert abs(least_core.epsilon) < 1e-9 and np.allclose(least_core.allocation, 1.0)
    with pytest.raises(comity.LimitError, match=r"players: 19; the core's properties check all 3\^19 pairs.*least_core\(\)"):
        game.core()
