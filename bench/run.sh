#!/bin/bash
# softmax4j benchmark: the reference recipe (MNIST, 10 epochs, batch 256, SGD 0.005, test
# accuracy after every epoch) in PyTorch (the book's DataLoader recipe, and the same model written
# the fast way: tensors in memory, one thread), as a minimal numpy loop, through DL4J's stock
# MnistDataSetIterator + fit, and through softmax4j's launcher, on the same data in one run; the
# whole-process times of softmax4j's predict --test-index and evaluate; MNIST as CSV loaded by
# numpy.loadtxt against softmax4j; then softmax4j's scaling in training-set size and epochs.
# Prints tables of medians, with CPU time (user + sys) beside wall time for busy machines.
#
# Usage: bench/run.sh [--quick] [--repeats N] [--data-dir DIR] [--skip NAME,...]
#   --quick      one run of each contender and a smaller scaling table (about a minute and a half)
#   --repeats N  runs per contender (default 3); the table shows medians
#   --data-dir   folder with the four MNIST IDX files (default ~/.deeplearning4j; softmax4j
#                provisions them there when missing)
#   --skip       contenders to leave out: pytorch, fast-pytorch, numpy, dl4j, commands, csv, scaling
# Needs: java 17, maven (first build only), /usr/bin/time, python3 with numpy (and torch +
# torchvision for the reference; Debian: apt-get install python3-torch python3-torchvision, and
# libopenblas0-pthread so that numpy's loop is a real floor rather than the reference BLAS; the
# numpy loop runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so OpenBLAS picks its own
# kernel for this processor; the kernel it runs is printed, from python3-threadpoolctl).
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
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
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
javac -nowarn -d target/bench-classes -cp "$CP" bench/StockDl4j.java bench/Scaling.java bench/CsvLoad.java 2>"$WORK/javac.log" \
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
  local train acc wall rss cpu
  if grep -q '^RESULT load_s' "$out"; then
    train=$(sed -n 's/^RESULT load_s=\([0-9.]*\).*/\1/p' "$out")
    acc=$(sed -n 's/^RESULT.*examples=\([0-9]*\).*/\1/p' "$out")
  elif grep -q '^RESULT' "$out"; then
    train=$(sed -n 's/^RESULT train_s=\([0-9.]*\).*/\1/p' "$out")
    acc=$(sed -n 's/^RESULT.*test_acc=\([0-9.]*\).*/\1/p' "$out")
  else
    train=$(sed -n 's/^trained in \([0-9.]*\) s.*/\1/p' "$out")
    acc=$(sed -n 's/.*final test accuracy \([0-9.]*\).*/\1/p' "$out")
  fi
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$tim")
  rss=$(awk '/Maximum resident set size/{printf "%.0f", $NF/1024}' "$tim")
  cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{printf "%.2f", s}' "$tim")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$train" "$wall" "$rss" "$acc" "$cpu" >>"$RESULTS"
  note "$name run $rep: train ${train} s, wall ${wall} s, cpu ${cpu} s, peak RSS ${rss} MiB, result ${acc}"
}

have_torch=0
if ! skipped pytorch || ! skipped fast-pytorch; then
  if "$PY" -c 'import torch, torchvision' 2>/dev/null; then have_torch=1
  else note "PyTorch skipped: python3 cannot import torch/torchvision (apt-get install python3-torch python3-torchvision)"; fi
fi
have_numpy=0
# OpenBLAS picks its kernel for this processor unless OPENBLAS_CORETYPE forces one (some machines
# set it, with OPENBLAS_L2_SIZE, for old OpenBLAS builds): unset both for numpy's runs only.
NUMPY_ENV="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1"
if "$PY" -c 'import numpy' 2>/dev/null; then have_numpy=1; else note "numpy loop and CSV comparison skipped: no numpy"; fi
if [ $have_numpy = 1 ] && ! skipped numpy; then
  blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null)
  case "$blas" in
    */blas/libblas.so.3) note "numpy uses the reference BLAS ($blas), far from a floor; apt-get install libopenblas0-pthread" ;;
    ?*) note "numpy's BLAS: $blas" ;;
  esac
  kernel=$($NUMPY_ENV "$PY" -c 'import numpy, threadpoolctl
print(", ".join("%s %s, %s thread(s)" % (d["internal_api"], d.get("architecture"), d["num_threads"]) for d in threadpoolctl.threadpool_info()))' 2>/dev/null) \
    && note "numpy's loop runs: $kernel (OPENBLAS_CORETYPE unset for it; the environment has '${OPENBLAS_CORETYPE:-}')" \
    || note "numpy's kernel unknown (apt-get install python3-threadpoolctl to print it)"
fi

for rep in $(seq 1 "$REPEATS"); do
  run softmax4j "$rep" target/softmax4j train --quiet --data-dir "$DATA_DIR" --set output.model="$WORK/m.zip"
  # the same without the per-epoch resumable checkpoints (on by default: training.checkpoints.every 1)
  run softmax4j-nockpt "$rep" target/softmax4j train --quiet --data-dir "$DATA_DIR" --set output.model="$WORK/n.zip" \
    --set training.checkpoints.every=0
  if ! skipped commands; then
    run predict "$rep" target/softmax4j predict --model "$WORK/m.zip" --data-dir "$DATA_DIR" --test-index 0-9
    run evaluate "$rep" target/softmax4j evaluate --model "$WORK/m.zip" --data-dir "$DATA_DIR"
  fi
  # one BLAS thread: faster than two for these small products here (measured), so a fairer floor
  [ $have_numpy = 1 ] && ! skipped numpy && run numpy "$rep" $NUMPY_ENV "$PY" bench/numpy_loop.py "$DATA_DIR" 10
  skipped dl4j || run dl4j-stock "$rep" java -cp "$BENCH_CP" StockDl4j "$DATA_DIR" 10
  [ $have_torch = 1 ] && ! skipped fast-pytorch && run fast-pytorch "$rep" "$PY" bench/fast_pytorch.py "$DATA_DIR" 10
  [ $have_torch = 1 ] && ! skipped pytorch && run pytorch "$rep" "$PY" bench/reference_pytorch.py "$DATA_DIR" 10
done

# --- MNIST as CSV (label first, header line): numpy.loadtxt against softmax4j's reader ---------
if [ $have_numpy = 1 ] && ! skipped csv; then
  note "writing MNIST as CSV into $WORK"
  "$PY" - "$DATA_DIR" "$WORK" <<'PYEOF' || { note "could not write the CSV files"; exit 1; }
import os, sys
import numpy as np
src, dst = sys.argv[1], sys.argv[2]
for split, images, labels in [("train", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                              ("test", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")]:
    x = np.fromfile(os.path.join(src, images), dtype=np.uint8, offset=16).reshape(-1, 784)
    y = np.fromfile(os.path.join(src, labels), dtype=np.uint8, offset=8)
    with open(os.path.join(dst, "mnist_%s.csv" % split), "w") as f:
        f.write("label," + ",".join("pixel%d" % i for i in range(784)) + "\n")
        np.savetxt(f, np.concatenate([y[:, None], x], axis=1), fmt="%d", delimiter=",")
PYEOF
  note "CSV files: $(du -m "$WORK/mnist_train.csv" | cut -f1) MB and $(du -m "$WORK/mnist_test.csv" | cut -f1) MB"
  for rep in $(seq 1 "$REPEATS"); do
    run csv-loadtxt "$rep" $NUMPY_ENV "$PY" bench/csv_numpy.py "$WORK/mnist_train.csv"
    run csv-loadtxt-uint8 "$rep" $NUMPY_ENV "$PY" bench/csv_numpy.py "$WORK/mnist_train.csv" uint8
    run csv-softmax4j "$rep" java $JVM_FLAGS -cp "$BENCH_CP" CsvLoad "$WORK/mnist_train.csv"
    run csv-train "$rep" target/softmax4j train --quiet --set data.dataset=csv --set data.csv.header=true \
      --set data.train.file="$WORK/mnist_train.csv" --set data.test.file="$WORK/mnist_test.csv" \
      --set output.model="$WORK/csv.zip"
  done
fi
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
import math, os, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, train, wall, rss, acc, cpu = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append(tuple(float(v or "nan") for v in (train, wall, rss, acc, cpu)))
med = {n: [statistics.median(c) for c in zip(*r)] for n, r in rows.items()}
runs = lambda names: ", ".join("%s: %d" % (n, len(rows[n])) for n in names if n in rows)
def ratio(x, y):
    return "%.2fx" % (x / y) if y and not math.isnan(x) and not math.isnan(y) and y > 0 else "-"

order = ["pytorch", "fast-pytorch", "numpy", "dl4j-stock", "softmax4j-nockpt", "softmax4j"]
label = {"pytorch": "book recipe, PyTorch (DataLoader)", "fast-pytorch": "same model, fast PyTorch (tensors in memory, 1 thread)",
         "numpy": "minimal numpy loop (floor, OpenBLAS, 1 thread)",
         "dl4j-stock": "DL4J stock MnistDataSetIterator + fit", "softmax4j": "softmax4j (target/softmax4j train --quiet)",
         "softmax4j-nockpt": "softmax4j, training.checkpoints.every=0"}
s = med.get("softmax4j")
print()
print("Reference recipe, 10 epochs, medians (runs: %s)" % runs(order))
print()
print("| what | train + per-epoch test eval (s) | whole process wall (s) | CPU user+sys (s) | peak RSS (MiB) | final test acc | train / softmax4j | wall / softmax4j | RSS / softmax4j |")
print("|---|---|---|---|---|---|---|---|---|")
for n in order:
    if n not in med:
        continue
    t, w, r, a, c = med[n]
    print("| %s | %.2f | %.2f | %.2f | %.0f | %.4f | %s | %s | %s |" % (label[n], t, w, c, r, a,
          ratio(t, s[0]) if s else "-", ratio(w, s[1]) if s else "-", ratio(r, s[2]) if s else "-"))
if s:
    print()
    f, npy = med.get("fast-pytorch"), med.get("numpy")
    if f:
        print("- softmax4j whole process / fast PyTorch: %s wall, %s CPU, %s peak RSS (targets: below 1.0)"
              % (ratio(s[1], f[1]), ratio(s[4], f[4]), ratio(s[2], f[2])))
    if npy:
        print("- softmax4j train + per-epoch eval / numpy floor: %s (target: at most 1.5x)" % ratio(s[0], npy[0]))

cmds = [n for n in ("predict", "evaluate") if n in med]
if cmds:
    print()
    print("Other commands on the model just trained, whole process, medians (runs: %s)" % runs(cmds))
    print()
    print("| command | wall (s) | CPU user+sys (s) | peak RSS (MiB) |")
    print("|---|---|---|---|")
    text = {"predict": "softmax4j predict --test-index 0-9", "evaluate": "softmax4j evaluate"}
    for n in cmds:
        t, w, r, a, c = med[n]
        print("| %s | %.2f | %.2f | %.0f |" % (text[n], w, c, r))

csv = [n for n in ("csv-loadtxt", "csv-loadtxt-uint8", "csv-softmax4j", "csv-train") if n in med]
if csv:
    size = os.path.getsize(os.path.join(os.path.dirname(sys.argv[1]), "mnist_train.csv")) / 2**20
    print()
    print("MNIST as CSV (train file: 60,000 lines, %.0f MiB), medians (runs: %s)" % (size, runs(csv)))
    print()
    print("| what | load (s) | whole process wall (s) | CPU user+sys (s) | peak RSS (MiB) | load / numpy.loadtxt |")
    print("|---|---|---|---|---|---|")
    text = {"csv-loadtxt": "numpy.loadtxt (default float64)", "csv-loadtxt-uint8": "numpy.loadtxt(dtype=uint8)",
            "csv-softmax4j": "softmax4j's CSV reader (bench/CsvLoad.java)",
            "csv-train": "softmax4j train on the CSV files (train + test file), whole process"}
    base = med.get("csv-loadtxt")
    for n in csv:
        t, w, r, a, c = med[n]
        print("| %s | %s | %.2f | %.2f | %.0f | %s |" % (text[n], "%.2f" % t if n != "csv-train" else "-", w, c, r,
              ratio(t, base[0]) if base and n != "csv-train" else "-"))
    if "csv-softmax4j" in med:
        t, w, r, a, c = med["csv-softmax4j"]
        pixels = 60000 * 784
        print()
        u8 = med.get("csv-loadtxt-uint8")
        print("- softmax4j CSV load / numpy.loadtxt: %s load time, %s whole-process CPU (float64); %s load time, %s CPU (uint8) (target: at most 1.5x)"
              % (ratio(t, base[0]) if base else "-", ratio(c, base[4]) if base else "-",
                 ratio(t, u8[0]) if u8 else "-", ratio(c, u8[4]) if u8 else "-"))
        print("- softmax4j reader's peak RSS %.0f MiB: %.2f bytes per pixel beyond the file's %.0f MiB (target: at most 2)"
              % (r, (r - size) * 2**20 / pixels, size))

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
