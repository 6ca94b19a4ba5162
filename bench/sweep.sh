#!/bin/bash
# softmax4j sweep benchmark (issue 14): what the sweep machinery costs beside the training.
#  1. a 12-trial grid on MNIST (learning rate x batch size, the shipped 10-epoch recipe) with
#     `softmax4j sweep --parallel 2` (and --parallel 1), against the sum of the trials' own times
#     and against 12 `softmax4j train` runs in a shell loop (same configs, same hold-out);
#  2. a 24-trial random search (log-uniform learning rate, batch size choice) with and without the
#     successive-halving pruner at its defaults (`pruner: {type: successive-halving}`: reduction
#     factor 4, first rung at epoch 1, as Optuna's and Ray Tune's ASHA defaults), run interleaved
#     (off, on, off, on, ... with --repeat N): wall time, CPU time, epochs trained, selected trial.
# Targets: sweep --parallel 2 <= 0.6x the shell loop; pruning halves the random search's wall time
# and selects the same trial in the common case. Wall times are noisy on a shared machine: the
# load average is printed beside every figure, and CPU time and epochs trained are steadier.
#
# Usage: bench/sweep.sh [--data-dir DIR] [--skip grid,serial,loop,random] [--repeat N]
set -u
cd "$(dirname "$0")/.."
DATA_DIR="$HOME/.deeplearning4j"
SKIP=""
REPEAT=1
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA_DIR="$2"; shift ;;
    --skip) SKIP="$2"; shift ;;
    --repeat) REPEAT="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$REPEAT" in ''|*[!0-9]*|0) echo "--repeat must be a positive whole number, got '$REPEAT'" >&2; exit 2 ;; esac
skipped() { case ",$SKIP," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
note() { echo "# $*" >&2; }
WORK=$(mktemp -d /tmp/softmax4j-sweep-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
note "machine: $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ ! -x target/softmax4j ] || [ -n "$(find src/main pom.xml -newer target/softmax4j.jar -print -quit 2>/dev/null)" ]; then
  note "building the launcher: mvn -q -DskipTests package"
  mvn -q -DskipTests package >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi
CONFIG="$WORK/mnist.yaml"
sed "s|^  model: .*|  model: $WORK/models/mnist.zip|" config/mnist-softmax.yaml > "$CONFIG"
grep -q "$WORK/models/mnist.zip" "$CONFIG" || { echo "could not point output.model into $WORK" >&2; exit 1; }
note "warm-up: one 1-epoch train (provisions MNIST in $DATA_DIR)"
target/softmax4j train --config "$CONFIG" --data-dir "$DATA_DIR" --set training.epochs=1 >"$WORK/warm.log" 2>&1 \
  || { cat "$WORK/warm.log" >&2; exit 1; }

LRS="0.01,0.03,0.1,0.3"
BATCHES="64,128,256"
load() { cut -d' ' -f1 /proc/loadavg; }
# sum of a results.csv column by header name
colsum() { awk -F, -v c="$2" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next} {s+=$k} END{printf "%.1f", s}' "$1"; }
best() { grep -E '^selected trial-' "$1" | sed 's/ at epoch.*//; s/^selected //'; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
# timed NAME CMD...: runs CMD, output to $WORK/NAME.log; $WORK/NAME.time gets "wall cpu load-before load-after"
timed() {
  local name="$1" l0 t rc; shift
  l0=$(load)
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$WORK/$name.log" 2>&1; } 2>&1 ); rc=$?
  echo "$t $l0 $(load)" | awk '{printf "%.1f %.1f %s %s\n", $1, $2 + $3, $4, $5}' > "$WORK/$name.time"
  return $rc
}
field() { cut -d' ' -f"$2" "$WORK/$1.time"; }
SUMMARY="$WORK/summary"
: > "$SUMMARY"
say() { echo "$*"; echo "$*" >> "$SUMMARY"; }

sweep_grid() { # NAME PARALLEL
  timed "$1" target/softmax4j sweep --config "$CONFIG" --data-dir "$DATA_DIR" --name "$1" --parallel "$2" \
    --grid training.updater.learningRate=$LRS --grid data.batchSize=$BATCHES \
    || { note "sweep $1 failed:"; tail -5 "$WORK/$1.log" >&2; return 1; }
  local csv="$WORK/models/sweeps/$1/results.csv"
  say "$(printf "%-30s %7s s wall %7s s CPU  (load %s-%s)  sum of trial times %6s s, training %6s s; %s" \
    "sweep, 12-trial grid, --parallel $2" "$(field "$1" 1)" "$(field "$1" 2)" "$(field "$1" 3)" "$(field "$1" 4)" \
    "$(colsum "$csv" seconds)" "$(colsum "$csv" train_seconds)" "$(best "$WORK/$1.log")")"
}

echo "== 12-trial grid on MNIST (learningRate $LRS x batchSize $BATCHES, 10 epochs, validation 0.1) =="
skipped grid || sweep_grid grid2 2
skipped serial || sweep_grid grid1 1
if ! skipped loop; then
  l0=$(load)
  t=$( { TIMEFORMAT='%R %U %S'; time {
    n=0
    for lr in ${LRS//,/ }; do
      for b in ${BATCHES//,/ }; do
        n=$((n + 1))
        target/softmax4j train --config "$CONFIG" --data-dir "$DATA_DIR" --set training.updater.learningRate=$lr \
          --set data.batchSize=$b --set data.validation=0.1 --set runtime.threads=1 \
          --set output.model="$WORK/loop/t$n.zip" >"$WORK/loop.$n.log" 2>&1 \
          || { note "train $n failed:"; tail -5 "$WORK/loop.$n.log" >&2; }
      done
    done; }; } 2>&1 )
  echo "$t $l0 $(load)" | awk '{printf "%.1f %.1f %s %s\n", $1, $2 + $3, $4, $5}' > "$WORK/loop.time"
  train_sum=$(cat "$WORK"/loop.*.log | sed -n 's/^trained in \([0-9.]*\) s.*/\1/p' | paste -sd+ | bc -l | xargs printf '%.1f')
  say "$(printf "%-30s %7s s wall %7s s CPU  (load %s-%s)  sum of 'trained in' %6s s" "shell loop of 12 train runs" \
    "$(field loop 1)" "$(field loop 2)" "$(field loop 3)" "$(field loop 4)" "$train_sum")"
fi
[ -f "$WORK/grid2.time" ] && [ -f "$WORK/grid1.time" ] && say "sweep --parallel 2 / --parallel 1: $(ratio "$(field grid2 1)" "$(field grid1 1)")x wall"
[ -f "$WORK/grid2.time" ] && [ -f "$WORK/loop.time" ] && say "sweep --parallel 2 / shell loop:  $(ratio "$(field grid2 1)" "$(field loop 1)")x wall (target <= 0.6x)"
[ -f "$WORK/grid1.time" ] && [ -f "$WORK/loop.time" ] && say "sweep --parallel 1 / shell loop:  $(ratio "$(field grid1 1)" "$(field loop 1)")x wall"

if ! skipped random; then
  echo "== 24-trial random search on MNIST (log-uniform learningRate 0.001-1, batchSize 64/128/256, seed 3, --parallel 2), pruning off and on, interleaved x$REPEAT =="
  for pruning in off on; do
    cat > "$WORK/random-$pruning.yaml" <<YAML
random:
  trials: 24
  seed: 3
  params:
    training.updater.learningRate: {distribution: log-uniform, min: 0.001, max: 1}
    data.batchSize: {distribution: choice, values: [64, 128, 256]}
YAML
  done
  # what a user writes to turn pruning on: the defaults (reduction factor 4, first rung at epoch 1)
  echo "pruner: {type: successive-halving}" >> "$WORK/random-on.yaml"
  for i in $(seq 1 "$REPEAT"); do
    for pruning in off on; do
      name="random-$pruning-$i"
      timed "$name" target/softmax4j sweep --config "$CONFIG" --data-dir "$DATA_DIR" --sweep "$WORK/random-$pruning.yaml" \
        --name "$name" --parallel 2 || { note "random search $name failed:"; tail -5 "$WORK/$name.log" >&2; continue; }
      csv="$WORK/models/sweeps/$name/results.csv"
      say "$(printf "%-30s %7s s wall %7s s CPU  (load %s-%s)  %3s epochs trained; %s; %s" "random search, pruning $pruning #$i" \
        "$(field "$name" 1)" "$(field "$name" 2)" "$(field "$name" 3)" "$(field "$name" 4)" "$(colsum "$csv" epochs | cut -d. -f1)" \
        "$(grep -oE '[0-9]+ done, [0-9]+ pruned, [0-9]+ diverged, [0-9]+ failed' "$WORK/$name.log")" "$(best "$WORK/$name.log")")"
    done
    if [ -f "$WORK/random-on-$i.time" ] && [ -f "$WORK/random-off-$i.time" ]; then
      say "pruning on / off #$i: $(ratio "$(field "random-on-$i" 1)" "$(field "random-off-$i" 1)")x wall (target <= 0.5x), $(ratio "$(field "random-on-$i" 2)" "$(field "random-off-$i" 2)")x CPU, $(ratio "$(colsum "$WORK/models/sweeps/random-on-$i/results.csv" epochs)" "$(colsum "$WORK/models/sweeps/random-off-$i/results.csv" epochs)")x epochs; same selected trial: $([ "$(best "$WORK/random-on-$i.log")" = "$(best "$WORK/random-off-$i.log")" ] && echo yes || echo NO)"
    fi
  done
fi
note "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== summary =="
cat "$SUMMARY"
