# The public API of `comity`, one stub per function and class (the modules beside this file
# carry the same annotations and the docstrings with examples).
import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from ._comity import BaronFerejohn as BaronFerejohn
from ._comity import Game as Game

__version__: str
INDICES: Tuple[str, ...]

class ComityError(Exception): ...
class InputError(ComityError, ValueError): ...
class ReadError(InputError, OSError): ...
class LimitError(InputError): ...
class SolverError(ComityError, RuntimeError): ...

class Institution:
    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]]) -> Institution: ...
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], label: str = ...) -> Institution: ...
    @classmethod
    def from_frame(
        cls,
        members: pd.DataFrame,
        rules: Mapping[str, Mapping[str, Any]],
        id: str = ...,
        name: Optional[str] = ...,
        groups: Optional[Mapping[str, Sequence[str]]] = ...,
        source: Optional[str] = ...,
        date: Optional[str] = ...,
        columns: Optional[Mapping[str, Mapping[str, str]]] = ...,
        label: str = ...,
    ) -> Institution: ...
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def members(self) -> pd.DataFrame: ...
    @property
    def groups(self) -> Dict[str, List[str]]: ...
    @property
    def rules(self) -> List[str]: ...
    def compile(self, rule: str) -> Game: ...
    def to_dict(self) -> Dict[str, Any]: ...

GameLike = Union[Game, Institution]

def power_indices(
    game: GameLike,
    rule: Optional[str] = ...,
    indices: Optional[Sequence[str]] = ...,
    method: str = ...,
    exact: bool = ...,
    samples: int = ...,
    seed: int = ...,
    confidence: float = ...,
) -> pd.DataFrame: ...
def structure(
    game: GameLike, rule: Optional[str] = ..., unions: Optional[Sequence[Sequence[str]]] = ...
) -> Dict[str, Any]: ...

@dataclass(frozen=True)
class Nucleolus:
    kind: str
    exact: List[Fraction]
    allocation: np.ndarray
    stage_excesses: List[float]
    lps_solved: int
    fallback: Optional[str] = ...

@dataclass(frozen=True)
class LeastCore:
    epsilon: Optional[float]
    allocation: np.ndarray
    fallback: Optional[str] = ...

@dataclass(frozen=True)
class CoreProperties:
    empty: bool
    balanced: bool
    convex: bool
    superadditive: bool

class TuGame:
    n: int
    def __init__(self, values: Union[Sequence[float], Mapping[Any, float], np.ndarray]) -> None: ...
    @classmethod
    def bankruptcy(cls, estate: float, claims: Sequence[float]) -> TuGame: ...
    @property
    def values(self) -> np.ndarray: ...
    def shapley(self) -> np.ndarray: ...
    def banzhaf(self) -> np.ndarray: ...
    def core(self) -> CoreProperties: ...
    def least_core(self) -> LeastCore: ...
    def nucleolus(self, prenucleolus: bool = ...) -> Nucleolus: ...
    @classmethod
    def airport(cls, costs: Sequence[float]) -> TuGame: ...

@dataclass(frozen=True)
class Equilibrium:
    strategies: List[np.ndarray]
    payoffs: np.ndarray
    exact: Optional[List[List[Fraction]]]
    method: str
    degenerate: Optional[bool]

def nash(
    row: Union[np.ndarray, Sequence[Sequence[float]]],
    col: Optional[Union[np.ndarray, Sequence[Sequence[float]]]] = ...,
    *more: np.ndarray,
) -> List[Equilibrium]: ...
def baron_ferejohn(
    game: GameLike, rule: Optional[str] = ..., discount: float = ..., recognition: Optional[Sequence[float]] = ...
) -> BaronFerejohn: ...

@dataclass(frozen=True)
class BargainingSolution:
    nash: np.ndarray
    kalai_smorodinsky: np.ndarray
    vertices: np.ndarray

def nash_bargaining(
    points: Sequence[Tuple[float, float]],
    disagreement: Tuple[float, float] = ...,
    weights: Tuple[float, float] = ...,
) -> BargainingSolution: ...

def deadline(
    game: GameLike,
    rule: Optional[str] = ...,
    discount: float = ...,
    rounds: int = ...,
    recognition: Optional[Sequence[float]] = ...,
) -> pd.DataFrame: ...

@dataclass(frozen=True)
class OpenRule:
    members: int
    quota: int
    discount: float
    coalition: int
    proposed_keep: float
    offer: float
    proposer_value: float
    partner_value: float
    excluded_value: float
    value: float
    pass_first_time: float
    expected_amendments: float

def open_rule(members: int, quota: Optional[int] = ..., discount: float = ...) -> OpenRule: ...

def co_facilitators(
    game: GameLike,
    pair: Tuple[str, str],
    probability: float = ...,
    share: float = ...,
    rule: Optional[str] = ...,
) -> pd.Series: ...

@dataclass(frozen=True)
class StatusQuoResult:
    discount: float
    grid: np.ndarray
    proposals: pd.DataFrame
    values: pd.DataFrame
    start: float
    mean_path: np.ndarray
    long_run: pd.DataFrame
    long_run_mean: float
    iterations: int

def status_quo(
    game: GameLike,
    rule: Optional[str] = ...,
    ideals: Any = ...,
    status_quo: float = ...,
    discount: float = ...,
    recognition: Optional[Sequence[float]] = ...,
    grid: int = ...,
    range: Optional[Tuple[float, float]] = ...,
    horizon: int = ...,
) -> StatusQuoResult: ...

def cost_shares(cost: Union[TuGame, Sequence[float]], method: str = ...) -> np.ndarray: ...
def capacity_scale(
    capacity: Union[Sequence[float], pd.Series],
    ldc: Optional[Sequence[bool]] = ...,
    floor: float = ...,
    ceiling: float = ...,
    ldc_ceiling: float = ...,
) -> pd.Series: ...

@dataclass(frozen=True)
class SpatialOutcome:
    dimensions: int
    status_quo: Union[float, np.ndarray]
    in_core: bool
    in_unanimity_core: bool
    winset: Union[List[Tuple[float, float]], np.ndarray]
    winset_area: Optional[float] = ...
    setter: Optional[str] = ...
    setter_outcome: Union[float, np.ndarray, None] = ...
    consensus_outcome: Union[float, np.ndarray, None] = ...
    majority_outcome: Union[float, np.ndarray, None] = ...

def spatial(
    game: GameLike,
    rule: Optional[str] = ...,
    ideals: Any = ...,
    status_quo: Union[float, Sequence[float]] = ...,
    setter: Optional[str] = ...,
    salience: Tuple[float, float] = ...,
    directions: int = ...,
) -> SpatialOutcome: ...

@dataclass(frozen=True)
class Club:
    members: List[str]
    excluded: List[str]
    shares: pd.DataFrame

def club(
    body: Union[Institution, pd.DataFrame],
    targets: Optional[Mapping[str, float]] = ...,
    rule: Optional[str] = ...,
) -> Club: ...
def coalition(
    countries: Optional[int] = ...,
    benefit: float = ...,
    cost: float = ...,
    benefits: Optional[Sequence[float]] = ...,
    costs: Optional[Sequence[float]] = ...,
    satiation: Optional[float] = ...,
    timing: str = ...,
) -> pd.DataFrame: ...

@dataclass(frozen=True)
class StudyResult:
    kind: str
    variants: pd.DataFrame
    members: pd.DataFrame
    groups: pd.DataFrame
    report: str
    charts: Dict[str, str]
    images: Dict[str, bytes]
    results: Dict[str, Any]
    files: Dict[str, str]

class Study:
    path: str
    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]]) -> Study: ...
    @property
    def variant_count(self) -> int: ...
    def evaluate(self, index: int) -> Dict[str, Any]: ...
    def run(self) -> StudyResult: ...

def batch(
    spec: Union[str, os.PathLike[str], Study], shard: Tuple[int, int] = ..., progress: Optional[bool] = ...
) -> Iterator[Dict[str, Any]]: ...

Payoffs = Tuple[float, float, float, float]

@dataclass(frozen=True)
class MatchResult:
    long_run: Tuple[float, float]
    discounted: Optional[Tuple[float, float]]

def match(x: str, y: str, payoffs: Payoffs = ..., noise: float = ..., delta: Optional[float] = ...) -> MatchResult: ...
def tournament(
    strategies: Sequence[str],
    payoffs: Payoffs = ...,
    noise: float = ...,
    rounds: int = ...,
    repetitions: int = ...,
    seed: int = ...,
) -> pd.DataFrame: ...

@dataclass(frozen=True)
class AutomatonMatch:
    turns: int
    per_turn: Tuple[float, float]
    long_run: Optional[Tuple[float, float]]

def automaton_match(
    x: str, y: str, payoffs: Payoffs = ..., noise: float = ..., turns: int = ..., long_run: bool = ...
) -> AutomatonMatch: ...
def exact_tournament(
    strategies: Sequence[str], payoffs: Payoffs = ..., noise: float = ..., turns: int = ...
) -> pd.DataFrame: ...

@dataclass(frozen=True)
class MoranResult:
    fixation: float
    neutral: float
    payoff_matrix: np.ndarray
    simulated: Optional[Tuple[float, float]]

def moran(
    mutant: str,
    resident: str,
    payoffs: Payoffs = ...,
    noise: float = ...,
    population: int = ...,
    intensity: float = ...,
    simulate: Optional[int] = ...,
    seed: int = ...,
) -> MoranResult: ...
def institution(
    path: Union[str, os.PathLike[str]],
    exact: bool = ...,
    members: Union[int, Sequence[int], None] = ...,
    noise: Union[float, Sequence[float], None] = ...,
    superficial: Union[float, Sequence[float], None] = ...,
    rounds: Optional[int] = ...,
    seeds: Optional[int] = ...,
    seed: Optional[int] = ...,
) -> pd.DataFrame: ...

@dataclass(frozen=True)
class MembersResult:
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

def real_members(
    path: Union[str, os.PathLike[str]],
    rounds: Optional[int] = ...,
    seeds: Optional[int] = ...,
    seed: Optional[int] = ...,
) -> MembersResult: ...

@dataclass(frozen=True)
class Burden:
    body: str
    label: str
    cost: float
    limits: Dict[str, float]
    game: Optional[Dict[str, Any]]
    nash: Optional[Dict[str, Any]]
    methods: List[str]
    ldc_source: str
    members: pd.DataFrame
    groups: pd.DataFrame

def burden(path: Union[str, os.PathLike[str]]) -> Dict[str, Burden]: ...

# Blocs by choice (comity/blocs.py).
Members = Union[str, Sequence[str]]

@dataclass(frozen=True)
class Gains:
    every_member: bool
    median_member: bool
    bloc: bool

@dataclass(frozen=True)
class Pooling:
    internal_quota: int
    members: pd.DataFrame
    gains: Dict[str, Gains]

def pooling(
    game: Union[Game, Institution],
    bloc: Members,
    rule: Optional[str] = ...,
    internal_quota: Optional[int] = ...,
) -> Pooling: ...

@dataclass(frozen=True)
class PoolingRegion:
    alone: pd.DataFrame
    cells: pd.DataFrame
    unions: pd.DataFrame

def pooling_region(game: Union[Game, Institution], candidates: Members, rule: Optional[str] = ...) -> PoolingRegion: ...

@dataclass(frozen=True)
class StableStructures:
    model: str
    partitions: int
    blocs: List[Tuple[Tuple[str, ...], ...]]
    payoffs: pd.DataFrame

def stable_structures(
    game: Union[Game, Institution], candidates: Members, rule: Optional[str] = ..., model: str = ...
) -> StableStructures: ...

@dataclass(frozen=True)
class TypedStability:
    model: str
    members: int
    quota: int
    candidates: int
    structures_examined: int
    deviations_examined: int
    structures: pd.DataFrame

def stable_structures_by_types(
    game: Union[Game, Institution],
    rule: Optional[str] = ...,
    candidates: Optional[Members] = ...,
    model: str = ...,
    max_blocs: Optional[int] = ...,
    structure: Optional[Sequence[int]] = ...,
) -> TypedStability: ...
def enlargement(
    before: Union[Game, Institution],
    after: Optional[Game] = ...,
    incumbents: Optional[Members] = ...,
    before_rule: Optional[str] = ...,
    after_rule: Optional[str] = ...,
) -> pd.DataFrame: ...
def membership_growth(path: Union[str, os.PathLike[str]]) -> pd.DataFrame: ...
