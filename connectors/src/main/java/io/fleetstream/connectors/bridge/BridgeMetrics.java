package io.fleetstream.connectors.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bridge's counters, readable in-process through {@link #snapshot()} (the launcher's live summary) and
 * published as Micrometer meters, which Prometheus sees as {@code fleetstream_bridge_messages_in_total{type}},
 * {@code fleetstream_bridge_messages_out_total{type}}, {@code fleetstream_bridge_dlq_total{reason}},
 * {@code fleetstream_bridge_ack_latency_seconds} (histogram), {@code fleetstream_bridge_in_flight} and
 * {@code fleetstream_bridge_kafka_retries_total}.
 */
public final class BridgeMetrics {

    /** {@code type} tag of messages on a topic no route maps. */
    public static final String UNKNOWN_TYPE = "unknown";

    private final MeterRegistry registry;
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder recordsOut = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder kafkaRetries = new LongAdder();
    private final Counter kafkaRetryCounter;
    private final ConcurrentMap<String, LongAdder> deadLettersByReason = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> inCounters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> outCounters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> dlqCounters = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer ackLatency;

    public BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ackLatency = Timer.builder("fleetstream.bridge.ack.latency")
                .description("Time from receiving an MQTT message to acknowledging it after Kafka confirmed")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        this.kafkaRetryCounter = Counter.builder("fleetstream.bridge.kafka.retries")
                .description("Kafka sends that failed retriably and were scheduled again")
                .register(registry);
        Gauge.builder("fleetstream.bridge.in.flight", inFlight, AtomicInteger::get)
                .description("MQTT messages received but not yet acknowledged")
                .register(registry);
    }

    /** Counts a received message; {@code type} is the route's payload type or {@link #UNKNOWN_TYPE}. */
    void messageIn(String type) {
        messagesIn.increment();
        counter(inCounters, "fleetstream.bridge.messages.in", "type", type,
                "MQTT messages received by the bridge").increment();
    }

    /** Counts records Kafka confirmed on a data topic. */
    void recordsOut(String type, int records) {
        recordsOut.add(records);
        counter(outCounters, "fleetstream.bridge.messages.out", "type", type,
                "Records the bridge produced to Kafka data topics").increment(records);
    }

    void deadLettered(RejectReason reason) {
        deadLettersByReason.computeIfAbsent(reason.name(), r -> new LongAdder()).increment();
        counter(dlqCounters, "fleetstream.bridge.dlq", "reason", reason.name(),
                "Inputs the bridge wrote to the dead-letter topic").increment();
    }

    void acknowledged(long receivedNanos) {
        acknowledged.increment();
        ackLatency.record(Duration.ofNanos(System.nanoTime() - receivedNanos));
    }

    void kafkaRetry() {
        kafkaRetries.increment();
        kafkaRetryCounter.increment();
    }

    void inFlightChanged(int delta) {
        inFlight.addAndGet(delta);
    }

    public Snapshot snapshot() {
        Map<String, Long> byReason = new TreeMap<>();
        deadLettersByReason.forEach((reason, count) -> byReason.put(reason, count.sum()));
        return new Snapshot(messagesIn.sum(), recordsOut.sum(), byReason.values().stream().mapToLong(c -> c).sum(),
                acknowledged.sum(), inFlight.get(), kafkaRetries.sum(), Map.copyOf(byReason));
    }

    private Counter counter(ConcurrentMap<String, Counter> cache, String name, String tag, String value,
            String description) {
        return cache.computeIfAbsent(value, v -> Counter.builder(name).description(description).tag(tag, v)
                .register(registry));
    }

    /**
     * Totals since the bridge started.
     *
     * @param messagesIn    MQTT messages received (including redeliveries)
     * @param produced      records Kafka confirmed on data topics (a log batch counts one per line)
     * @param deadLettered  records Kafka confirmed on the dead-letter topic
     * @param acknowledged  MQTT messages acknowledged to the broker
     * @param inFlight      messages received and not yet acknowledged
     * @param kafkaRetries  sends that failed retriably (Kafka down, timeouts) and were attempted again
     * @param deadLetteredByReason dead-lettered inputs per {@link RejectReason} name
     */
    public record Snapshot(long messagesIn, long produced, long deadLettered, long acknowledged, int inFlight,
            long kafkaRetries, Map<String, Long> deadLetteredByReason) {
    }
}
