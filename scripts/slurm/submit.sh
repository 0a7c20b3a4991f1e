#!/usr/bin/env bash
# Submit a comity batch to Slurm as a job array of N shards and a merge job that waits for it.
#
#   scripts/slurm/submit.sh SPEC N OUTDIR [SBATCH_OPTION...]
#
# Submits shard.sbatch as `sbatch --array=1-N` (task K runs `comity batch SPEC --shard K/N`)
# and merge.sbatch with `--dependency=afterok:ARRAY_JOB_ID --kill-on-invalid-dep=yes`, then
# prints two lines, `array_job=ID` and `merge_job=ID`. Results: OUTDIR/NAME.csv (NAME is the
# study file's name without `.toml`), shards in OUTDIR/shards, one log per task in OUTDIR/logs.
# Any further arguments go to both sbatch calls (such as `--partition=short --time=30`);
# sbatch's own variables (SBATCH_PARTITION, SBATCH_ACCOUNT, ...) work too.
#
# Environment: COMITY_BIN, the comity binary (default: `comity` on PATH), and
# COMITY_BATCH_FORMAT, csv (default) or jsonl, are resolved here and passed to the jobs.
# SPEC, OUTDIR and the binary must be on a filesystem every node sees.
set -euo pipefail

if [[ $# -lt 3 ]]; then
    echo "usage: submit.sh SPEC N OUTDIR [SBATCH_OPTION...] (SPEC: a study file, N: the number of shards)" >&2
    exit 2
fi
spec=$1
shards=$2
outdir=$3
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ ! -f $spec ]]; then
    echo "submit.sh: SPEC '$spec' is not a file" >&2
    exit 2
fi
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
    echo "submit.sh: N must be a positive whole number of shards, not '$shards'" >&2
    exit 2
fi
comity=${COMITY_BIN:-comity}
if ! comity=$(command -v "$comity"); then
    echo "submit.sh: no comity binary '${COMITY_BIN:-comity}': set COMITY_BIN or put comity on PATH" >&2
    exit 2
fi
format=${COMITY_BATCH_FORMAT:-csv}
if [[ $format != csv && $format != jsonl ]]; then
    echo "submit.sh: COMITY_BATCH_FORMAT must be csv or jsonl, not '$format'" >&2
    exit 2
fi
if ! command -v sbatch >/dev/null; then
    echo "submit.sh: sbatch not found: run this on a Slurm login node" >&2
    exit 2
fi

# Absolute paths: the jobs run from the spool directory of whichever node they land on.
spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")
comity=$(cd "$(dirname "$comity")" && pwd)/$(basename "$comity")
mkdir -p "$outdir/shards" "$outdir/logs"
outdir=$(cd "$outdir" && pwd)
export_vars="ALL,COMITY_BIN=$comity,COMITY_BATCH_FORMAT=$format"

# --parsable prints "ID" or "ID;CLUSTER".
array_job=$(sbatch --parsable --array="1-$shards" --export="$export_vars" \
    --output="$outdir/logs/shard-%a.out" "$@" \
    "$here/shard.sbatch" "$spec" "$shards" "$outdir")
array_job=${array_job%%;*}
if ! merge_job=$(sbatch --parsable --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
    --export="$export_vars" --output="$outdir/logs/merge.out" "$@" \
    "$here/merge.sbatch" "$spec" "$shards" "$outdir"); then
    echo "submit.sh: the merge job was refused; the array job $array_job runs without it (scancel $array_job)" >&2
    exit 1
fi
merge_job=${merge_job%%;*}
echo "array_job=$array_job"
echo "merge_job=$merge_job"
