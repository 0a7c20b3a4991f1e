"""Progress bars through tqdm, when it is installed.

A bar is shown only for calls made of many steps (a study's variants, a batch's rows), and only
when tqdm can be imported; without tqdm the steps run silently. Single long calls (one power
index computation) have no steps to count and show no bar.

>>> list(steps(range(3), total=3, desc="demo", enabled=False))
[0, 1, 2]
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")

# Fewer steps than this finish too fast for a bar to help.
MIN_STEPS_FOR_BAR = 8


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
