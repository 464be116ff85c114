#!/usr/bin/env bash
# Batch prediction throughput: generates an iris CSV of ROWS rows (default 1,000,000), starts
# Modelhost on a fresh data directory, uploads the iris forest and the CSV as a batch
# prediction, waits for it and prints the rows per second (the job's own figure, and the
# wall time from submission to success), then downloads the result once.
# Usage: benchmarks/batch/run.sh            (ROWS=… MH_PORT=… MH_ARGS=… MH_JAVA_OPTS=…)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/benchmarks/http/lib.sh"
ROWS=${ROWS:-1000000}
MH_PORT=${MH_PORT:-39180}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
MODELHOST_JAR=${MODELHOST_JAR:-$ROOT/app/target/modelhost.jar}
for tool in curl jq awk; do command -v $tool >/dev/null || die "$tool not found"; done
port_free "$MH_PORT" || die "port $MH_PORT is taken (set MH_PORT)"
if [ ! -f "$MODELHOST_JAR" ]; then
  log "building $MODELHOST_JAR"
  (cd "$ROOT" && JAVA_HOME=$JAVA_HOME ./mvnw -o -B -ntp -q -pl app -am package -DskipTests) || die "build failed"
fi

WORK=$(mktemp -d /tmp/modelhost-batch-bench.XXXXXX)
MH_PID=
cleanup() {
  if [ -n "$MH_PID" ]; then
    kill "$MH_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$MH_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$MH_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "generating $ROWS iris rows"
# the 150 iris rows over and over, each value nudged by a deterministic hundredth
awk -v rows="$ROWS" -F, 'NR == 1 { print "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)"; next }
  { a[n] = $1; b[n] = $2; c[n] = $3; d[n] = $4; n++ }
  END { for (i = 0; i < rows; i++) { k = i % n; j = (i % 7) / 100;
        printf "%.2f,%.2f,%.2f,%.2f\n", a[k] + j, b[k] - j, c[k] + j, d[k] } }' \
  "$ROOT/fixtures/datasets/iris.csv" > "$WORK/iris-$ROWS.csv"
log "$(du -h "$WORK/iris-$ROWS.csv" | cut -f1) of CSV"

# Quotas off: the benchmark measures scoring, not the request quota.
"$JAVA" ${MH_JAVA_OPTS:-} -jar "$MODELHOST_JAR" --server.port="$MH_PORT" --modelhost.data-dir="$WORK/data" \
  --modelhost.quotas.enabled=false --modelhost.datasets.max-upload-size=500MB ${MH_ARGS:-} \
  > "$WORK/modelhost.log" 2>&1 & MH_PID=$!
MH=http://127.0.0.1:$MH_PORT
require_loopback "$MH"
wait_http "$MH/actuator/health/readiness" 120 || die "Modelhost did not start: $(tail -20 "$WORK/modelhost.log")"

LOGIN='{"username":"bench","password":"correct horse battery staple"}'
curl -sf -o /dev/null -X POST "$MH/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d "$(jq -c '. + {email: "bench@example.com"}' <<<"$LOGIN")" || die "cannot register"
TOKEN=$(curl -sf -X POST "$MH/api/v1/auth/login" -H 'Content-Type: application/json' -d "$LOGIN" | jq -r .access_token)
AUTH="Authorization: Bearer $TOKEN"
# the forest was fitted on a bare array: name its features as the CSV's columns
FEATURES='["sepal length (cm)","sepal width (cm)","petal length (cm)","petal width (cm)"]'
MODEL=$(curl -sf -X POST "$MH/api/v1/models" -H "$AUTH" -F "file=@$ROOT/fixtures/models/sklearn/iris_rf.joblib" \
  -F name=iris_rf -F description=benchmark -F "features=$FEATURES" | jq -r .id) || die "cannot upload the model"

# the server's CPU time so far, in ms (user + system, all threads)
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$MH_PID/stat"; }

run_batch() {  # LABEL -> prints one result line
  local started submitted id job status cpu_before
  started=$(now_ms)
  submitted=$(curl -sf -X POST "$MH/api/v1/models/$MODEL/batch-predictions" -H "$AUTH" \
    -F "file=@$WORK/iris-$ROWS.csv") || die "submission refused"
  id=$(jq -r .id <<<"$submitted")
  local accepted=$(now_ms)
  cpu_before=$(cpu_ms)
  while :; do
    job=$(curl -sf "$MH/api/v1/batch-predictions/$id" -H "$AUTH")
    status=$(jq -r .status <<<"$job")
    case "$status" in succeeded) break;; failed|cancelled) die "job $status: $job";; esac
    sleep 0.2
  done
  local done_ms=$(now_ms)
  local cpu=$(( $(cpu_ms) - cpu_before ))
  local fetch_start=$(now_ms)
  local bytes=$(curl -sf "$MH/api/v1/batch-predictions/$id/result" -H "$AUTH" -o "$WORK/result.csv" -w '%{size_download}')
  local fetch_ms=$(( $(now_ms) - fetch_start ))
  printf 'run=%s rows=%s rows_ok=%s job_rows_per_s=%s job_scoring_s=%s upload_ms=%s scoring_wall_ms=%s wall_rows_per_s=%s server_cpu_ms=%s rows_per_cpu_s=%s result_bytes=%s download_ms=%s\n' \
    "$1" "$ROWS" "$(jq -r .rows_ok <<<"$job")" "$(jq -r .rows_per_second <<<"$job")" "$(jq -r .scoring_seconds <<<"$job")" \
    "$(( accepted - started ))" "$(( done_ms - accepted ))" "$(( ROWS * 1000 / (done_ms - accepted) ))" \
    "$cpu" "$(( ROWS * 1000 / (cpu > 0 ? cpu : 1) ))" "$bytes" "$fetch_ms"
}

log "run 1 (cold JIT)"; run_batch cold
log "run 2 (warm)"; run_batch warm
log "run 3 (warm)"; run_batch warm
log "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine takes its share)"
