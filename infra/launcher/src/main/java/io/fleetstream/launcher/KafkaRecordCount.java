package io.fleetstream.launcher;

import io.fleetstream.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Records in the ingest topics as the broker reports them (sum of the partitions' end offsets), so the live
 * summary shows what Kafka holds rather than what the bridge believes it sent. The producer is idempotent and not
 * transactional, so end offsets equal record counts.
 */
record KafkaRecordCount(long telemetry, long heartbeats, long logs, long pointclouds, long deadLetters) {

    static final List<String> TOPICS = List.of(Topics.TELEMETRY, Topics.HEARTBEATS, Topics.LOGS, Topics.POINTCLOUDS,
            Topics.INGEST_DLQ);
    private static final long TIMEOUT_MS = 2_000;

    long ingested() {
        return telemetry + heartbeats + logs + pointclouds;
    }

    /** The records added since {@code baseline}: what this run wrote when the work directory is reused. */
    KafkaRecordCount since(KafkaRecordCount baseline) {
        return new KafkaRecordCount(telemetry - baseline.telemetry, heartbeats - baseline.heartbeats,
                logs - baseline.logs, pointclouds - baseline.pointclouds, deadLetters - baseline.deadLetters);
    }

    static KafkaRecordCount of(Admin admin) {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(TOPICS).allTopicNames()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            descriptions.values().forEach(d -> d.partitions().forEach(p ->
                    request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                    admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<String, Long> perTopic = new HashMap<>();
            offsets.forEach((partition, info) -> perTopic.merge(partition.topic(), info.offset(), Long::sum));
            return new KafkaRecordCount(perTopic.getOrDefault(Topics.TELEMETRY, 0L),
                    perTopic.getOrDefault(Topics.HEARTBEATS, 0L), perTopic.getOrDefault(Topics.LOGS, 0L),
                    perTopic.getOrDefault(Topics.POINTCLOUDS, 0L), perTopic.getOrDefault(Topics.INGEST_DLQ, 0L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading Kafka offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read Kafka offsets: " + e.getMessage(), e);
        }
    }
}
