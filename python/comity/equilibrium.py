"""Nash equilibria of normal-form games from numpy arrays.

Two players: every equilibrium, by support enumeration, or by vertex enumeration of the
best-response polytopes when the game is degenerate (then the equilibria listed are the extreme
points of the components), each with its strategies as exact fractions. More players: the pure
equilibria.

References: Avis, Rosenberg, Savani & von Stengel (2010), "Enumeration of Nash equilibria for
two-player games"; Nisan et al. (2007), Algorithmic Game Theory, chapter 3.

>>> import comity, numpy as np
>>> # Battle of the sexes: two pure equilibria and the mix (2/3, 1/3), (1/3, 2/3).
>>> eqs = comity.nash(np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]]))
>>> [e.exact for e in eqs if e.exact[0][0] not in (0, 1)]
[[[Fraction(2, 3), Fraction(1, 3)], [Fraction(1, 3), Fraction(2, 3)]]]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, List, Optional, Sequence, Union

import numpy as np

from . import _comity
from .errors import InputError

__all__ = ["Equilibrium", "nash"]

ArrayLike = Union[np.ndarray, Sequence[Sequence[float]]]


@dataclass(frozen=True)
class Equilibrium:
    """One equilibrium: each player's mixed strategy (numpy arrays), expected payoffs, and the
    strategies as exact fractions (None where they are not available: games of more than two
    players, whose equilibria are pure). ``method`` names the algorithm and ``degenerate``
    whether the two-player game is degenerate.

    >>> import comity, numpy as np
    >>> pd = comity.nash(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]))
    >>> [s.tolist() for s in pd[0].strategies], pd[0].payoffs.tolist()
    ([[0.0, 1.0], [0.0, 1.0]], [1.0, 1.0])
    """

    strategies: List[np.ndarray]
    payoffs: np.ndarray
    exact: Optional[List[List[Fraction]]]
    method: str
    degenerate: Optional[bool]


def _matrix(x: ArrayLike, name: str) -> Any:
    if isinstance(x, np.ndarray):
        if x.ndim != 2:
            raise InputError(f"{name}: an array of {x.ndim} dimensions; expected a matrix (2 dimensions)")
        return x.astype(float).tolist()
    # Lists go to the library as they are, which names a ragged row.
    try:
        return [[float(v) for v in row] for row in x]
    except (TypeError, ValueError) as err:
        raise InputError(f"{name}: {err}; expected rows of numbers") from None


def nash(row: ArrayLike, col: Optional[ArrayLike] = None, *more: np.ndarray) -> List[Equilibrium]:
    """The equilibria of the bimatrix game with payoff matrices ``row`` and ``col`` (``col``
    omitted: the zero-sum game ``-row``), or, with three or more arrays, of the n-player game
    whose player ``p`` has payoffs ``arrays[p]`` of shape (actions of player 0, ..., actions of
    player n-1).

    >>> import comity, numpy as np
    >>> u = np.zeros((2, 2, 2)); u[0, 0, 0] = u[1, 1, 1] = 1
    >>> len(comity.nash(u, u, u))  # three players coordinate: two pure equilibria
    2
    """
    if not more:
        a = _matrix(row, "row")
        b = [[-v for v in r] for r in a] if col is None else _matrix(col, "col")
        method, degenerate, found = _comity.nash_bimatrix(a, b)
    else:
        arrays = [np.asarray(x, dtype=float) for x in (row, col, *more)]
        shape = arrays[0].shape
        for p, x in enumerate(arrays):
            if x.shape != shape or x.ndim != len(arrays):
                raise InputError(
                    f"payoffs of player {p}: shape {x.shape}; expected {len(arrays)} dimensions, the same shape for every player"
                )
        method, degenerate, found = _comity.nash_normal_form(list(shape), [x.ravel().tolist() for x in arrays])
    return [
        Equilibrium(
            strategies=[np.array(s, dtype=float) for s in strategies],
            payoffs=np.array(payoffs, dtype=float),
            exact=exact,
            method=method,
            degenerate=degenerate,
        )
        for strategies, payoffs, exact in found
    ]
