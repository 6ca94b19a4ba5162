#!/bin/bash
# softmax4j sweep benchmark (issue 14): what the sweep machinery costs beside the training.
#  1. a 12-trial grid on MNIST (learning rate x batch size, the shipped 10-epoch recipe) with
#     `softmax4j sweep --parallel 2` (and --parallel 1), against the sum of the trials' own times
#     and against 12 `softmax4j train` runs in a shell loop (same configs, same hold-out);
#  2. a 24-trial random search (log-uniform learning rate, batch size choice) with and without the
#     successive-halving pruner: wall time and the selected trial.
# Targets: sweep --parallel 2 <= 0.6x the shell loop; pruning halves the random search's wall time
# and selects the same trial in the common case. Figures are noisy on a shared machine.
#
# Usage: bench/sweep.sh [--data-dir DIR] [--skip grid,loop,random,serial]
set -u
cd "$(dirname "$0")/.."
DATA_DIR="$HOME/.deeplearning4j"
SKIP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA_DIR="$2"; shift ;;
    --skip) SKIP="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
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
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l | xargs printf '%.1f'; }
# sum of a results.csv column by header name
colsum() { awk -F, -v c="$2" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i; next} {s+=$k} END{printf "%.1f", s}' "$1"; }
best() { grep -E '^selected trial-' "$1" | sed 's/ at epoch.*//'; }

sweep_grid() { # NAME PARALLEL
  local t0 t1; t0=$(now)
  target/softmax4j sweep --config "$CONFIG" --data-dir "$DATA_DIR" --name "$1" --parallel "$2" \
    --grid training.updater.learningRate=$LRS --grid data.batchSize=$BATCHES >"$WORK/$1.log" 2>&1 \
    || { note "sweep $1 failed:"; tail -5 "$WORK/$1.log" >&2; return 1; }
  t1=$(now)
  local csv="$WORK/models/sweeps/$1/results.csv"
  printf "%-34s %8s s   sum of trial times %7s s (training %7s s)   %s\n" "sweep, 12-trial grid, --parallel $2" \
    "$(secs "$t0" "$t1")" "$(colsum "$csv" seconds)" "$(colsum "$csv" train_seconds)" "$(best "$WORK/$1.log")"
  echo "$(secs "$t0" "$t1")" > "$WORK/$1.wall"
}

echo "== 12-trial grid on MNIST (learningRate $LRS x batchSize $BATCHES, 10 epochs, validation 0.1) =="
skipped grid || sweep_grid grid2 2
skipped serial || sweep_grid grid1 1
if ! skipped loop; then
  t0=$(now); n=0
  for lr in ${LRS//,/ }; do
    for b in ${BATCHES//,/ }; do
      n=$((n + 1))
      target/softmax4j train --config "$CONFIG" --data-dir "$DATA_DIR" --set training.updater.learningRate=$lr \
        --set data.batchSize=$b --set data.validation=0.1 --set runtime.threads=1 \
        --set output.model="$WORK/loop/t$n.zip" >"$WORK/loop.$n.log" 2>&1 \
        || { note "train $n failed:"; tail -5 "$WORK/loop.$n.log" >&2; }
    done
  done
  t1=$(now)
  loop=$(secs "$t0" "$t1")
  train_sum=$(cat "$WORK"/loop.*.log | sed -n 's/^trained in \([0-9.]*\) s.*/\1/p' | paste -sd+ | bc -l | xargs printf '%.1f')
  printf "%-34s %8s s   sum of 'trained in' %6s s\n" "shell loop of 12 train runs" "$loop" "$train_sum"
  if [ -f "$WORK/grid2.wall" ]; then
    printf "sweep --parallel 2 / shell loop: %.2fx (target <= 0.6x)\n" "$(echo "$(cat "$WORK/grid2.wall") / $loop" | bc -l)"
  fi
fi

if ! skipped random; then
  echo "== 24-trial random search on MNIST (log-uniform learningRate 0.001-1, batchSize 64/128/256, seed 3, --parallel 2) =="
  for pruning in off on; do
    f="$WORK/random-$pruning.yaml"
    cat > "$f" <<YAML
name: random-$pruning
random:
  trials: 24
  seed: 3
  params:
    training.updater.learningRate: {distribution: log-uniform, min: 0.001, max: 1}
    data.batchSize: {distribution: choice, values: [64, 128, 256]}
YAML
    [ "$pruning" = on ] && echo "pruner: {type: successive-halving, minEpochs: 1, reductionFactor: 2, minTrials: 3}" >> "$f"
    t0=$(now)
    target/softmax4j sweep --config "$CONFIG" --data-dir "$DATA_DIR" --sweep "$f" --parallel 2 >"$WORK/random-$pruning.log" 2>&1 \
      || { note "random search ($pruning) failed:"; tail -5 "$WORK/random-$pruning.log" >&2; continue; }
    t1=$(now)
    echo "$(secs "$t0" "$t1")" > "$WORK/random-$pruning.wall"
    printf "%-34s %8s s   %s   (%s)\n" "random search, pruning $pruning" "$(secs "$t0" "$t1")" \
      "$(best "$WORK/random-$pruning.log")" "$(grep -oE '[0-9]+ done, [0-9]+ pruned, [0-9]+ diverged, [0-9]+ failed' "$WORK/random-$pruning.log")"
  done
  if [ -f "$WORK/random-on.wall" ] && [ -f "$WORK/random-off.wall" ]; then
    printf "pruning on / off: %.2fx (target <= 0.5x)\n" "$(echo "$(cat "$WORK/random-on.wall") / $(cat "$WORK/random-off.wall")" | bc -l)"
  fi
fi
note "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
