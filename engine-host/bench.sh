#!/usr/bin/env bash
# The latency a worker process adds to a prediction (docs/benchmarks.md, "Isolated engine host").
#   engine-host/bench.sh        (JAVA_HOME: JDK 25; SKIP_BUILD=1 to reuse the last build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -ntp -q -o -pl engine-host -am test-compile
fi
./mvnw -B -ntp -q -o -pl engine-host dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test
CP="engine-host/target/test-classes:engine-host/target/classes:$(cat engine-host/target/test-classpath.txt)"
# the engine modules' own classes, not whatever another build put in ~/.m2 meanwhile
for module in engine-spi engine-djl engine-testkit; do
  CP="$module/target/classes:$CP"
done
mkdir -p engine-host/target/tmp
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=engine-host/target/tmp -Dai.djl.offline=true \
  -DOPT_OUT_TRACKING=true -cp "$CP" io.modelhost.engine.host.IsolationLatencyBenchmark
