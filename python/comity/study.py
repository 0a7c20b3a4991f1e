"""Studies: many rule variants of institutions measured and compared, and the same run as
shards of rows (``batch``).

A study file names institutions, rule variants and sweeps, groups of interest and measures
(see the README's "Studies"). ``Study.load(path).run()`` measures every variant and returns the
variants, members and groups as DataFrames with the report and its charts; ``batch`` yields
the variants of one shard one row at a time, as ``comity batch`` writes them.

>>> import comity
>>> result = comity.Study.load("models/studies/unsc_reform.toml").run()
>>> elected = result.groups.query("variant == 'today' and group == 'elected'")
>>> round(float(elected["shapley_shubik"].iloc[0]) * 2145, 9)  # 10 x 4/2145, by hand
40.0
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

import os
import pandas as pd

from . import _comity
from ._progress import steps
from .errors import InputError

__all__ = ["Study", "StudyResult", "batch"]


@dataclass(frozen=True)
class StudyResult:
    """A study's run. For rule-variant studies: ``variants`` (one row per variant: its index,
    institution, method, efficacy, Gini coefficients, parameters), ``members`` (one row per
    variant and member) and ``groups`` (one row per variant and group). For reciprocity
    studies ``variants`` holds the results and the other two are empty. For growth studies
    ``variants`` holds one row per date (year, members, small states, who joined and left, the
    caucuses' sizes by name), ``groups`` one row per date and rule (the small states' shares
    alone and with caucuses, and the members in the paradox of new members) and ``members`` is
    empty. ``report`` is the
    Markdown report, ``charts`` maps chart file names to SVG text and ``images`` to PNG bytes;
    ``results`` is the whole ``results.json`` that ``comity study FILE --out DIR`` writes (a
    dict), and ``files`` every text file of that directory by name.

    >>> import comity
    >>> r = comity.Study.load("models/studies/unsc_reform.toml").run()
    >>> r.report.startswith("#"), all(name.endswith(".svg") for name in r.charts)
    (True, True)
    """

    kind: str
    variants: pd.DataFrame
    members: pd.DataFrame
    groups: pd.DataFrame
    report: str
    charts: Dict[str, str] = field(default_factory=dict)
    images: Dict[str, bytes] = field(default_factory=dict)
    results: Dict[str, Any] = field(default_factory=dict)
    files: Dict[str, str] = field(default_factory=dict)


def _tables(results: List[Dict[str, Any]]) -> Tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    variants, members, groups = [], [], []
    for r in results:
        row = {k: v for k, v in r.items() if k not in ("member_results", "groups", "parameters", "spatial", "notes")}
        row.update({f"parameter_{name}": value for name, value in r.get("parameters", [])})
        row["notes"] = list(r.get("notes", []))
        variants.append(row)
        for m in r.get("member_results", []):
            members.append({"variant": r["variant"], **m})
        for g in r.get("groups", []):
            groups.append({"variant": r["variant"], "group": g["name"], **{k: v for k, v in g.items() if k != "name"}})
    return pd.DataFrame(variants), pd.DataFrame(members), pd.DataFrame(groups)


def _growth_tables(result: Dict[str, Any]) -> Tuple[pd.DataFrame, pd.DataFrame]:
    dates, rules = [], []
    for p in result.get("points", []):
        row = {k: v for k, v in p.items() if k not in ("caucuses", "rules")}
        row.update({f"caucus_{c['name']}": c["members"] for c in p.get("caucuses", [])})
        dates.append(row)
        for r in p.get("rules", []):
            rules.append(
                {
                    "year": p["year"],
                    "rule": r["rule"],
                    "quota": r["quota"],
                    **{f"alone_{k}": v for k, v in r["alone"].items()},
                    **{f"with_caucuses_{k}": v for k, v in r["with_caucuses"].items()},
                    "paradox": list(r.get("paradox", [])),
                }
            )
    return pd.DataFrame(dates), pd.DataFrame(rules)


class Study:
    """A validated study file.

    >>> import comity
    >>> study = comity.Study.load("models/studies/unsc_reform.toml")
    >>> study.variant_count > 1
    True
    """

    def __init__(self, inner: _comity.Study, path: str) -> None:
        self._inner = inner
        self.path = path

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "Study":
        """Loads and validates a study file (its institutions are read relative to it).

        >>> import comity
        >>> comity.Study.load("models/studies/unsc_reform.toml").path
        'models/studies/unsc_reform.toml'
        """
        return cls(_comity.Study.load(str(path)), str(path))

    @property
    def variant_count(self) -> int:
        """The number of variants, sweeps expanded.

        >>> import comity
        >>> comity.Study.load("models/studies/unsc_reform.toml").variant_count >= 2
        True
        """
        return int(self._inner.variant_count())

    def evaluate(self, index: int) -> Dict[str, Any]:
        """Variant ``index`` measured: the row ``comity batch`` writes for it, as a dict.

        >>> import comity
        >>> comity.Study.load("models/studies/unsc_reform.toml").evaluate(0)["index"]
        0
        """
        return json.loads(self._inner.evaluate(int(index)))

    def run(self) -> StudyResult:
        """Every variant measured, with the report and its charts.

        >>> import comity
        >>> r = comity.Study.load("models/studies/unsc_reform.toml").run()
        >>> list(r.members.columns[:2]), len(r.variants) == r.variants["index"].nunique()
        (['variant', 'id'], True)
        """
        text, files, images = self._inner.run()
        out = json.loads(text)
        by_name = dict(files)
        report = by_name.get("report.md", "")
        charts = {name: body for name, body in by_name.items() if name.endswith(".svg")}
        pngs = {name: bytes(body) for name, body in images}
        document = json.loads(by_name["results.json"]) if "results.json" in by_name else {}
        if out["kind"] == "reciprocity":
            variants = pd.DataFrame(out["results"])
            empty = pd.DataFrame()
            return StudyResult("reciprocity", variants, empty, empty, report, charts, pngs, document, by_name)
        if out["kind"] == "growth":
            dates, rules = _growth_tables(out["results"])
            return StudyResult("growth", dates, pd.DataFrame(), rules, report, charts, pngs, document, by_name)
        variants, members, groups = _tables(out["results"])
        return StudyResult("power", variants, members, groups, report, charts, pngs, document, by_name)

    def __repr__(self) -> str:
        return f"Study({self.path!r}, {self.variant_count} variants)"


def batch(
    spec: Union[str, "os.PathLike[str]", Study],
    shard: Tuple[int, int] = (1, 1),
    progress: Optional[bool] = None,
) -> Iterator[Dict[str, Any]]:
    """The variants of shard ``(k, n)`` (1-based: the k-th of n, as ``comity batch --shard
    k/n``) of the study ``spec`` (a path or a ``Study``), measured one at a time and yielded as
    rows (dicts, as ``comity batch`` writes them in JSON lines). A tqdm bar shows when tqdm is
    installed and the shard is long (``progress=None``).

    >>> import comity
    >>> rows = list(comity.batch("models/studies/unsc_reform.toml", shard=(1, 2)))
    >>> rows[0]["index"], rows[0]["variant_count"] == comity.Study.load("models/studies/unsc_reform.toml").variant_count
    (0, True)
    """
    study = spec if isinstance(spec, Study) else Study.load(spec)
    try:
        k, n = (int(x) for x in shard)
    except (TypeError, ValueError):
        raise InputError(f"shard: {shard!r}; expected a pair (k, n) with 1 <= k <= n") from None
    if not 1 <= k <= n:
        raise InputError(f"shard: ({k}, {n}); expected 1 <= k <= n")
    start, end = study._inner.shard_range(k, n)
    for index in steps(range(start, end), total=end - start, desc=f"shard {k}/{n}", enabled=progress):
        yield study.evaluate(index)
