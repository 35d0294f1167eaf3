#!/usr/bin/env bash
# Scores a test split as a Slurm array job on this one machine, exactly once, and checks it against one process:
#   1. installs Slurm and munge from Debian when missing (root and apt needed);
#   2. starts a private munged, slurmctld and slurmd whose state, logs and pid files live in the work folder and whose
#      sockets live in a short /tmp folder (nothing under /etc or /run is touched), on free ports;
#   3. makes the data (`timesformer synth`, the demo's set by default) and runs a single-process `evaluate`;
#   4. submits `evaluate --shard auto` as an array job and `merge` as a job that depends on it;
#   5. with --kill (default), slows one task, kills it with SIGKILL mid-way, lets the first merge refuse the missing
#      shard, re-submits the task and a second merge;
#   6. compares the merged predictions.csv (bytes) and metrics (JSON) with the single process.
# Every daemon it starts is stopped by its pid file when the script exits, also on failure.
# Usage: scripts/slurm-evaluate.sh [--workdir DIR] [--data DIR (instead of synth)] [--shards N] [--clips-per-class N] [--groups N]
#                                  [--no-kill] [--keep]
# Environment: TIMESFORMER (path of timesformer.dll; default: the Release build, built when missing), MODEL (ONNX).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work="" data="" shards=4 clips=384 groups=96 kill=1 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --workdir) work=$2; shift 2 ;;
    --data) data=$(cd "$2" && pwd); shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --clips-per-class) clips=$2; shift 2 ;;
    --groups) groups=$2; shift 2 ;;
    --no-kill) kill=0; shift ;;
    --keep) keep=1; shift ;;
    *) echo "slurm-evaluate: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ "$kill" -eq 0 ] || [ "$shards" -ge 2 ] || { echo "slurm-evaluate: --kill needs at least 2 shards" >&2; exit 2; }
victim=$((shards / 2))
say() { echo "slurm-evaluate: $*"; }
fail() { echo "slurm-evaluate: FAILED: $*" >&2; exit 1; }
seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# 1. Slurm and munge from Debian.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" -eq 0 ] || fail "Slurm/munge are not installed and installing them needs root (apt-get install slurm-wlm munge)."
  command -v apt-get >/dev/null || fail "Slurm/munge are not installed and there is no apt-get to install them (Debian: slurm-wlm munge)."
  say "installing slurm-wlm and munge"
  apt-get update -qq >/dev/null || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null || fail "apt-get install slurm-wlm munge failed"
fi
[ "$(id -u)" -eq 0 ] || fail "run as root: slurmd starts job steps as their user and this one-node set-up runs SlurmUser=root."

if [ -z "$work" ]; then work=$(mktemp -d /tmp/slurm-evaluate.XXXXXX); else mkdir -p "$work"; fi
work=$(cd "$work" && pwd)
chmod 700 "$work"
sl="$work/slurm" mu="$work/munge"
mkdir -p "$sl/state" "$sl/log" "$mu" "$work/logs"
# Unix socket paths are limited to 108 bytes: slurmd's spool (step sockets) and munge's socket go in a short folder.
sockets=$(mktemp -d /tmp/tsf-slurm.XXXXXX)

# Stop what this script started, by pid file only: jobs first (their steps outlive slurmd), then the daemons.
stop_pid() { # pid-file
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1" 2>/dev/null) || return 0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  if [ -f "$sl/slurmctld.pid" ] && [ -f "$sl/slurm.conf" ]; then
    SLURM_CONF="$sl/slurm.conf" scancel --quiet --user=root 2>/dev/null || true
    for _ in $(seq 50); do [ -z "$(SLURM_CONF="$sl/slurm.conf" squeue -h 2>/dev/null)" ] && break; sleep 0.1; done
  fi
  stop_pid "$sl/slurmd.pid"
  stop_pid "$sl/slurmctld.pid"
  stop_pid "$mu/munged.pid"
  if [ "$status" -ne 0 ]; then
    for log in "$sl/log/slurmctld.log" "$sl/log/slurmd.log" "$mu/munged.log"; do
      [ -f "$log" ] && { echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; }
    done
  fi
  rm -rf "$sockets"
  [ "$keep" -eq 1 ] || [ "$status" -ne 0 ] || rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 2. A private munged (its own key and socket) and a one-node cluster.
dd if=/dev/urandom of="$mu/munge.key" bs=1024 count=1 status=none
chmod 400 "$mu/munge.key"
munged --force --key-file="$mu/munge.key" --socket="$sockets/munge.socket" --pid-file="$mu/munged.pid" \
  --log-file="$mu/munged.log" --seed-file="$mu/munged.seed" || fail "munged did not start (see $mu/munged.log)"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=$((20000 + RANDOM % 20000))
while ! port_free "$port" || ! port_free $((port + 1)); do port=$((port + 2)); done
node=$(hostname -s)
cat > "$sl/slurm.conf" <<EOF
ClusterName=tsf
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sockets/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=600
MailProg=/bin/true
StateSaveLocation=$sl/state
SlurmdSpoolDir=$sockets
SlurmctldPidFile=$sl/slurmctld.pid
SlurmdPidFile=$sl/slurmd.pid
SlurmctldLogFile=$sl/log/slurmctld.log
SlurmdLogFile=$sl/log/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$sl/slurm.conf"
slurmctld -f "$SLURM_CONF" -i || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" -N "$node" || fail "slurmd did not start"
for _ in $(seq 100); do [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break; sleep 0.2; done
[ "$(sinfo -h -o %T 2>/dev/null)" = idle ] || fail "the node did not become idle: $(sinfo 2>&1)"
say "Slurm $(sinfo -V | awk '{print $2}') up: node $node, $(nproc) CPUs, ports $port-$((port + 1))"

# 3. Data and the single-process reference.
tsf=${TIMESFORMER:-$repo/tools/TimeSformer.Cli/bin/Release/net10.0/timesformer.dll}
if [ ! -f "$tsf" ]; then
  say "building the CLI"
  dotnet build "$repo/tools/TimeSformer.Cli" -c Release -v q -nologo >/dev/null || fail "build failed"
fi
model=${MODEL:-$repo/onnx/timesformer-synthetic.onnx}
run_tsf() { dotnet "$tsf" "$@"; }
if [ -z "$data" ]; then
  data="$work/data"
  run_tsf synth --output "$data" --clips-per-class "$clips" --groups "$groups" >/dev/null || fail "synth failed"
fi
start=$EPOCHREALTIME
run_tsf evaluate --model "$model" --data "$data" --split test --output "$work/single" --json > "$work/single.json" 2>"$work/logs/single.err" \
  || fail "single-process evaluate failed: $(cat "$work/logs/single.err")"
single_s=$(seconds_since "$start")
say "single process: $(grep -c . "$work/single/predictions.csv") lines of predictions in ${single_s}s"

# 4. The array job and its dependent merge.
job_state() { scontrol show job -o "$1" 2>/dev/null | tr ' ' '\n' | sed -n 's/^JobState=//p' | sort -u | paste -sd, -; }
wait_jobs() { # job ids...: until none is pending or running (at most 10 minutes)
  for _ in $(seq 3000); do
    [ -z "$(squeue -h -j "$(IFS=,; echo "$*")" -t PENDING,RUNNING,CONFIGURING,COMPLETING 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  fail "jobs $* did not finish: $(squeue 2>&1)"
}
shard_cmd="dotnet '$tsf' evaluate --model '$model' --data '$data' --split test --output '$work/sharded' --shard auto --shard-count $shards"
# The task to be killed records a row a second so that it can be killed between rows and within one.
slow="if [ \"\$SLURM_ARRAY_TASK_ID\" = $victim ] && [ $kill = 1 ]; then export TIMESFORMER_SHARD_ROW_DELAY_MS=1000; fi"
start=$EPOCHREALTIME
array=$(sbatch --parsable --array=0-$((shards - 1)) --cpus-per-task=1 --job-name=tsf-shard \
  --output="$work/logs/shard-%a.out" --error="$work/logs/shard-%a.err" --wrap "$slow; $shard_cmd") || fail "sbatch of the array failed"
merge=$(sbatch --parsable --dependency=afterany:"$array" --job-name=tsf-merge --output="$work/logs/merge-1.json" \
  --error="$work/logs/merge-1.err" --wrap "dotnet '$tsf' merge '$work/sharded' --json") || fail "sbatch of the merge failed"
say "submitted array job $array (tasks 0-$((shards - 1))) and merge job $merge (afterany:$array)"

if [ "$kill" -eq 1 ]; then
  # 5. Kill one task mid-way: once its journal holds two rows, SIGKILL its whole step (no clean-up can run).
  journal="$work/sharded/parts/$(printf 'shard-%04d-of-%04d.jsonl.partial' "$victim" "$shards")"
  for _ in $(seq 600); do [ -f "$journal" ] && [ "$(grep -c . "$journal")" -ge 3 ] && break; sleep 0.1; done
  [ -f "$journal" ] && [ "$(grep -c . "$journal")" -ge 3 ] || fail "task $victim never recorded two rows"
  scancel --signal=KILL --full "${array}_${victim}" || fail "scancel of task $victim failed"
  wait_jobs "$array" "$merge"
  killed_rows=$(($(grep -c . "$journal") - 1))
  say "killed task ${array}_${victim} ($(job_state "${array}_${victim}")) after $killed_rows rows; first merge: $(job_state "$merge")"
  [ "$(job_state "$merge")" = FAILED ] || fail "the first merge should have refused the missing shard $victim"
  grep -q "$(printf 'shard-%04d-of-%04d' "$victim" "$shards")" "$work/logs/merge-1.err" \
    || fail "the first merge did not name the missing shard: $(cat "$work/logs/merge-1.err")"
  retry=$(sbatch --parsable --array="$victim" --cpus-per-task=1 --job-name=tsf-shard-retry \
    --output="$work/logs/retry-%a.out" --error="$work/logs/retry-%a.err" --wrap "$shard_cmd") || fail "re-submission failed"
  merge=$(sbatch --parsable --dependency=afterok:"$retry" --job-name=tsf-merge --output="$work/logs/merge.json" \
    --error="$work/logs/merge.err" --wrap "dotnet '$tsf' merge '$work/sharded' --json") || fail "sbatch of the second merge failed"
  say "re-submitted task $victim as job $retry and merge job $merge (afterok:$retry)"
  wait_jobs "$retry"
  array_s=$(seconds_since "$start")
  wait_jobs "$merge"
  grep -q "$killed_rows already recorded" "$work/logs/retry-$victim.out" \
    || fail "the re-run did not resume from $killed_rows rows: $(cat "$work/logs/retry-$victim.out" "$work/logs/retry-$victim.err")"
else
  wait_jobs "$array"
  array_s=$(seconds_since "$start")
  wait_jobs "$merge"
  cp "$work/logs/merge-1.json" "$work/logs/merge.json"
  cp "$work/logs/merge-1.err" "$work/logs/merge.err"
fi
total_s=$(seconds_since "$start")
[ "$(job_state "$merge")" = COMPLETED ] || fail "merge job $merge: $(job_state "$merge"): $(cat "$work/logs/merge.err")"
for i in $(seq 0 $((shards - 1))); do cat "$work/logs/shard-$i.out"; done | sed 's/^/  /'
[ "$kill" -eq 0 ] || sed 's/^/  re-run: /' "$work/logs/retry-$victim.out"

# 6. The same results as one process.
cmp "$work/single/predictions.csv" "$work/sharded/predictions.csv" || fail "predictions.csv differs from the single process"
strip() { grep -v -E '"(markdown|html|predictions_csv)":' "$1"; }
diff <(strip "$work/single.json") <(strip "$work/logs/merge.json") >/dev/null \
  || fail "merged metrics differ: $(diff <(strip "$work/single.json") <(strip "$work/logs/merge.json") | head -20)"
videos=$(sed -n 's/^  "videos": \([0-9]*\),/\1/p' "$work/single.json")
say "OK: $videos videos in $shards shards: ${array_s}s from submission to the last shard, ${total_s}s with the merge; one process: ${single_s}s"
say "OK: predictions.csv byte-identical and metrics equal to one process"
say "work folder: $work"
