#!/usr/bin/env bash
# Builds the engine benchmarks and runs them: load time (cold and warm), admission time,
# single-row and batch-of-32 latency, and memory per loaded model, for one model of each of the
# six file types (and the digits CNN of the HTTP batching run). Writes results/<date>.md and the
# JMH JSON beside it. About 5 minutes on 2 cores; QUICK=1 for a 2-minute smoke run.
#
#   benchmarks/jmh/run.sh
#
# Environment: QUICK=1 (one fork, short iterations: not a measurement), MODELS=onnx,pt (a subset:
# pkl joblib pmml onnx pt h5 cnn), SKIP_BUILD=1, JAVA_HOME (JDK 25).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -version 2>&1 | grep -q 'version "25' || { echo "run.sh: needs JDK 25 (set JAVA_HOME)" >&2; exit 2; }
ENGINES=engine-spi,engine-testkit,engine-jpmml,engine-onnx,engine-djl,engine-keras

cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  if grep -q '<module>benchmarks/jmh</module>' pom.xml; then
    ./mvnw -B -ntp -q -pl benchmarks/jmh -am package -DskipTests
  else
    # Not in the reactor yet: the engines come from the local repository, so put them there first.
    ./mvnw -B -ntp -q -pl "$ENGINES" -am install -DskipTests
    ./mvnw -B -ntp -q -f benchmarks/jmh/pom.xml package
  fi
fi

TARGET=$HERE/target
rm -rf "$TARGET/tmp" && mkdir -p "$TARGET/tmp"
# The same JVM flags as the server and the engines' tests: the opens the runtime needs to walk a
# model's heap (kept in one place, the parent pom), native access for ONNX Runtime and libtorch,
# DJL offline. ONNX Runtime extracts its library into java.io.tmpdir once per JVM: keep those
# copies under target/ and start each run with none.
OPENS=$(sed -n 's:.*<modelhost.opens>\(.*\)</modelhost.opens>.*:\1:p' pom.xml)
# java.util.concurrent.atomic is opened here and not in the server: the Keras engine holds a model in an
# AtomicReference, which the heap walk cannot see through without it (docs/benchmarks.md). JMH 1.37
# reads field offsets through sun.misc.Unsafe, which JDK 25 warns about in every fork.
FLAGS=(--enable-native-access=ALL-UNNAMED $OPENS --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED
       --sun-misc-unsafe-memory-access=allow
       -Dai.djl.offline=true -DOPT_OUT_TRACKING=true "-Djava.io.tmpdir=$TARGET/tmp"
       -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
[ "${QUICK:-0}" = 1 ] && FLAGS+=(-Dmodelhost.bench.quick=true)
[ -n "${MODELS:-}" ] && FLAGS+=("-Dmodelhost.bench.models=$MODELS")

export ORT_DISABLE_TELEMETRY=1
exec "$JAVA" "${FLAGS[@]}" -cp "$TARGET/classes:$(cat "$TARGET/classpath.txt")" \
  io.modelhost.benchmarks.SixFormats "$HERE/results"
