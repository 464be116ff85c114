#!/usr/bin/env bash
# Usage statistics benchmark: N synthetic usage records (default 2,000,000) on H2 and on
# PostgreSQL, then the statistics queries timed against the raw-record aggregate.
#   benchmarks/stats/run.sh [records] [h2|postgres|both]
# PostgreSQL: PGHOST (127.0.0.1), PGUSER (postgres, trust auth); the database
# mh_stats_bench is created and dropped. H2: a file under target/stats-bench, deleted after.
set -euo pipefail
cd "$(dirname "$0")/../.."
RECORDS=${1:-2000000}
WHICH=${2:-both}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME

./mvnw -B -ntp -q -o -pl app compile dependency:build-classpath -Dmdep.outputFile=target/stats-bench.cp \
  -Dmdep.includeScope=test
CP="app/target/classes:$(cat app/target/stats-bench.cp)"
run() { "$JAVA_HOME/bin/java" -Xmx1g -cp "$CP" benchmarks/stats/StatsBenchmark.java "$@"; }

if [[ $WHICH == h2 || $WHICH == both ]]; then
  dir=$(mktemp -d "${TMPDIR:-/tmp}/stats-bench-h2-XXXX")
  trap 'rm -rf "$dir"' EXIT
  echo "== H2 (file, PostgreSQL mode) =="
  run "jdbc:h2:file:$dir/bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" sa "$RECORDS"
  du -sh "$dir" | sed 's/^/database size: /'
  rm -rf "$dir"
  trap - EXIT
fi
if [[ $WHICH == postgres || $WHICH == both ]]; then
  echo "== PostgreSQL =="
  dropdb -h "$PGHOST" -U "$PGUSER" --if-exists mh_stats_bench
  createdb -h "$PGHOST" -U "$PGUSER" mh_stats_bench
  trap 'dropdb -h "$PGHOST" -U "$PGUSER" --if-exists mh_stats_bench' EXIT
  run "jdbc:postgresql://$PGHOST:5432/mh_stats_bench?reWriteBatchedInserts=true" "$PGUSER" "$RECORDS"
  psql -h "$PGHOST" -U "$PGUSER" -d mh_stats_bench -tAc \
    "SELECT 'table sizes: ' || string_agg(relname || ' ' || pg_size_pretty(pg_total_relation_size(oid)), ', ')
     FROM pg_class WHERE relname IN ('usage_record', 'usage_rollup_minute', 'usage_rollup_hour', 'usage_rollup_day')"
fi
