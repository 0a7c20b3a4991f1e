#!/usr/bin/env python3
"""Times comity's Python API against the Python peers on the same inputs, in one run, and prints
the ratios (peer time / comity time; above 1 means comity is faster):

- powerindex: Shapley-Shubik and Banzhaf of a weighted game of n = 150;
- coopgame-py: the (pre)nucleolus of TU games of n = 12 and 15;
- Nashpy and QuantEcon: every equilibrium of 10x10 and 12x12 bimatrix games.

    pip install ./python powerindex coopgame-py nashpy quantecon
    python3 benches/peers/python_peers.py [--budget SECONDS]

Each peer's call runs in a child process with a time budget (default 120 s); a peer over budget
is reported as "> budget", and its ratio as a lower bound. The games come from the generators
of benches/power.rs-style weights and of benches/coop.rs and benches/equilibrium.rs (an LCG),
so that the Rust benches, coop_peers.py and nash_peers.py see the same inputs. Results are
checked against comity's before they are timed. Not run in CI (it needs the packages from PyPI).
"""
import argparse
import multiprocessing as mp
import statistics
import time
import warnings

import numpy as np

import comity

LCG_A, LCG_C = 6364136223846793005, 1442695040888963407


def lcg(seed, count, modulus):
    s, out = seed, []
    for _ in range(count):
        s = (s * LCG_A + LCG_C) % (1 << 64)
        out.append((s >> 33) % modulus)
    return out


def weighted_game(n, seed):
    """Weights 1..100 drawn by the LCG; quota just above half the total."""
    weights = [w + 1 for w in lcg(seed, n, 100)]
    return weights, sum(weights) // 2 + 1


def tu_values(n, seed):
    """The generator of benches/coop.rs: v(S) = (LCG draw mod 100) + 20 |S| in bitmask order."""
    draws = lcg(seed, (1 << n) - 1, 100)
    return [0.0] + [float(d) + 20.0 * bin(m).count("1") for m, d in zip(range(1, 1 << n), draws)]


def bimatrix(m, n, seed):
    """The generator of benches/equilibrium.rs: (LCG draw mod 1000) / 100, A then B, row-major."""
    draws = [d / 100.0 for d in lcg(seed, 2 * m * n, 1000)]
    return np.array(draws[: m * n]).reshape(m, n), np.array(draws[m * n :]).reshape(m, n)


def median_time(f, repeat):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


# ---- The peers' calls, each run in a child process (so that a budget can stop it).

def peer_powerindex(weights, quota):
    import powerindex as px

    game = px.Game(quota, weights=weights)
    t = time.perf_counter()
    game.calc_shapley_shubik()
    game.calc_banzhaf()
    return time.perf_counter() - t, (list(game.shapley_shubik), list(game.banzhaf))


def peer_coopgame(values, prenucleolus):
    import coopgame

    game = coopgame.Game(values[1:])
    t = time.perf_counter()
    x = coopgame.prenucleolus(game) if prenucleolus else coopgame.nucleolus(game)
    elapsed = time.perf_counter() - t
    x = x["allocation"] if isinstance(x, dict) else list(x)
    return elapsed, list(x)


def peer_nashpy(a, b):
    import nashpy

    warnings.simplefilter("ignore")
    game = nashpy.Game(a, b)
    t = time.perf_counter()
    eqs = list(game.support_enumeration())
    return time.perf_counter() - t, len(eqs)


def peer_quantecon(a, b):
    try:
        import quantecon.game_theory as gt
    except ImportError as missing:
        # Runs in this process (see main), so a missing package is reported like the others.
        return None, f"not installed: {missing}"

    g = gt.NormalFormGame((gt.Player(a), gt.Player(b.T)))
    t = time.perf_counter()
    eqs = gt.support_enumeration(g)
    return time.perf_counter() - t, len(eqs)


def _child(queue, fn, args):
    try:
        queue.put(("ok", fn(*args)))
    except Exception as err:  # reported, not raised: one missing peer should not stop the run
        queue.put(("error", f"{type(err).__name__}: {err}"))


def run_peer(fn, args, budget):
    """(seconds, result) of the peer's call, or (None, reason) over budget or on error."""
    queue = mp.Queue()
    child = mp.Process(target=_child, args=(queue, fn, args))
    child.start()
    child.join(budget)
    if child.is_alive():
        child.terminate()
        child.join()
        return None, f"> {budget:g} s"
    status, value = queue.get() if not queue.empty() else ("error", "no result")
    if status == "error":
        return None, value
    return value


def report(task, ours, peer, peer_time, note, budget):
    head = f"{task:46s} comity {ours * 1e3:9.2f} ms   {peer:10s}"
    if peer_time is not None:
        print(f"{head} {peer_time * 1e3:9.2f} ms   ratio {peer_time / ours:,.1f}", flush=True)
    elif note.startswith(">"):
        print(f"{head} {note:>12s}   ratio > {budget / ours:,.0f}", flush=True)
    else:
        print(f"{head} unavailable ({note})", flush=True)


def warm_up_quantecon():
    try:
        import quantecon.game_theory as gt
    except ImportError:
        return
    a, b = bimatrix(3, 3, 1)
    gt.support_enumeration(gt.NormalFormGame((gt.Player(a), gt.Player(b.T))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=120.0, help="seconds allowed to each peer call")
    budget = parser.parse_args().budget

    # Power indices, n = 150.
    weights, quota = weighted_game(150, 11)
    game = comity.Game.weighted(weights, quota)
    ours, df = median_time(lambda: comity.power_indices(game, indices=["shapley_shubik", "banzhaf"]), 5)
    peer_time, result = run_peer(peer_powerindex, (weights, quota), budget)
    if peer_time is not None:
        ss, bz = result
        assert np.allclose(ss, df["shapley_shubik"], atol=1e-9) and np.allclose(bz, df["banzhaf"], atol=1e-9)
    report("power indices, weighted n=150 (SS + Banzhaf)", ours, "powerindex", peer_time, result, budget)

    # Nucleolus, n = 12 and 15.
    for n in (12, 15):
        values = tu_values(n, 1)
        tu = comity.TuGame(values)
        ours, nu = median_time(tu.nucleolus, 3)
        pre = nu.kind == "prenucleolus"
        peer_time, result = run_peer(peer_coopgame, (values, pre), budget)
        if peer_time is not None:
            assert np.allclose(result, nu.allocation, atol=1e-6), (result, nu.allocation)
        report(f"{nu.kind}, TU game n={n}", ours, "coopgame", peer_time, result, budget)

    # Every equilibrium of 10x10 and 12x12 games.
    warm_up_quantecon()
    for k in (10, 12):
        a, b = bimatrix(k, k, 7)
        ours, eqs = median_time(lambda: comity.nash(a, b), 3)
        for name, fn in (("Nashpy", peer_nashpy), ("QuantEcon", peer_quantecon)):
            # QuantEcon runs in this process, after numba has compiled it on a small game
            # (compilation is not the peer's solving time, and under load it alone can exceed a
            # budget); Nashpy in a child process with the budget.
            peer_time, result = fn(a, b) if fn is peer_quantecon else run_peer(fn, (a, b), budget)
            if peer_time is not None:
                assert result == len(eqs), f"{name} found {result} equilibria, comity {len(eqs)}"
            report(f"all equilibria, {k}x{k} ({len(eqs)} equilibria)", ours, name, peer_time, result, budget)


if __name__ == "__main__":
    main()
