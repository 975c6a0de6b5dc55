#!/bin/bash
# Creates the Fleetstream topics (io.fleetstream.schemas.Topics: names, partitions, compaction) on the compose Kafka.
# Idempotent. The deploy tests check this list against the Topics class.
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"

create_topic() { # name partitions [config...]
  local name="$1" partitions="$2"
  shift 2
  local configs=()
  for config in "$@"; do configs+=(--config "$config"); done
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 "${configs[@]}"
}

create_topic robots.telemetry 6 compression.type=zstd
create_topic robots.heartbeats 6 compression.type=zstd
create_topic robots.logs 6 compression.type=zstd
create_topic robots.pointclouds 6 compression.type=zstd max.message.bytes=16777216
create_topic fleet.health.robot 6 cleanup.policy=compact
create_topic fleet.health.site 3 cleanup.policy=compact
create_topic fleet.health.transitions 6
create_topic fleet.anomalies 6
create_topic tier.manifests 6
create_topic ingest.dlq 3
