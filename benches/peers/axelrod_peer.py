#!/usr/bin/env python3
"""Plays the 20-strategy tournament of benches/repeated.rs with the Axelrod library and with
comity, times both and compares the scores.

    pip install axelrod
    cargo build --release
    python3 benches/peers/axelrod_peer.py

Both play the same memory-one strategies (comity's own probabilities, read from
`comity reciprocity match`), 200 turns, 10 repetitions, noise 0.01, self-play included.
Axelrod's MemoryOnePlayer takes a deterministic first move, so a first-move probability is
rounded to C or D there (only the random strategies' first rounds differ). Not run in CI.
"""
import json
import os
import statistics
import subprocess
import time

import axelrod as axl

COMITY = "target/release/comity"
STRATEGIES = [
    "allc", "alld", "tft", "wsls", "grim", "gtft", "extort:2", "extort:3", "random:0.5",
    "random:0.2", "0.9/0.1/0.9/0.1", "1/0.3/1/0.3", "0.8/0.2/0.6/0.4", "1/0/0/0.5",
    "0.7/0.7/0.3/0.3", "0.95/0.05/0.5/0.5", "1/0.5/0/0", "0.6/0.4/0.8/0.2",
    "0.99/0.01/0.99/0.01/0", "0.5/0/1/0",
]
TURNS, REPETITIONS, NOISE = 200, 10, 0.01


def comity_json(*args):
    return json.loads(subprocess.run([COMITY, "reciprocity", *args, "--format", "json"], check=True, capture_output=True).stdout)


def vector(spec):
    x = comity_json("match", spec, "allc")["x"]
    return tuple(x["p"]), axl.Action.C if x["first"] >= 0.5 else axl.Action.D


def axelrod_players():
    players = []
    for spec in STRATEGIES:
        four, first = vector(spec)
        player = axl.MemoryOnePlayer(four_vector=four, initial=first)
        player.name = spec
        players.append(player)
    return players


def time_axelrod(runs=3):
    """Median time of `Tournament.play` in one process: with Axelrod's result analysis, and
    play alone (`build_results=False`); returns the result set of the last full run."""
    full, play, result = [], [], None
    for seed in range(runs):
        tournament = axl.Tournament(axelrod_players(), turns=TURNS, repetitions=REPETITIONS, noise=NOISE, seed=seed)
        start = time.perf_counter()
        result = tournament.play(progress_bar=False)
        full.append(time.perf_counter() - start)
        tournament = axl.Tournament(axelrod_players(), turns=TURNS, repetitions=REPETITIONS, noise=NOISE, seed=seed)
        start = time.perf_counter()
        tournament.play(progress_bar=False, build_results=False, filename=os.devnull)
        play.append(time.perf_counter() - start)
    return statistics.median(full), statistics.median(play), result


def main():
    matches = len(STRATEGIES) * (len(STRATEGIES) + 1) // 2
    rounds = matches * TURNS * REPETITIONS
    full, play, result = time_axelrod()
    print(f"Axelrod {axl.__version__}, median of 3: {full:.2f} s with results, {play:.2f} s play only "
          f"({rounds / play:,.0f} rounds/s)")
    ours = comity_json("tournament", "--strategies", ",".join(STRATEGIES), "--noise", str(NOISE),
                       "--rounds", str(TURNS), "--repetitions", str(REPETITIONS))
    # Axelrod's normalised score is the payoff per turn averaged over the other strategies
    # (self-play left out); the same from comity's payoff matrix.
    n = len(STRATEGIES)
    score = [sum(row[j] for j in range(n) if j != i) / (n - 1) for i, row in enumerate([x["payoff"] for x in r["against"]] for r in ours["payoffs"])]
    theirs = [statistics.mean(s) for s in result.normalised_scores]
    print("strategy               comity   axelrod   (payoff per turn, mean over the other strategies)")
    for name, a, b in zip(STRATEGIES, score, theirs):
        print(f"{name:22} {a:7.3f}  {b:8.3f}")


if __name__ == "__main__":
    main()
