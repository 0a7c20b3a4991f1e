"""Blocs by choice: whether pooling votes in a caucus pays, which caucuses are stable, the
paradox of new members, and a body's membership over time with its caucuses.

A body here decides by one weighted threshold (a count, a weighted vote or consensus): pass a
``Game`` (``Game.weighted``) or an ``Institution`` with the name of such a rule (``"unanimity"``
is always available). Members are named by id, or a group is named by a string.

- ``pooling``: each bloc member's power alone, through the bloc (the compound game: members
  vote inside, the bloc votes as one; "what can I do through my bloc?") and as an a priori union
  (Owen and Banzhaf-Owen values; "how is the body's power shared when the bloc bargains as
  one?"), and who gains: every member, the median member, the bloc as a whole.
- ``pooling_region``: the same over blocs of the first 2, 3, ... candidates and every internal
  quota.
- ``stable_structures``: the stable partitions of up to 10 candidates into blocs (Hart & Kurz's
  gamma and delta models with Owen payoffs; Yi's exclusive membership with compound payoffs);
  ``stable_structures_by_types`` the same by bloc sizes for any number of interchangeable
  members (one vote each), exact for the General Assembly's 193.
- ``enlargement``: incumbents whose power rises when the body grows (Brams & Affuso 1976).
- ``membership_growth``: the small states' share of members and of power year by year, with
  their caucuses voting as blocs from their founding.

References: Felsenthal & Machover (1998), sec. 2.3 and 6.3; Owen (1977); Hart & Kurz (1983);
Yi (1997); Brams & Affuso (1976).

>>> import comity
>>> # Five members, 3 of 5 to pass; three pool their votes by 2 of 3. Alone each decides in 6
>>> # of the 16 ways the others vote; through the bloc, which now decides alone, in half.
>>> p = comity.pooling(comity.Game.weighted([1] * 5, 3, ids=list("ABCDE")), ["A", "B", "C"], internal_quota=2)
>>> p.members.loc["A", ["banzhaf_alone", "banzhaf_compound"]].tolist()
[0.375, 0.5]
"""

from __future__ import annotations

import json
import numbers
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _comity
from .errors import InputError
from .power import Game, Institution, _game

__all__ = [
    "Gains",
    "Pooling",
    "PoolingRegion",
    "StableStructures",
    "TypedStability",
    "pooling",
    "pooling_region",
    "stable_structures",
    "stable_structures_by_types",
    "enlargement",
    "membership_growth",
]

GameLike = Union[Game, Institution]
Members = Union[str, Sequence[str]]

#: The stability models, as ``stable_structures`` names them.
MODELS = ("gamma", "delta", "exclusive_membership")


def _top(game: GameLike, rule: Optional[str]) -> Game:
    """The body's game; ``"unanimity"`` is every member of an institution without such a rule."""
    if isinstance(game, Institution) and rule == "unanimity" and "unanimity" not in game.rules:
        ids = game.members.index.tolist()
        return Game.weighted([1] * len(ids), len(ids), ids=ids)
    return _game(game, rule)


def _positions(game: GameLike, g: Game, members: Optional[Members], what: str) -> List[int]:
    """Positions in ``g`` of ``members``: a list of ids, or a group of the institution by name
    (None: every member)."""
    ids = g.ids
    if members is None:
        return list(range(len(ids)))
    if isinstance(members, str):
        if not isinstance(game, Institution):
            raise InputError(f"{what}: group {members!r} given with a Game; expected a list of member ids")
        groups = game.groups
        if members not in groups:
            raise InputError(f"{what}: no group {members!r}; expected one of {sorted(groups)}")
        members = groups[members]
    position = {m: i for i, m in enumerate(ids)}
    out = []
    for m in members:
        if m not in position:
            raise InputError(f"{what}: {m!r} is not a member id; expected one of {ids}")
        out.append(position[m])
    return out


@dataclass(frozen=True)
class Gains:
    """Who gains from pooling under one reading: every member of the bloc, its median member,
    and the bloc as a whole (the sum of its members' power).

    >>> import comity
    >>> comity.Gains(every_member=True, median_member=True, bloc=False).bloc
    False
    """

    every_member: bool
    median_member: bool
    bloc: bool


def _gains(d: Dict[str, bool]) -> Gains:
    return Gains(d["every_member"], d["median_member"], d["bloc"])


@dataclass(frozen=True)
class Pooling:
    """One bloc deciding by ``internal_quota`` of its members: ``members`` (a DataFrame indexed
    by id: Shapley-Shubik and Banzhaf alone and in the compound game, and the Owen and
    Banzhaf-Owen values of the bloc as a union) and ``gains`` under each reading
    (``compound_shapley_shubik``, ``compound_banzhaf``, ``owen``, ``banzhaf_owen``).

    >>> import comity
    >>> # Felsenthal & Machover's bloc paradox: [3; 2, 1, 1], A and B pool by 2 of 2.
    >>> p = comity.pooling(comity.Game.weighted([2, 1, 1], 3, ids=["A", "B", "C"]), ["A", "B"], internal_quota=2)
    >>> p.members["banzhaf_compound"].tolist(), p.gains["compound_banzhaf"].every_member
    ([0.5, 0.5], False)
    """

    internal_quota: int
    members: pd.DataFrame
    gains: Dict[str, Gains]


def pooling(
    game: GameLike,
    bloc: Members,
    rule: Optional[str] = None,
    internal_quota: Optional[int] = None,
) -> Pooling:
    """Whether pooling in ``bloc`` (member ids, or the name of a group of the institution) pays
    under ``game`` (or the institution's ``rule``): each member's power alone, through the bloc
    deciding by ``internal_quota`` of its members (default a simple majority of the bloc) and as
    an a priori union, and who gains.

    >>> import comity
    >>> ga = comity.Institution.load("models/institutions/unga.toml")
    >>> p = comity.pooling(ga, "aosis", rule="simple_majority", internal_quota=20)
    >>> len(p.members), p.gains["compound_shapley_shubik"].every_member
    (37, True)
    """
    g = _top(game, rule)
    members = _positions(game, g, bloc, "bloc")
    quota = len(members) // 2 + 1 if internal_quota is None else internal_quota
    if isinstance(quota, bool) or not isinstance(quota, int) or quota < 1:
        raise InputError(f"internal_quota: {internal_quota!r}; expected a whole number at least 1")
    out = json.loads(_comity.blocs_pooling(g, members, quota))
    ids = g.ids
    rows = out["pooling"]["members"]
    df = pd.DataFrame(
        {
            "shapley_shubik_alone": [m["alone"]["shapley_shubik"] for m in rows],
            "shapley_shubik_compound": [m["compound"]["shapley_shubik"] for m in rows],
            "owen": [m["unions"]["shapley_shubik"] for m in rows],
            "banzhaf_alone": [m["alone"]["banzhaf"] for m in rows],
            "banzhaf_compound": [m["compound"]["banzhaf"] for m in rows],
            "banzhaf_owen": [m["unions"]["banzhaf"] for m in rows],
        },
        index=pd.Index([ids[m["member"]] for m in rows], name="id"),
    )
    return Pooling(out["pooling"]["internal_quota"], df, {k: _gains(v) for k, v in out["gains"].items()})


@dataclass(frozen=True)
class PoolingRegion:
    """Who gains over bloc sizes and internal quotas: ``alone`` (each candidate's indices
    alone, indexed by id), ``cells`` (the compound game, indexed by ``(size, internal_quota)``:
    a bloc member's indices and who gains under each index) and ``unions`` (indexed by
    ``size``: the bloc's Owen value and who gains as a union).

    >>> import comity
    >>> r = comity.pooling_region(comity.Game.weighted([1] * 5, 3, ids=list("ABCDE")), ["A", "B", "C"])
    >>> r.cells.index.tolist()
    [(2, 1), (2, 2), (3, 1), (3, 2), (3, 3)]
    """

    alone: pd.DataFrame
    cells: pd.DataFrame
    unions: pd.DataFrame


_GAIN_FIELDS = ("every_member", "median_member", "bloc")


def pooling_region(game: GameLike, candidates: Members, rule: Optional[str] = None) -> PoolingRegion:
    """Over blocs of the first 2, 3, ... ``candidates`` (ids, or a group's name) and every
    internal quota: who gains by pooling, in the compound game and as a union.

    >>> import comity
    >>> ga = comity.Institution.load("models/institutions/unga.toml")
    >>> r = comity.pooling_region(ga, "aosis", rule="unanimity")
    >>> # Under consensus the 37 as one union share one veto: 1/157 between them.
    >>> round(float(r.unions.loc[37, "bloc_owen"]) * 157, 9)
    1.0
    """
    g = _top(game, rule)
    positions = _positions(game, g, candidates, "candidates")
    if len(positions) < 2:
        raise InputError(
            f"candidates: {len(positions)}; expected at least 2 (the region compares blocs of the first 2, 3, ... candidates)"
        )
    out = json.loads(_comity.blocs_pooling_region(g, positions))
    ids = g.ids
    alone = pd.DataFrame(
        {
            "shapley_shubik": [p["shapley_shubik"] for p in out["alone"]],
            "banzhaf": [p["banzhaf"] for p in out["alone"]],
        },
        index=pd.Index([ids[i] for i in out["candidates"]], name="id"),
    )
    cells = pd.DataFrame(
        [
            {
                "size": c["size"],
                "internal_quota": c["internal_quota"],
                "member_shapley_shubik": c["member_shapley_shubik"],
                "member_banzhaf": c["member_banzhaf"],
                **{f"shapley_shubik_{k}": c["shapley_shubik"][k] for k in _GAIN_FIELDS},
                **{f"banzhaf_{k}": c["banzhaf"][k] for k in _GAIN_FIELDS},
            }
            for c in out["cells"]
        ]
    ).set_index(["size", "internal_quota"])
    unions = pd.DataFrame(
        [
            {
                "size": u["size"],
                "bloc_owen": u["bloc_owen"],
                **{f"owen_{k}": u["owen"][k] for k in _GAIN_FIELDS},
                **{f"banzhaf_owen_{k}": u["banzhaf_owen"][k] for k in _GAIN_FIELDS},
            }
            for u in out["unions"]
        ]
    ).set_index("size")
    return PoolingRegion(alone, cells, unions)


def _model(model: str) -> str:
    if model not in MODELS:
        raise InputError(f"model: {model!r}; expected one of {', '.join(MODELS)}")
    return model


@dataclass(frozen=True)
class StableStructures:
    """The stable partitions of the candidates under one ``model``: of ``partitions``
    examined, the stable ones, each as its ``blocs`` (tuples of ids, blocs of two or more only:
    everyone else stands alone) with the candidates' ``payoffs`` in the same order (a DataFrame,
    one row per stable partition, one column per candidate).

    >>> import comity
    >>> s = comity.stable_structures(comity.Game.weighted([1] * 5, 3, ids=list("ABCDE")), ["A", "B", "C"], model="delta")
    >>> (("A", "B", "C"),) in s.blocs
    True
    """

    model: str
    partitions: int
    blocs: List[Tuple[Tuple[str, ...], ...]]
    payoffs: pd.DataFrame


def stable_structures(
    game: GameLike, candidates: Members, rule: Optional[str] = None, model: str = "gamma"
) -> StableStructures:
    """Which partitions of at most 10 ``candidates`` (ids, or a group's name) into blocs are
    stable under ``model``: ``"gamma"`` or ``"delta"`` (Hart & Kurz 1983: a group gains by
    forming a new bloc when those it leaves break up, or stay together; Owen payoffs) or
    ``"exclusive_membership"`` (Yi 1997: members may only leave to stand alone; compound-game
    payoffs, each bloc deciding by a simple majority).

    >>> import comity
    >>> # 3 of 5: the bloc of three wins alone and shares the Owen value 1.
    >>> s = comity.stable_structures(comity.Game.weighted([1] * 5, 3, ids=list("ABCDE")), ["A", "B", "C"], model="delta")
    >>> s.payoffs.iloc[s.blocs.index((("A", "B", "C"),))].round(6).tolist()
    [0.333333, 0.333333, 0.333333]
    """
    g = _top(game, rule)
    positions = _positions(game, g, candidates, "candidates")
    out = json.loads(_comity.blocs_stable(g, positions, _model(model)))
    ids = g.ids
    names = [ids[i] for i in out["candidates"]]
    blocs = [tuple(tuple(ids[i] for i in b) for b in s["blocs"] if len(b) > 1) for s in out["stable"]]
    payoffs = pd.DataFrame(
        [s["payoffs"] for s in out["stable"]], columns=pd.Index(names, name="id"), dtype=float
    )
    payoffs.index.name = "structure"
    return StableStructures(out["model"], out["partitions"], blocs, payoffs)


@dataclass(frozen=True)
class TypedStability:
    """Stability by bloc sizes among interchangeable members: the body (``members``,
    ``quota``, ``candidates``), how many structures and deviations were examined, and
    ``structures``, one row per structure shown: its ``blocs`` (sizes), the candidates standing
    ``alone``, whether it is ``stable``, the ``payoffs`` per member of a bloc of each size (a
    dict, 1 for standing alone) and a profitable ``deviation`` (a dict, or None).

    >>> import comity
    >>> t = comity.stable_structures_by_types(comity.Game.weighted([1] * 3, 2), max_blocs=1, model="gamma")
    >>> t.structures["blocs"].tolist()
    [(2,)]
    """

    model: str
    members: int
    quota: int
    candidates: int
    structures_examined: int
    deviations_examined: int
    structures: pd.DataFrame


def _whole(value: Any) -> bool:
    """Whether ``value`` is a whole number >= 0 (an int or numpy integer, not a bool)."""
    return not isinstance(value, bool) and isinstance(value, numbers.Integral) and value >= 0


def stable_structures_by_types(
    game: GameLike,
    rule: Optional[str] = None,
    candidates: Optional[Members] = None,
    model: str = "gamma",
    max_blocs: Optional[int] = None,
    structure: Optional[Sequence[int]] = None,
) -> TypedStability:
    """Stability by bloc sizes, exact for any number of interchangeable members (one vote each,
    as under a count rule): with ``max_blocs``, the stable structures among all with at most
    that many blocs of two or more; with ``structure`` (bloc sizes, such as ``[39, 20]``),
    whether that one is stable and, if not, a profitable deviation. ``candidates`` (ids or a
    group's name) may form blocs; by default every member.

    >>> import comity
    >>> ga = comity.Institution.load("models/institutions/unga.toml")
    >>> t = comity.stable_structures_by_types(ga, rule="two_thirds", structure=[39, 20],
    ...                                       model="exclusive_membership")
    >>> t.members, t.quota, len(t.structures)
    (193, 129, 1)
    """
    # Checked here, as real_members checks rounds and seeds: int() would run 2.5 as 2 and a
    # negative would overflow the binding's unsigned integer.
    if max_blocs is not None and not _whole(max_blocs):
        raise InputError(f"max_blocs: {max_blocs!r}; expected a whole number >= 0")
    if structure is not None:
        bad = [s for s in structure if not _whole(s)]
        if bad:
            raise InputError(f"structure: bloc size {bad[0]!r}; expected whole numbers >= 0")
    g = _top(game, rule)
    positions = _positions(game, g, candidates, "candidates")
    sizes = None if structure is None else [int(s) for s in structure]
    out = json.loads(
        _comity.blocs_stable_by_types(
            g, positions, _model(model), None if max_blocs is None else int(max_blocs), sizes
        )
    )
    rows = [
        {
            "blocs": tuple(s["blocs"]),
            "alone": s["alone"],
            "stable": s["stable"],
            "payoffs": {p["size"]: p["payoff"] for p in s["payoffs"]},
            "deviation": s["deviation"],
        }
        for s in out["structures"]
    ]
    df = pd.DataFrame(rows, columns=["blocs", "alone", "stable", "payoffs", "deviation"])
    df.index.name = "structure"
    return TypedStability(
        model,
        out["members"],
        out["quota"],
        out["candidates"],
        out["structures_examined"],
        out["deviations_examined"],
        df,
    )


def enlargement(
    before: GameLike,
    after: Optional[Game] = None,
    incumbents: Optional[Members] = None,
    before_rule: Optional[str] = None,
    after_rule: Optional[str] = None,
) -> pd.DataFrame:
    """The paradox of new members (Brams & Affuso 1976): each incumbent's Shapley-Shubik and
    normalised Banzhaf indices before and after the body grows, and whether either rises
    (``paradox``), indexed by id. Either two weighted games (``after``'s first members are the
    incumbents, in ``before``'s order), or an institution with two rules over the same members
    (``before_rule``, ``after_rule``; the newcomers null players before, as in a club of the
    incumbents) and the ``incumbents`` (ids or a group's name).

    >>> import comity
    >>> eec = comity.Game.weighted([4, 4, 4, 2, 2, 1], 12, ids=["FRA", "DEU", "ITA", "BEL", "NLD", "LUX"])
    >>> ec = comity.Game.weighted([10, 10, 10, 5, 5, 2, 10, 3, 3], 41,
    ...                           ids=["FRA", "DEU", "ITA", "BEL", "NLD", "LUX", "GBR", "DNK", "IRL"])
    >>> df = comity.enlargement(eec, ec)
    >>> float(df.loc["LUX", "banzhaf_before"]), bool(df.loc["LUX", "paradox"])
    (0.0, True)
    """
    if isinstance(before, Institution):
        if after is not None:
            raise InputError("after: given with an Institution; name its rules with before_rule and after_rule")
        if before_rule is None or after_rule is None or incumbents is None:
            raise InputError("an Institution needs before_rule, after_rule and incumbents (ids or a group's name)")
        b, a = before.compile(before_rule), before.compile(after_rule)
        out = json.loads(_comity.blocs_enlargement(b, a, _positions(before, a, incumbents, "incumbents")))
        ids = a.ids
    else:
        if not isinstance(before, Game) or not isinstance(after, Game):
            raise InputError("before, after: expected two comity.Game objects, or an Institution with two rules")
        if before_rule is not None or after_rule is not None:
            raise InputError("before_rule, after_rule: given with games; pass an Institution to name rules")
        positions = None if incumbents is None else _positions(after, after, incumbents, "incumbents")
        out = json.loads(_comity.blocs_enlargement(before, after, positions))
        ids = after.ids
    columns = ["shapley_shubik_before", "shapley_shubik_after", "banzhaf_before", "banzhaf_after", "paradox"]
    return pd.DataFrame(
        {c: [x[c] for x in out] for c in columns}, index=pd.Index([ids[x["member"]] for x in out], name="id")
    )


def membership_growth(path: Union[str, "os.PathLike[str]"]) -> pd.DataFrame:
    """A body's membership over time from a growth model (``models/growth/``): one row per year
    in which membership or a caucus changed, indexed by ``year``, with the members, the small
    states and their share of members, who ``joined`` and ``left``, the caucus sizes, and per
    rule the small states' total Shapley-Shubik and normalised Banzhaf indices with their
    caucuses voting as blocs (``RULE_shapley_shubik``, ``RULE_banzhaf``), without
    (``RULE_alone_...``), and the incumbents whose power rose although the body grew
    (``RULE_paradox``). ``df.attrs`` holds the body, the population threshold and the caucuses.

    >>> import comity
    >>> df = comity.membership_growth("models/growth/unga_membership.toml")
    >>> int(df.loc[1945, "members"]), int(df.loc[1960, "members"])
    (51, 99)
    """
    out = json.loads(_comity.blocs_growth(str(path)))
    rows: List[Dict[str, Any]] = []
    for p in out["points"]:
        row: Dict[str, Any] = {
            "year": p["year"],
            "members": p["members"],
            "small_states": p["small_states"],
            "small_share": p["small_share"],
            "joined": p["joined"],
            "left": p["left"],
            "caucuses": {c["name"]: c["members"] for c in p["caucuses"]},
        }
        for name, r in zip(out["rules"], p["rules"]):
            row[f"{name}_shapley_shubik"] = r["with_caucuses"]["shapley_shubik"]
            row[f"{name}_banzhaf"] = r["with_caucuses"]["banzhaf"]
            row[f"{name}_alone_shapley_shubik"] = r["alone"]["shapley_shubik"]
            row[f"{name}_alone_banzhaf"] = r["alone"]["banzhaf"]
            row[f"{name}_paradox"] = r["paradox"]
        rows.append(row)
    df = pd.DataFrame(rows).set_index("year")
    df.attrs.update(body=out["body"], small_below=out["small_below"], rules=out["rules"], caucuses=out["caucuses"])
    return df
