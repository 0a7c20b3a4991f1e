"""A tqdm bar for long loops when tqdm is installed; silence otherwise."""

import pytest

from comity._progress import MIN_STEPS_FOR_BAR, steps


def test_a_long_loop_shows_a_bar(capsys):
    pytest.importorskip("tqdm")
    assert list(steps(range(MIN_STEPS_FOR_BAR), total=MIN_STEPS_FOR_BAR, desc="demo")) == list(range(MIN_STEPS_FOR_BAR))
    assert "demo" in capsys.readouterr().err


def test_a_short_loop_or_a_disabled_bar_is_silent(capsys):
    assert list(steps(range(3), total=3, desc="short")) == [0, 1, 2]
    assert list(steps(range(20), total=20, desc="off", enabled=False)) == list(range(20))
    err = capsys.readouterr().err
    assert "short" not in err and "off" not in err
