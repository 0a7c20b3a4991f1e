"""Ctrl-C stops a long call with KeyboardInterrupt, promptly, and cancels its computation; the GIL
is released meanwhile."""

import os
import signal
import subprocess
import sys
import threading
import time

import comity

# A Monte Carlo estimate of a billion samples takes many minutes; it is the long call.
LONG_CALL = """
import sys, comity
game = comity.Game.weighted(list(range(1, 61)), 916)
print("started", flush=True)
try:
    comity.power_indices(game, method="monte-carlo", samples=10**9)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(0)
print("finished", flush=True)
sys.exit(1)
"""


def test_ctrl_c_interrupts_a_long_call():
    child = subprocess.Popen([sys.executable, "-c", LONG_CALL], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "started"
        time.sleep(0.5)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=30)
        elapsed = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
    assert out.strip() == "interrupted"
    assert child.returncode == 0
    # The caller checks for signals every 50 ms; a few seconds allow for a loaded machine.
    assert elapsed < 5, elapsed


# After the interrupt, the computation itself must stop too (its cancellation token), not run on
# in the background: `_comity.running()` counts computations still on worker threads.
CANCELLED_CALL = """
import sys, time, comity
from comity import _comity
game = comity.Game.weighted(list(range(1, 61)), 916)
print("started", flush=True)
try:
    comity.power_indices(game, method="monte-carlo", samples=10**9)
except KeyboardInterrupt:
    waited = 0.0
    while _comity.running() and waited < 20:
        time.sleep(0.01)
        waited += 0.01
    print("stopped" if _comity.running() == 0 else "still running", flush=True)
    sys.exit(0)
print("finished", flush=True)
sys.exit(1)
"""


def test_ctrl_c_cancels_the_computation_itself():
    child = subprocess.Popen([sys.executable, "-c", CANCELLED_CALL], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "started"
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    # Without cancellation the billion samples would run on for many minutes.
    assert out.strip() == "stopped"


def test_a_long_call_lets_other_python_threads_run():
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    thread = threading.Thread(target=tick)
    thread.start()
    try:
        comity.power_indices(comity.Game.weighted(list(range(1, 61)), 916), method="monte-carlo", samples=300_000)
    finally:
        stop.set()
        thread.join()
    # With the GIL held for the whole call the ticker would not advance during it.
    assert len(ticks) > 5
