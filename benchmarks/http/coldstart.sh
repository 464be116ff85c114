#!/usr/bin/env bash
# Upload → first prediction: uploads a model, then predicts with it until the first 2xx answer.
# Every request is its own curl, on a fresh connection, one after another, as a user would.
#
#   coldstart.sh BASE_URL MODEL_FILE BODY_FILE REPEATS
#
# Environment:
#   UPLOAD_PATH=/api/v1/models            where the model is POSTed (multipart field FILE_FIELD)
#   PREDICT_PATH=/api/v1/models/{id}/predict
#   FILE_FIELD=file
#   FORM=                                 more multipart fields, 'a=1;b=2'; {n} becomes the repeat number
#   ID_JQ=.id                             where the upload's answer holds the model id
#   UPLOAD_HEADER= PREDICT_HEADER=        one header each, e.g. 'Authorization: Bearer ...'
#
# Output, one line per upload:
#   upload_ms= first_predict_ms= total_ms= attempts=
# upload_ms and first_predict_ms are curl's time_total (connection set-up included, process
# start-up not); total_ms = upload_ms + the time until the first 2xx prediction (a server that
# loads in the background answers 503 meanwhile; then the wall clock of the retries counts).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"

[ $# -eq 4 ] || { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
BASE=${1%/} MODEL=$2 BODY=$3 REPEATS=$4
require_loopback "$BASE"
UPLOAD_PATH=${UPLOAD_PATH:-/api/v1/models} PREDICT_PATH=${PREDICT_PATH:-/api/v1/models/\{id\}/predict}
# A model that is still not answering after this long is a failure, not a slow start.
GIVE_UP_MS=60000
RETRY_PAUSE_S=0.02
TMP=$(mktemp -d /tmp/coldstart.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

UH=() PH=()
[ -n "${UPLOAD_HEADER:-}" ] && UH=(-H "$UPLOAD_HEADER")
[ -n "${PREDICT_HEADER:-}" ] && PH=(-H "$PREDICT_HEADER")

for ((n = 1; n <= REPEATS; n++)); do
  FORM_ARGS=()
  if [ -n "${FORM:-}" ]; then
    IFS=';' read -ra pairs <<<"${FORM//\{n\}/$n}"
    for pair in "${pairs[@]}"; do FORM_ARGS+=(-F "$pair"); done
  fi
  read -r code seconds < <(curl -s -o "$TMP/upload" -w '%{http_code} %{time_total}\n' --max-time 120 \
      "${UH[@]+"${UH[@]}"}" -F "${FILE_FIELD:-file}=@$MODEL" "${FORM_ARGS[@]+"${FORM_ARGS[@]}"}" "$BASE$UPLOAD_PATH")
  [[ $code == 2* ]] || die "upload got HTTP $code: $(head -c 300 "$TMP/upload")"
  id=$(jq -r "${ID_JQ:-.id} // empty" "$TMP/upload")
  [ -n "$id" ] || die "no id in the upload's answer: $(head -c 300 "$TMP/upload")"
  url="$BASE${PREDICT_PATH//\{id\}/$id}"
  start=$(now_ms) attempts=0
  while :; do
    attempts=$((attempts + 1))
    read -r pcode pseconds < <(curl -s -o "$TMP/predict" -w '%{http_code} %{time_total}\n' --max-time 60 \
        "${PH[@]+"${PH[@]}"}" -H 'Content-Type: application/json' --data-binary "@$BODY" "$url")
    [[ $pcode == 2* ]] && break
    (( $(now_ms) - start < GIVE_UP_MS )) || die "no 2xx prediction within ${GIVE_UP_MS} ms: HTTP $pcode"
    sleep "$RETRY_PAUSE_S"
  done
  awk -v u="$seconds" -v p="$pseconds" -v a="$attempts" -v wall=$(( $(now_ms) - start )) 'BEGIN {
    wait = (a == 1) ? p * 1000 : wall
    printf "upload_ms=%.1f first_predict_ms=%.1f total_ms=%.1f attempts=%d\n", u * 1000, p * 1000, u * 1000 + wait, a }'
done
