#!/usr/bin/env python3
"""Times the Python tools a user would otherwise pick (coopgame-py, tucoopy) on the games of
benches/coop.rs, and checks that their (pre)nucleolus agrees with comity's.

    pip install coopgame-py "tucoopy[lp]"
    cargo build --release
    python3 benches/peers/coop_peers.py

Not run in CI (it needs the packages from PyPI).
"""
import json
import statistics
import subprocess
import tempfile
import time

import coopgame
import tucoopy


def game_values(n, seed):
    """The generator of benches/coop.rs: v(S) = (LCG draw mod 100) + 20 |S| in bitmask order."""
    s, vals = seed, [0.0]
    for m in range(1, 1 << n):
        s = (s * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        vals.append(float((s >> 33) % 100) + 20.0 * bin(m).count("1"))
    return vals


def median_time(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def comity_nucleolus(n, vals):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"players": [f"p{i}" for i in range(n)], "values": vals}, f)
    out = subprocess.run(["target/release/comity", "tu", f.name, "--format", "json"], capture_output=True, text=True, check=True)
    ours = json.loads(out.stdout)
    ours["nucleolus"] = [m["nucleolus"] for m in ours["members"]]
    return ours


for n in (10, 12, 15):
    vals = game_values(n, 1)
    ours = comity_nucleolus(n, vals)
    kind = ours["nucleolus_kind"]
    cg = coopgame.Game(vals[1:])
    solve = (lambda: coopgame.prenucleolus(cg)) if kind == "prenucleolus" else (lambda: coopgame.nucleolus(cg))
    t_cg, x_cg = median_time(solve, 5 if n < 15 else 3)
    x_cg = x_cg["allocation"] if isinstance(x_cg, dict) else list(x_cg)
    diff_cg = max(abs(a - b) for a, b in zip(x_cg, ours["nucleolus"]))
    line = f"n={n} ({kind}): coopgame-py {t_cg * 1e3:.1f} ms (max diff {diff_cg:.2e})"
    if n <= 12:
        tg = tucoopy.Game(n, {m: v for m, v in enumerate(vals)})
        from tucoopy.solutions import prenucleolus as tu_prenucleolus
        tu_solve = tu_prenucleolus if kind == "prenucleolus" else tucoopy.nucleolus
        t_tu, res = median_time(lambda: tu_solve(tg), 3)
        x_tu = list(getattr(res, "x", res))
        diff_tu = max(abs(a - b) for a, b in zip(x_tu, ours["nucleolus"]))
        line += f"; tucoopy {t_tu * 1e3:.1f} ms (max diff {diff_tu:.2e})"
    print(line, flush=True)

vals = game_values(20, 2)
cg = coopgame.Game(vals[1:])
t, _ = median_time(lambda: coopgame.shapley(cg), 3)
print(f"shapley n=20: coopgame-py {t * 1e3:.1f} ms")
