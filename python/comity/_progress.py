"""Progress bars through tqdm, when it is installed.

A bar is shown for loops of many steps in Python (a batch's rows), and for single calls that
count their steps in Rust and run for more than a second (a tournament's repetitions, Monte
Carlo samples; the delay is ``BAR_AFTER_SECONDS``): the extension makes their bar with ``bar``
and advances it while it waits.
Without tqdm everything runs silently. Calls that do not count steps (exact power indices) show
no bar.

>>> list(steps(range(3), total=3, desc="demo", enabled=False))
[0, 1, 2]
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")

# Fewer steps than this finish too fast for a bar to help.
MIN_STEPS_FOR_BAR = 8

# Seconds a counted call in the extension runs before it shows its bar (read at each call).
BAR_AFTER_SECONDS = 1.0


def steps(items: Iterable[T], total: int, desc: str, enabled: Optional[bool] = None) -> Iterator[T]:
    """``items`` wrapped in a tqdm bar when tqdm is installed and there are enough of them
    (``enabled=None``), always (``True``) or never (``False``).

    >>> sum(steps([1, 2, 3], total=3, desc="sum", enabled=False))
    6
    """
    if enabled is False or (enabled is None and total < MIN_STEPS_FOR_BAR):
        return iter(items)
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return iter(items)
    return iter(tqdm(items, total=total, desc=desc))


def bar(total: int, desc: str) -> Any:
    """A tqdm bar over ``total`` steps named ``desc``, or None without tqdm (the extension's
    long calls advance and close it).

    >>> b = bar(10, "demo")
    >>> b is None or b.total == 10
    True
    >>> if b is not None:
    ...     b.close()
    """
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=desc)
