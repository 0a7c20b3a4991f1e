#!/usr/bin/env python3
"""Times Nashpy and QuantEcon on the games of benches/equilibrium.rs and checks that they find
the same equilibria as comity.

    pip install nashpy quantecon
    cargo build --release
    python3 benches/peers/nash_peers.py

Not run in CI (it needs the packages from PyPI).
"""
import json
import warnings
import statistics
import subprocess
import tempfile
import time

import nashpy
import numpy as np
import quantecon.game_theory as gt

warnings.simplefilter("ignore")  # nashpy's tableaux warn on division by zero


def random_game(m, n, seed):
    """The generator of benches/equilibrium.rs: (LCG draw mod 1000) / 100, A then B, row-major."""
    s = seed
    draws = []
    for _ in range(2 * m * n):
        s = (s * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        draws.append(((s >> 33) % 1000) / 100.0)
    a = np.array(draws[: m * n]).reshape(m, n)
    b = np.array(draws[m * n :]).reshape(m, n)
    return a, b


def median_time(f, repeat):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def comity_equilibria(a, b, method="all"):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"row": a.tolist(), "col": b.tolist()}, f)
    out = subprocess.run(["target/release/comity", "nash", f.name, "--method", method], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["equilibria"]


for k in (4, 6, 8):
    a, b = random_game(k, k, 7)
    ours = comity_equilibria(a, b)
    game = nashpy.Game(a, b)
    t_np, eqs_np = median_time(lambda: list(game.support_enumeration()), 3 if k < 8 else 1)
    g = gt.NormalFormGame((gt.Player(a), gt.Player(b.T)))
    gt.support_enumeration(g)  # compile with numba first
    t_qe, eqs_qe = median_time(lambda: gt.support_enumeration(g), 5)
    print(f"{k}x{k}: comity {len(ours)} equilibria; nashpy support enumeration {t_np * 1e3:.1f} ms "
          f"({len(eqs_np)} found); quantecon support enumeration {t_qe * 1e3:.2f} ms ({len(eqs_qe)} found)", flush=True)

a, b = random_game(50, 50, 11)
g = gt.NormalFormGame((gt.Player(a), gt.Player(b.T)))
gt.lemke_howson(g, init_pivot=0)
t_qe, _ = median_time(lambda: gt.lemke_howson(g, init_pivot=0), 5)
game = nashpy.Game(a, b)
t_np, _ = median_time(lambda: game.lemke_howson(initial_dropped_label=0), 3)
print(f"50x50 Lemke-Howson: nashpy {t_np * 1e3:.1f} ms; quantecon {t_qe * 1e3:.2f} ms")
