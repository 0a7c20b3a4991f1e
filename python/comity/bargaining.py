"""Bargaining: Baron-Ferejohn legislative bargaining under any rule, and the Nash and
Kalai-Smorodinsky solutions of two-player problems.

References: Baron & Ferejohn (1989), "Bargaining in legislatures", APSR 83(4) (closed rule,
stationary equilibrium); Nash (1950); Kalai & Smorodinsky (1975).

>>> import comity
>>> # Five members, simple majority, equal recognition, discount 0.9: each expects 1/5 and a
>>> # proposer keeps 1 - 0.9 x 2/5 = 0.64 (by hand).
>>> bf = comity.baron_ferejohn(comity.Game.weighted([1] * 5, 3), discount=0.9)
>>> round(float(bf["value"].sum()), 12), round(float(bf["keeps"].iloc[0]), 12)
(1.0, 0.64)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _comity
from .power import GameLike, _game

__all__ = ["baron_ferejohn", "nash_bargaining", "BargainingSolution"]


def baron_ferejohn(
    game: GameLike,
    rule: Optional[str] = None,
    discount: float = 0.9,
    recognition: Optional[Sequence[float]] = None,
) -> pd.DataFrame:
    """The stationary equilibrium of Baron-Ferejohn bargaining under ``game`` (or an
    institution's ``rule``), with ``recognition`` weights (equal when None; normalised) and
    ``discount`` in [0, 1]: one row per member indexed by id, with its expected ``value``,
    ``recognition`` probability, what it ``keeps`` as proposer, the ``offer`` that buys its
    vote, and its ``class`` of interchangeable members.

    >>> import comity
    >>> unsc = comity.Institution.load("models/institutions/unsc.toml")
    >>> bf = comity.baron_ferejohn(unsc, rule="substantive", discount=0.9)
    >>> bool(bf.loc["CHN", "value"] > bf.loc["LBR", "value"]), round(float(bf["value"].sum()), 12)
    (True, 1.0)
    """
    g = _game(game, rule)
    out = json.loads(
        _comity.baron_ferejohn(g, float(discount), None if recognition is None else [float(p) for p in recognition])
    )
    classes = out["classes"]
    rows = []
    for value, c in zip(out["values"], out["class_of"]):
        k = classes[c]
        rows.append(
            {"value": value, "recognition": k["recognition"], "keeps": k["keeps"], "offer": k["offer"], "class": c}
        )
    df = pd.DataFrame(rows, index=pd.Index(g.ids, name="id"))
    df.attrs["discount"] = out["discount"]
    df.attrs["classes"] = classes
    return df


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
