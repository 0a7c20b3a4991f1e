"""Ctrl-C cancels the remaining long computations themselves (issue 19): the least core, cost
shares, a game's structure, Nash equilibria and the exact chain of a reciprocity institution
stop after the interrupt instead of finishing in the background. Modelled on
test_interrupt.py: a child process starts the call, receives SIGINT, and reports whether
`_comity.running()` (computations still on worker threads) fell to 0."""

import signal
import subprocess
import sys
import time

import pytest

CANCELLED_CALL = """
import sys, time, comity
from comity import _comity
SETUP
print("started", flush=True)
try:
    LONG_CALL
except KeyboardInterrupt:
    waited = 0.0
    while _comity.running() and waited < WAIT:
        time.sleep(0.01)
        waited += 0.01
    print("stopped" if _comity.running() == 0 else "still running", flush=True)
    sys.exit(0)
print("finished", flush=True)
sys.exit(1)
"""

# Each call runs for seconds (or tens of seconds) uncancelled, measured through the library on a
# loaded 2-core machine; the interrupt comes 0.5 s after the start.
LONG_CALLS = {
    # 2^25 coalitions, then every list of the report over them: seconds.
    "structure": "comity.structure(comity.Game.weighted([k * 5 % 9 + 1 for k in range(25)], 84))",
    # A 16x16 bimatrix game: 4 s, mostly the walk over each best-response polytope's bases.
    "nash": "comity.nash(row, col)",
    # 23 members whose cost is 1000 each less a seeded draw in 0..99 per coalition: the savings
    # game's nucleolus, stages over 8 million coalitions (as test_interrupt.py's nucleolus).
    "nucleolus cost shares": 'comity.cost_shares(costs, method="nucleolus")',
    # The exact chain of a hundred thousand members: 45 s.
    "exact institution": 'comity.reciprocity.institution("models/reciprocity/threshold_exact.toml", exact=True, members=100_000)',
    # 2^18 constraints: over a second to build the LP, then microlp's solve (10 s, no checkpoint
    # inside: a cancel during it is seen when it ends).
    "least core": "game.least_core()",
}

# Seconds allowed for the computation to stop after the interrupt: far below its uncancelled
# time, far above the milliseconds between its checkpoints even on a loaded machine. The least
# core's solve has no checkpoint, so its wait covers a solve under way.
WAITS = {"structure": 1.5, "nash": 1.5, "nucleolus cost shares": 1.5, "exact institution": 3, "least core": 15}

SETUPS = {
    "nash": (
        "import numpy as np\n"
        "rng = np.random.default_rng(7)\n"
        "row, col = rng.integers(0, 1000, (16, 16)) / 100, rng.integers(0, 1000, (16, 16)) / 100"
    ),
    "nucleolus cost shares": (
        "import numpy as np\n"
        "m = np.arange(1 << 23, dtype=np.uint64)\n"
        "size = sum(((m >> np.uint64(i)) & np.uint64(1)).astype(float) for i in range(23))\n"
        "costs = 1000.0 * size - np.random.default_rng(3).integers(0, 100, 1 << 23)\n"
        "costs[0] = 0.0\n"
        "costs = costs.tolist()"
    ),
    "least core": (
        "import numpy as np\n"
        "m = np.arange(1 << 18, dtype=np.uint64)\n"
        "size = sum(((m >> np.uint64(i)) & np.uint64(1)).astype(float) for i in range(18))\n"
        "values = np.random.default_rng(18).integers(0, 1000, 1 << 18) * size\n"
        "values[0] = 0.0\n"
        "game = comity.TuGame(values.tolist())"
    ),
}


@pytest.mark.parametrize("call", list(LONG_CALLS))
def test_ctrl_c_cancels_the_computation_itself(call):
    code = (
        CANCELLED_CALL.replace("SETUP", SETUPS.get(call, ""))
        .replace("LONG_CALL", LONG_CALLS[call])
        .replace("WAIT", str(WAITS[call]))
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "started"
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=90)
    finally:
        if child.poll() is None:
            child.kill()
    assert out.strip() == "stopped"
