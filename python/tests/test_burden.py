"""Burden sharing: cost games divided by Shapley and the nucleolus, and the capacity scale."""

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
