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


def test_a_long_tournament_shows_a_bar_that_reaches_its_end(capsys, monkeypatch):
    # 6 matches of a million rounds, 40 times: far longer than one poll of the waiting loop.
    # The bar's delay is set to zero, so that the test does not depend on the machine's speed
    # (on a quiet machine this call can finish within the default second); the bar ends at 40
    # of 40 repetitions.
    pytest.importorskip("tqdm")
    import comity
    from comity import _progress

    monkeypatch.setattr(_progress, "BAR_AFTER_SECONDS", 0.0)
    comity.tournament(["tft", "alld", "wsls"], noise=0.01, rounds=1_000_000, repetitions=40)
    err = capsys.readouterr().err
    assert "tournament" in err and "40/40" in err, err


def test_a_short_call_shows_no_bar(capsys):
    # Microseconds of play, against the default delay of a second.
    import comity

    comity.tournament(["tft", "alld"], rounds=10, repetitions=2)
    assert "tournament" not in capsys.readouterr().err


def test_a_long_study_run_shows_a_bar_over_its_variants(capsys, monkeypatch):
    # The Security Council reform study: its variants measured on the library's study runner,
    # which counts each one done. The bar's delay is zero, so that the test does not depend on
    # the machine's speed; the bar ends at every variant done.
    pytest.importorskip("tqdm")
    import comity
    from comity import _progress

    monkeypatch.setattr(_progress, "BAR_AFTER_SECONDS", 0.0)
    study = comity.Study.load("models/studies/unsc_reform.toml")
    n = study.variant_count
    result = study.run()
    err = capsys.readouterr().err
    assert len(result.variants) == n
    assert "study" in err and f"{n}/{n}" in err, err


def test_a_study_run_within_the_delay_shows_no_bar(capsys, monkeypatch):
    # The bar waits for its delay (an hour here, so that the machine's speed does not matter).
    pytest.importorskip("tqdm")
    import comity
    from comity import _progress

    monkeypatch.setattr(_progress, "BAR_AFTER_SECONDS", 3600.0)
    comity.Study.load("models/studies/unsc_reform.toml").run()
    assert "study" not in capsys.readouterr().err
