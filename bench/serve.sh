#!/bin/bash
# softmax4j serve under load: starts the service on loopback and drives it with wrk (keep-alive,
# 16 connections, 2 threads, 30 s per case) for four cases:
#   single-json   one MNIST test image per request, as JSON pixels in 0..1
#   png-upload    one 28x28 PNG per request, multipart upload (as curl -F image=@digit.png)
#   batch-bin     256 images per request as raw bytes (application/octet-stream, 0..255 per pixel)
#   batch-json    256 images per request as JSON pixels
# and reports requests/s, images/s, p50/p99 latency (wrk's), peak RSS of the service (VmHWM), the
# time from launch to /health/ready answering 200 (and the CPU the service used to get there), and
# the service's CPU time per request (user +
# system, from /proc): on a machine shared with other work, throughput only says what this run got,
# while CPU per request says what the service costs (2 idle cores give at most 2000 / ms-per-request
# requests/s, less what wrk itself uses). "http ms/req" is the request threads' share of it, without
# the JIT compiler (still busy in short runs) and the other service threads.
#
# Usage: bench/serve.sh [--model ZIP] [--duration 30s] [--connections 16] [--data-dir DIR]
#   --model     the model to serve (default models/mnist-softmax.zip; train it first:
#               target/softmax4j train --config config/mnist-softmax.yaml)
#   --data-dir  folder with t10k-images-idx3-ubyte (default ~/.deeplearning4j; train provisions it)
# Needs: target/softmax4j (mvn -DskipTests package), wrk and curl (Debian: apt-get install wrk curl),
# python3. Loopback only: the service binds 127.0.0.1.
set -u
cd "$(dirname "$0")/.."
MODEL=models/mnist-softmax.zip
DURATION=30s
CONNECTIONS=16
DATA_DIR="$HOME/.deeplearning4j"
PORT=18931
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --data-dir) DATA_DIR="$2"; shift ;;
    --port) PORT="$2"; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
for tool in wrk curl python3; do
  command -v $tool >/dev/null || { echo "error: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
[ -x target/softmax4j ] || { echo "error: target/softmax4j is missing; run mvn -DskipTests package" >&2; exit 2; }
[ -f "$MODEL" ] || { echo "error: $MODEL not found; train one or give --model ZIP" >&2; exit 2; }
[ -f "$DATA_DIR/t10k-images-idx3-ubyte" ] || { echo "error: $DATA_DIR/t10k-images-idx3-ubyte not found" >&2; exit 2; }
NAME=$(basename "$MODEL" .zip)
WORK=$(mktemp -d /tmp/softmax4j-serve-bench.XXXXXX)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

# Payloads from the MNIST test set: JSON pixels, a PNG (written with zlib, no imaging library), raw bytes.
python3 - "$DATA_DIR/t10k-images-idx3-ubyte" "$WORK" <<'PY'
import json, struct, sys, zlib
src, out = sys.argv[1], sys.argv[2]
with open(src, 'rb') as f:
    f.read(16)
    data = f.read(256 * 784)
img = lambda i: data[i * 784:(i + 1) * 784]
scale = lambda b: [round(v / 255.0, 6) for v in b]
json.dump({"instances": [scale(img(0))]}, open(out + '/single.json', 'w'))
json.dump({"instances": [scale(img(i)) for i in range(256)]}, open(out + '/batch.json', 'w'))
open(out + '/batch.bin', 'wb').write(data)
def chunk(kind, body):
    return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff)
raw = b''.join(b'\x00' + img(0)[r * 28:(r + 1) * 28] for r in range(28))
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 28, 28, 8, 0, 0, 0, 0)) \
      + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
open(out + '/digit.png', 'wb').write(png)
boundary = 'softmax4jbench'
body = ('--%s\r\nContent-Disposition: form-data; name="image"; filename="digit.png"\r\n'
        'Content-Type: image/png\r\n\r\n' % boundary).encode() + png + ('\r\n--%s--\r\n' % boundary).encode()
open(out + '/upload.multipart', 'wb').write(body)
PY

# One wrk Lua script per case: POST the payload file with its content type.
lua() { # lua NAME FILE CONTENT-TYPE
  cat > "$WORK/$1.lua" <<LUA
local f = io.open("$2", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "$3"
LUA
}
lua single-json "$WORK/single.json" "application/json"
lua png-upload "$WORK/upload.multipart" "multipart/form-data; boundary=softmax4jbench"
lua batch-bin "$WORK/batch.bin" "application/octet-stream"
lua batch-json "$WORK/batch.json" "application/json"

URL="http://127.0.0.1:$PORT/v1/models/$NAME/predict"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start_ns=$(date +%s%N)
target/softmax4j serve --model "$MODEL" --port "$PORT" > "$WORK/serve.out" 2> "$WORK/access.log" &
SERVER_PID=$!
until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the service did not start:" >&2; cat "$WORK/serve.out" "$WORK/access.log" >&2; exit 1; }
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
# the launcher runs java via exec, so $SERVER_PID is the JVM
cpu_ms() { awk '{printf "%d", ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"'}' /proc/$SERVER_PID/stat; }
ready_cpu=$(cpu_ms)
echo "service: $(head -1 "$WORK/serve.out")"
echo "launch to /health/ready 200: ${ready_ms} ms (the service's CPU time by then: ${ready_cpu} ms, all threads;" \
  "load average $load_before before the launch)"
# correctness first: the prediction for test image 0 (a 7)
curl -s -H 'content-type: application/json' --data @"$WORK/single.json" "$URL" | python3 -c \
  'import json,sys; p=json.load(sys.stdin)["predictions"][0]; print("test image 0 ->", p["name"], round(p["probability"], 4))'

# the CPU of the request threads alone (softmax4j-http-*): without the JIT compiler's, which still
# runs in a short run and is a one-time cost
http_ms() { for t in /proc/$SERVER_PID/task/*; do
  case "$(cat "$t/comm" 2>/dev/null)" in softmax4j-http*) awk '{print $14 + $15}' "$t/stat" 2>/dev/null ;; esac
done | awk '{s += $1} END {printf "%d", s * 1000 / '"$(getconf CLK_TCK)"'}'; }
printf '\n%-12s %10s %12s %9s %9s %7s %8s %12s %12s\n' case "requests/s" "images/s" p50 p99 errors "RSS MiB" "CPU ms/req" "http ms/req"
for c in single-json png-upload batch-bin batch-json; do
  per=1; case $c in batch-*) per=256 ;; esac
  # a short warm-up, so the JIT has compiled the route before the measured run
  wrk -t2 -c"$CONNECTIONS" -d3s -s "$WORK/$c.lua" "$URL" > /dev/null 2>&1
  cpu0=$(cpu_ms); http0=$(http_ms)
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$WORK/$c.lua" "$URL" > "$WORK/$c.txt" 2>&1
  cpu1=$(cpu_ms); http1=$(http_ms)
  total=$(awk '/requests in/ {print $1}' "$WORK/$c.txt")
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$c.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$c.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$c.txt")
  errors=$(awk '/Non-2xx or 3xx responses/ {n+=$NF} /Socket errors/ {gsub(",", ""); n+=$4+$6+$8+$10} END {print n+0}' "$WORK/$c.txt")
  rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$SERVER_PID/status)
  ips=$(awk -v r="$rps" -v n="$per" 'BEGIN {printf "%.0f", r*n}')
  cpr=$(awk -v c=$((cpu1 - cpu0)) -v n="$total" 'BEGIN {if (n > 0) printf "%.3f", c / n; else print "-"}')
  hpr=$(awk -v c=$((http1 - http0)) -v n="$total" 'BEGIN {if (n > 0) printf "%.3f", c / n; else print "-"}')
  printf '%-12s %10s %12s %9s %9s %7s %8s %12s %12s\n' "$c" "$rps" "$ips" "$p50" "$p99" "$errors" "$rss" "$cpr" "$hpr"
done
echo
echo "access log: $(wc -l < "$WORK/access.log") lines; peak RSS is the service's VmHWM after each case"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
