#!/usr/bin/env bash
# Builds the detector and the benchmark module, streams all NAB files through the detector (one JVM, one
# configuration), writes results to benchmarks/target/nab-results/ and prints nab_standard / nab_low_fp / nab_low_fn.
# Extra arguments go to NabBenchmark, e.g.: benchmarks/bin/nab.sh --nab=/path/to/nab
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -N install
mvn -B -q -pl common,schemas,flink-jobs,benchmarks install -DskipTests
mvn -B -q -pl benchmarks exec:exec@nab -Dnab.args="$*"
