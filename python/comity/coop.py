"""Cooperative (TU) games: the Shapley value, the Banzhaf value, the core, the least core and
the nucleolus with its certificate.

A TU game is its characteristic function ``v``: a value for every coalition. Given as a list,
``values[mask]`` is the value of the coalition whose players are the set bits of ``mask``
(player ``i`` is bit ``i``; the empty coalition first); given as a dict, keys are frozensets (or
any iterables) of players ``0..n-1`` and missing coalitions are worth 0.

References: Shapley (1953); Schmeidler (1969) for the nucleolus; Maschler, Peleg & Shapley
(1979) for the least core; Aumann & Maschler (1985) for the Talmud's bankruptcy games.

>>> import comity
>>> # The Talmud's estate of 300 for claims 100, 200, 300 (Aumann & Maschler 1985, table 1).
>>> talmud = comity.TuGame.bankruptcy(300, [100, 200, 300])
>>> talmud.nucleolus().exact
[Fraction(50, 1), Fraction(100, 1), Fraction(150, 1)]
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import numpy as np

from . import _comity
from .errors import InputError

__all__ = ["TuGame", "Nucleolus", "LeastCore", "CoreProperties", "cost_shares", "capacity_scale", "Burden", "burden"]


@dataclass(frozen=True)
class Nucleolus:
    """A certified nucleolus (or prenucleolus when there are no imputations).

    ``exact`` is the allocation in fractions, ``allocation`` in floats; ``stage_excesses`` are
    the excesses fixed stage by stage (largest first), ``lps_solved`` the linear programs
    solved, stages and certification together. ``fallback`` is None when the dedicated simplex
    solved every stage, else why microlp solved them instead (the simplex's error or its
    result's failed certificate): the answer is the same, certified, only slower.

    >>> import comity
    >>> nu = comity.TuGame([0, 0, 0, 60, 0, 80, 90, 120]).nucleolus()
    >>> nu.exact, nu.fallback
    ([Fraction(80, 3), Fraction(110, 3), Fraction(170, 3)], None)
    """

    kind: str
    exact: List[Fraction]
    allocation: np.ndarray
    stage_excesses: List[float]
    lps_solved: int
    fallback: Optional[str] = None


@dataclass(frozen=True)
class LeastCore:
    """The least ``epsilon`` for which ``x(S) + epsilon >= v(S)`` holds for every proper
    coalition, and an allocation attaining it (``epsilon`` is None for one player).
    ``fallback`` is None when the dedicated simplex solved the LP, else why microlp solved it
    instead (the simplex's error or its answer's failed check): the same answer, only slower.

    >>> import comity
    >>> lc = comity.TuGame([0, 0, 0, 60, 0, 80, 90, 120]).least_core()
    >>> round(lc.epsilon, 9), lc.fallback
    (-3.333333333, None)
    """

    epsilon: Optional[float]
    allocation: np.ndarray
    fallback: Optional[str] = None


@dataclass(frozen=True)
class CoreProperties:
    """Whether the core is empty, and the properties that bear on it.

    >>> import comity
    >>> comity.TuGame([0, 0, 0, 1, 0, 1, 1, 1]).core().empty
    True
    """

    empty: bool
    balanced: bool
    convex: bool
    superadditive: bool


def _values_from_dict(v: Mapping[Any, float]) -> List[float]:
    players = set()
    masks: Dict[int, float] = {}
    for key, value in v.items():
        members = list(key)
        for p in members:
            if not isinstance(p, (int, np.integer)) or p < 0:
                raise InputError(f"values: coalition {set(members)} has player {p!r}; expected players 0, 1, ..., n-1")
            if p >= 24:
                # Checked before the bit mask is built: 1 << 10**10 alone would take gigabytes.
                raise InputError(f"values: player {p}; expected at most 24 players (0 to 23) for a TU game given in full")
            players.add(int(p))
        mask = 0
        for p in members:
            mask |= 1 << int(p)
        masks[mask] = float(value)
    n = max(players) + 1 if players else 0
    if n > 24:
        raise InputError(f"values: {n} players; expected at most 24 for a TU game given in full")
    values = [0.0] * (1 << n)
    for mask, value in masks.items():
        values[mask] = value
    return values


class TuGame:
    """A TU game on players ``0..n-1``, from its ``2^n`` values (a list by bitmask) or a dict
    keyed by frozensets of players.

    >>> import comity
    >>> g = comity.TuGame({frozenset({0, 1}): 1, frozenset({0, 2}): 1, frozenset({1, 2}): 1,
    ...                    frozenset({0, 1, 2}): 1})
    >>> g.n, g.shapley().tolist()
    (3, [0.3333333333333333, 0.3333333333333333, 0.3333333333333333])
    """

    def __init__(self, values: Union[Sequence[float], Mapping[Any, float], np.ndarray]) -> None:
        if isinstance(values, Mapping):
            self._values = _values_from_dict(values)
        else:
            try:
                self._values = [float(x) for x in values]
            except (TypeError, ValueError) as err:
                raise InputError(f"values: {err}; expected numbers, one per coalition") from None
        # Validates the count (2^n) and finiteness once, so that errors surface here.
        self.n = _comity.tu_solve(self._values, [])["n"]

    @classmethod
    def bankruptcy(cls, estate: float, claims: Sequence[float]) -> "TuGame":
        """The bankruptcy game of ``estate`` and ``claims``: a coalition is worth what the
        others' claims leave of the estate (O'Neill 1982).

        >>> import comity
        >>> comity.TuGame.bankruptcy(100, [100, 200]).values.tolist()
        [0.0, 0.0, 0.0, 100.0]
        """
        try:
            claims = [float(c) for c in claims]
        except (TypeError, ValueError) as err:
            raise InputError(f"claims: {err}; expected numbers") from None
        return cls(_comity.tu_bankruptcy(float(estate), claims))

    @classmethod
    def airport(cls, costs: Sequence[float]) -> "TuGame":
        """The airport cost game (Littlechild & Owen 1973): a coalition pays for the runway its
        most demanding member needs, ``costs[i]`` for member ``i`` alone.

        >>> import comity
        >>> comity.TuGame.airport([3, 5, 9]).shapley().round(12).tolist()  # each segment shared by its users
        [1.0, 2.0, 6.0]
        """
        try:
            costs = [float(c) for c in costs]
        except (TypeError, ValueError) as err:
            raise InputError(f"costs: {err}; expected numbers") from None
        return cls(_comity.airport_costs(costs))

    @property
    def values(self) -> np.ndarray:
        """The characteristic function by bitmask.

        >>> import comity
        >>> comity.TuGame([0, 1, 2, 4]).values.tolist()
        [0.0, 1.0, 2.0, 4.0]
        """
        return np.array(self._values)

    def _solve(self, what: str) -> Any:
        return _comity.tu_solve(self._values, [what])[what]

    def shapley(self) -> np.ndarray:
        """The Shapley value.

        >>> import comity
        >>> comity.TuGame([0, 1, 2, 4]).shapley().tolist()
        [1.5, 2.5]
        """
        return np.array(self._solve("shapley"))

    def banzhaf(self) -> np.ndarray:
        """The (raw, non-normalised) Banzhaf value.

        >>> import comity
        >>> comity.TuGame([0, 1, 2, 4]).banzhaf().tolist()
        [1.5, 2.5]
        """
        return np.array(self._solve("banzhaf"))

    def core(self) -> CoreProperties:
        """Whether the core is empty (by the least core's LP), and whether the game is
        balanced, convex and superadditive: at most 18 players, since superadditivity is
        checked over all ``3^n`` pairs of disjoint coalitions (``least_core()`` goes to 25, and
        its ``epsilon`` is positive exactly when the core is empty).

        >>> import comity
        >>> comity.TuGame([0, 1, 2, 4]).core()
        CoreProperties(empty=False, balanced=True, convex=True, superadditive=True)
        """
        out = self._solve("core")
        return CoreProperties(**out)

    def least_core(self) -> LeastCore:
        """The least core: its ``epsilon`` and an allocation in it.

        >>> import comity
        >>> comity.TuGame([0, 1, 2, 4]).least_core().epsilon
        -0.5
        """
        out = self._solve("least_core")
        return LeastCore(epsilon=out["epsilon"], allocation=np.array(out["allocation"]), fallback=out["fallback"])

    def nucleolus(self, prenucleolus: bool = False) -> Nucleolus:
        """The nucleolus (over imputations, falling back to the prenucleolus when there are
        none), or the prenucleolus, exactly and certified.

        >>> import comity
        >>> comity.TuGame([0, 1, 2, 4]).nucleolus().exact
        [Fraction(3, 2), Fraction(5, 2)]
        """
        out = self._solve("prenucleolus" if prenucleolus else "nucleolus")
        return Nucleolus(
            kind=out["kind"],
            exact=[Fraction(x) for x in out["exact"]],
            allocation=np.array(out["allocation"]),
            stage_excesses=list(out["stage_excesses"]),
            lps_solved=int(out["lps_solved"]),
            fallback=out["fallback"],
        )

    def __repr__(self) -> str:
        return f"TuGame(n={self.n})"



def cost_shares(cost: Union["TuGame", Sequence[float]], method: str = "shapley") -> np.ndarray:
    """Who pays what of a common cost: ``cost`` is a cost game (a ``TuGame``, or its values by
    bitmask: each coalition's stand-alone cost), divided by the Shapley value (each member's
    expected marginal cost) or by the nucleolus of the savings game (``method="nucleolus"``:
    each member pays its stand-alone cost less its nucleolus share of the savings; Young 1985).

    >>> import comity
    >>> # Airport runways 3, 5, 9. By hand: Shapley (1, 2, 6); the nucleolus of the savings
    >>> # (3 - 3/2, 5 - 13/4, 9 - 13/4) = (1.5, 1.75, 5.75).
    >>> runway = comity.TuGame.airport([3, 5, 9])
    >>> comity.cost_shares(runway).round(9).tolist(), comity.cost_shares(runway, "nucleolus").round(9).tolist()
    ([1.0, 2.0, 6.0], [1.5, 1.75, 5.75])
    """
    if isinstance(cost, TuGame):
        values = list(cost._values)
    else:
        try:
            values = [float(v) for v in cost]
        except (TypeError, ValueError) as err:
            raise InputError(f"costs: {err}; expected one number per coalition") from None
    return np.array(_comity.cost_shares(values, str(method)), dtype=np.float64)


def capacity_scale(
    capacity: Union[Sequence[float], "pd.Series"],
    ldc: Optional[Sequence[bool]] = None,
    floor: float = 0.00001,
    ceiling: float = 0.22,
    ldc_ceiling: float = 0.0001,
) -> "pd.Series":
    """Shares of a common cost by capacity to pay, as the United Nations' scale of assessments
    is built: proportional to ``capacity``, but at least ``floor``, at most ``ceiling`` and at
    most ``ldc_ceiling`` for the least developed countries (``ldc`` flags), summing to 1. The
    defaults are the General Assembly's limits (resolution 73/271: 0.001%, 22%, 0.01%). A
    Series, indexed like ``capacity`` when it is one.

    >>> import comity
    >>> # By hand: the largest is capped at 50% and the rest shared pro rata by 6, 3 and 1.
    >>> comity.capacity_scale([90, 6, 3, 1], floor=0.05, ceiling=0.5, ldc_ceiling=0.5).round(12).tolist()
    [0.5, 0.3, 0.15, 0.05]
    """
    import pandas as pd

    index = capacity.index if isinstance(capacity, pd.Series) else None
    try:
        values = [float(v) for v in capacity]
    except (TypeError, ValueError) as err:
        raise InputError(f"capacity: {err}; expected one number per member") from None
    flags = [False] * len(values) if ldc is None else [bool(f) for f in ldc]
    shares = _comity.capacity_scale(values, flags, float(floor), float(ceiling), float(ldc_ceiling))
    return pd.Series(shares, index=index, name="share", dtype=np.float64)


@dataclass(frozen=True)
class Burden:
    """One body of a burden-sharing file, its cost divided by every method the file allows
    (``methods``: ``equal``, ``proportional`` to capacity, the capacity-to-pay ``scale`` with
    the body's ``limits``, the ``shapley`` value and ``nucleolus`` of its cost ``game``, and
    voluntary contributions at the ``nash`` equilibrium): ``members`` (a DataFrame indexed by
    id: name, least developed or not, capacity, population, a share per method and what each
    citizen pays under the scale) and ``groups`` (indexed by group name: members, population
    share and a summed share per method). Shares are fractions of ``cost``.

    >>> import comity
    >>> pacific = comity.burden("models/burden/burden_sharing.toml")["pacific"]
    >>> pacific.methods
    ['equal', 'proportional', 'scale', 'shapley', 'nucleolus', 'nash']
    """

    body: str
    label: str
    cost: float
    limits: Dict[str, float]
    game: Optional[Dict[str, Any]]
    nash: Optional[Dict[str, Any]]
    methods: List[str]
    ldc_source: str
    members: "pd.DataFrame"
    groups: "pd.DataFrame"


def burden(path: Union[str, "os.PathLike[str]"]) -> Dict[str, Burden]:
    """Every body of the burden-sharing file at ``path`` (``models/burden/``; its CSV data are
    read relative to it), by body name: who pays for a shared good under equal shares, shares
    proportional to capacity, a capacity-to-pay scale with a floor and ceilings (the United
    Nations scale's structure), the Shapley value and nucleolus of a cost game (bodies of at most
    18 members), and voluntary contributions. The same reader and numbers as ``comity burden``.

    >>> import comity
    >>> bodies = comity.burden("models/burden/burden_sharing.toml")
    >>> un = bodies["un"]
    >>> # Tuvalu pays the scale's floor, 0.001%; the shares divide the whole cost.
    >>> float(un.members.loc["TUV", "scale"]), round(float(un.members["scale"].sum()), 9)
    (1e-05, 1.0)
    """
    import pandas as pd

    out = json.loads(_comity.burden_file(str(path)))
    result: Dict[str, Burden] = {}
    for b in out:
        members = pd.DataFrame(b["members"]).set_index("id")
        groups = (
            pd.DataFrame(b["groups"]).set_index("name")
            if b["groups"]
            else pd.DataFrame(columns=["label", "members", *b["methods"]], index=pd.Index([], name="name"))
        )
        result[b["body"]] = Burden(
            body=b["body"],
            label=b["label"],
            cost=b["cost"],
            limits=b["limits"],
            game=b["game"],
            nash=b["nash"],
            methods=b["methods"],
            ldc_source=b["ldc_source"],
            members=members,
            groups=groups,
        )
    return result
