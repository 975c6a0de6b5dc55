#!/usr/bin/env bash
# Fleet health topology against a pass-through topology on an embedded Kafka broker
# (io.fleetstream.benchmarks.health.HealthTopologyBenchmark). Arguments are passed on, e.g. --robots=10000 --rounds=5.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -N install
mvn -B -q -pl benchmarks -am install -DskipTests
mvn -B -q -pl benchmarks exec:exec@health -Dhealth.args="$*"
