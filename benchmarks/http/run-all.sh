#!/usr/bin/env bash
# Modelhost's HTTP benchmark, in one run on one machine: starts Modelhost (fresh data directory),
# the reference Python service (if present) and a raw loopback HTTP server, measures them side
# by side with alternating rounds, writes results/<date>-<time>.md (and .raw), prints it, and
# stops everything it started.
#
#   benchmarks/http/run-all.sh
#
# Environment (defaults in brackets):
#   ROUNDS [3]            rounds per connection count; each round runs every target once, in a
#                         rotated order, so that neighbours' noise falls on all targets alike
#   RUN_SECONDS [5]       measured seconds per run        WARMUP_SECONDS [3]  per target and level
#   JIT_SECONDS [15]      load per Java target before anything is measured: C2 needs a minute of
#                         load on 2 busy cores before Modelhost's deep Spring stacks run at speed
#   LEVELS ["1 16 64"]    connection counts               BATCH_CONNS [64]    for the CNN runs
#   COLD_REPEATS [7]      uploads timed on a running server (after the first into a fresh JVM)
#   MODELHOST_JAR [app/target/modelhost.jar, built if missing]   MH_JAVA_OPTS [] e.g. JFR flags
#   PEER_DIR [../shared/bench/reference-python from the repo root]: the Python service, optional
#   PEER_WORKERS [1]      uvicorn worker processes
#   QUEUE_CAPACITY []     sets modelhost.scheduling.queue-capacity (server default 100)
#   MH_ARGS []            more server arguments, e.g. --management.observations.enable.spring.security=false
#   MH_PORT [39080] PEER_PORT [39000] RAW_PORT [39081]   (uncommon ports: other servers may run here)
#   QUICK=1               one round of 3 s: a smoke test, not a measurement
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
source "$HERE/lib.sh"

ROUNDS=${ROUNDS:-3} RUN_SECONDS=${RUN_SECONDS:-5} WARMUP_SECONDS=${WARMUP_SECONDS:-3} JIT_SECONDS=${JIT_SECONDS:-15}
if [ "${QUICK:-0}" = 1 ]; then ROUNDS=1 RUN_SECONDS=3 WARMUP_SECONDS=2 JIT_SECONDS=3; fi
JIT_CONNS=16
LEVELS=${LEVELS:-"1 16 64"} BATCH_CONNS=${BATCH_CONNS:-64} COLD_REPEATS=${COLD_REPEATS:-7}
MH_PORT=${MH_PORT:-39080} PEER_PORT=${PEER_PORT:-39000} RAW_PORT=${RAW_PORT:-39081}
PEER_DIR=${PEER_DIR:-$ROOT/../shared/bench/reference-python}
PEER_WORKERS=${PEER_WORKERS:-1}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
MODELHOST_JAR=${MODELHOST_JAR:-$ROOT/app/target/modelhost.jar}
MODELS=$ROOT/fixtures/models
# Modelhost answers readiness after migrations; the Python service in a second or two.
START_LIMIT_S=120
# Graceful shutdown drains predictions (20 s at most by default); then the process is killed.
STOP_LIMIT_S=30

for tool in wrk curl jq awk; do command -v $tool >/dev/null || die "$tool not found (apt-get install -y wrk curl jq)"; done
"$JAVA" -version 2>&1 | grep -q 'version "25' || die "needs JDK 25: set JAVA_HOME"
for port in $MH_PORT $PEER_PORT $RAW_PORT; do port_free "$port" || die "port $port is taken (set MH_PORT/PEER_PORT/RAW_PORT)"; done
if [ ! -f "$MODELHOST_JAR" ]; then
  log "building $MODELHOST_JAR"
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl app -am package -DskipTests) || die "build failed"
fi

STAMP=$(date -u +%Y-%m-%dT%H%MZ)
RESULTS=$HERE/results; mkdir -p "$RESULTS"
RAW=$RESULTS/$STAMP.raw
WORK=$(mktemp -d /tmp/modelhost-bench.XXXXXX)
PIDS=()
cleanup() {
  local pid waited
  for pid in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]+"${PIDS[@]}"}"; do
    for ((waited = 0; waited < STOP_LIMIT_S * 10; waited++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
note() { echo "note $*" >> "$RAW"; }
STARTED=$(now_ms)

# ---- servers, started together: their start-ups overlap
log "starting the raw server, Modelhost and the Python service (work dir $WORK)"
"$JAVA" "$HERE/RawJsonServer.java" "$RAW_PORT" > "$WORK/raw.log" 2>&1 & RAW_PID=$!; PIDS+=($RAW_PID)
# Quotas off: the default 6000 requests/minute per key would answer 429 within a second of load.
# cnn-unbatched runs one request per batch, for the batching comparison within one server.
mkdir -p "$WORK/modelhost"
"$JAVA" ${MH_JAVA_OPTS:-} -jar "$MODELHOST_JAR" --server.port="$MH_PORT" --modelhost.data-dir="$WORK/modelhost" \
  --modelhost.quotas.enabled=false --modelhost.scheduling.models.cnn-unbatched.max-batch-size=1 \
  ${QUEUE_CAPACITY:+--modelhost.scheduling.queue-capacity=$QUEUE_CAPACITY} ${MH_ARGS:-} > "$WORK/modelhost.log" 2>&1 &
MH_PID=$!; PIDS+=($MH_PID)
PEER=0
if [ -x "$PEER_DIR/run.sh" ]; then
  # No access log: Modelhost logs no line per request either.
  "$PEER_DIR/run.sh" --port "$PEER_PORT" --data "$WORK/peer" --workers "$PEER_WORKERS" --no-access-log \
    > "$WORK/peer.log" 2>&1 & PEER_PID=$!; PIDS+=($PEER_PID)
  if wait_http "http://127.0.0.1:$PEER_PORT/health" "$START_LIMIT_S"; then PEER=1
  else log "the Python service did not start: $(tail -3 "$WORK/peer.log")"; fi
fi
wait_http "http://127.0.0.1:$RAW_PORT/" "$START_LIMIT_S" || die "raw server did not start: $(tail -5 "$WORK/raw.log")"
wait_http "http://127.0.0.1:$MH_PORT/actuator/health/readiness" "$START_LIMIT_S" \
  || die "Modelhost did not start: $(tail -20 "$WORK/modelhost.log")"
log "servers up after $(( $(now_ms) - STARTED )) ms"

note "run $STAMP on $(hostname): $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average at start $(cut -d' ' -f1-3 /proc/loadavg); shared with other work, so absolute figures drift: read the same-round ratios"
note "Modelhost jar $MODELHOST_JAR built $(date -u -r "$MODELHOST_JAR" +%FT%H:%MZ) (repository at $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')), $("$JAVA" -version 2>&1 | head -1); --modelhost.quotas.enabled=false${QUEUE_CAPACITY:+, queue capacity $QUEUE_CAPACITY}${MH_JAVA_OPTS:+, JVM options $MH_JAVA_OPTS}${MH_ARGS:+, arguments $MH_ARGS}"
if [ $PEER = 1 ]; then note "Python service: $PEER_DIR, $PEER_WORKERS uvicorn worker(s), no access log"
else note "**no Python rows**: the reference Python service was not found or did not start ($PEER_DIR; see benchmarks/http/README.md)"; fi
note "wrk: 1 thread, closed loop, keep-alive; ${JIT_SECONDS} s of JIT warm-up per Java target, then $ROUNDS round(s) of $RUN_SECONDS s per target after ${WARMUP_SECONDS} s of warm-up per target and level"

# ---- Modelhost: an account, a key, and the first upload into this fresh JVM
MH=http://127.0.0.1:$MH_PORT
LOGIN='{"username":"bench","password":"correct horse battery staple"}'
curl -sf -o /dev/null -X POST "$MH/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "$(jq -c '. + {email: "bench@example.com"}' <<<"$LOGIN")" || die "cannot register on Modelhost"
TOKEN=$(curl -sf -X POST "$MH/api/v1/auth/login" -H 'Content-Type: application/json' -d "$LOGIN" | jq -r .access_token) \
  || die "cannot log in to Modelhost"
KEY=$(curl -sf -X POST "$MH/api/v1/api-keys" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' | jq -r .key) || die "no API key from Modelhost"

echo '{"inputs": [[5.1, 3.5, 1.4, 0.2]]}' > "$WORK/iris.json"
echo '{"features": [[5.1, 3.5, 1.4, 0.2]]}' > "$WORK/iris-python.json"
jq -c '{inputs: [.inputs[0]]}' "$MODELS/onnx/digits_cnn.json" > "$WORK/digit.json"   # one 1×8×8 image

modelhost_cold() {  # PHASE REPEATS
  UPLOAD_HEADER="Authorization: Bearer $TOKEN" PREDICT_HEADER="X-API-Key: $KEY" FORM="name=cold-$1-{n};description=benchmark" \
    "$HERE/coldstart.sh" "$MH" "$MODELS/sklearn/iris_rf.joblib" "$WORK/iris.json" "$2" \
    | sed "s/^/kind=cold server=modelhost phase=$1 /" | tee -a "$RAW" >&2
}
python_cold() {  # PHASE REPEATS
  UPLOAD_PATH=/models PREDICT_PATH='/models/{id}/predict' \
    "$HERE/coldstart.sh" "http://127.0.0.1:$PEER_PORT" "$MODELS/sklearn/iris_rf.joblib" "$WORK/iris-python.json" "$2" \
    | sed "s/^/kind=cold server=python phase=$1 /" | tee -a "$RAW" >&2
}
log "upload → first prediction, first upload into each fresh process"
modelhost_cold fresh 1
[ $PEER = 1 ] && python_cold fresh 1

modelhost_upload() {  # FILE NAME -> prints the prediction URL
  curl -sf -X POST "$MH/api/v1/models" -H "Authorization: Bearer $TOKEN" -F "file=@$1" -F "name=$2" \
    -F 'description=benchmark' | jq -r .endpoint_url
}
python_upload() {  # FILE -> prints the prediction URL
  echo "http://127.0.0.1:$PEER_PORT/models/$(curl -sf -F "file=@$1" "http://127.0.0.1:$PEER_PORT/models" | jq -r .id)/predict"
}

# ---- targets: URL, body, header, server PID (every target gets one header; the raw server and Python ignore theirs)
declare -A URL BODY HEADER PID
target() { URL[$1]=$2 BODY[$1]=$3 HEADER[$1]=$4 PID[$1]=$5; }
target modelhost-rf "$(modelhost_upload "$MODELS/sklearn/iris_rf.joblib" iris-rf)" "$WORK/iris.json" "X-API-Key: $KEY" $MH_PID
target modelhost-logreg "$(modelhost_upload "$MODELS/sklearn/iris_logreg_pipeline.pkl" iris-logreg)" "$WORK/iris.json" "X-API-Key: $KEY" $MH_PID
target cnn-batched "$(modelhost_upload "$MODELS/onnx/digits_cnn.onnx" cnn-batched)" "$WORK/digit.json" "X-API-Key: $KEY" $MH_PID
target cnn-unbatched "$(modelhost_upload "$MODELS/onnx/digits_cnn.onnx" cnn-unbatched)" "$WORK/digit.json" "X-API-Key: $KEY" $MH_PID
target raw "http://127.0.0.1:$RAW_PORT/predict" "$WORK/iris.json" "X-API-Key: none" $RAW_PID
SINGLE=(modelhost-rf modelhost-logreg raw)
if [ $PEER = 1 ]; then
  target python-rf "$(python_upload "$MODELS/sklearn/iris_rf.joblib")" "$WORK/iris-python.json" "X-Bench: python" $PEER_PID
  target python-logreg "$(python_upload "$MODELS/sklearn/iris_logreg_pipeline.pkl")" "$WORK/iris-python.json" "X-Bench: python" $PEER_PID
  SINGLE=(modelhost-rf python-rf modelhost-logreg python-logreg raw)
fi

# One run of a target; a first request that is not 2xx stops the benchmark with its answer.
run() {  # TARGET CONNS SECONDS
  LOAD_PIDS=${PID[$1]} "$HERE/load.sh" "${URL[$1]}" "${BODY[$1]}" "$2" "$3" "${HEADER[$1]}"
}
probe() {  # TARGET
  local code
  code=$(curl -s -o "$WORK/probe" -w '%{http_code}' --max-time 30 -H "${HEADER[$1]}" -H 'Content-Type: application/json' \
    --data-binary "@${BODY[$1]}" "${URL[$1]}")
  [[ $code == 2* ]] || die "$1 answered HTTP $code: $(head -c 300 "$WORK/probe")"
}

# Warms every target at this level, then ROUNDS rounds; round r starts at the r-th target.
rounds() {  # GROUP CONNS TARGET...
  local group=$1 conns=$2 t r i n line; shift 2
  local targets=("$@"); n=${#targets[@]}
  for t in "${targets[@]}"; do probe "$t"; run "$t" "$conns" "$WARMUP_SECONDS" > /dev/null; done
  for ((r = 1; r <= ROUNDS; r++)); do
    for ((i = 0; i < n; i++)); do
      t=${targets[$(( (i + r - 1) % n ))]}
      line=$(run "$t" "$conns" "$RUN_SECONDS")
      echo "kind=load group=$group conns=$conns round=$r target=$t $line" >> "$RAW"
      log "$(printf '%-17s c=%-3s round %s: %s req/s, p50 %s ms, p99 %s ms, non-2xx %s, cpu client/server/other %s/%s/%s' \
        "$t" "$conns" "$r" "$(field "$line" rps)" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" \
        "$(field "$line" non2xx)" "$(field "$line" cpu_client)" "$(field "$line" cpu_server)" "$(field "$line" cpu_other)")"
    done
  done
}

log "JIT warm-up: ${JIT_SECONDS} s of load on each Java target"
for t in modelhost-rf modelhost-logreg cnn-batched cnn-unbatched raw; do probe "$t"; run "$t" $JIT_CONNS "$JIT_SECONDS" > /dev/null; done

for conns in $LEVELS; do
  log "single-row predictions at $conns connections"
  rounds single "$conns" "${SINGLE[@]}"
done
log "digits_cnn.onnx at $BATCH_CONNS connections, batched and unbatched"
rounds batching "$BATCH_CONNS" cnn-batched cnn-unbatched

log "upload → first prediction on the running servers, $COLD_REPEATS uploads each"
modelhost_cold warm "$COLD_REPEATS"
[ $PEER = 1 ] && python_cold warm "$COLD_REPEATS"

note "whole run: $(( ($(now_ms) - STARTED) / 1000 )) s"
"$HERE/report.sh" "$RAW" > "$RESULTS/$STAMP.md"
cat "$RESULTS/$STAMP.md"
log "written $RESULTS/$STAMP.md (raw lines: $RAW)"
