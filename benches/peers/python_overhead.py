#!/usr/bin/env python3
"""What a call through comity's Python API costs over the same call in Rust: the EU Council's
power indices and the Security Council's Baron-Ferejohn equilibrium (issue 19's goal: at most
5% more).

    cargo bench --bench power -- eu_council/all_indices
    cargo bench --bench bargaining -- baron_ferejohn/unsc/substantive
    python3 benches/peers/python_overhead.py [--rounds N]

The Rust side is criterion's median of the matching bench function, read from
target/criterion/<bench>/new/estimates.json (run the two benches first): `eu_council/all_indices`
(every index, floats, the automatic method) and `baron_ferejohn/unsc/substantive` (Latvia in the
chair with recognition probability 0.2, the rest equally, discount 0.9). The Python side makes
exactly these calls on the same compiled games, timed with timeit: the median (and the
minimum) over rounds of the mean of a batch of calls. Beside it, the bare extension call (`comity._comity`, which returns
JSON text or plain lists) splits the overhead into the crossing (worker thread, conversion) and
the Python layer (decoding, the DataFrame). The
machine's load average is printed too: on a shared machine the two measurements drift apart, so
compare runs made under the same load, and the minima (the cost of a call undisturbed) as well
as the medians.
"""
import argparse
import json
import os
import statistics
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


def interleaved(calls, rounds, batch):
    """For each of `calls`, the median and the minimum over `rounds` of the mean time of
    `batch` calls, in seconds; the calls alternate round by round, so that a change of load
    touches all of them alike."""
    for f in calls:
        f()  # warm: the worker thread, the members' index
    times = [[] for _ in calls]
    for _ in range(rounds):
        for k, f in enumerate(calls):
            times[k].append(timeit.timeit(f, number=batch) / batch)
    return [(statistics.median(t), min(t)) for t in times]


def report(task, rust, python, bare):
    ms = lambda pair: f"{pair[0] * 1e3:8.3f} ms (min {pair[1] * 1e3:7.3f})"  # noqa: E731
    print(f"{task}")
    print(f"    python call      {ms(python)}")
    print(f"    bare extension   {ms(bare)}")
    if rust is None:
        print("    rust: no criterion estimate (run the bench first)")
        return
    print(f"    rust (criterion) {ms(rust)}")
    for what, k in (("medians", 0), ("minima", 1)):
        print(f"    python/rust {what}: {python[k] / rust[k]:6.3f} (overhead {(python[k] - rust[k]) * 1e6:8.1f} us)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="timing rounds per call (median taken)")
    rounds = parser.parse_args().rounds
    os.chdir(ROOT)
    print(f"load average {os.getloadavg()[0]:.2f} over the last minute, {os.cpu_count()} cores")

    eu = comity.Institution.load("models/institutions/eu_council.toml").compile("qualified_majority")
    python, bare = interleaved([lambda: comity.power_indices(eu), lambda: _comity.power_indices(eu)], rounds, 3)
    report("EU Council power indices (all, floats)", criterion("eu_council/all_indices"), python, bare)

    unsc = comity.Institution.load("models/institutions/unsc.toml").compile("substantive")
    n, chair = len(unsc.ids), unsc.ids.index("LVA")
    recognition = [0.8 / (n - 1)] * n
    recognition[chair] = 0.2
    python, bare = interleaved(
        [
            lambda: comity.baron_ferejohn(unsc, discount=0.9, recognition=recognition),
            lambda: _comity.baron_ferejohn(unsc, 0.9, recognition),
        ],
        rounds,
        20,
    )
    report("Security Council Baron-Ferejohn (LVA chair)", criterion("baron_ferejohn/unsc/substantive"), python, bare)

if __name__ == "__main__":
    main()
