"""Institutions, their rules as simple games, power indices and the structure of a game.

An institution is read from a model file (``Institution.load``) or built from a dict or a
pandas DataFrame; each named rule compiles to a ``Game``. ``power_indices`` gives one row per
member (Shapley-Shubik, Banzhaf, Coleman), with the exact fractions of the exact methods;
``structure`` gives the minimal winning coalitions, veto and null players, weightedness and the
Deegan-Packel, Holler and Johnston indices (and Owen values for a priori unions).

References: Shapley & Shubik (1954); Banzhaf (1965); Coleman (1971); Deegan & Packel (1978);
Holler (1982); Johnston (1978); Owen (1977). The Security Council's values below are checked by
hand: an elected member pivots in C(9, 3) 8! 6! / 15! = 4/2145 of the orders.

>>> import comity
>>> unsc = comity.Institution.load("models/institutions/unsc.toml")
>>> df = comity.power_indices(unsc, rule="substantive", exact=True)
>>> df.loc["CHN", "shapley_shubik_exact"], df.loc["LBR", "shapley_shubik_exact"]
(Fraction(421, 2145), Fraction(4, 2145))
"""

from __future__ import annotations

import json
from fractions import Fraction
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _comity
from ._comity import Game
from .errors import InputError

__all__ = ["Game", "Institution", "power_indices", "structure", "INDICES"]

#: The indices ``power_indices`` can return, by column name.
INDICES = ("shapley_shubik", "banzhaf", "banzhaf_absolute", "coleman_prevent", "coleman_initiate")

_METHODS = ("auto", "decision-diagram", "brute-force", "monte-carlo")

# The indices that Monte Carlo estimates.
_ESTIMATED = ("shapley_shubik", "banzhaf_absolute")


class Institution:
    """A validated body: members (ids, names, tags, attributes), groups and named rules.

    >>> import comity
    >>> unsc = comity.Institution.load("models/institutions/unsc.toml")
    >>> unsc.id, len(unsc.members), unsc.rules
    ('unsc', 15, ['substantive', 'procedural'])
    >>> unsc.groups["permanent"]
    ['CHN', 'FRA', 'RUS', 'GBR', 'USA']
    """

    def __init__(self, inner: _comity.Institution) -> None:
        self._inner = inner
        self._file: Dict[str, Any] = json.loads(inner.file_json())
        # Each rule compiled once: games are immutable, and a game remembers how long its
        # computations took (short ones then skip the worker thread's handoff, some 10 µs).
        self._games: Dict[str, Game] = {}

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "Institution":
        """Loads and validates a ``.toml`` or ``.json`` institution file.

        >>> import comity
        >>> comity.Institution.load("models/institutions/eu_council.toml").id
        'eu_council'
        """
        return cls(_comity.Institution.load(str(path)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], label: str = "<dict>") -> "Institution":
        """An institution from a dict in the schema of the institution files (``institution``,
        ``members``, ``groups``, ``rules``, ``columns``); ``label`` names it in errors.

        >>> import comity
        >>> body = comity.Institution.from_dict({
        ...     "institution": {"id": "trio", "name": "Three members", "draft": True},
        ...     "members": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}, {"id": "C", "name": "C"}],
        ...     "rules": [{"name": "majority", "rule": {"count": {"at_least": 2}}}],
        ... })
        >>> comity.power_indices(body, rule="majority")["banzhaf"].tolist()
        [0.3333333333333333, 0.3333333333333333, 0.3333333333333333]
        """
        try:
            text = json.dumps(data, allow_nan=False)
        except (TypeError, ValueError) as err:
            raise InputError(f"{label}: not representable as an institution file: {err}") from None
        return cls(_comity.Institution.from_json(text, label))

    @classmethod
    def from_frame(
        cls,
        members: pd.DataFrame,
        rules: Mapping[str, Mapping[str, Any]],
        id: str = "body",
        name: Optional[str] = None,
        groups: Optional[Mapping[str, Sequence[str]]] = None,
        source: Optional[str] = None,
        date: Optional[str] = None,
        columns: Optional[Mapping[str, Mapping[str, str]]] = None,
        label: str = "<DataFrame>",
    ) -> "Institution":
        """An institution from a members table: one row per member, an ``id`` column (or the
        index), optional ``name`` and ``tags`` (a list or a comma-separated string) columns,
        and numeric columns as attributes; ``rules`` maps names to rules in the rule language
        (as dicts); ``groups`` maps names to member ids. Without a ``source`` and a ``date``
        (where the data come from, and when) the institution is a draft; otherwise ``columns`` gives
        each attribute column's ``source`` and ``date`` (and ``unit``).

        >>> import comity, pandas as pd
        >>> members = pd.DataFrame({"id": ["A", "B", "C"], "votes": [3, 2, 1]})
        >>> body = comity.Institution.from_frame(
        ...     members, rules={"weighted": {"weighted": {"attribute": "votes", "at_least": 4}}})
        >>> comity.power_indices(body, rule="weighted", exact=True)["shapley_shubik_exact"].tolist()
        [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
        """
        frame = members if "id" in members.columns else members.reset_index().rename(columns={"index": "id"})
        if "id" not in frame.columns:
            raise InputError(f"{label}: members: no \"id\" column; expected one id per member")
        entries: List[Dict[str, Any]] = []
        for row in frame.to_dict("records"):
            entry: Dict[str, Any] = {"id": str(row.pop("id"))}
            entry["name"] = str(row.pop("name", entry["id"]))
            tags = row.pop("tags", None)
            if isinstance(tags, str):
                tags = [t.strip() for t in tags.split(",") if t.strip()]
            if tags is not None and not (isinstance(tags, float) and tags != tags):
                entry["tags"] = list(tags)
            attributes = {}
            for key, value in row.items():
                try:
                    attributes[str(key)] = float(value)
                except (TypeError, ValueError):
                    raise InputError(
                        f"{label}: members: {entry['id']}: column {key!r} = {value!r}; expected a number"
                    ) from None
            if attributes:
                entry["attributes"] = attributes
            entries.append(entry)
        data: Dict[str, Any] = {
            "institution": {"id": id, "name": name or id, **({"source": source, "date": date} if source and date else {"draft": True})},
            "members": entries,
            "columns": {str(k): dict(v) for k, v in (columns or {}).items()},
            "groups": [{"name": g, "ids": list(ids)} for g, ids in (groups or {}).items()],
            "rules": [{"name": r, "rule": dict(rule)} for r, rule in rules.items()],
        }
        return cls.from_dict(data, label)

    @property
    def id(self) -> str:
        """The institution's id.

        >>> import comity
        >>> comity.Institution.load("models/institutions/unsc.toml").id
        'unsc'
        """
        return str(self._file["institution"]["id"])

    @property
    def name(self) -> str:
        """The institution's name.

        >>> import comity
        >>> comity.Institution.load("models/institutions/unsc.toml").name
        'United Nations Security Council (2026)'
        """
        return str(self._file["institution"]["name"])

    @property
    def members(self) -> pd.DataFrame:
        """One row per member, indexed by id: ``name``, ``tags`` (a list) and one column per
        attribute.

        >>> import comity
        >>> m = comity.Institution.load("models/institutions/unsc.toml").members
        >>> m.loc["CHN", "name"], m.loc["CHN", "tags"], list(m.columns)
        ('China', ['P5'], ['name', 'tags', 'population'])
        """
        rows = [
            {"id": m["id"], "name": m["name"], "tags": list(m.get("tags", [])), **m.get("attributes", {})}
            for m in self._file["members"]
        ]
        return pd.DataFrame(rows).set_index("id")

    @property
    def groups(self) -> Dict[str, List[str]]:
        """Each group's member ids.

        >>> import comity
        >>> len(comity.Institution.load("models/institutions/unsc.toml").groups["elected"])
        10
        """
        return {name: list(ids) for name, ids in self._inner.groups()}

    @property
    def rules(self) -> List[str]:
        """The names of the rules, in file order.

        >>> import comity
        >>> comity.Institution.load("models/institutions/unsc.toml").rules
        ['substantive', 'procedural']
        """
        return list(self._inner.rule_names())

    def compile(self, rule: str) -> Game:
        """The rule named ``rule`` compiled to a simple game; the same (immutable) game each
        time for the same rule.

        >>> import comity
        >>> unsc = comity.Institution.load("models/institutions/unsc.toml")
        >>> game = unsc.compile("substantive")
        >>> game.is_winning(list(range(9))), game.is_winning(list(range(1, 15)))
        (True, False)
        >>> unsc.compile("substantive") is game
        True
        """
        game = self._games.get(rule)
        if game is None:
            game = self._games[rule] = self._inner.compile(rule)
        return game

    def to_dict(self) -> Dict[str, Any]:
        """The institution in the schema of the institution files (a round trip of
        ``from_dict``).

        >>> import comity
        >>> unsc = comity.Institution.load("models/institutions/unsc.toml")
        >>> comity.Institution.from_dict(unsc.to_dict()).members.equals(unsc.members)
        True
        """
        return json.loads(json.dumps(self._file))

    def __repr__(self) -> str:
        return f"Institution({self.id!r}, {len(self._file['members'])} members, rules {self.rules})"


GameLike = Union[Game, Institution]


def _game(game: GameLike, rule: Optional[str]) -> Game:
    if isinstance(game, Institution):
        if rule is None:
            raise InputError(f"rule: none given; expected one of {game.rules}")
        return game.compile(rule)
    if isinstance(game, Game):
        if rule is not None:
            raise InputError("rule: given with a compiled game; pass an Institution to name a rule")
        return game
    raise InputError(f"game: {type(game).__name__}; expected a comity.Institution or a comity.Game")


# The members' index of each game seen lately, by ids (and the column labels of each kind of
# result, by names): building a pandas Index of strings takes
# tens of microseconds, a noticeable share of a millisecond-long call. Results get a view, so
# renaming a result's index leaves the cached one alone.
_ID_INDEX: Dict[Tuple[Optional[str], Tuple[str, ...]], pd.Index] = {}
_ID_INDEX_SIZE = 64


def _cached_index(key: Tuple[str, ...], name: Optional[str]) -> pd.Index:
    index = _ID_INDEX.get((name, key))
    if index is None:
        if len(_ID_INDEX) >= _ID_INDEX_SIZE:
            _ID_INDEX.clear()
        index = _ID_INDEX[(name, key)] = pd.Index(list(key), name=name)
    return index.view()


def _id_index(ids: Sequence[str]) -> pd.Index:
    return _cached_index(tuple(ids), "id")


def _frame(columns: Mapping[str, Any], index: pd.Index) -> pd.DataFrame:
    """A DataFrame of whole ``columns`` (name to list or array, in order) over ``index``, built
    in one step.

    pandas' public constructor infers and consolidates each column (50 to 250 microseconds for
    five columns of mixed types). Columns of one dtype are stacked here into one 2-D block and
    the blocks handed to ``pandas.api.internals.create_dataframe_from_blocks`` (pandas >= 3.0),
    which takes them as they are (about 8 microseconds for five columns); before pandas 3,
    ``DataFrame._from_arrays`` does nearly as well (about 15), and the public constructor
    remains the fallback.

    >>> _frame({"x": [1.0, 2.0], "k": [0, 1]}, pd.Index(["a", "b"], name="id")).dtypes.tolist()
    [dtype('float64'), dtype('int64')]
    """
    arrays = [np.asarray(v) for v in columns.values()]
    names = list(columns)
    if all(a.dtype.kind in "fib" and a.ndim == 1 and len(a) == len(index) for a in arrays):
        labels = _cached_index(tuple(names), None)
        if _FROM_BLOCKS is not None:
            by_dtype: Dict[Any, List[int]] = {}
            for k, a in enumerate(arrays):
                by_dtype.setdefault(a.dtype, []).append(k)
            blocks = [(np.vstack([arrays[k] for k in ks]), np.asarray(ks, dtype=np.intp)) for ks in by_dtype.values()]
            return _FROM_BLOCKS(blocks, index=index, columns=labels)
        build = getattr(pd.DataFrame, "_from_arrays", None)
        if build is not None:
            try:
                return build(arrays, columns=labels, index=index, verify_integrity=False)
            except (TypeError, ValueError):
                pass
    return pd.DataFrame(dict(zip(names, arrays)), index=index)


def _block_frame(names: Sequence[str], blocks: Sequence[Tuple[np.ndarray, np.ndarray]], index: pd.Index) -> pd.DataFrame:
    """A DataFrame over ``index`` with columns ``names`` from ready ``blocks``: pairs of a 2-D
    array (one row per column, owned by the frame) and the positions of its columns in
    ``names``. The fastest way to a frame when the columns come as one block per dtype.

    >>> import numpy as np
    >>> block = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> _block_frame(["x", "y"], [(block, np.array([1, 0]))], pd.Index(["a", "b"]))["x"].tolist()
    [3.0, 4.0]
    """
    labels = _cached_index(tuple(names), None)
    if _FROM_BLOCKS is not None:
        return _FROM_BLOCKS(list(blocks), index=index, columns=labels)
    columns: Dict[str, Any] = {}
    for block, positions in blocks:
        for row, k in zip(block, positions):
            columns[names[k]] = row
    return pd.DataFrame({name: columns[name] for name in names}, index=index)


def _blocks_builder() -> Any:
    try:
        from pandas.api.internals import create_dataframe_from_blocks
    except ImportError:
        return None
    return create_dataframe_from_blocks


_FROM_BLOCKS = _blocks_builder()


class _Layout:
    """The columns of a frame that an extension call fills: their ``names``, and per block (one
    per dtype) the dtype and the positions of its columns in ``names``.

    >>> layout = _Layout(("x", "k"), ((np.float64, [0]), (np.int64, [1])))
    >>> layout.labels.tolist(), [dtype.name for dtype, _, _ in layout.blocks]
    (['x', 'k'], ['float64', 'int64'])
    """

    __slots__ = ("names", "labels", "blocks")

    def __init__(self, names: Sequence[str], blocks: Sequence[Tuple[Any, Sequence[int]]]) -> None:
        self.names = tuple(names)
        self.labels = pd.Index(list(self.names))
        # Per block: its dtype, its columns' positions, and its placement for pandas' internals.
        self.blocks = tuple(
            (np.dtype(dtype), np.asarray(positions, dtype=np.intp), _placement(positions, dtype)) for dtype, positions in blocks
        )


def _placement(positions: Sequence[int], dtype: Any) -> Any:
    """The block's placement and its block class for pandas' internals (``_BUILD``), made once
    per layout: the class that ``new_block_2d`` would look up for ``dtype`` at every call."""
    try:
        from pandas._libs.internals import BlockPlacement
        from pandas.core.internals.blocks import get_block_type

        return BlockPlacement(np.asarray(positions, dtype=np.intp)), get_block_type(np.dtype(dtype))
    except Exception:  # no such internals: the public builder needs none
        return None


def _internals_builder() -> Any:
    """A builder of a frame from blocks through pandas' internals (a block per array, a block
    manager without checks, the frame around it), or None when this pandas lacks them or
    builds differently from the public ``create_dataframe_from_blocks``.

    Right after a computation it is the cheapest way to a frame: 40 to 60 microseconds against
    110 to 150 for the public function, which checks each block (measured with the EU Council's
    indices as the computation, on a loaded machine; 4 and 6 microseconds when warm). Each
    block is made by its class directly (looked up once per layout, ``_placement``): what
    ``new_block_2d`` does, without its lookup of the class and its check for datetimes and
    strings, which a layout of floats and integers never needs (1 to 3 microseconds of the 5
    that two blocks took through it). It is checked here against the public function on a
    frame of two dtypes, once."""
    if _FROM_BLOCKS is None:
        return None
    try:
        from pandas.core.internals.managers import BlockManager

        def build(blocks: Sequence[Tuple[np.ndarray, Any]], index: pd.Index, labels: pd.Index) -> pd.DataFrame:
            made = tuple(klass(values, ndim=2, placement=placement) for values, (placement, klass) in blocks)
            return from_mgr(BlockManager(made, [labels, index], verify_integrity=False), [labels, index])

        from_mgr = pd.DataFrame._from_mgr
        layout = _Layout(("a", "b", "c"), ((np.float64, [0, 2]), (np.int64, [1])))
        values = [np.array([[1.5, 2.5], [3.5, 4.5]]), np.array([[7, 8]], dtype=np.int64)]
        index = pd.Index(["x", "y"], name="id")
        ours = build([(v, b[2]) for v, b in zip(values, layout.blocks)], index, layout.labels)
        public = _FROM_BLOCKS([(v, b[1]) for v, b in zip(values, layout.blocks)], index=index, columns=layout.labels)
        if not (ours.equals(public) and list(ours.dtypes) == list(public.dtypes) and ours.index.equals(public.index)):
            return None
        values[0][0, 0] = 9.5
        return build if ours.iloc[0, 0] == 9.5 else None
    except Exception:  # any failure: the public function or the after-the-call path instead
        return None


_BUILD = _internals_builder()


def _views_shared() -> bool:
    """Whether a frame built by ``_FROM_BLOCKS`` over a numpy view of a ``bytearray`` sees what
    is later written into the ``bytearray`` (pandas takes blocks as they are from 3.0): the
    condition for building a frame before the call that fills it."""
    if _FROM_BLOCKS is None:
        return False
    buffer = bytearray(8)
    try:
        view = np.frombuffer(buffer, dtype=np.float64).reshape(1, 1)
        frame = _FROM_BLOCKS([(view, np.array([0], dtype=np.intp))], index=pd.RangeIndex(1), columns=pd.Index(["x"]))
        buffer[:] = np.array([1.5]).tobytes()
        return bool(frame.iloc[0, 0] == 1.5)
    except Exception:  # any failure: the frame is built after the call instead
        return False


_VIEWS_SHARED = _views_shared()


class _Fill:
    """A frame over ``index`` with the columns of ``layout``, built before the extension call
    that fills it (see ``python/src/fill.rs`` for why): ``buffers`` are its blocks as zeroed
    ``bytearray``\\ s (one row per column, native-endian) and ``attrs`` its attributes, both for
    the extension to fill; ``frame()`` is the result. Where pandas copies blocks, the frame is
    built from the filled buffers after the call instead.

    >>> fill = _Fill(_Layout(("x", "y"), ((np.float64, [0, 1]),)), pd.Index(["a", "b"]))
    >>> fill.buffers[0][:] = np.array([1.0, 2.0, 3.0, 4.0]).tobytes()
    >>> fill.attrs["note"] = "filled"
    >>> df = fill.frame()
    >>> df["y"].tolist(), df.attrs["note"]
    ([3.0, 4.0], 'filled')
    """

    __slots__ = ("_layout", "_index", "_arrays", "_frame", "buffers", "attrs")

    def __init__(self, layout: _Layout, index: pd.Index) -> None:
        # Plain loops, few calls: this runs once per call, often right after the previous
        # computation, when every Python step is slow.
        n = len(index)
        self._layout = layout
        self._index = index
        self.buffers = []
        self._arrays = []
        internal = []
        for dtype, positions, placement in layout.blocks:
            buffer = bytearray(dtype.itemsize * len(positions) * n)
            array = np.frombuffer(buffer, dtype=dtype).reshape(len(positions), n)
            self.buffers.append(buffer)
            self._arrays.append(array)
            internal.append((array, placement))
        self._frame: Optional[pd.DataFrame] = None
        if _BUILD is not None:
            # A view: each frame gets columns of its own (renaming one leaves the others alone).
            self._frame = _BUILD(internal, index, layout.labels.view())
        elif _VIEWS_SHARED:
            self._frame = _block_frame(layout.names, [(a, b[1]) for a, b in zip(self._arrays, layout.blocks)], index)
        self.attrs: Dict[str, Any] = {} if self._frame is None else self._frame.attrs

    @staticmethod
    def maker(layout: _Layout, game: Game) -> Any:
        """What ``_comity.power_indices`` calls to make the frame of ``game``'s results (its
        ``prepare``): a ``_Fill``, its buffer, its attributes."""

        def make() -> Tuple["_Fill", bytearray, Dict[str, Any]]:
            fill = _Fill(layout, _game_index(game))
            return fill, fill.buffers[0], fill.attrs

        return make

    def frame(self) -> pd.DataFrame:
        if self._frame is not None:
            return self._frame
        df = _block_frame(self._layout.names, [(a, b[1]) for a, b in zip(self._arrays, self._layout.blocks)], self._index)
        df.attrs.update(self.attrs)
        return df


# The layout of a power-index frame, by its columns.
_INDEX_LAYOUTS: Dict[Tuple[str, ...], _Layout] = {}


def _index_layout(names: Tuple[str, ...]) -> _Layout:
    layout = _INDEX_LAYOUTS.get(names)
    if layout is None:
        layout = _INDEX_LAYOUTS[names] = _Layout(names, ((np.float64, range(len(names))),))
    return layout


def _make_id_index(ids: List[str]) -> pd.Index:
    return pd.Index(ids, name="id")


def _game_index(g: Game) -> pd.Index:
    """The index of ``g``'s results: a view of the Index kept with the game (built once), so
    that renaming one result's index leaves the game's alone.

    >>> import comity
    >>> _game_index(comity.Game.weighted([1, 1], 2, ids=["A", "B"])).tolist()
    ['A', 'B']
    """
    return g._id_index(_make_id_index).view()


def _fractions(values: Sequence[str]) -> List[Fraction]:
    return [Fraction(v) for v in values]


def power_indices(
    game: GameLike,
    rule: Optional[str] = None,
    indices: Optional[Sequence[str]] = None,
    method: str = "auto",
    exact: bool = False,
    samples: int = 100_000,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Power indices of every member of ``game`` (a ``Game``, or an ``Institution`` and the
    name of one of its ``rule``\\ s), one row per member indexed by id.

    ``indices`` picks columns among ``INDICES`` (all by default). ``method`` is ``"auto"`` (the
    fastest exact method that fits), ``"decision-diagram"``, ``"brute-force"`` or
    ``"monte-carlo"`` (``samples`` draws from ``seed``, with ``<index>_low``/``<index>_high``
    columns at ``confidence``). With ``exact=True`` every index has an ``<index>_exact`` column
    of ``fractions.Fraction`` (Shapley-Shubik computed exactly even for large weighted games).
    ``df.attrs["method"]`` says how the indices were computed.

    >>> import comity
    >>> game = comity.Game.weighted([3, 2, 1], 4, ids=["A", "B", "C"])
    >>> df = comity.power_indices(game, exact=True)
    >>> df["banzhaf_exact"].tolist(), float(df.loc["A", "shapley_shubik"])
    ([Fraction(3, 5), Fraction(1, 5), Fraction(1, 5)], 0.6666666666666666)
    """
    g = _game(game, rule)
    monte_carlo = method == "monte-carlo"
    if indices is None:
        # Monte Carlo estimates these two; the exact methods give every index.
        names = _ESTIMATED if monte_carlo else INDICES
    else:
        # Each index once, in the order asked for.
        names = tuple(dict.fromkeys(indices))
        unknown = [i for i in names if i not in INDICES]
        if unknown:
            raise InputError(f"indices: {unknown[0]!r}; expected some of {', '.join(INDICES)}")
    if method not in _METHODS:
        raise InputError(f"method: {method!r}; expected one of {', '.join(_METHODS)}")
    if monte_carlo:
        if exact:
            raise InputError("exact: True with method 'monte-carlo'; expected exact=False (estimates have intervals, not fractions) or an exact method")
        missing = [i for i in names if i not in _ESTIMATED]
        if missing:
            raise InputError(f"indices: {missing[0]!r} is not estimated by monte-carlo; expected shapley_shubik or banzhaf_absolute")
        out = json.loads(_comity.power_indices_monte_carlo(g, samples=samples, seed=seed, confidence=confidence))
        columns: Dict[str, Any] = {}
        for name in _ESTIMATED:
            if name in names:
                columns[name] = out[name]["estimate"]
                columns[f"{name}_low"] = out[name]["low"]
                columns[f"{name}_high"] = out[name]["high"]
        df = _frame(columns, _game_index(g))
        df.attrs["method"] = out["method"]
        return df
    if exact:
        # Fractions make object columns beside the floats: the frame is built after the call.
        index = _game_index(g)
        attrs: Dict[str, Any] = {}
        floats = bytearray(8 * len(names) * len(index))
        _, exact_values = _comity.power_indices(g, names, lambda: (None, floats, attrs), exact=True, method=method)
        rows = np.frombuffer(floats, dtype=np.float64).reshape(len(names), len(index))
        columns = {}
        for k, name in enumerate(names):
            columns[name] = rows[k]
            columns[f"{name}_exact"] = exact_values[k]
        df = _frame(columns, index)
        df.attrs.update(attrs)
        return df
    # The frame is made while the indices are computed (see python/src/fill.rs and
    # python/src/interrupt.rs, run_known_meanwhile), then filled.
    fill, _ = _comity.power_indices(g, names, _Fill.maker(_index_layout(names), g), method=method)
    return fill.frame()


def structure(game: GameLike, rule: Optional[str] = None, unions: Optional[Sequence[Sequence[str]]] = None) -> Dict[str, Any]:
    """The structure of ``game``: a dict with ``members`` (a DataFrame indexed by id: the
    Deegan-Packel, Holler and Johnston indices with exact fractions, veto and null flags, and
    the Owen and Banzhaf-Owen values when ``unions`` of member ids are given),
    ``minimal_winning`` and ``minimal_blocking`` (lists of id lists), ``weighted`` (weights and
    quota representing the game, or None), and ``desirability`` (a boolean DataFrame, row at
    least as desirable as column, or None beyond 20 members).

    >>> import comity
    >>> s = comity.structure(comity.Game.weighted([3, 2, 1], 4, ids=["A", "B", "C"]))
    >>> s["minimal_winning"], s["members"]["johnston_exact"].tolist()
    ([['A', 'B'], ['A', 'C']], [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)])
    """
    g = _game(game, rule)
    ids = g.ids
    position = {m: i for i, m in enumerate(ids)}
    union_positions = None
    if unions is not None:
        union_positions = []
        for u in unions:
            for m in u:
                if m not in position:
                    raise InputError(f"unions: member {m!r} is not in the game; expected one of {ids}")
            union_positions.append([position[m] for m in u])
    out = _comity.structure(g, union_positions)

    def named(family: List[List[int]]) -> List[List[str]]:
        return [[ids[i] for i in c] for c in family]

    columns: Dict[str, Any] = {}
    for name in ("deegan_packel", "holler", "johnston"):
        columns[name] = out[name]
        columns[f"{name}_exact"] = _fractions(out[f"{name}_exact"])
    if out["owen"] is not None:
        columns["owen"] = out["owen"]["owen"]
        columns["banzhaf_owen"] = out["owen"]["banzhaf_owen"]
    columns["veto"] = [i in out["veto_players"] for i in range(len(ids))]
    columns["null"] = [i in out["null_players"] for i in range(len(ids))]
    desirability = out["desirability"]
    return {
        "members": pd.DataFrame(columns, index=_game_index(g)),
        "minimal_winning": named(out["minimal_winning"]),
        "minimal_blocking": named(out["minimal_blocking"]),
        "maximal_losing": named(out["maximal_losing"]),
        "weighted": out["weighted"],
        "desirability": None if desirability is None else pd.DataFrame(desirability, index=ids, columns=ids),
    }
