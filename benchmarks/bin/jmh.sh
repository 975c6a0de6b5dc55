#!/usr/bin/env bash
# Per-sample cost of the detector (JMH, short run: 1 fork, 3x1 s warm-up, 5x1 s measurement).
# Assumes the modules are installed (see bin/nab.sh). Extra arguments replace the JMH options.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl benchmarks install -DskipTests
if [ $# -gt 0 ]; then
  mvn -B -q -pl benchmarks exec:exec@jmh -Djmh.args="$*"
else
  mvn -B -q -pl benchmarks exec:exec@jmh
fi
