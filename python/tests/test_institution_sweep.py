"""Sweeps of the repeated public-goods institution (body size, noise, superficial share)."""

import pytest

import comity

FILE = "models/reciprocity/threshold_exact.toml"


def test_a_body_of_free_riders_contributes_only_by_mistake():
    # By hand: superficial members never mean to contribute, and noise e flips each action, so
    # a body made only of them contributes at rate e, whatever its size.
    df = comity.institution(FILE, exact=True, members=[10, 193], noise=[0.0, 0.1], superficial=1.0)
    assert list(df.index.names) == ["size", "noise", "superficial_share", "type"]
    assert len(df) == 4 and set(df.index.get_level_values("type")) == {"superficial"}
    for (size, noise, share, _), row in df.iterrows():
        assert share == 1.0 and row["members"] == size
        assert row["body_contribution_rate"] == pytest.approx(noise, abs=1e-12)
        assert row["contribution_rate"] == pytest.approx(noise, abs=1e-12)


def test_one_point_keeps_the_single_body_frame():
    # 193 members, 5% noise: the high regime's rate is (154 x 0.95 + 39 x 0.05) / 193, but a
    # body this large is metastable and ends in the low regime, where no diffuse member pays.
    df = comity.institution(FILE, exact=True, noise=0.05)
    assert df.index.name == "type" and df.attrs["noise"] == 0.05 and df.attrs["members"] == 193
    assert df["members"].sum() == 193


def test_simulation_settings_replace_the_files():
    df = comity.institution(FILE, members=[20], rounds=50, seeds=2, seed=7)
    assert df.attrs["method"] == "simulation"
    assert set(df.index.get_level_values("size")) == {20}
    assert {"contribution_rate_half_width", "payoff_half_width"} <= set(df.columns)


def test_sweeps_refuse_bad_input():
    with pytest.raises(comity.InputError, match="rounds: given with exact=True"):
        comity.institution(FILE, exact=True, rounds=10)
    with pytest.raises(comity.InputError, match="superficial share"):
        comity.institution(FILE, exact=True, superficial=[1.5])
    with pytest.raises(comity.InputError, match="members: 'ten'"):
        comity.institution(FILE, members="ten")
    with pytest.raises(comity.InputError, match="empty list"):
        comity.institution(FILE, noise=[])
    with pytest.raises(comity.LimitError, match="the limit is 10000"):
        comity.institution(FILE, members=list(range(2, 202)), noise=[0.0] * 51)
    with pytest.raises(comity.ReadError):
        comity.institution("models/reciprocity/none.toml", noise=[0.1])
