"""Exceptions raised by comity.

Every error of the library arrives as a ``ComityError`` with the library's own message, which
names the file, the field and the value expected. Bad input is also a ``ValueError`` (so code
that already catches ``ValueError`` keeps working); an unreadable file is also an ``OSError``.

>>> import comity
>>> try:
...     comity.Institution.load("no/such/file.toml")
... except comity.ReadError as err:
...     print(str(err).split(":")[0], isinstance(err, ValueError), isinstance(err, OSError))
no/such/file.toml True True
"""

from __future__ import annotations

__all__ = ["ComityError", "InputError", "ReadError", "LimitError", "SolverError"]


class ComityError(Exception):
    """Any error of the comity library.

    >>> issubclass(InputError, ComityError) and issubclass(SolverError, ComityError)
    True
    """


class InputError(ComityError, ValueError):
    """Bad input: a model file, a rule, a matrix or a list that is not what was expected.

    >>> import comity
    >>> try:
    ...     comity.TuGame([0, 1, 1])
    ... except comity.InputError as err:
    ...     print(err)
    values: 3 values; expected 2^n for n players (one per coalition, by bitmask, the empty coalition first)
    """


class ReadError(InputError, OSError):
    """A file that cannot be read (missing, unreadable).

    >>> issubclass(ReadError, OSError) and issubclass(ReadError, ValueError)
    True
    """


class LimitError(InputError):
    """Input beyond a size or cost limit of the method asked for; the message names the limit
    and, where there is one, the alternative.

    >>> import comity
    >>> game = comity.Game.weighted([1] * 30, 16)
    >>> try:
    ...     comity.power_indices(game, method="brute-force")
    ... except comity.LimitError as err:
    ...     print(err)
    brute force counts at most 25 players; this game has 30
    """


class SolverError(ComityError, RuntimeError):
    """A solver that failed on valid input (an LP solver's failure, a homotopy that did not
    converge).

    >>> issubclass(SolverError, RuntimeError)
    True
    """
