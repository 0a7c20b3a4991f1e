"""Bargaining: Baron-Ferejohn legislative bargaining under any rule, and the Nash and
Kalai-Smorodinsky solutions of two-player problems.

Also spatial bargaining (winsets, the core and agenda setters, in one or two dimensions),
minilateral clubs (the fewest members reaching targets, or a smallest winning coalition) and
self-enforcing agreements among countries abating a public bad.

References: Baron & Ferejohn (1989), "Bargaining in legislatures", APSR 83(4) (closed rule,
stationary equilibrium); Nash (1950); Kalai & Smorodinsky (1975); Romer & Rosenthal (1978) and
Tsebelis (2002) (agenda setters, veto players); Naim (2009) (minilateralism); Barrett (1994)
(self-enforcing agreements).

>>> import comity
>>> # Five members, simple majority, equal recognition, discount 0.9: each expects 1/5 and a
>>> # proposer keeps 1 - 0.9 x 2/5 = 0.64 (by hand).
>>> bf = comity.baron_ferejohn(comity.Game.weighted([1] * 5, 3), discount=0.9)
>>> round(float(bf.values.sum()), 12), round(float(bf.keeps[0]), 12)
(1.0, 0.64)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _comity
from ._comity import BaronFerejohn
from .errors import InputError
from .power import GameLike, Institution, _Fill, _Layout, _frame, _game, _game_index, _id_index

__all__ = [
    "baron_ferejohn",
    "BaronFerejohn",
    "nash_bargaining",
    "BargainingSolution",
    "spatial",
    "SpatialOutcome",
    "club",
    "Club",
    "coalition",
    "deadline",
    "open_rule",
    "OpenRule",
    "co_facilitators",
    "status_quo",
    "StatusQuoResult",
]


# The frame's columns: the floats in one block, the classes in another.
_BF_LAYOUT = _Layout(("value", "recognition", "keeps", "offer", "class"), ((np.float64, [0, 1, 2, 3]), (np.int64, [4])))


# The extension's function itself (its docstring in python/src/bargain.rs): a Python function
# around it cost 0.5 to 1 us of the 3 to 7 that issue 19's goal allows at the Security Council.
baron_ferejohn = _comity.baron_ferejohn


def _baron_ferejohn_frame(result: BaronFerejohn) -> pd.DataFrame:
    """``result.to_frame()``: a new frame over the game's index, its columns and ``attrs``
    written by the extension (``BaronFerejohn._fill``) into buffers laid out as
    ``_BF_LAYOUT``.

    >>> import comity
    >>> bf = comity.baron_ferejohn(comity.Game.weighted([2, 1, 1], 3), discount=0.5)
    >>> _baron_ferejohn_frame(bf)["value"].round(6).tolist()
    [0.428571, 0.285714, 0.285714]
    """
    fill = _Fill(_BF_LAYOUT, _game_index(result._game))
    floats, class_of = fill.buffers
    result._fill(floats, class_of, fill.attrs)
    return fill.frame()


@dataclass(frozen=True)
class BargainingSolution:
    """The Nash bargaining solution (with bargaining weights) and the Kalai-Smorodinsky
    solution of a two-player problem, and the vertices of its feasible set.

    >>> import comity
    >>> comity.nash_bargaining([(0, 0), (2, 0), (0, 2)]).nash.tolist()
    [1.0, 1.0]
    """

    nash: np.ndarray
    kalai_smorodinsky: np.ndarray
    vertices: np.ndarray


def nash_bargaining(
    points: Sequence[Tuple[float, float]],
    disagreement: Tuple[float, float] = (0.0, 0.0),
    weights: Tuple[float, float] = (0.5, 0.5),
) -> BargainingSolution:
    """The solutions of the problem whose feasible set is the convex hull of ``points`` (payoff
    pairs) and whose disagreement point is ``disagreement``.

    >>> import comity
    >>> s = comity.nash_bargaining([(0, 0), (4, 0), (0, 2)])
    >>> s.nash.tolist(), s.kalai_smorodinsky.tolist()
    ([2.0, 1.0], [2.0, 1.0])
    """
    pts = [[float(x), float(y)] for x, y in points]
    d = [float(v) for v in disagreement]
    w = [float(v) for v in weights]
    out = json.loads(_comity.nash_bargaining(pts, d, w))
    return BargainingSolution(
        nash=np.array(out["nash"]),
        kalai_smorodinsky=np.array(out["kalai_smorodinsky"]),
        vertices=np.array(out["vertices"]),
    )


@dataclass(frozen=True)
class SpatialOutcome:
    """Spatial bargaining from a status quo: whether it is in the core (no winning coalition
    prefers any policy to it), its winset, and what an agenda setter gets under the rule, under
    consensus and under simple majority.

    In one dimension ``winset`` is a list of open intervals ``(low, high)``; in two it is the
    winset's boundary, an array of points (one per direction), and ``winset_area`` its area in
    the plane rescaled by salience. The setter's outcomes are numbers (one dimension) or points.

    >>> import comity
    >>> out = comity.spatial(comity.Game.weighted([1, 1, 1], 2), ideals=[0, 1, 3], status_quo=2)
    >>> out.winset, out.in_core, out.in_unanimity_core
    ([(0.0, 2.0)], False, True)
    """

    dimensions: int
    status_quo: Union[float, np.ndarray]
    in_core: bool
    in_unanimity_core: bool
    winset: Union[List[Tuple[float, float]], np.ndarray]
    winset_area: Optional[float] = None
    setter: Optional[str] = None
    setter_outcome: Union[float, np.ndarray, None] = None
    consensus_outcome: Union[float, np.ndarray, None] = None
    majority_outcome: Union[float, np.ndarray, None] = None


def _member_column(body: Institution, attribute: str) -> List[float]:
    members = body.members
    if attribute not in members.columns:
        raise InputError(f"{body.id}: no attribute {attribute!r}; expected one of {[c for c in members.columns if c not in ('name', 'tags')]}")
    column = members[attribute]
    missing = [str(i) for i, v in column.items() if v != v]
    if missing:
        raise InputError(f"{body.id}: member {missing[0]!r} has no attribute {attribute!r}")
    return [float(v) for v in column]


def _ideal_column(game: GameLike, ids: List[str], ideals: Any, what: str) -> List[float]:
    if isinstance(ideals, str):
        if not isinstance(game, Institution):
            raise InputError(f"{what}: attribute {ideals!r} named with a compiled game; pass an Institution or the numbers")
        return _member_column(game, ideals)
    if isinstance(ideals, pd.Series):
        unknown = [m for m in ids if m not in ideals.index]
        if unknown:
            raise InputError(f"{what}: no value for member {unknown[0]!r}; expected one per member id")
        ideals = ideals.loc[ids]
    try:
        column = [float(x) for x in ideals]
    except (TypeError, ValueError):
        raise InputError(f"{what}: expected one number per member") from None
    if len(column) != len(ids):
        raise InputError(f"{what}: {len(column)} points for {len(ids)} members; expected one per member, in the game's order")
    return column


def spatial(
    game: GameLike,
    rule: Optional[str] = None,
    ideals: Any = None,
    status_quo: Union[float, Sequence[float]] = 0.0,
    setter: Optional[str] = None,
    salience: Tuple[float, float] = (1.0, 1.0),
    directions: int = 360,
) -> SpatialOutcome:
    """Spatial bargaining under ``game`` (or an institution's ``rule``) with members' ideal
    points ``ideals``: one number per member (or a Series indexed by id, or the name of an
    institution's attribute) in one dimension; one point per member (an n x 2 array, or a pair
    of attribute names) in two, where ``status_quo`` is a point, ``salience`` weights the axes
    and the winset's boundary is traced in ``directions`` directions. With ``setter`` (a member
    id), the outcome when that member proposes (Romer & Rosenthal 1978).

    >>> import comity
    >>> # Five members at 0..4 under majority, status quo 4: the median (2) decides, so by hand
    >>> # the winset is (0, 4) and a setter at 0 gets 2 x 2 - 4 = 0; under consensus nothing moves.
    >>> out = comity.spatial(comity.Game.weighted([1] * 5, 3), ideals=[0, 1, 2, 3, 4], status_quo=4, setter="1")
    >>> out.winset, out.setter_outcome, out.consensus_outcome
    ([(0.0, 4.0)], 0.0, 4.0)
    """
    g = _game(game, rule)
    ids = g.ids
    if ideals is None:
        raise InputError("ideals: none given; expected one ideal point per member")
    position = None
    if setter is not None:
        if setter not in ids:
            raise InputError(f"setter: {setter!r} is not a member id; expected one of {ids}")
        position = ids.index(setter)
    two_d = not isinstance(status_quo, (int, float, np.integer, np.floating))
    if not two_d:
        column = _ideal_column(game, ids, ideals, "ideals")
        q = float(status_quo)
        out = json.loads(_comity.spatial_1d(g, column, q, position))
        low, high = min(column), max(column)
        s = out.get("setter", {})
        return SpatialOutcome(
            dimensions=1,
            status_quo=q,
            in_core=out["in_core"],
            in_unanimity_core=bool(low <= q <= high),
            winset=[(float(a), float(b)) for a, b in out["winset"]],
            setter=setter,
            setter_outcome=s.get("outcome"),
            consensus_outcome=s.get("consensus"),
            majority_outcome=s.get("simple_majority"),
        )
    q2 = [float(v) for v in status_quo]  # type: ignore[union-attr]
    if len(q2) != 2:
        raise InputError(f"status_quo: {len(q2)} coordinates; expected a number (one dimension) or a pair (two)")
    if isinstance(ideals, (tuple, list)) and len(ideals) == 2 and all(isinstance(a, str) for a in ideals):
        xs, ys = (_ideal_column(game, ids, a, "ideals") for a in ideals)
        points = [[x, y] for x, y in zip(xs, ys)]
    else:
        if isinstance(ideals, pd.DataFrame):
            ideals = ideals.loc[[m for m in ids if m in ideals.index]].to_numpy()
        array = np.asarray(ideals, dtype=float) if not isinstance(ideals, str) else None
        if array is None or array.ndim != 2 or array.shape != (len(ids), 2):
            shape = "an attribute name" if array is None else f"shape {array.shape}"
            raise InputError(f"ideals: {shape} with a two-dimensional status quo; expected {len(ids)} points of 2 coordinates (an n x 2 array)")
        points = array.tolist()
    w = [float(v) for v in salience]
    if len(w) != 2:
        raise InputError(f"salience: {len(w)} weights; expected one per axis (2)")
    if isinstance(directions, bool) or not isinstance(directions, (int, np.integer)) or directions < 1:
        raise InputError(f"directions: {directions!r}; expected a positive whole number")
    out = json.loads(_comity.spatial_2d(g, points, q2, w, int(directions), position))
    s = out.get("setter")
    point = (lambda key: None if s is None else np.array(s[key]))
    return SpatialOutcome(
        dimensions=2,
        status_quo=np.array(q2),
        in_core=out["in_core"],
        in_unanimity_core=out["in_unanimity_core"],
        winset=np.array(out["boundary"]).reshape(-1, 2),
        winset_area=out["area"],
        setter=setter,
        setter_outcome=point("outcome"),
        consensus_outcome=point("consensus"),
        majority_outcome=point("simple_majority"),
    )


@dataclass(frozen=True)
class Club:
    """A minilateral club: its members' ids, who is left out, and per attribute the shares of
    the body's total held by the club and by those excluded.

    >>> import comity, pandas as pd
    >>> c = comity.club(pd.DataFrame({"emissions": [50, 30, 10, 10]}, index=["A", "B", "C", "D"]),
    ...                 targets={"emissions": 0.75})
    >>> c.members, c.excluded, float(c.shares.loc["emissions", "club"])
    (['A', 'B'], ['C', 'D'], 0.8)
    """

    members: List[str]
    excluded: List[str]
    shares: pd.DataFrame


def club(
    body: Union[Institution, pd.DataFrame],
    targets: Optional[Mapping[str, float]] = None,
    rule: Optional[str] = None,
) -> Club:
    """The fewest members of ``body`` (an ``Institution``, or a DataFrame of numeric attributes
    indexed by member id) whose attributes reach every target share of the body's total
    (``targets`` maps attribute to share in [0, 1]; an exact branch and bound, which Ctrl-C
    stops), or, with ``rule``, a
    smallest winning coalition of an institution's rule (on its decision diagram).

    >>> import comity
    >>> unsc = comity.Institution.load("models/institutions/unsc.toml")
    >>> c = comity.club(unsc, rule="substantive")
    >>> len(c.members), set(unsc.groups["permanent"]) <= set(c.members)
    (9, True)
    """
    if isinstance(body, Institution):
        frame = body.members.drop(columns=["name", "tags"])
        label = body.id
    elif isinstance(body, pd.DataFrame):
        frame, label = body, "members"
    else:
        raise InputError(f"body: {type(body).__name__}; expected a comity.Institution or a pandas DataFrame")
    ids = [str(i) for i in frame.index]
    if rule is not None:
        if targets is not None:
            raise InputError("targets: given with a rule; expected either targets or a rule")
        if not isinstance(body, Institution):
            raise InputError("rule: given with a DataFrame; expected an Institution to name a rule")
        chosen = _comity.smallest_winning(body.compile(rule))
    else:
        if not targets:
            raise InputError("targets: none given; expected {attribute: share} (or a rule)")
        values, goals = [], []
        for attribute, share in targets.items():
            if attribute not in frame.columns:
                raise InputError(f"{label}: targets: no attribute {attribute!r}; expected one of {list(frame.columns)}")
            try:
                share = float(share)
            except (TypeError, ValueError):
                raise InputError(f"targets: {attribute}: {share!r}; expected a share in [0, 1]") from None
            if not 0.0 <= share <= 1.0:
                raise InputError(f"targets: {attribute}: {share}; expected a share in [0, 1]")
            try:
                column = [float(v) for v in frame[attribute]]
            except (TypeError, ValueError):
                raise InputError(f"{label}: attribute {attribute!r} holds a value that is not a number") from None
            missing = [i for i, v in zip(ids, column) if v != v]
            if missing:
                raise InputError(f"{label}: member {missing[0]!r} has no attribute {attribute!r}")
            values.append(column)
            goals.append(share * sum(column))
        chosen = _comity.smallest_club(values, goals)
        if chosen is None:
            raise InputError(f"{label}: targets: even all members together miss a target")
    inside = set(chosen)
    shares = {}
    for attribute in frame.columns:
        column = pd.to_numeric(frame[attribute], errors="coerce").fillna(0.0).to_numpy(dtype=float)
        total = float(column.sum())
        if total > 0:
            held = float(column[sorted(inside)].sum()) / total
            shares[str(attribute)] = {"club": held, "excluded": 1.0 - held}
    table = pd.DataFrame.from_dict(shares, orient="index", columns=["club", "excluded"])
    table.index.name = "attribute"
    return Club(
        members=[ids[i] for i in chosen],
        excluded=[m for i, m in enumerate(ids) if i not in inside],
        shares=table,
    )


def coalition(
    countries: Optional[int] = None,
    benefit: float = 1.0,
    cost: float = 1.0,
    benefits: Optional[Sequence[float]] = None,
    costs: Optional[Sequence[float]] = None,
    satiation: Optional[float] = None,
    timing: str = "nash",
) -> pd.DataFrame:
    """Self-enforcing agreements among countries abating a public bad (Barrett 1994): for
    ``countries`` identical ones (slopes ``benefit``, ``cost``) every stable size, or for
    countries with slopes ``benefits`` and ``costs`` (lists, or Series indexed by country id)
    every stable coalition (at most 20 countries). Benefits are linear, or quadratic with
    ``satiation`` a; ``timing`` is "nash" or "stackelberg" (signatories lead). One row per
    agreement: ``signatories``, ``members`` (ids; None for identical countries),
    ``total_abatement``, ``full_cooperation_abatement``, ``welfare`` and
    ``share_of_cooperation_gains``.

    >>> import comity
    >>> # Barrett (2003), ch. 7: with linear benefits only three sign, whatever n, b and c.
    >>> comity.coalition(countries=50, cost=4.0)["signatories"].tolist()
    [3]
    """
    if timing not in ("nash", "stackelberg"):
        raise InputError(f"timing: {timing!r}; expected 'nash' or 'stackelberg'")
    ids: Optional[List[str]] = None
    lists: List[Optional[List[float]]] = []
    for name, column in (("benefits", benefits), ("costs", costs)):
        if column is None:
            lists.append(None)
            continue
        if isinstance(column, pd.Series):
            if ids is None:
                ids = [str(i) for i in column.index]
        try:
            lists.append([float(v) for v in column])
        except (TypeError, ValueError):
            raise InputError(f"{name}: expected one number per country") from None
    if countries is not None and (benefits is not None or costs is not None):
        raise InputError("countries: given with benefits or costs; expected identical countries (countries, benefit, cost) or one slope of each per country")
    if countries is None and (benefits is None or costs is None):
        raise InputError("countries: none given; expected a number of identical countries, or benefits and costs")
    if countries is not None and (isinstance(countries, bool) or not isinstance(countries, (int, np.integer)) or countries < 0):
        raise InputError(f"countries: {countries!r}; expected a whole number of countries")
    out = json.loads(
        _comity.abatement(
            None if countries is None else int(countries),
            float(benefit),
            float(cost),
            lists[0],
            lists[1],
            None if satiation is None else float(satiation),
            timing == "stackelberg",
        )
    )
    n = out["countries"]
    names = ids if ids is not None and len(ids) == n else [str(i + 1) for i in range(n)]
    rows = out["agreements"]
    df = pd.DataFrame(
        {
            "signatories": [r["signatories"] for r in rows],
            "members": [None if r["members"] is None else [names[i] for i in r["members"]] for r in rows],
            "total_abatement": [r["total_abatement"] for r in rows],
            "full_cooperation_abatement": [r["full_cooperation_abatement"] for r in rows],
            "welfare": [r["welfare"] for r in rows],
            "share_of_cooperation_gains": [r["share_of_cooperation_gains"] for r in rows],
        },
        index=pd.RangeIndex(len(rows), name="agreement"),
    )
    df.attrs["countries"] = n
    return df


def deadline(
    game: GameLike,
    rule: Optional[str] = None,
    discount: float = 0.9,
    rounds: int = 10,
    recognition: Optional[Sequence[float]] = None,
) -> pd.DataFrame:
    """Baron-Ferejohn bargaining under ``game`` (or an institution's ``rule``) against a
    deadline: ``rounds`` rounds, after which nothing is agreed (backward induction; Baron &
    Ferejohn 1989, sec. 2). One row per member indexed by id: its expected ``value`` and what
    it ``keeps`` as first proposer; ``df.attrs["by_round"]`` holds the values with 1, 2, ...,
    ``rounds`` rounds left (one row each).

    >>> import comity
    >>> # Three members, majority, no discounting. By hand: with one round left the proposer
    >>> # keeps everything; with two it buys one partner at 1/3 and keeps 2/3.
    >>> d = comity.deadline(comity.Game.weighted([1, 1, 1], 2), discount=1.0, rounds=2)
    >>> d["keeps"].round(12).tolist(), d.attrs["by_round"][0].round(12).tolist()
    ([0.666666666667, 0.666666666667, 0.666666666667], [0.333333333333, 0.333333333333, 0.333333333333])
    """
    g = _game(game, rule)
    if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 0:
        raise InputError(f"rounds: {rounds!r}; expected a whole number of rounds (at least 1)")
    out = json.loads(
        _comity.deadline(g, float(discount), int(rounds), None if recognition is None else [float(p) for p in recognition])
    )
    df = _frame({"value": out["values"], "keeps": out["keeps"]}, _game_index(g))
    df.attrs["rounds"] = out["rounds"]
    df.attrs["discount"] = out["discount"]
    df.attrs["by_round"] = np.array(out["by_round"], dtype=np.float64)
    return df


@dataclass(frozen=True)
class OpenRule:
    """The symmetric stationary equilibrium under the open rule (Baron & Ferejohn 1989,
    Proposition 4): how many ``coalition`` partners a proposer buys, what it proposes to keep
    and offers each, the values of the proposer on the floor, a partner and an excluded member,
    each member's ``value``, the chance a proposal passes unamended and the expected number of
    amendments.

    >>> import comity
    >>> comity.open_rule(101, 51, 0.99).coalition  # patient: a minimal majority of partners
    50
    """

    members: int
    quota: int
    discount: float
    coalition: int
    proposed_keep: float
    offer: float
    proposer_value: float
    partner_value: float
    excluded_value: float
    value: float
    pass_first_time: float
    expected_amendments: float


def open_rule(members: int, quota: Optional[int] = None, discount: float = 0.9) -> OpenRule:
    """Baron-Ferejohn bargaining among ``members`` identical members under the open rule
    (proposals may be amended), ``quota`` of whom must agree (simple majority by default).

    >>> import comity
    >>> # Three members, delta = 0.9 >= sqrt(3) - 1: one partner, offered 2 delta / (4 + 2 delta
    >>> # - delta^2) = 1.8 / 4.99 (Baron & Ferejohn 1989).
    >>> eq = comity.open_rule(3, discount=0.9)
    >>> eq.coalition, round(eq.offer - 1.8 / 4.99, 12)
    (1, 0.0)
    """
    for name, value in (("members", members), ("quota", quota)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0):
            raise InputError(f"{name}: {value!r}; expected a whole number")
    q = int(members) // 2 + 1 if quota is None else int(quota)
    return OpenRule(**json.loads(_comity.open_rule(int(members), q, float(discount))))


def co_facilitators(
    game: GameLike,
    pair: Tuple[str, str],
    probability: float = 0.2,
    share: float = 0.5,
    rule: Optional[str] = None,
) -> pd.Series:
    """Recognition probabilities when two co-facilitators (member ids ``pair``) share the pen:
    the first is recognised with ``share * probability``, the second with the rest of
    ``probability``, every other member equally with what remains. A Series indexed by member
    id, to pass as ``recognition`` to ``baron_ferejohn`` or ``deadline`` (compare with one chair
    holding the whole ``probability``).

    >>> import comity
    >>> game = comity.Game.weighted([1] * 5, 3, ids=list("ABCDE"))
    >>> p = comity.co_facilitators(game, ("A", "D"), probability=0.4)
    >>> p.round(12).tolist()  # by hand: 0.2 each for A and D, 0.6 / 3 for the others
    [0.2, 0.2, 0.2, 0.2, 0.2]
    """
    g = _game(game, rule)
    ids = g.ids
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        raise InputError(f"pair: {pair!r}; expected two member ids")
    for m in pair:
        if m not in ids:
            raise InputError(f"pair: {m!r} is not a member id; expected two of {ids}")
    p = _comity.co_facilitators(len(ids), [ids.index(pair[0]), ids.index(pair[1])], float(probability), float(share))
    return pd.Series(p, index=_id_index(ids), name="recognition")


@dataclass(frozen=True)
class StatusQuoResult:
    """A stationary equilibrium of status-quo bargaining on a grid (Baron 1996): the grid of
    policies, what each member proposes and its average payoff per period from each status quo
    (DataFrames indexed by member id, one column per grid point), the expected policy over
    time from the starting status quo, and the long-run distribution of policy.

    >>> import comity
    >>> # A dictator (B, ideal 1) moves any status quo to its ideal at once.
    >>> eq = comity.status_quo(comity.Game.weighted([1, 3, 1], 3, ids=["A", "B", "C"]),
    ...                        ideals=[0.0, 1.0, 2.0], recognition=[0, 1, 0], discount=0.5, status_quo=1.7)
    >>> round(float(eq.mean_path[1]), 12), round(eq.long_run_mean, 12)
    (1.0, 1.0)
    """

    discount: float
    grid: np.ndarray
    proposals: pd.DataFrame
    values: pd.DataFrame
    start: float
    mean_path: np.ndarray
    long_run: pd.DataFrame
    long_run_mean: float
    iterations: int


def status_quo(
    game: GameLike,
    rule: Optional[str] = None,
    ideals: Any = None,
    status_quo: float = 0.0,
    discount: float = 0.8,
    recognition: Optional[Sequence[float]] = None,
    grid: int = 201,
    range: Optional[Tuple[float, float]] = None,  # noqa: A002 (the library's name)
    horizon: int = 50,
) -> StatusQuoResult:
    """Bargaining in which each period's policy becomes the next period's status quo (Baron
    1996), under ``game`` (or an institution's ``rule``): members with one-dimensional
    ``ideals`` (numbers, a Series by id, or an attribute name), recognition weights
    ``recognition`` (equal when None), discount factor below 1, on a ``grid`` of policies over
    ``range`` (by default the ideals' range widened by half on each side), from ``status_quo``;
    the expected policy is followed for ``horizon`` periods.

    >>> import comity
    >>> # Five members at 0, 0.1, 0.5, 0.8, 1 under majority, from 0.9: policy ends at the
    >>> # median, 0.5, in the long run (Baron 1996).
    >>> eq = comity.status_quo(comity.Game.weighted([1] * 5, 3), ideals=[0, 0.1, 0.5, 0.8, 1],
    ...                        status_quo=0.9, discount=0.8)
    >>> abs(eq.long_run_mean - 0.5) < 0.02
    True
    """
    g = _game(game, rule)
    ids = g.ids
    if ideals is None:
        raise InputError("ideals: none given; expected one ideal point per member")
    column = _ideal_column(game, ids, ideals, "ideals")
    for name, value in (("grid", grid), ("horizon", horizon)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise InputError(f"{name}: {value!r}; expected a whole number")
    bounds = None
    if range is not None:
        try:
            low, high = (float(v) for v in range)
        except (TypeError, ValueError):
            raise InputError(f"range: {range!r}; expected a pair (low, high)") from None
        bounds = (low, high)
    out = json.loads(
        _comity.status_quo(
            g, column, float(discount), float(status_quo), int(grid), int(horizon), bounds,
            None if recognition is None else [float(p) for p in recognition],
        )
    )
    points = np.array(out["grid"], dtype=np.float64)
    index = _id_index(ids)
    long_run = pd.DataFrame(out["long_run"], columns=["policy", "probability"], dtype=np.float64)
    return StatusQuoResult(
        discount=out["discount"],
        grid=points,
        proposals=pd.DataFrame(np.array(out["proposals"], dtype=np.float64).reshape(len(ids), -1), index=index, columns=points),
        values=pd.DataFrame(np.array(out["values"], dtype=np.float64).reshape(len(ids), -1), index=index, columns=points),
        start=out["start"],
        mean_path=np.array(out["mean_path"], dtype=np.float64),
        long_run=long_run,
        long_run_mean=out["long_run_mean"],
        iterations=out["iterations"],
    )
