#!/usr/bin/env bash
# One closed-loop load run against one POST endpoint with wrk, reported as one line.
#
#   load.sh URL BODY_FILE CONNECTIONS SECONDS ['Header: value' ...]
#
# Keep-alive connections each send the body, wait for the answer and send again (closed loop:
# latency is wrk's, from writing a request to reading its whole answer, with no correction for
# coordinated omission; compare figures at the same connection count only).
#
# Environment:
#   LOAD_WARMUP=0     seconds of unreported load at the same concurrency first (JIT, caches)
#   LOAD_PIDS=        server PIDs; with them the CPU split names the server's share
#   LOAD_THREADS=1    wrk threads: one keeps the client on one core (it does > 60k req/s here)
#   LOAD_TIMEOUT=5s   slower answers count as errors, not as latency
#
# Output, one line:
#   rps= ok_rps= p50_ms= p90_ms= p99_ms= max_ms= requests= non2xx= errors= timeouts= duration_s=
#   first_non2xx= conns= cpu_client= cpu_server= cpu_other= cpu_irq=
# cpu_* are % of one core over the measured run (the machine has 2 cores: 200 is all of it):
# client = wrk, server = LOAD_PIDS and their children, other = every other busy tick on the
# machine (neighbours, and loopback softirq charged to nobody), irq = kernel irq+softirq.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"

[ $# -ge 4 ] || { sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
URL=$1 BODY=$2 CONNS=$3 SECS=$4; shift 4
require_loopback "$URL"
[ -r "$BODY" ] || die "cannot read body file $BODY"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
THREADS=${LOAD_THREADS:-1}
(( THREADS <= CONNS )) || THREADS=$CONNS
HEADERS=()
for h in "$@"; do HEADERS+=(-H "$h"); done

# wrk's own time limit is -d; the timeout is a guard against a wedged client only.
GUARD_S=20
wrk_run() {  # SECONDS
  timeout --kill-after=5 $(( $1 + GUARD_S )) wrk -t "$THREADS" -c "$CONNS" -d "${1}s" \
    --timeout "${LOAD_TIMEOUT:-5s}" "${HEADERS[@]+"${HEADERS[@]}"}" -s "$HERE/post.lua" "$URL" -- "$BODY"
}

# CPU ticks. The shell's cutime+cstime (fields 16, 17 of /proc/$$/stat) grow by the CPU of every
# child it has reaped, wrk included once its command substitution returns.
client_ticks() { sed 's/.*) //' /proc/$$/stat | awk '{print $14 + $15}'; }
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $9, $7 + $8}' /proc/stat; }  # busy, irq+softirq
server_ticks() {
  local queue=(${LOAD_PIDS:-}) pid total=0
  while [ ${#queue[@]} -gt 0 ]; do
    pid=${queue[0]}; queue=("${queue[@]:1}")
    [ -r "/proc/$pid/stat" ] || continue
    total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}') ))
    for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do queue+=("$child"); done
  done
  echo "$total"
}

if (( ${LOAD_WARMUP:-0} > 0 )); then wrk_run "$LOAD_WARMUP" >/dev/null; fi
c0=$(client_ticks); read -r m0 q0 < <(machine_ticks); s0=$(server_ticks); t0=$(now_ms)
OUT=$(wrk_run "$SECS")
c1=$(client_ticks); read -r m1 q1 < <(machine_ticks); s1=$(server_ticks); t1=$(now_ms)

LINE=$(printf '%s\n' "$OUT" | sed -n 's/^WRK //p' | tail -1)
[ -n "$LINE" ] || die "wrk printed no summary: $OUT"
CPU=$(awk -v c=$((c1 - c0)) -v m=$((m1 - m0)) -v q=$((q1 - q0)) -v s=$((s1 - s0)) -v ms=$((t1 - t0)) \
          -v hz="$(getconf CLK_TCK)" -v known="${LOAD_PIDS:+1}" 'BEGIN {
  core = ms / 1000 * hz / 100; if (core <= 0) core = 1          # ticks that make 1 % of one core
  server = known ? sprintf("%.0f", s / core) : "na"
  other = (m + q - c - s) / core; if (other < 0) other = 0       # tick sampling can undershoot by a few %
  printf "cpu_client=%.0f cpu_server=%s cpu_other=%.0f cpu_irq=%.0f", c / core, server, other, q / core }')
echo "$LINE conns=$CONNS $CPU"
