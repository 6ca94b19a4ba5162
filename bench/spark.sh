#!/bin/bash
# softmax4j on Spark (issue 16): in one run on MNIST, accuracy and time of
#   train                    (DL4J, one JVM: the reference recipe, 10 epochs of minibatch SGD)
#   train --spark local[2]   (Spark MLlib multinomial LogisticRegression, L-BFGS, 2 local cores)
# and the start-up of `predict` on one image with and without Spark on the launcher's class path
# (medians of 5). Prints a table; the models are written to a temp folder.
#
# Usage: bench/spark.sh [--max-iter N] [--data-dir DIR]
#   --max-iter N  L-BFGS iterations for MLlib (default 100)
#   --data-dir    folder with the four MNIST IDX files (default ~/.deeplearning4j; provisioned
#                 there by softmax4j when missing)
# Needs: java 17, maven (first build only), /usr/bin/time.
set -u
cd "$(dirname "$0")/.."
MAX_ITER=100
DATA_DIR="$HOME/.deeplearning4j"
while [ $# -gt 0 ]; do
  case "$1" in
    --max-iter) MAX_ITER="$2"; shift ;;
    --data-dir) DATA_DIR="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -x target/softmax4j ] && [ -d target/lib-spark ] || mvn -B -q -DskipTests package || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"

# run NAME CMD...: times CMD, keeps its output in $work/NAME.log
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1
  local rc=$?
  [ $rc -eq 0 ] || { echo "$name failed (exit $rc):"; tail -5 "$work/$name.log"; }
}
acc() { grep -o 'final test accuracy [0-9.]*' "$1" | awk '{print $4}'; }

run dl4j target/softmax4j train -q --config config/mnist-softmax.yaml --set "data.dir=$DATA_DIR" \
  --set "output.model=$work/dl4j.zip"
run mllib target/softmax4j train --spark 'local[2]' --max-iter "$MAX_ITER" --config config/mnist-softmax.yaml \
  --set "data.dir=$DATA_DIR" --set "output.model=$work/mllib.zip"
run evaluate target/softmax4j evaluate --model "$work/mllib.zip"

printf '\n%-34s %10s %10s %12s\n' "MNIST, 60000 train / 10000 test" "accuracy" "wall s" "max RSS MB"
for n in dl4j mllib; do
  read -r secs kb < "$work/$n.time"
  label=$([ $n = dl4j ] && echo "train (DL4J, 10 epochs SGD)" || echo "train --spark local[2] (MLlib)")
  printf '%-34s %10s %10s %12d\n' "$label" "$(acc "$work/$n.log")" "$secs" $((kb / 1024))
done
echo "evaluate of the MLlib-trained zip: $(grep -o '^accuracy *[0-9.]*' "$work/evaluate.log")"
grep -o 'spark-mllib, [0-9]* L-BFGS iterations' "$work/mllib.log"

# start-up: predict one test image, without and with --spark on the command line's class path
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for i in 1 2 3 4 5; do
  /usr/bin/time -f "%e" -a -o "$work/predict.times" target/softmax4j predict --model "$work/dl4j.zip" \
    --test-index 0 --data-dir "$DATA_DIR" >/dev/null 2>&1
done
echo "predict --test-index 0 (no Spark), median of 5: $(median < "$work/predict.times") s"
