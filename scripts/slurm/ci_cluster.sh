#!/usr/bin/env bash
# CI: run a sharded batch on a real single-node Slurm cluster and check that the merged output
# equals a single run's, byte for byte.
#
#   bash scripts/slurm/ci_cluster.sh        (as root, on Debian; .ci/run calls it)
#
# Steps: build comity (release), unless COMITY_BIN names a binary; install Debian's slurm-wlm and
# munge if missing; in a fresh directory under /tmp, write a munge key and a slurm.conf for this
# host alone (one node with `nproc` CPUs, select/cons_tres, proctrack/linuxproc, no cgroups, no
# accounting), start munged, slurmctld and slurmd as root and wait for the node to be idle; run
# the 10,001-variant Security Council sweep once with `comity batch`; submit it through submit.sh
# as an array of 8 shards and a dependent merge job; wait for both; `cmp` the merged file with the
# single run's.
# A trap cancels the jobs and stops the daemons on every exit, failures included.
#
# The daemons keep their munge key and socket, state, spool and logs in that directory, so an
# existing munge or Slurm installation is neither used nor changed; Slurm's default ports, 6817
# and 6818, must be free. Where munged, slurmctld or slurmd cannot run, the script fails with the
# daemons' logs; it never skips. Each phase prints its time since the start.
#
# Environment: COMITY_SLURM_SHARDS (default 8), COMITY_SLURM_TIMEOUT, seconds to wait for the
# jobs (default 180), COMITY_SLURM_KEEP=1 keeps the directory for inspection.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$PWD

spec=models/batches/unsc_sweep.toml
shards=${COMITY_SLURM_SHARDS:-8}
timeout=${COMITY_SLURM_TIMEOUT:-180}
started=$(date +%s.%N)

elapsed() { awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%6.1f s", b - a }'; }
say() { echo "[$(elapsed)] $*"; }
fail() {
    echo "ci_cluster.sh: $*" >&2
    exit 1
}

if [[ $(id -u) -ne 0 ]]; then
    fail "must run as root (it installs packages and starts slurmd, which runs jobs as their user)"
fi

# ---- comity
if [[ -n ${COMITY_BIN:-} ]]; then
    # .ci/run passes the binary its test build made, rather than compile the crate once more.
    comity=$COMITY_BIN
    say "using $comity"
else
    say "building comity (release)"
    cargo build --release --quiet
    comity=$repo/target/release/comity
fi
# The four-minute budget is for the cluster test: count from here, a build is timed apart.
say "built; times from here on"
started=$(date +%s.%N)

# ---- packages
missing=()
for tool in munged munge unmunge slurmctld slurmd sbatch squeue scontrol sinfo scancel; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
    say "installing slurm-wlm and munge (missing: ${missing[*]})"
    export DEBIAN_FRONTEND=noninteractive
    apt_get=(apt-get -o DPkg::Lock::Timeout=300 -q)
    "${apt_get[@]}" update >/dev/null
    "${apt_get[@]}" install -y --no-install-recommends slurm-wlm munge >/dev/null
    for tool in "${missing[@]}"; do
        command -v "$tool" >/dev/null || fail "$tool still missing after installing slurm-wlm and munge"
    done
fi
say "$(slurmctld -V), $(munged --version 2>&1 | awk '{ print $1; exit }')"

# ---- a private cluster directory (short path: Unix socket names are limited to 108 bytes)
dir=$(mktemp -d /tmp/comity-slurm.XXXXXX)
chmod 755 "$dir"
mkdir -p "$dir"/{munge,state,spool,log,out}
host=$(hostname -s)
cpus=$(nproc)
export SLURM_CONF=$dir/slurm.conf
array_job=
merge_job=

daemon_pid() { [[ -s $1 ]] && cat "$1"; }
alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }

# Stop what this script started, by the pids it recorded, on success and failure alike.
cleanup() {
    local status=$?
    set +e
    local job
    for job in "$array_job" "$merge_job"; do
        [[ -n $job ]] && scancel "$job" 2>/dev/null
    done
    if ((status != 0)); then
        for log in "$dir"/out/logs/* "$dir"/log/*; do
            [[ -f $log ]] || continue
            echo "---- $log (last 40 lines)" >&2
            tail -n 40 "$log" >&2
        done
    fi
    local pids=() pid
    for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
        pid=$(daemon_pid "$pidfile")
        if alive "$pid"; then
            kill "$pid"
            pids+=("$pid")
        fi
    done
    for _ in $(seq 50); do
        local running=0
        for pid in "${pids[@]}"; do alive "$pid" && running=1; done
        ((running)) || break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do
        if alive "$pid"; then
            echo "ci_cluster.sh: daemon $pid still running after 10 s; killing it" >&2
            kill -9 "$pid"
        fi
    done
    if [[ ${COMITY_SLURM_KEEP:-0} == 1 ]]; then
        echo "kept $dir" >&2
    else
        rm -rf "$dir"
    fi
    echo "[$(elapsed)] daemons stopped" >&2
    exit "$status"
}
trap cleanup EXIT

# ---- munge: a key and a daemon of our own
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
    --seed-file="$dir/munge/munged.seed" ||
    fail "munged did not start (log above)"
munge -n -S "$dir/munge/munge.socket" | unmunge -S "$dir/munge/munge.socket" >/dev/null ||
    fail "munge cannot encode and decode a credential through $dir/munge/munge.socket"
say "munged running"

# ---- slurm.conf: one node, this host, every CPU; root runs the daemons and the jobs
cat >"$SLURM_CONF" <<EOF
ClusterName=comity-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobContainerType=job_container/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SlurmdParameters=config_overrides
MinJobAge=600
KillWait=5
InactiveLimit=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

# ---- slurmctld and slurmd (each forks into the background and writes its pid file)
start_daemon() {
    local name=$1 pidfile=$2
    shift 2
    "$@" || fail "$name did not start: see $name's log below"
    for _ in $(seq 100); do
        alive "$(daemon_pid "$pidfile")" && return 0
        sleep 0.1
    done
    fail "$name exited on start: see $name's log below"
}
start_daemon slurmctld "$dir/slurmctld.pid" slurmctld -c
start_daemon slurmd "$dir/slurmd.pid" slurmd -N "$host"

state=
for _ in $(seq 120); do
    state=$(sinfo -h -N -n "$host" -o %T 2>/dev/null || true)
    [[ $state == idle ]] && break
    alive "$(daemon_pid "$dir/slurmctld.pid")" || fail "slurmctld stopped: see its log below"
    alive "$(daemon_pid "$dir/slurmd.pid")" || fail "slurmd stopped: see its log below"
    sleep 0.5
done
if [[ $state != idle ]]; then
    fail "node $host is '${state:-unknown}' after 60 s, not idle: $(sinfo -h -R 2>/dev/null || true)"
fi
say "cluster up: node $host idle with $cpus CPUs"

# ---- the reference: one single run
single=$dir/single.csv
"$comity" batch "$spec" --out "$single"
say "single run done: $(wc -l <"$single") lines"

# ---- the array and the merge, through the script a user runs
ids=$(COMITY_BIN=$comity "$repo/scripts/slurm/submit.sh" "$spec" "$shards" "$dir/out")
array_job=$(sed -n 's/^array_job=//p' <<<"$ids")
merge_job=$(sed -n 's/^merge_job=//p' <<<"$ids")
[[ -n $array_job && -n $merge_job ]] || fail "submit.sh printed no job ids: $ids"
say "submitted array job $array_job (--array=1-$shards) and merge job $merge_job"

job_states() { scontrol show job -o "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
deadline=$(($(date +%s) + timeout))
merge_state=
while :; do
    merge_state=$(job_states "$merge_job")
    case $merge_state in
        COMPLETED) break ;;
        PENDING | CONFIGURING | RUNNING | COMPLETING | "") ;;
        *)
            shard_states=$(job_states "$array_job" | sort | uniq -c | xargs)
            fail "merge job $merge_job ended $merge_state; shard states: $shard_states"
            ;;
    esac
    (($(date +%s) < deadline)) || fail "jobs not done after $timeout s (merge job: $merge_state)"
    sleep 1
done
shard_states=$(job_states "$array_job" | sort | uniq -c | xargs)
[[ $shard_states == "$shards COMPLETED" ]] ||
    fail "expected $shards completed array tasks, found: $shard_states"
say "array and merge jobs completed ($shard_states)"

# ---- the check
merged=$dir/out/unsc_sweep.csv
shard_files=("$dir"/out/shards/unsc_sweep.*.csv)
((${#shard_files[@]} == shards)) || fail "expected $shards shard files, found ${#shard_files[@]}"
for f in "${shard_files[@]}"; do
    [[ -s $f ]] || fail "shard $f is empty"
done
# Complete as well as equal: one line per variant after the header, as the lines themselves say.
variant_count=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "variant_count") c = i }
    NR == 2 { print $c; exit }' "$single")
[[ $variant_count =~ ^[0-9]+$ ]] || fail "no variant_count column in $single"
lines=$(wc -l <"$single")
((lines == variant_count + 1)) ||
    fail "the single run has $lines lines for $variant_count variants"
cmp "$single" "$merged" || fail "the merged Slurm output differs from the single run"
say "OK: $shards Slurm shards merged equal the single run byte for byte" \
    "($variant_count variants, $(wc -c <"$merged") bytes)"
