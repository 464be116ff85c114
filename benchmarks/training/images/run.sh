#!/usr/bin/env bash
# Trains the image trainer with its defaults on the 600 fixture digits and scores the written ONNX
# file, served by engine-onnx, on the 1197 held-out digits; prints a Markdown table per run.
# Usage: benchmarks/training/images/run.sh [runs [first-seed]]
set -euo pipefail
cd "$(dirname "$0")/../../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
# libtorch's OpenMP threads must sleep, not spin, on a shared machine (docs/adr/0007)
export OMP_WAIT_POLICY=PASSIVE
work=trainer-images/target/benchmark
mkdir -p "$work/tmp"
./mvnw -B -ntp -o -q -pl trainer-images -am test-compile dependency:build-classpath \
	-Dmdep.outputFile="$PWD/$work/classpath.txt" -Dmdep.includeScope=test >"$work/build.log" ||
	{ cat "$work/build.log"; exit 1; }
# an argument file keeps the command line short (long ones crash some native libraries)
printf -- '-cp %s:%s:%s\n' "trainer-images/target/test-classes" "trainer-images/target/classes" \
	"$(cat "$work/classpath.txt")" >"$work/java.args"
uptime
exec java @"$work/java.args" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$work/tmp" \
	-Djna.tmpdir="$work/tmp" -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
	io.modelhost.trainer.images.ImageTrainingBenchmark "$@"
