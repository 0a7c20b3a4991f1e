#!/usr/bin/env python3
"""Times the Python tools a user would otherwise pick (coopgame-py, tucoopy) on the games of
benches/coop.rs, checks that their (pre)nucleolus agrees with comity's, and prints the ratios.

    python3 -m venv target/peers && target/peers/bin/pip install coopgame-py "tucoopy[lp]"
    cargo build --release && cargo bench --bench coop -- nucleolus
    target/peers/bin/python benches/peers/coop_peers.py

Two sets of games: random games with empty cores (the prenucleolus, n = 10, 12, 15) and
random games with a non-empty core (the nucleolus, n = 10, 12, 15, 18, 20; issue 20's
comparison). comity is timed as a whole process (`comity tu --solutions nucleolus`: start,
reading the JSON file, the certified nucleolus, output); coopgame-py both in-process (the
`coopgame.nucleolus` call alone, which favours it) and as a whole process (Python start,
import, reading the same JSON file, the call). Medians of 5 runs (3 at n >= 18). Bare call
against bare call: when criterion has run `cargo bench --bench coop -- nucleolus` (same games,
same generators), its medians of comity's library call are set against coopgame-py's call.
tucoopy is timed in-process up to n = 12 (it is much slower beyond).

Not run in CI (it needs the packages from PyPI).
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import coopgame

# comity's bare library call on the same games: criterion's medians of benches/coop.rs
# (`cargo bench --bench coop -- nucleolus`), read when present. The process times above include
# starting a process and reading the file, which dominate at small n on a loaded machine.
CRITERION = os.environ.get("CRITERION_DIR", "target/criterion")


def criterion_median(group, n):
    """Median in seconds of criterion's last run of `group/n`, or None."""
    try:
        with open(os.path.join(CRITERION, group, str(n), "new", "estimates.json")) as f:
            return json.load(f)["median"]["point_estimate"] / 1e9
    except (OSError, KeyError, ValueError):
        return None

try:
    import tucoopy
except ImportError:  # optional
    tucoopy = None

COMITY = os.environ.get("COMITY", "target/release/comity")


def lcg(seed):
    """The draws of benches/coop.rs: a 64-bit LCG, high bits."""
    s = seed
    while True:
        s = (s * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        yield s >> 33


def game_values(n, seed):
    """v(S) = (draw mod 100) + 20 |S| in bitmask order (empty cores for these sizes)."""
    draw = lcg(seed)
    return [0.0] + [float(next(draw) % 100) + 20.0 * bin(m).count("1") for m in range(1, 1 << n)]


def core_game_values(n, seed):
    """x*_i = 10 + (draw mod 90); v(S) = floor(x*(S) (50 + (draw mod 50)) / 100) in bitmask
    order, v(N) = x*(N): x* is in the core."""
    draw = lcg(seed)
    xs = [10 + next(draw) % 90 for _ in range(n)]
    sums = [0] * (1 << n)
    for m in range(1, 1 << n):
        low = (m & -m).bit_length() - 1
        sums[m] = sums[m & (m - 1)] + xs[low]
    grand = (1 << n) - 1
    vals = [0.0]
    for m in range(1, 1 << n):
        d = next(draw) % 50
        vals.append(float(sums[m] if m == grand else sums[m] * (50 + d) // 100))
    return vals


def median_time(f, repeat):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def write_game(n, vals):
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump({"players": [f"p{i}" for i in range(n)], "values": vals}, f)
    f.close()
    return f.name


def comity_nucleolus(path, prenucleolus):
    args = [COMITY, "tu", path, "--format", "json", "--solutions", "nucleolus"]
    out = subprocess.run(args + (["--prenucleolus"] if prenucleolus else []), capture_output=True, text=True, check=True)
    ours = json.loads(out.stdout)
    return ours["nucleolus_kind"], [m["nucleolus"] for m in ours["members"]]


COOPGAME_PROCESS = """
import json, sys, coopgame
vals = json.load(open(sys.argv[1]))["values"]
g = coopgame.Game(vals[1:])
r = coopgame.prenucleolus(g) if sys.argv[2] == "prenucleolus" else coopgame.nucleolus(g)
print(json.dumps(list(r["allocation"])))
"""


def compare(n, vals, label, group):
    path = write_game(n, vals)
    repeat = 5 if n < 18 else 3
    kind, _ = comity_nucleolus(path, False)
    t_ours, (_, x_ours) = median_time(lambda: comity_nucleolus(path, kind == "prenucleolus"), repeat)
    cg = coopgame.Game(vals[1:])
    solve = (lambda: coopgame.prenucleolus(cg)) if kind == "prenucleolus" else (lambda: coopgame.nucleolus(cg))
    t_cg, x_cg = median_time(solve, repeat)
    x_cg = x_cg["allocation"] if isinstance(x_cg, dict) else list(x_cg)
    diff_cg = max(abs(a - b) for a, b in zip(x_cg, x_ours))
    t_cgp, _ = median_time(
        lambda: subprocess.run([sys.executable, "-c", COOPGAME_PROCESS, path, kind], capture_output=True, check=True),
        repeat,
    )
    line = (
        f"{label} n={n} ({kind}): comity {t_ours * 1e3:.1f} ms (process); "
        f"coopgame-py {t_cg * 1e3:.1f} ms in-process, {t_cgp * 1e3:.1f} ms process (max diff {diff_cg:.2e}); "
        f"ratio coopgame/comity {t_cg / t_ours:.2f} in-process vs process, {t_cgp / t_ours:.2f} process vs process"
    )
    t_bare = criterion_median(group, n)
    if t_bare is not None:
        line += f"; bare call vs bare call: comity {t_bare * 1e3:.2f} ms (criterion {group}/{n}), ratio {t_cg / t_bare:.2f}"
    if tucoopy is not None and n <= 12:
        from tucoopy.solutions import prenucleolus as tu_prenucleolus

        tg = tucoopy.Game(n, {m: v for m, v in enumerate(vals)})
        tu_solve = tu_prenucleolus if kind == "prenucleolus" else tucoopy.nucleolus
        t_tu, res = median_time(lambda: tu_solve(tg), 3)
        x_tu = list(getattr(res, "x", res))
        diff_tu = max(abs(a - b) for a, b in zip(x_tu, x_ours))
        line += f"; tucoopy {t_tu * 1e3:.1f} ms in-process (max diff {diff_tu:.2e})"
    os.unlink(path)
    print(line, flush=True)


for n in (10, 12, 15):
    compare(n, game_values(n, 1), "empty core", "nucleolus")
for n in (10, 12, 15, 18, 20):
    compare(n, core_game_values(n, 1), "non-empty core", "nucleolus_core")

vals = game_values(20, 2)
cg = coopgame.Game(vals[1:])
t, _ = median_time(lambda: coopgame.shapley(cg), 3)
print(f"shapley n=20: coopgame-py {t * 1e3:.1f} ms in-process")
