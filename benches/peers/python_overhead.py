#!/usr/bin/env python3
"""What a call through comity's Python API costs over the same call in Rust: the EU Council's
power indices and the Security Council's Baron-Ferejohn equilibrium (issue 19's goal: at most
5% more).

    python3 benches/peers/python_overhead.py [--rounds N] [--steps]

Three timings per task, interleaved round by round in the same process, so that the machine's
load touches them alike: the Python call as a user makes it (`comity.power_indices(eu)`: a
DataFrame; `comity.baron_ferejohn(unsc, discount=0.9, recognition=...)`: a `BaronFerejohn`
result object), the bare extension call (`comity._comity`: the crossing without the Python
layer; the power indices written into buffers allocated once, handed over by a function that
returns them as the Python layer's `prepare` returns the frame's; for Baron-Ferejohn, whose Python
function is the extension's, the same call with its arguments by position), and the library
call itself, timed inside the extension (`_comity.library_seconds_*`: exactly the call of the
criterion benches `eu_council/all_indices` and `baron_ferejohn/unsc/substantive`, from the same
build).
Each is reported as the median and the minimum over rounds of the mean of a batch of calls; the
minima are the cost of a call undisturbed, the medians what a busy machine gives. The Python
calls run with the garbage collector on, as in a user's program (timeit turns it off by
default, which would hide the collections that the call's objects cause). When the
criterion benches have run (`cargo bench --bench power -- eu_council/all_indices`, `cargo bench
--bench bargaining -- baron_ferejohn/unsc`), their medians are printed beside, as a check that the
in-process timing matches them. The load average is printed before and after. With `--steps`,
the Python layer of the EU call is also timed step by step, warm and right after a computation
(the reason `power_indices` builds its frame while the computation runs rather than after
it: see python/src/fill.rs).

Measured on 2026-12-02 with `--rounds 800` on an otherwise idle machine (load average 0.0
before, 1.7 after: the script's own): the EU Council's ratio 1.040 at the medians and 1.041 at
the minima (goal met), the Security Council's 1.070 and 1.048 (the minimal extension call alone
1.07 at the medians: its floor). In six interleaved runs of the old and new paths (load 0.0 to
1.8) the EU Council's medians went from 1.05 to 1.10 to 1.00 to 1.04 (python/src/interrupt.rs,
`run_known_meanwhile`).

On 2026-12-02, after the Security Council's call stopped handing its small parallel steps to the
thread pool (about 60 us, then 32-37 us), three runs (load 1.6 to 1.8): the Security Council
1.000, 1.074, 1.063 at the medians and 0.987, 1.065, 1.031 at the minima (overhead 0 to 3 us);
the EU Council 1.036, 1.049, 1.041 and 1.013, 1.004, 1.020.

Beside the power indices, two floors, timed in the same interleaved rounds: the construction of
an empty `pandas.DataFrame()` (what any call returning a DataFrame pays at least through pandas'
public constructor) and the construction of the task's own frame, empty, by the path the call
takes (`comity.power._Fill`: buffers, blocks, frame). Beside Baron-Ferejohn, what the result
object leaves out, timed in the same rounds and reported apart from the call: the call followed
by `.to_frame()` (what a user who wants today's DataFrame pays), `.to_frame()` alone on a kept
result, the first access to an array (`.values` of a new result, call included), and the call
given the institution and a rule name (`Institution.compile` keeps each rule's game, so after
the first call this is a lookup) beside the lookup alone; and a floor, the library call made through the timing function one call at a time (an
extension call with five plain arguments that releases the GIL: the least any call costs). The
goal's verdict is printed for each task, at the medians and at the minima.
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


def report(task, python, bare, library, bench, extras, frame_floor=None):
    """Prints a task's timings, the ratio and the overhead split at the medians and at the
    minima, the goal's verdict, and `extras` (label, (median, minimum)) in microseconds. With
    `frame_floor` (an empty DataFrame's timing), says when 5% of the library call is below it."""
    ms = lambda pair: f"{pair[0] * 1e3:8.3f} ms (min {pair[1] * 1e3:7.3f})"  # noqa: E731
    us = lambda pair: f"{pair[0] * 1e6:8.1f} us (min {pair[1] * 1e6:7.1f})"  # noqa: E731
    print(f"{task}")
    print(f"    python call      {ms(python)}")
    print(f"    bare extension   {ms(bare)}")
    print(f"    library (rust)   {ms(library)}")
    if bench is not None:
        print(f"    criterion bench  {ms(bench)}")
    for label, pair in extras:
        print(f"    {label:34s} {us(pair)}")
    for what, k in (("medians", 0), ("minima", 1)):
        ratio = python[k] / library[k]
        print(
            f"    python/rust {what}: {ratio:6.3f} "
            f"(overhead {(python[k] - library[k]) * 1e6:7.1f} us: Python layer {(python[k] - bare[k]) * 1e6:7.1f} us, "
            f"crossing {(bare[k] - library[k]) * 1e6:7.1f} us): goal of 5% {'met' if ratio <= 1.05 else 'not met'}"
        )
    budget = 0.05 * library[1]
    if frame_floor is not None and frame_floor[1] > budget:
        print(
            f"    5% of the library call is {budget * 1e6:.1f} us, below the {frame_floor[1] * 1e6:.1f} us of an empty "
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
    """The Python layer of the EU call in steps (the result's index, the frame built during the
    call, the frame handed back), each timed warm (right after the same step) and cold (right
    after a library call): the median and minimum over `rounds`, in seconds. Shows why the
    frame is built during the computation rather than after it: every step runs several times
    slower after one."""
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
    from comity.power import _Fill, _game_index, _index_layout

    eu = comity.Institution.load("models/institutions/eu_council.toml").compile("qualified_majority")
    # The bare calls write into buffers allocated once (allocating them is the Python layer's).
    eu_floats, eu_attrs = bytearray(8 * len(comity.INDICES) * len(eu.ids)), {}
    eu_prepared = lambda: (None, eu_floats, eu_attrs)  # noqa: E731
    eu_layout = _index_layout(comity.INDICES)
    batch = 3
    python, bare, library, empty, own = interleaved_timed(
        [
            timer(lambda: comity.power_indices(eu), batch),
            timer(lambda: _comity.power_indices(eu, comity.INDICES, eu_prepared), batch),
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
        [("floor: empty pd.DataFrame()", empty), ("floor: this frame, unfilled", own)],
        frame_floor=empty,
    )
    if args.steps:
        us = lambda pair: f"{pair[0] * 1e6:7.1f} us (min {pair[1] * 1e6:6.1f})"  # noqa: E731
        for name, (warm, cold) in warm_and_cold(eu, rounds).items():
            print(f"    step {name:18s} warm {us(warm)}, after a computation {us(cold)}")

    body = comity.Institution.load("models/institutions/unsc.toml")
    unsc = body.compile("substantive")
    n, chair = len(unsc.ids), unsc.ids.index("LVA")
    recognition = [0.8 / (n - 1)] * n
    recognition[chair] = 0.2
    kept = comity.baron_ferejohn(unsc, discount=0.9, recognition=recognition)
    batch = 20
    python, bare, library, framed, frame_only, first_array, via_rule, compile_only, minimal = interleaved_timed(
        [
            timer(lambda: comity.baron_ferejohn(unsc, discount=0.9, recognition=recognition), batch),
            # The same function (comity.baron_ferejohn is the extension's), arguments by position.
            timer(lambda: _comity.baron_ferejohn(unsc, None, 0.9, recognition), batch),
            lambda: _comity.library_seconds_baron_ferejohn(unsc, 0.9, chair, 0.2, batch),
            timer(lambda: comity.baron_ferejohn(unsc, discount=0.9, recognition=recognition).to_frame(), batch),
            timer(kept.to_frame, batch),
            timer(lambda: comity.baron_ferejohn(unsc, discount=0.9, recognition=recognition).values, batch),
            timer(lambda: comity.baron_ferejohn(body, rule="substantive", discount=0.9, recognition=recognition), batch),
            timer(lambda: body.compile("substantive"), batch),
            timer(lambda: _comity.library_seconds_baron_ferejohn(unsc, 0.9, chair, 0.2, 1), batch),
        ],
        rounds,
        batch,
    )
    report(
        "Security Council Baron-Ferejohn (LVA chair), a BaronFerejohn result",
        python,
        bare,
        library,
        criterion("baron_ferejohn/unsc/substantive"),
        [
            ("apart: call, then .to_frame()", framed),
            ("apart: .to_frame() of a kept result", frame_only),
            ("apart: call, then .values", first_array),
            ("apart: call with institution, rule", via_rule),
            ("apart: institution.compile(rule)", compile_only),
            ("floor: library in a minimal call", minimal),
        ],
    )
    print(f"load average {os.getloadavg()[0]:.2f} over the last minute")


if __name__ == "__main__":
    main()
