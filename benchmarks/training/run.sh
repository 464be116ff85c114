#!/usr/bin/env bash
# Trains iris, wine, breast_cancer and diabetes with the tabular trainer at each budget given
# (seconds; default 15 60) and prints a Markdown table next to H2O AutoML's 60 s figures.
# Usage: benchmarks/training/run.sh [budget...]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
# XGBoost's OpenMP threads must sleep, not spin, on a shared machine (docs/adr/0007)
export OMP_WAIT_POLICY=PASSIVE
work=trainer-tabular/target/benchmark
mkdir -p "$work/tmp"
./mvnw -B -ntp -q -pl trainer-tabular -am test-compile dependency:build-classpath \
	-Dmdep.outputFile="$PWD/$work/classpath.txt" -Dmdep.includeScope=test >"$work/build.log" ||
	{ cat "$work/build.log"; exit 1; }
# an argument file keeps the command line short (long ones crash some native libraries)
printf -- '-cp %s:%s:%s\n' "trainer-tabular/target/test-classes" "trainer-tabular/target/classes" \
	"$(cat "$work/classpath.txt")" >"$work/java.args"
exec java @"$work/java.args" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$work/tmp" \
	io.modelhost.trainer.tabular.TrainingBenchmark "$@"
