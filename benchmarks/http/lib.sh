# Shared helpers for the HTTP benchmark scripts. Sourced, never run.

# This benchmark puts load on servers it started itself, on this machine only.
require_loopback() {  # URL
  local host
  host=$(printf '%s' "$1" | sed -E 's#^[a-zA-Z]+://##; s#/.*$##; s#^(\[[^]]*\]|[^:]*).*$#\1#')
  case "$host" in
    127.*|localhost|'[::1]') ;;
    *) echo "refusing non-loopback host '$host': this benchmark loads servers on this machine only" >&2; exit 2;;
  esac
}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The value of KEY in a line of key=value pairs.
field() {  # LINE KEY
  printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1
}

# Median of the numbers on stdin, one per line ("nan" for none).
median() {
  sort -g | awk '{v[NR] = $1} END {
    if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Milliseconds since the epoch, without a subprocess (bash 5).
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $(( t / 1000 )); }

# Waits until URL answers 2xx; fails after SECONDS.
wait_http() {  # URL SECONDS
  local deadline=$(( $(now_ms) + $2 * 1000 ))
  until curl -sf -o /dev/null --max-time 2 "$1"; do
    (( $(now_ms) < deadline )) || return 1
    sleep 0.1
  done
}

port_free() {  # PORT
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
