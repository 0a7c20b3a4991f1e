"""``comity.baron_ferejohn`` returns a ``BaronFerejohn``: the library's numbers, with arrays made
on first access and a DataFrame on request. Its arrays agree with its classes and with values
computed by hand, its frame is the frame the call used to return, and bad input is refused in one
line naming the field."""

import pickle

import numpy as np
import pandas as pd
import pytest

import comity

COLUMNS = ["value", "recognition", "keeps", "offer", "class"]


@pytest.fixture
def unsc() -> comity.Institution:
    return comity.Institution.load("models/institutions/unsc.toml")


def test_the_veto_game_by_hand():
    # [3; 2, 1, 1] with delta 1/2 (the library's doc example, by hand): member 0 is in every
    # winning coalition; v_0 = (1 - v/2) / 3 + v_0 / 3 and v_0 + 2 v = 1 give v_0 = 3/7, v = 2/7.
    bf = comity.baron_ferejohn(comity.Game.weighted([2, 1, 1], 3, ids=["A", "B", "C"]), discount=0.5)
    assert bf.values.tolist() == pytest.approx([3 / 7, 2 / 7, 2 / 7], abs=1e-12)
    assert bf.value("A") == pytest.approx(3 / 7, abs=1e-12) and bf.ids == ["A", "B", "C"]
    assert bf.class_of.tolist() == [0, 1, 1] and bf.discount == 0.5
    # A partner is offered the discounted value; the recognition is equal.
    assert bf.offer.tolist() == pytest.approx([3 / 14, 1 / 7, 1 / 7], abs=1e-12)
    assert bf.recognition.tolist() == pytest.approx([1 / 3] * 3)


def test_the_arrays_agree_with_the_classes(unsc):
    n = 15
    recognition = [0.8 / (n - 1)] * n
    recognition[13] = 0.2  # LVA in the chair
    bf = comity.baron_ferejohn(unsc, rule="substantive", discount=0.9, recognition=recognition)
    classes = bf.classes
    for i in range(n):
        c = classes[bf.class_of[i]]
        assert i in c["members"]
        # The same floats, not merely close: both come from the library's result.
        assert (bf.values[i], bf.recognition[i], bf.keeps[i], bf.offer[i]) == (c["value"], c["recognition"], c["keeps"], c["offer"])
        assert sum(p["probability"] for p in c["proposals"]) == pytest.approx(1.0)
    assert bf.values.sum() == pytest.approx(1.0) and bf.recognition.sum() == pytest.approx(1.0)
    assert np.allclose(bf.offer, 0.9 * bf.values)
    assert bf.value("LVA") == bf.values[13] > bf.value("LBR")


def test_the_arrays_are_read_only_and_made_once():
    bf = comity.baron_ferejohn(comity.Game.weighted([1] * 5, 3), discount=0.9)
    for name in ("values", "recognition", "keeps", "offer", "class_of"):
        array = getattr(bf, name)
        assert array is getattr(bf, name), name
        assert not array.flags.writeable, name
        with pytest.raises(ValueError):
            array[0] = 1
    assert bf.values.dtype == np.float64 and bf.class_of.dtype == np.int64


def test_the_frame_is_the_frame_the_call_used_to_return(unsc):
    bf = comity.baron_ferejohn(unsc, rule="substantive", discount=0.9)
    df = bf.to_frame()
    # Built independently through pandas' public constructor, from the result's own members.
    expected = pd.DataFrame(
        {"value": bf.values, "recognition": bf.recognition, "keeps": bf.keeps, "offer": bf.offer, "class": bf.class_of},
        index=pd.Index(bf.ids, name="id"),
    )
    pd.testing.assert_frame_equal(df, expected, check_exact=True)
    assert list(df.columns) == COLUMNS and list(df.dtypes) == [np.float64] * 4 + [np.int64]
    assert df.attrs == {"discount": 0.9, "classes": bf.classes}


def test_each_frame_and_classes_list_is_new():
    bf = comity.baron_ferejohn(comity.Game.weighted([1] * 5, 3), discount=0.9)
    first = bf.to_frame()
    first.iloc[0, 0] = -1.0
    first.attrs["classes"][0]["value"] = -1.0
    bf.classes[0]["value"] = -1.0
    second = bf.to_frame()
    assert second.iloc[0, 0] == pytest.approx(0.2) and bf.values[0] == pytest.approx(0.2)
    assert second.attrs["classes"][0]["value"] == pytest.approx(0.2) and bf.classes[0]["value"] == pytest.approx(0.2)


def test_the_result_outlives_its_game():
    game = comity.Game.weighted([1] * 3, 2, ids=["X", "Y", "Z"])
    bf = comity.baron_ferejohn(game, discount=0.9)
    del game
    assert bf.to_frame().index.tolist() == ["X", "Y", "Z"] and bf.ids == ["X", "Y", "Z"]


def test_an_institution_and_its_rule_give_the_compiled_games_result(unsc):
    by_rule = comity.baron_ferejohn(unsc, rule="substantive", discount=0.9)
    compiled = comity.baron_ferejohn(unsc.compile("substantive"), discount=0.9)
    assert by_rule.values.tobytes() == compiled.values.tobytes() and by_rule.ids == compiled.ids
    # Positional arguments as in the signature (game, rule, discount, recognition).
    assert comity.baron_ferejohn(unsc, "substantive", 0.9).values.tobytes() == compiled.values.tobytes()


def test_recognition_in_any_sequence_and_any_unit():
    game = comity.Game.weighted([3, 2, 2, 1], 5)
    weights = [0.4, 0.3, 0.2, 0.1]
    base = comity.baron_ferejohn(game, discount=0.8, recognition=weights)
    for given in (tuple(weights), np.array(weights), pd.Series(weights), (w for w in weights), [np.float64(w) for w in weights]):
        assert np.allclose(comity.baron_ferejohn(game, discount=0.8, recognition=given).values, base.values, atol=1e-12, rtol=0)
    # Weights are normalised: their unit does not matter.
    scaled = comity.baron_ferejohn(game, discount=0.8, recognition=[w * 1000 for w in weights])
    assert np.allclose(scaled.values, base.values, atol=1e-12, rtol=0)
    assert comity.baron_ferejohn(game, discount=np.float64(0.8), recognition=weights).discount == 0.8


def test_bad_input_is_refused_in_one_line_naming_the_field(unsc):
    game = comity.Game.weighted([1] * 3, 2, ids=["A", "B", "C"])
    cases = [
        (dict(discount="0.9"), r"^discount: '0.9'; expected a number in \[0, 1\]$"),
        (dict(discount=None), r"^discount: None; expected a number in \[0, 1\]$"),
        (dict(recognition=[1, "x", 1]), r"^recognition: item 1 is 'x'; expected one number per member$"),
        (dict(recognition="abc"), r"^recognition: 'abc'; expected one number per member$"),
        (dict(recognition=3), r"^recognition: 3; expected one number per member$"),
        (dict(recognition=[1, 1]), r"recognition: 2 values for 3 members"),
        (dict(discount=1.5), r"discount"),
        (dict(rule="substantive"), r"^rule: given with a compiled game"),
    ]
    for kwargs, message in cases:
        with pytest.raises(comity.InputError, match=message):
            comity.baron_ferejohn(game, **kwargs)
    with pytest.raises(comity.InputError, match=r"^game: int; expected a comity.Institution or a comity.Game$"):
        comity.baron_ferejohn(5)
    with pytest.raises(comity.InputError, match=r"^rule: none given"):
        comity.baron_ferejohn(unsc)
    bf = comity.baron_ferejohn(game)
    with pytest.raises(comity.InputError, match=r"^member: 'D' is not a member id; expected one of A, B, C$"):
        bf.value("D")
    with pytest.raises(comity.InputError, match=r"^member: 0 is not a member id"):
        bf.value(0)


def test_repr_shows_what_was_solved_and_the_frame(unsc):
    bf = comity.baron_ferejohn(unsc, rule="substantive", discount=0.9)
    text = repr(bf)
    assert text.splitlines()[0] == "BaronFerejohn: unsc: rule substantive, 15 members, discount 0.9, 2 classes"
    assert "CHN" in text and "keeps" in text
    html = bf._repr_html_()
    assert html.startswith("<p>BaronFerejohn: unsc: rule substantive") and "<table" in html


def test_a_result_is_not_pickled_silently():
    # The result holds the compiled game, which does not pickle: refused loudly (pickle the
    # frame instead).
    bf = comity.baron_ferejohn(comity.Game.weighted([1] * 3, 2), discount=0.9)
    with pytest.raises(TypeError):
        pickle.dumps(bf)
    assert pickle.loads(pickle.dumps(bf.to_frame())).equals(bf.to_frame())
