"""Helpers shared by the study notebooks: run comity on a bundled study and load its results.

The notebooks read only comity's JSON output (results.json of `comity study FILE --out DIR`).
The binary is $COMITY_BIN if set, else target/release/comity, built with cargo if missing.
"""
import json
import os
import pathlib
import subprocess

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[1]


def comity_binary():
    binary = os.environ.get("COMITY_BIN")
    if binary:
        return pathlib.Path(binary)
    binary = ROOT / "target" / "release" / "comity"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return binary


def run_study(study_id):
    """Runs models/studies/<study_id>.toml and returns its results.json as a dict."""
    out = ROOT / "target" / "notebooks" / study_id
    subprocess.run(
        [str(comity_binary()), "study", f"models/studies/{study_id}.toml", "--out", str(out)],
        cwd=ROOT,
        check=True,
    )
    with open(out / "results.json", encoding="utf-8") as f:
        return json.load(f)


def group_frame(results):
    """One row per variant and group, with every group measure."""
    rows = []
    for r in results["results"]:
        for g in r["groups"]:
            rows.append({"variant": r["variant"], "efficacy": r["efficacy"], **g})
    return pd.DataFrame(rows)


def body_frame(results):
    """One row per variant with the body's measures."""
    keep = ["variant", "members", "efficacy", "gini_shapley_shubik", "gini_banzhaf", "chair"]
    return pd.DataFrame([{k: r[k] for k in keep} for r in results["results"]])
