"""Reciprocity: memory-one strategies in the repeated prisoner's dilemma (exact long-run
payoffs, tournaments, the Moran process) and repeated public-goods institutions whose members
reciprocate specifically, diffusely or indirectly.

Strategies are named as on the command line: ``allc``, ``alld``, ``tft``, ``wsls``, ``grim``,
``gtft``, ``extort:CHI``, ``random:Q`` or ``p_CC/p_CD/p_DC/p_DD[/first]``. Payoffs are
``(R, S, T, P)``, by default (3, 0, 5, 1).

References: Axelrod (1984); Nowak & Sigmund (1993) for memory-one strategies and win-stay
lose-shift; Press & Dyson (2012) for zero-determinant strategies; Nowak et al. (2004) for the
Moran process; Keohane (1986) for specific and diffuse reciprocity.

>>> import comity
>>> # Tit-for-tat against itself with 5% noise visits the four outcomes equally often:
>>> # (3 + 0 + 5 + 1) / 4 = 2.25 each.
>>> [round(p, 12) for p in comity.match("tft", "tft", noise=0.05).long_run]
[2.25, 2.25]
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _comity
from .errors import InputError

__all__ = [
    "MatchResult",
    "AutomatonMatch",
    "MoranResult",
    "match",
    "automaton_match",
    "tournament",
    "exact_tournament",
    "moran",
    "institution",
    "MembersResult",
    "real_members",
]

Payoffs = Tuple[float, float, float, float]
DEFAULT_PAYOFFS: Payoffs = (3.0, 0.0, 5.0, 1.0)


@dataclass(frozen=True)
class MatchResult:
    """Long-run payoffs of ``x`` and ``y`` per round, and the discounted ones when a discount
    factor was given.

    >>> import comity
    >>> comity.match("allc", "alld", noise=0.0).long_run
    (0.0, 5.0)
    """

    long_run: Tuple[float, float]
    discounted: Optional[Tuple[float, float]]


def match(
    x: str, y: str, payoffs: Payoffs = DEFAULT_PAYOFFS, noise: float = 0.0, delta: Optional[float] = None
) -> MatchResult:
    """Exact long-run payoffs of strategy ``x`` against ``y`` with implementation ``noise``
    (and the discounted payoffs for discount factor ``delta``).

    >>> import comity
    >>> comity.match("wsls", "wsls", noise=0.0).long_run
    (3.0, 3.0)
    """
    out = json.loads(_comity.reciprocity_match(x, y, [float(v) for v in payoffs], float(noise), delta))
    discounted = out["discounted"]
    return MatchResult(tuple(out["long_run"]), None if discounted is None else tuple(discounted))


def tournament(
    strategies: Sequence[str],
    payoffs: Payoffs = DEFAULT_PAYOFFS,
    noise: float = 0.0,
    rounds: int = 200,
    repetitions: int = 10,
    seed: int = 1,
) -> pd.DataFrame:
    """The round robin among ``strategies`` (each meets each, itself included), ``repetitions``
    times of ``rounds`` rounds: one row per strategy in the order given, with its mean score per
    round, the half-width of its 95% interval and its rank (1 best). ``df.attrs["payoffs"]``
    holds the payoff matrix.

    >>> import comity
    >>> t = comity.tournament(["tft", "alld"], rounds=10, repetitions=2)
    >>> t["score"].round(2).tolist(), t["rank"].tolist()
    ([1.95, 1.2], [1, 2])
    """
    names = list(strategies)
    out = json.loads(
        _comity.reciprocity_tournament(
            names, [float(v) for v in payoffs], float(noise), int(rounds), int(repetitions), int(seed)
        )
    )
    rank = {i: r + 1 for r, i in enumerate(out["ranking"])}
    df = pd.DataFrame(
        {
            "score": [s["mean"] for s in out["scores"]],
            "half_width": [s["half_width"] for s in out["scores"]],
            "rank": [rank[i] for i in range(len(names))],
        },
        index=pd.Index(names, name="strategy"),
    )
    df.attrs["payoffs"] = np.array(out["payoffs"])
    return df


@dataclass(frozen=True)
class AutomatonMatch:
    """Exact expected payoffs per turn of ``x`` and ``y`` over a match of ``turns`` turns, and
    their long-run payoffs (None when not asked for).

    >>> import comity
    >>> comity.automaton_match("tit-for-tat", "defector", turns=200).per_turn
    (0.995, 1.02)
    """

    turns: int
    per_turn: Tuple[float, float]
    long_run: Optional[Tuple[float, float]]


def automaton_match(
    x: str,
    y: str,
    payoffs: Payoffs = DEFAULT_PAYOFFS,
    noise: float = 0.0,
    turns: int = 200,
    long_run: bool = True,
) -> AutomatonMatch:
    """Exact payoffs of automaton strategy ``x`` against ``y`` (classic strategies by name, such
    as ``tit-for-tat``, ``grudger``, ``win-stay-lose-shift`` or ``tit-for-two-tats``; memory-one
    strategies as in ``match``; or an automaton file ending in ``.toml``) with ``noise`` flipping
    each move: the expected payoff per turn over ``turns`` turns (the Axelrod library's 200 by
    default) from the Markov chain over both automata's states, and the long-run average.

    >>> import comity
    >>> # Suspicious tit-for-tat against tit-for-tat alternates D/C and C/D for ever: 2.5 each.
    >>> comity.automaton_match("suspicious-tit-for-tat", "tit-for-tat", turns=2).long_run
    (2.5, 2.5)
    """
    per_turn, limit = _comity.reciprocity_automaton_match(
        x, y, [float(v) for v in payoffs], float(noise), _count(turns, "turns"), bool(long_run)
    )
    return AutomatonMatch(int(turns), tuple(per_turn), None if limit is None else tuple(limit))


def exact_tournament(
    strategies: Sequence[str], payoffs: Payoffs = DEFAULT_PAYOFFS, noise: float = 0.0, turns: int = 200
) -> pd.DataFrame:
    """The round robin of automaton strategies (named as in ``automaton_match``), each against
    each and itself, scored by the exact expected payoffs of ``turns``-turn matches with
    ``noise``: no sampling, no seed. One row per strategy in the order given: its ``score`` (mean
    payoff per turn over its matches) and ``rank`` (1 best); ``df.attrs["payoffs"]`` holds the
    payoff matrix. Interrupted by Ctrl-C between matches.

    >>> import comity
    >>> t = comity.exact_tournament(["cooperator", "defector", "tit-for-tat"])
    >>> t["rank"].tolist(), round(float(t.loc["tit-for-tat", "score"]), 6)
    ([3, 1, 2], 2.331667)
    """
    names = list(strategies)
    scores, payoff_matrix, ranking = _comity.reciprocity_exact_tournament(
        names, [float(v) for v in payoffs], float(noise), _count(turns, "turns")
    )
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.asarray(ranking, dtype=np.intp)] = np.arange(1, len(names) + 1)
    df = pd.DataFrame({"score": np.asarray(scores, dtype=np.float64), "rank": rank}, index=pd.Index(names, name="strategy"))
    df.attrs["payoffs"] = np.array(payoff_matrix)
    return df


def _count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InputError(f"{name}: {value!r}; expected a whole number at least 1")
    return int(value)


@dataclass(frozen=True)
class MoranResult:
    """The fixation probability of one mutant, exact, against the neutral ``1/N``, with the
    simulated estimate (mean and half-width) when asked for.

    >>> import comity
    >>> r = comity.moran("alld", "allc", population=10, intensity=0.0)
    >>> round(r.fixation, 12), r.neutral  # no selection: neutral drift
    (0.1, 0.1)
    """

    fixation: float
    neutral: float
    payoff_matrix: np.ndarray
    simulated: Optional[Tuple[float, float]]


def moran(
    mutant: str,
    resident: str,
    payoffs: Payoffs = DEFAULT_PAYOFFS,
    noise: float = 0.0,
    population: int = 100,
    intensity: float = 0.1,
    simulate: Optional[int] = None,
    seed: int = 1,
) -> MoranResult:
    """Fixation probability of one ``mutant`` among ``population - 1`` ``resident``\\ s under the
    Moran process with selection ``intensity``, with long-run payoffs as fitness; with
    ``simulate`` runs, also estimated by simulation.

    >>> import comity
    >>> r = comity.moran("alld", "tft", population=20, intensity=0.1, noise=0.01)
    >>> r.fixation < r.neutral  # defectors rarely invade reciprocators
    True
    """
    out = json.loads(
        _comity.reciprocity_moran(
            mutant, resident, [float(v) for v in payoffs], float(noise), int(population), float(intensity),
            simulate, int(seed),
        )
    )
    sim = out["simulated"]
    return MoranResult(
        fixation=out["fixation"],
        neutral=out["neutral"],
        payoff_matrix=np.array(out["payoff_matrix"]),
        simulated=None if sim is None else (sim["mean"], sim["half_width"]),
    )


def _sweep(value: Any, name: str, kind: type) -> Tuple[Optional[List[Any]], bool]:
    """(values, swept): None for the file's own value, a list of one for a number, the list for
    a list."""
    if value is None:
        return None, False
    many = isinstance(value, (list, tuple, np.ndarray, pd.Series))
    items = list(value) if many else [value]
    try:
        if kind is int:
            if any(isinstance(v, bool) or float(v) != int(v) or int(v) < 0 for v in items):
                raise ValueError
            values: List[Any] = [int(v) for v in items]
        else:
            values = [float(v) for v in items]
    except (TypeError, ValueError, OverflowError):
        what = "a whole number" if kind is int else "a number"
        raise InputError(f"{name}: {value!r}; expected {what} or a list of them") from None
    return values, many


def institution(
    path: Union[str, "os.PathLike[str]"],
    exact: bool = False,
    members: Union[int, Sequence[int], None] = None,
    noise: Union[float, Sequence[float], None] = None,
    superficial: Union[float, Sequence[float], None] = None,
    rounds: Optional[int] = None,
    seeds: Optional[int] = None,
    seed: Optional[int] = None,
) -> pd.DataFrame:
    """The repeated public-goods institution of the file at ``path`` (see
    ``models/reciprocity/``), simulated as the file says or solved exactly as a Markov chain
    (``exact=True``, for small bodies): one row per member type with its members, contribution
    rate and payoff per round. ``df.attrs`` holds the body's contribution rate and method.

    ``members`` (body size), ``noise`` and ``superficial`` (the share of free riders) replace the
    file's values; given as lists they sweep every combination, and the frame is indexed by
    ``(size, noise, superficial_share, type)`` with the body's ``body_contribution_rate`` on each
    row. ``rounds``, ``seeds`` and ``seed`` replace the file's simulation settings.

    >>> import comity
    >>> df = comity.institution("models/reciprocity/threshold_exact.toml", exact=True)
    >>> df.attrs["method"], list(df.columns)
    ('exact', ['members', 'contribution_rate', 'payoff'])
    >>> sweep = comity.institution("models/reciprocity/threshold_exact.toml", exact=True, noise=[0.0, 0.1])
    >>> list(sweep.index.names), sorted(set(sweep.index.get_level_values("noise")))
    (['size', 'noise', 'superficial_share', 'type'], [0.0, 0.1])
    """
    sizes, many_sizes = _sweep(members, "members", int)
    noises, many_noises = _sweep(noise, "noise", float)
    shares, many_shares = _sweep(superficial, "superficial", float)
    for name, value in (("rounds", rounds), ("seeds", seeds), ("seed", seed)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0):
            raise InputError(f"{name}: {value!r}; expected a whole number")
    out = json.loads(
        _comity.reciprocity_institution(
            str(path), bool(exact), sizes, noises, shares,
            None if rounds is None else int(rounds), None if seeds is None else int(seeds),
            None if seed is None else int(seed),
        )
    )
    points = out["points"]
    if not (many_sizes or many_noises or many_shares):
        point = points[0]
        df = pd.DataFrame(point["types"]).set_index("type")
        df.attrs.update(name=out["name"], method=out["method"], members=point["members"], noise=point["noise"],
                        contribution_rate=point["contribution_rate"], superficial_share=point["superficial_share"])
        return df
    rows = [
        {"size": p["members"], "noise": p["noise"], "superficial_share": p["superficial_share"], **t,
         "body_contribution_rate": p["contribution_rate"]}
        for p in points
        for t in p["types"]
    ]
    df = pd.DataFrame(rows).set_index(["size", "noise", "superficial_share", "type"])
    df.attrs.update(name=out["name"], method=out["method"])
    return df


@dataclass(frozen=True)
class MembersResult:
    """A repeated public-goods institution of real members, simulated: the body's means over
    seeds (``level`` watched, ``payment_rate`` of assessments paid, ``provision`` of the good,
    share of runs ``collapsed``), ``members`` (a DataFrame indexed by id: behaviour, capacity
    share, contribution, shares of contributions and benefits with their 95% half-widths,
    payoff, burden per head, arrears and time sanctioned) and ``groups`` (indexed by name).
    ``good``, ``noise`` and ``sanctions`` say what the file set.

    >>> import comity
    >>> r = comity.real_members("models/reciprocity/real_sanctions.toml", rounds=20, seeds=2)
    >>> len(r.members), r.sanctions is not None
    (189, True)
    """

    name: str
    good: Dict[str, Any]
    noise: float
    sanctions: Optional[Dict[str, Any]]
    rounds: int
    seeds: int
    seed: int
    level: float
    payment_rate: float
    provision: float
    collapsed: float
    members: pd.DataFrame
    groups: pd.DataFrame


def _nan(x: Optional[float]) -> float:
    return float("nan") if x is None else float(x)


def real_members(
    path: Union[str, "os.PathLike[str]"],
    rounds: Optional[int] = None,
    seeds: Optional[int] = None,
    seed: Optional[int] = None,
) -> MembersResult:
    """The repeated public-goods institution of real members in the file at ``path`` (see
    ``models/reciprocity/real_*.toml``): members and groups of a real body, assessments by
    capacity (population, an IMF quota), behaviours by group (unconditional, free riders,
    diffuse and specific reciprocity, arrears), the good's technology and graduated sanctions for
    arrears (UN Charter Art. 19), simulated with ``rounds``, ``seeds`` and ``seed`` replacing the
    file's.

    >>> import comity
    >>> r = comity.real_members("models/reciprocity/real_arrears.toml", rounds=20, seeds=2)
    >>> list(r.members.columns[:4])
    ['name', 'behaviour', 'capacity_share', 'contribution']
    >>> round(float(r.members["capacity_share"].sum()), 9)
    1.0
    """
    for name, value in (("rounds", rounds), ("seeds", seeds), ("seed", seed)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0):
            raise InputError(f"{name}: {value!r}; expected a whole number")
    out = json.loads(
        _comity.reciprocity_members(
            str(path),
            None if rounds is None else int(rounds),
            None if seeds is None else int(seeds),
            None if seed is None else int(seed),
        )
    )

    def estimates(rows: List[Dict[str, Any]], name: str) -> Dict[str, List[float]]:
        return {name: [r[name]["mean"] for r in rows], f"{name}_half_width": [_nan(r[name]["half_width"]) for r in rows]}

    m = out["members"]
    members = pd.DataFrame(
        {
            "name": [r["name"] for r in m],
            "behaviour": [r["behaviour"] for r in m],
            "capacity_share": [r["capacity_share"] for r in m],
            "contribution": [r["contribution"]["mean"] for r in m],
            **estimates(m, "contribution_share"),
            **estimates(m, "benefit_share"),
            **estimates(m, "payoff"),
            "burden_per_head": [_nan(r["burden_per_head"]) for r in m],
            "arrears": [r["arrears"] for r in m],
            "sanctioned": [r["sanctioned"] for r in m],
        },
        index=pd.Index([r["id"] for r in m], name="id"),
    )
    g = out["groups"]
    groups = pd.DataFrame(
        {
            "members": [r["members"] for r in g],
            "contribution": [r["contribution"]["mean"] for r in g],
            **estimates(g, "contribution_share"),
            **estimates(g, "benefit_share"),
            **estimates(g, "payoff"),
            "population": [_nan(r["population"]) for r in g],
            "burden_per_head": [_nan(r["burden_per_head"]) for r in g],
            "sanctioned": [r["sanctioned"] for r in g],
        },
        index=pd.Index([r["name"] for r in g], name="group"),
    )
    return MembersResult(
        name=out["name"],
        good=out["good"],
        noise=out["noise"],
        sanctions=out["sanctions"],
        rounds=out["rounds"],
        seeds=out["seeds"],
        seed=out["seed"],
        level=out["level"]["mean"],
        payment_rate=out["payment_rate"]["mean"],
        provision=out["provision"]["mean"],
        collapsed=out["collapsed"],
        members=members,
        groups=groups,
    )
