#!/bin/bash
# softmax4j benchmark: the reference recipe (MNIST, 10 epochs, batch 256, SGD 0.005, test
# accuracy after every epoch) in PyTorch, as a minimal numpy loop, through DL4J's stock
# MnistDataSetIterator + fit, and through softmax4j's launcher, on the same data in one run;
# then softmax4j's scaling in training-set size and epochs. Prints tables of medians.
#
# Usage: bench/run.sh [--quick] [--repeats N] [--data-dir DIR] [--skip NAME,...]
#   --quick      one run of each contender and a smaller scaling table (about a minute and a half)
#   --repeats N  runs per contender (default 3); the table shows medians
#   --data-dir   folder with the four MNIST IDX files (default ~/.deeplearning4j; softmax4j
#                provisions them there when missing)
#   --skip       contenders to leave out: pytorch, numpy, dl4j, scaling
# Needs: java 17, maven (first build only), /usr/bin/time, python3 with numpy (and torch +
# torchvision for the reference; Debian: apt-get install python3-torch python3-torchvision, and
# libopenblas0-pthread so that numpy's loop is a real floor rather than the reference BLAS).
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REPEATS=3
QUICK=0
DATA_DIR="$HOME/.deeplearning4j"
SKIP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; REPEATS=1 ;;
    --repeats) REPEATS="$2"; shift ;;
    --data-dir) DATA_DIR="$2"; shift ;;
    --skip) SKIP="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
WORK=$(mktemp -d /tmp/softmax4j-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
skipped() { case ",$SKIP," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
note() { echo "# $*" >&2; }

note "machine: $(nproc) cores, $(uname -m); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- build the launcher (jar + lib + script) when missing or older than the sources -----------
if [ ! -x target/softmax4j ] || [ -n "$(find src pom.xml -newer target/softmax4j.jar -print -quit 2>/dev/null)" ]; then
  note "building the launcher: mvn -q -DskipTests package"
  mvn -q -DskipTests package >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi
CP="target/softmax4j.jar:target/lib/*"
mkdir -p target/bench-classes
javac -nowarn -d target/bench-classes -cp "$CP" bench/StockDl4j.java bench/Scaling.java 2>"$WORK/javac.log" \
  || { cat "$WORK/javac.log" >&2; exit 1; }
BENCH_CP="target/bench-classes:$CP"
# the launcher script's JVM settings, for the Java harnesses that do not go through it
JVM_FLAGS="-XX:+UseSerialGC -Xms48m -Xmn16m"

# --- data, and one untimed warm-up run (provisions MNIST, writes the CDS archive) --------------
note "warm-up: target/softmax4j train (1 epoch) into $WORK"
target/softmax4j train --data-dir "$DATA_DIR" --set training.epochs=1 --set output.model="$WORK/warm.zip" \
  >"$WORK/warm.log" 2>&1 || { cat "$WORK/warm.log" >&2; exit 1; }
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [ -f "$DATA_DIR/$f" ] || { echo "missing $DATA_DIR/$f" >&2; exit 1; }
done

# run NAME REP CMD... : runs CMD under /usr/bin/time -v; records train seconds (from the
# command's RESULT/'trained in' line), wall seconds, peak RSS (MiB) and final test accuracy.
run() {
  local name=$1 rep=$2; shift 2
  local out="$WORK/$name.$rep.out" tim="$WORK/$name.$rep.time"
  /usr/bin/time -v "$@" >"$out" 2>"$tim"
  local rc=$?
  if [ $rc -ne 0 ]; then
    note "$name run $rep failed (exit $rc); last lines:"; tail -5 "$out" "$tim" >&2; return 1
  fi
  local train acc wall rss
  if grep -q '^RESULT' "$out"; then
    train=$(sed -n 's/^RESULT train_s=\([0-9.]*\).*/\1/p' "$out")
    acc=$(sed -n 's/^RESULT.*test_acc=\([0-9.]*\).*/\1/p' "$out")
  else
    train=$(sed -n 's/^trained in \([0-9.]*\) s.*/\1/p' "$out")
    acc=$(sed -n 's/.*final test accuracy \([0-9.]*\).*/\1/p' "$out")
  fi
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$tim")
  rss=$(awk '/Maximum resident set size/{printf "%.0f", $NF/1024}' "$tim")
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$train" "$wall" "$rss" "$acc" >>"$RESULTS"
  note "$name run $rep: train ${train} s, wall ${wall} s, peak RSS ${rss} MiB, test acc ${acc}"
}

have_torch=0
if ! skipped pytorch; then
  if "$PY" -c 'import torch, torchvision' 2>/dev/null; then have_torch=1
  else note "PyTorch reference skipped: python3 cannot import torch/torchvision (apt-get install python3-torch python3-torchvision)"; fi
fi
have_numpy=0
if ! skipped numpy; then
  if "$PY" -c 'import numpy' 2>/dev/null; then have_numpy=1; else note "numpy loop skipped: no numpy"; fi
  blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null)
  case "$blas" in
    */blas/libblas.so.3) note "numpy uses the reference BLAS ($blas), far from a floor; apt-get install libopenblas0-pthread" ;;
    ?*) note "numpy's BLAS: $blas" ;;
  esac
fi

for rep in $(seq 1 "$REPEATS"); do
  run softmax4j "$rep" target/softmax4j train --data-dir "$DATA_DIR" --set output.model="$WORK/m.zip"
  # the same without the per-epoch resumable checkpoints (on by default: training.checkpoints.every 1)
  run softmax4j-nockpt "$rep" target/softmax4j train --data-dir "$DATA_DIR" --set output.model="$WORK/n.zip" \
    --set training.checkpoints.every=0
  # one BLAS thread: faster than two for these small products here (measured), so a fairer floor
  [ $have_numpy = 1 ] && run numpy "$rep" env OPENBLAS_NUM_THREADS=1 "$PY" bench/numpy_loop.py "$DATA_DIR" 10
  skipped dl4j || run dl4j-stock "$rep" java -cp "$BENCH_CP" StockDl4j "$DATA_DIR" 10
  [ $have_torch = 1 ] && run pytorch "$rep" "$PY" bench/reference_pytorch.py "$DATA_DIR" 10
done
[ -f "$WORK/m.zip" ] && note "softmax4j saved its model ($(stat -c %s "$WORK/m.zip") bytes)"

# --- scaling: time per epoch against training-set size and epochs; memory against epochs ------
SCALING="$WORK/scaling.tsv"
: > "$SCALING"
scale() {
  local examples=$1 epochs=$2 tim="$WORK/scale.$1.$2.time" out="$WORK/scale.$1.$2.out"
  # no heap cap: the training set lives on the heap as bytes (784 MB for a million images)
  /usr/bin/time -v java $JVM_FLAGS -cp "$BENCH_CP" Scaling "$examples" "$epochs" "data.dir=$DATA_DIR" \
    >"$out" 2>"$tim" || { note "scaling $examples x $epochs failed"; tail -5 "$out" "$tim" >&2; return 1; }
  local line rss
  line=$(grep '^SCALE' "$out")
  rss=$(awk '/Maximum resident set size/{printf "%.0f", $NF/1024}' "$tim")
  printf '%s rss_mib=%s\n' "$line" "$rss" >>"$SCALING"
  note "$line rss_mib=$rss"
}
if ! skipped scaling; then
  if [ $QUICK = 1 ]; then
    SIZES="15000 60000 240000"; EPOCHS_LIST="1 10"; BIG=""
  else
    SIZES="15000 30000 60000 120000 240000"; EPOCHS_LIST="1 5 20"; BIG=1000000
  fi
  for n in $SIZES; do scale "$n" 3; done
  for e in $EPOCHS_LIST; do scale 60000 "$e"; done
  [ -n "$BIG" ] && scale "$BIG" 1
fi

note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- tables --------------------------------------------------------------------------------
"$PY" - "$RESULTS" "$SCALING" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, train, wall, rss, acc = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append((float(train or "nan"), float(wall or "nan"), float(rss or "nan"), float(acc or "nan")))
order = ["pytorch", "numpy", "dl4j-stock", "softmax4j-nockpt", "softmax4j"]
label = {"pytorch": "reference recipe, PyTorch", "numpy": "minimal numpy loop (floor)",
         "dl4j-stock": "DL4J stock MnistDataSetIterator + fit", "softmax4j": "softmax4j (target/softmax4j train)",
         "softmax4j-nockpt": "softmax4j, training.checkpoints.every=0"}
med = {n: [statistics.median(c) for c in zip(*rows[n])] for n in order if n in rows}
print()
print("Reference recipe, 10 epochs, medians of %s" % ", ".join("%s: %d runs" % (n, len(rows[n])) for n in order if n in rows))
print()
print("| what | train + per-epoch test eval (s) | whole process wall (s) | peak RSS (MiB) | final test acc | train time / softmax4j | wall / softmax4j | RSS / softmax4j |")
print("|---|---|---|---|---|---|---|---|")
s = med.get("softmax4j")
for n in order:
    if n not in med:
        continue
    t, w, r, a = med[n]
    ratio = lambda x, y: "%.1fx" % (x / y) if s and y > 0 else "-"
    print("| %s | %.2f | %.2f | %.0f | %.4f | %s | %s | %s |" % (label[n], t, w, r, a,
          ratio(t, s[0]) if s else "-", ratio(w, s[1]) if s else "-", ratio(r, s[2]) if s else "-"))
scale = [dict(kv.split("=") for kv in line.split()[1:]) for line in open(sys.argv[2])]
if scale:
    print()
    print("softmax4j scaling (one process each; train = training + per-epoch test eval)")
    print()
    print("| training examples | epochs | train (s) | first epoch (s) | later epochs, median (s) | us per example, later epochs | peak RSS (MiB) | final test acc |")
    print("|---|---|---|---|---|---|---|---|")
    for d in scale:
        n, e, t = int(d["examples"]), int(d["epochs"]), float(d["train_s"])
        steady = float(d["steady_epoch_s"])
        print("| %d | %d | %.2f | %.2f | %.3f | %.2f | %s | %s |" % (n, e, t, float(d["first_epoch_s"]), steady,
              1e6 * steady / n, d["rss_mib"], d["test_acc"]))
    print()
    print("(an epoch's time includes the test evaluation of 10,000 images; the first epoch includes JIT warm-up)")
EOF
