"""comity from Python: voting power, cooperative games, equilibria and bargaining for
multilateral institutions, computed in-process by comity's Rust library.

The main entry points mirror the Rust API: ``Institution`` (``load``, ``from_dict``,
``from_frame``, ``.members``, ``.compile``), ``power_indices`` and ``structure`` (DataFrames
indexed by member id, exact values as ``fractions.Fraction``), ``TuGame`` (Shapley, Banzhaf,
core, least core, nucleolus), ``nash`` (equilibria from numpy arrays), ``baron_ferejohn``
(a ``BaronFerejohn`` result), ``nash_bargaining``, ``deadline``, ``open_rule``,
``co_facilitators``, ``status_quo``, ``spatial``, ``club`` and ``coalition``, the repeated
games (``match``, ``tournament``, ``moran``, ``institution``, ``real_members``), burden sharing
(``burden``, ``capacity_scale``, ``cost_shares``), blocs by choice (``pooling``,
``pooling_region``, ``stable_structures``, ``stable_structures_by_types``, ``enlargement``,
``membership_growth``), ``Study`` and ``batch``. Errors are ``ComityError``\\ s (bad input also
``ValueError``); long calls release the GIL and stop on Ctrl-C.

>>> import comity
>>> print(comity.power_indices(comity.Institution.load("models/institutions/unsc.toml"),
...                            rule="substantive")[["shapley_shubik", "banzhaf"]].round(4).head(2))
     shapley_shubik  banzhaf
id                          
CHN          0.1963   0.1669
FRA          0.1963   0.1669
"""

from __future__ import annotations

from .bargaining import (
    BargainingSolution,
    BaronFerejohn,
    Club,
    OpenRule,
    SpatialOutcome,
    StatusQuoResult,
    baron_ferejohn,
    club,
    co_facilitators,
    coalition,
    deadline,
    nash_bargaining,
    open_rule,
    spatial,
    status_quo,
)
from .blocs import (
    Gains,
    Pooling,
    PoolingRegion,
    StableStructures,
    TypedStability,
    enlargement,
    membership_growth,
    pooling,
    pooling_region,
    stable_structures,
    stable_structures_by_types,
)
from .coop import Burden, CoreProperties, LeastCore, Nucleolus, TuGame, burden, capacity_scale, cost_shares
from .equilibrium import Equilibrium, nash
from .errors import ComityError, InputError, LimitError, ReadError, SolverError
from .power import INDICES, Game, Institution, power_indices, structure
from .reciprocity import (
    AutomatonMatch,
    MatchResult,
    MembersResult,
    MoranResult,
    automaton_match,
    exact_tournament,
    institution,
    match,
    moran,
    real_members,
    tournament,
)
from .study import Study, StudyResult, batch

__version__ = "0.1.0"

__all__ = [
    "BargainingSolution",
    "BaronFerejohn",
    "Club",
    "ComityError",
    "CoreProperties",
    "Equilibrium",
    "Game",
    "INDICES",
    "InputError",
    "Institution",
    "LeastCore",
    "LimitError",
    "MatchResult",
    "MoranResult",
    "Nucleolus",
    "OpenRule",
    "ReadError",
    "SolverError",
    "SpatialOutcome",
    "StatusQuoResult",
    "Study",
    "StudyResult",
    "TuGame",
    "baron_ferejohn",
    "batch",
    "capacity_scale",
    "club",
    "co_facilitators",
    "coalition",
    "cost_shares",
    "deadline",
    "institution",
    "automaton_match",
    "AutomatonMatch",
    "exact_tournament",
    "match",
    "moran",
    "nash",
    "nash_bargaining",
    "open_rule",
    "power_indices",
    "spatial",
    "status_quo",
    "structure",
    "tournament",
    "MembersResult",
    "real_members",
    "Burden",
    "burden",
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
