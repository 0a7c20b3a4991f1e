#!/usr/bin/env python3
"""What a call through comity's Python API costs over the same call in Rust: the EU Council's
power indices and the Security Council's Baron-Ferejohn equilibrium (issue 19's goal: at most
5% more).

    python3 benches/peers/python_overhead.py [--rounds N] [--steps]

Three timings per task, interleaved round by round in the same process, so that the machine's
load touches them alike: the Python call (`comity.power_indices`, `comity.baron_ferejohn`:
DataFrame and all), the bare extension call (`comity._comity`, writing into buffers allocated
once: the crossing without the Python layer), and the library call itself, timed inside the
extension (`_comity.library_seconds_*`: exactly the call of the criterion benches
`eu_council/all_indices` and `baron_ferejohn/unsc/substantive`, from the same build). Each is
reported as the median and the minimum over rounds of the mean of a batch of calls; the
minima are the cost of a call undisturbed, the medians what a busy machine gives. The Python
calls run with the garbage collector on, as in a user's program (timeit turns it off by
default, which would hide the collections that the call's objects cause). When the
criterion benches have run (`cargo bench --bench power -- eu_council/all_indices`, `cargo bench
--bench bargaining -- baron_ferejohn/unsc`), their medians are printed beside, as a check that the
in-process timing matches them. The load average is printed before and after. With `--steps`,
the Python layer of the EU call is also timed step by step, warm and right after a computation
(the reason `power_indices` builds its frame before the computation: see python/src/fill.rs).

Beside each task, two floors, timed in the same interleaved rounds: the construction of an
empty `pandas.DataFrame()` (what any call returning a DataFrame pays at least through pandas'
public constructor) and the construction of the task's own frame, empty, by the path the call
takes (`comity.power._Fill`: buffers, blocks, frame). When 5% of the library call is below
these, the goal of 5% cannot be met by a function that returns a DataFrame; the script then says
so, and the absolute overhead in microseconds is the figure to watch.
"""
import argparse
import json
import os
import statistics
import time
import timeit
from pathlib import Path

import comity
from comity import _comity

ROOT = Path(__file__).resolve().parents[2]


def criterion(name):
    """Criterion's median of bench `name` and its fastest sample's mean, in seconds, or None
    before the bench has run (criterion writes `a/b` bench names as `a_b` directories)."""
    base = ROOT / "target" / "criterion"
    for path in (base / name, base / name.replace("/", "_")):
        try:
            median = json.loads((path / "new" / "estimates.json").read_text())["median"]["point_estimate"]
            sample = json.loads((path / "new" / "sample.json").read_text())
            fastest = min(t / i for t, i in zip(sample["times"], sample["iters"]))
            return median / 1e9, fastest / 1e9
        except (OSError, KeyError, ValueError):
            continue
    return None


def report(task, python, bare, library, bench, floors):
    ms = lambda pair: f"{pair[0] * 1e3:8.3f} ms (min {pair[1] * 1e3:7.3f})"  # noqa: E731
    us = lambda pair: f"{pair[0] * 1e6:8.1f} us (min {pair[1] * 1e6:7.1f})"  # noqa: E731
    print(f"{task}")
    print(f"    python call      {ms(python)}")
    print(f"    bare extension   {ms(bare)}")
    print(f"    library (rust)   {ms(library)}")
    if bench is not None:
        print(f"    criterion bench  {ms(bench)}")
    empty, own = floors
    print(f"    floor: empty pd.DataFrame()  {us(empty)}")
    print(f"    floor: this frame, unfilled  {us(own)}")
    for what, k in (("medians", 0), ("minima", 1)):
        print(
            f"    python/rust {what}: {python[k] / library[k]:6.3f} "
            f"(overhead {(python[k] - library[k]) * 1e6:7.1f} us: Python layer {(python[k] - bare[k]) * 1e6:7.1f} us, "
            f"crossing {(bare[k] - library[k]) * 1e6:7.1f} us)"
        )
    budget = 0.05 * library[1]
    if empty[1] > budget:
        print(
            f"    5% of the library call is {budget * 1e6:.1f} us, below the {empty[1] * 1e6:.1f} us of an empty "
            f"pd.DataFrame(): no call returning a DataFrame can meet the goal; the overhead in us is the figure"
        )


def timer(f, batch):
    """The seconds of `batch` calls of `f`, with the garbage collector on."""
    return lambda: timeit.Timer(f, setup="gc.enable()").timeit(number=batch)


def interleaved_timed(timers, rounds, batch):
    """For each of `timers` (each returning the seconds of `batch` calls), the median and the
    minimum over `rounds` of the mean time of a call, in seconds; the timers alternate round by
    round, so that a change of load touches all of them alike."""
    for t in timers:
        t()
    times = [[] for _ in timers]
    for _ in range(rounds):
        for k, t in enumerate(timers):
            times[k].append(t() / batch)
    return [(statistics.median(t), min(t)) for t in times]


def warm_and_cold(game, rounds):
    """The Python layer of the EU call in steps (the result's index, the frame built before the
    call, the frame handed back), each timed warm (right after the same step) and cold (right
    after a library call): the median and minimum over `rounds`, in seconds. Shows why the
    frame is built before the computation: every step runs several times slower after it."""
    from comity.power import INDICES, _Fill, _game_index, _index_layout

    layout = _index_layout(INDICES)
    steps = {
        "index": lambda: _game_index(game),
        "frame built": lambda: _Fill(layout, _game_index(game)),
        "frame handed back": lambda: _Fill(layout, _game_index(game)).frame(),
    }
    clock = time.perf_counter
    out = {}
    for name, step in steps.items():
        warm, cold = [], []
        for _ in range(rounds):
            step()
            start = clock()
            step()
            warm.append(clock() - start)
            _comity.library_seconds_power_indices(game, 1)
            start = clock()
            step()
            cold.append(clock() - start)
        out[name] = ((statistics.median(warm), min(warm)), (statistics.median(cold), min(cold)))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="timing rounds per call (median and minimum taken)")
    parser.add_argument("--steps", action="store_true", help="also time the Python layer's steps, warm and right after a computation")
    args = parser.parse_args()
    rounds = args.rounds
    os.chdir(ROOT)
    print(f"load average {os.getloadavg()[0]:.2f} over the last minute, {os.cpu_count()} cores")

    import pandas as pd
    from comity.bargaining import _BF_LAYOUT
    from comity.power import _Fill, _game_index, _index_layout

    eu = comity.Institution.load("models/institutions/eu_council.toml").compile("qualified_majority")
    # The bare calls write into buffers allocated once (allocating them is the Python layer's).
    eu_floats = bytearray(8 * len(comity.INDICES) * len(eu.ids))
    eu_layout = _index_layout(comity.INDICES)
    batch = 3
    python, bare, library, empty, own = interleaved_timed(
        [
            timer(lambda: comity.power_indices(eu), batch),
            timer(lambda: _comity.power_indices(eu, comity.INDICES, eu_floats, {}), batch),
            lambda: _comity.library_seconds_power_indices(eu, batch),
            timer(pd.DataFrame, batch),
            timer(lambda: _Fill(eu_layout, _game_index(eu)).frame(), batch),
        ],
        rounds,
        batch,
    )
    report(
        "EU Council power indices (all, floats)",
        python,
        bare,
        library,
        criterion("eu_council/all_indices"),
        (empty, own),
    )
    if args.steps:
        us = lambda pair: f"{pair[0] * 1e6:7.1f} us (min {pair[1] * 1e6:6.1f})"  # noqa: E731
        for name, (warm, cold) in warm_and_cold(eu, rounds).items():
            print(f"    step {name:18s} warm {us(warm)}, after a computation {us(cold)}")

    unsc = comity.Institution.load("models/institutions/unsc.toml").compile("substantive")
    n, chair = len(unsc.ids), unsc.ids.index("LVA")
    recognition = [0.8 / (n - 1)] * n
    recognition[chair] = 0.2
    bf_floats, bf_classes = bytearray(8 * 4 * n), bytearray(8 * n)
    batch = 20
    python, bare, library, empty, own = interleaved_timed(
        [
            timer(lambda: comity.baron_ferejohn(unsc, discount=0.9, recognition=recognition), batch),
            timer(lambda: _comity.baron_ferejohn(unsc, 0.9, bf_floats, bf_classes, {}, recognition), batch),
            lambda: _comity.library_seconds_baron_ferejohn(unsc, 0.9, chair, 0.2, batch),
            timer(pd.DataFrame, batch),
            timer(lambda: _Fill(_BF_LAYOUT, _game_index(unsc)).frame(), batch),
        ],
        rounds,
        batch,
    )
    report(
        "Security Council Baron-Ferejohn (LVA chair)",
        python,
        bare,
        library,
        criterion("baron_ferejohn/unsc/substantive"),
        (empty, own),
    )
    print(f"load average {os.getloadavg()[0]:.2f} over the last minute")


if __name__ == "__main__":
    main()
