#!/usr/bin/env python3
"""Check the Kubernetes manifests without a cluster.

    python3 scripts/k8s/check_manifests.py        (.ci/run calls it; needs PyYAML)

No Kubernetes runs in CI, so this checks what can be checked without one:

1. Structure: batch-job.yaml is one batch/v1 Job with completionMode Indexed, restartPolicy
   Never, `completions` equal to its SHARDS variable, and a `sh -c` command; merge-job.yaml is
   one batch/v1 Job with the same SHARDS, OUT_DIR and volume claim.
2. Behaviour: each shard pod's shell command, run here by /bin/sh with the environment the
   manifest sets and JOB_COMPLETION_INDEX = 0 .. completions-1 (as Kubernetes sets it), then the
   merge pod's command, must produce a file equal byte for byte to a single `comity batch` run.
   The image paths are mapped onto this checkout: /opt/comity onto the repository, /data onto a
   temporary directory, and `comity` onto target/release/comity (or COMITY_BIN).

It does not prove that an API server accepts the manifests, nor anything about scheduling,
the image or the volume. Exits 1 with one line per problem.
"""

import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
IMAGE_ROOT = "/opt/comity"
VOLUME_ROOT = "/data"


class ManifestError(Exception):
    """A manifest that does not have the expected structure or behaviour."""


def load_job(name):
    path = HERE / name
    documents = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    if len(documents) != 1:
        raise ManifestError(f"{name}: expected one document, found {len(documents)}")
    job = documents[0]
    expect(name, "apiVersion", job.get("apiVersion"), "batch/v1")
    expect(name, "kind", job.get("kind"), "Job")
    return job


def expect(name, field, found, wanted):
    if found != wanted:
        raise ManifestError(f"{name}: {field} is {found!r}, expected {wanted!r}")


def pod_spec(name, job):
    try:
        spec = job["spec"]["template"]["spec"]
        (container,) = spec["containers"]
    except (KeyError, TypeError, ValueError) as error:
        raise ManifestError(f"{name}: spec.template.spec needs exactly one container ({error!r})")
    expect(name, "spec.template.spec.restartPolicy", spec.get("restartPolicy"), "Never")
    expect(name, "containers[0].command", container.get("command"), ["sh", "-c"])
    args = container.get("args")
    if not (isinstance(args, list) and len(args) == 1 and isinstance(args[0], str)):
        raise ManifestError(f"{name}: containers[0].args must be one shell script")
    env = {}
    for var in container.get("env", []):
        if "value" not in var:
            raise ManifestError(f"{name}: env {var.get('name')!r} needs a literal value")
        env[var["name"]] = str(var["value"])
    claims = {
        v["name"]: v.get("persistentVolumeClaim", {}).get("claimName")
        for v in spec.get("volumes", [])
    }
    mounts = {m["mountPath"]: claims.get(m["name"]) for m in container.get("volumeMounts", [])}
    return args[0], env, mounts


def local_env(env, comity_dir, data_dir, **extra):
    """The manifest's environment with image paths mapped onto this machine."""
    mapped = {}
    for key, value in env.items():
        value = value.replace(IMAGE_ROOT, str(REPO), 1) if value.startswith(IMAGE_ROOT) else value
        if value.startswith(VOLUME_ROOT):
            value = str(data_dir) + value[len(VOLUME_ROOT) :]
        mapped[key] = value
    return {
        "PATH": f"{comity_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        **mapped,
        **extra,
    }


def run(name, script, env):
    result = subprocess.run(["/bin/sh", "-c", script], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise ManifestError(
            f"{name}: the pod's command failed ({result.returncode}): {result.stderr.strip()}"
        )


def check(comity):
    batch = load_job("batch-job.yaml")
    merge = load_job("merge-job.yaml")
    spec = batch.get("spec", {})
    expect("batch-job.yaml", "spec.completionMode", spec.get("completionMode"), "Indexed")
    completions = spec.get("completions")
    if not (isinstance(completions, int) and completions >= 1):
        raise ManifestError(f"batch-job.yaml: spec.completions is {completions!r}, not >= 1")
    shard_script, shard_env, shard_mounts = pod_spec("batch-job.yaml", batch)
    merge_script, merge_env, merge_mounts = pod_spec("merge-job.yaml", merge)
    expect("batch-job.yaml", "env SHARDS", shard_env.get("SHARDS"), str(completions))
    expect("merge-job.yaml", "env SHARDS", merge_env.get("SHARDS"), str(completions))
    expect("merge-job.yaml", "env OUT_DIR", merge_env.get("OUT_DIR"), shard_env.get("OUT_DIR"))
    if VOLUME_ROOT not in shard_mounts or shard_mounts != merge_mounts:
        raise ManifestError(
            f"the two jobs must mount the same claim at {VOLUME_ROOT}: "
            f"{shard_mounts!r} and {merge_mounts!r}"
        )
    if "JOB_COMPLETION_INDEX" not in shard_script:
        raise ManifestError("batch-job.yaml: the command never reads JOB_COMPLETION_INDEX")

    with tempfile.TemporaryDirectory(prefix="comity-k8s.") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        # The pods run `comity` from PATH: put this binary there under that name.
        comity_dir = Path(tmp) / "bin"
        comity_dir.mkdir()
        (comity_dir / "comity").symlink_to(Path(comity).resolve())
        for index in range(completions):
            env = local_env(shard_env, comity_dir, data, JOB_COMPLETION_INDEX=str(index))
            run(f"batch-job.yaml pod {index}", shard_script, env)
        run("merge-job.yaml", merge_script, local_env(merge_env, comity_dir, data))

        out_dir = Path(local_env(shard_env, comity_dir, data)["OUT_DIR"])
        merged = out_dir / "unsc_sweep.csv"
        spec_path = local_env(shard_env, comity_dir, data)["SPEC"]
        single = Path(tmp) / "single.csv"
        subprocess.run([comity, "batch", spec_path, "--out", str(single)], check=True)
        if not merged.exists():
            raise ManifestError(f"the merge pod wrote no {merged.name}")
        if not filecmp.cmp(single, merged, shallow=False):
            raise ManifestError("the merged output of the pods differs from a single run")
        lines = single.read_text().count("\n")
    return completions, lines


def main():
    comity = os.environ.get("COMITY_BIN", str(REPO / "target" / "release" / "comity"))
    if not Path(comity).is_file():
        print(f"check_manifests.py: no comity binary at {comity} (cargo build --release builds it)")
        return 1
    try:
        completions, lines = check(comity)
    except ManifestError as error:
        print(f"check_manifests.py: {error}")
        return 1
    print(
        f"Kubernetes manifests: structure checked; {completions} indexed pods' commands run "
        f"locally merge to the single run's {lines} lines byte for byte"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
