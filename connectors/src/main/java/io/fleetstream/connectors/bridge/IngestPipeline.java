package io.fleetstream.connectors.bridge;

import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.DeadLetterSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one MQTT message: find its route, convert it, produce the records, and acknowledge the message
 * once Kafka confirmed all of them; or, when it can never be converted, produce a dead letter and acknowledge once
 * that is confirmed. Either way nothing is acknowledged before Kafka holds it.
 */
final class IngestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);

    private final List<Route> routes;
    private final Map<PayloadType, PayloadConverter> converters;
    private final ReliableProducer producer;
    private final BridgeConfig.DeadLetter deadLetter;
    private final BridgeMetrics metrics;
    private final InFlightWindow window;
    private final ScheduledExecutorService scheduler;
    private final Duration maxRetryBackoff;
    private final BooleanSupplier stopping;
    private final Clock clock;
    private final Tracing tracing;

    IngestPipeline(List<Route> routes, Map<PayloadType, PayloadConverter> converters, ReliableProducer producer,
            BridgeConfig.DeadLetter deadLetter, BridgeMetrics metrics, InFlightWindow window,
            ScheduledExecutorService scheduler, Duration maxRetryBackoff, BooleanSupplier stopping, Clock clock,
            Tracing tracing) {
        this.routes = List.copyOf(routes);
        this.converters = Map.copyOf(converters);
        this.producer = producer;
        this.deadLetter = deadLetter;
        this.metrics = metrics;
        this.window = window;
        this.scheduler = scheduler;
        this.maxRetryBackoff = maxRetryBackoff;
        this.stopping = stopping;
        this.clock = clock;
        this.tracing = tracing;
    }

    /** Handles a message that holds a slot of the in-flight window; the slot is released when it is acknowledged. */
    void process(IncomingMessage message) {
        MessageTrace trace = MessageTrace.start(tracing, message);
        List<String> topicLevels = MqttTopicFilter.levels(message.topic());
        for (Route route : routes) {
            // Every route's filter captures the robot id, so a capture is a match.
            Optional<String> robotId = route.filter().captureRobotId(topicLevels);
            if (robotId.isPresent()) {
                metrics.messageIn(route.payload().configName());
                convertAndSend(message, trace, route, robotId.get(), FIRST_RETRY);
                return;
            }
        }
        metrics.messageIn(BridgeMetrics.UNKNOWN_TYPE);
        deadLetter(message, trace, null, RejectReason.UNKNOWN_TOPIC, "no route maps MQTT topic " + message.topic());
    }

    private void convertAndSend(IncomingMessage message, MessageTrace trace, Route route, String robotId,
            Duration retryBackoff) {
        List<SpecificRecord> records;
        try {
            records = converters.get(route.payload()).convert(message, robotId);
        } catch (RejectedInputException e) {
            deadLetter(message, trace, robotId, e.reason(), e.detail());
            return;
        } catch (IOException e) {
            retryConversion(message, trace, route, robotId, retryBackoff, e);
            return;
        }
        Delivery delivery = new Delivery(message, trace, route, robotId, records.size());
        for (SpecificRecord record : records) {
            producer.send(trace.inject(new ProducerRecord<>(route.kafkaTopic(), robotId, record)),
                    delivery::recordConfirmed,
                    delivery::recordRejected);
        }
    }

    /** A dependency of the conversion (the object store) failed: the message stays in flight and is retried. */
    private void retryConversion(IncomingMessage message, MessageTrace trace, Route route, String robotId,
            Duration backoff, IOException error) {
        if (stopping.getAsBoolean()) {
            abandon(trace);
            return;
        }
        LOG.atWarn().addKeyValue("topic", message.topic()).addKeyValue("retryInMs", backoff.toMillis())
                .addKeyValue("error", error.getMessage()).log("conversion failed on a dependency, retrying");
        Duration next = backoff.multipliedBy(2).compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff
                : backoff.multipliedBy(2);
        try {
            scheduler.schedule(() -> convertAndSend(message, trace, route, robotId, next), backoff.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            abandon(trace);
        }
    }

    private void deadLetter(IncomingMessage message, MessageTrace trace, String robotId, RejectReason reason,
            String detail) {
        trace.deadLettered(reason);
        LOG.atInfo().addKeyValue("reason", reason).addKeyValue("topic", message.topic())
                .addKeyValue("robot", robotId).addKeyValue("bytes", message.payload().length)
                .addKeyValue("detail", detail).log("dead-lettering input");
        ProducerRecord<String, SpecificRecord> record = trace.inject(new ProducerRecord<>(deadLetter.topic(), robotId,
                deadLetterRecord(message, robotId, reason, detail)));
        producer.send(record, () -> {
            metrics.deadLettered(reason);
            acknowledge(message, trace);
        }, error -> {
            // Retrying cannot fix this and holding the message would block its slot forever.
            LOG.atError().addKeyValue("reason", reason).addKeyValue("topic", message.topic())
                    .addKeyValue("error", error.toString()).log("dead letter rejected by Kafka, input dropped");
            acknowledge(message, trace);
        });
    }

    private DeadLetterRecord deadLetterRecord(IncomingMessage message, String robotId, RejectReason reason,
            String detail) {
        byte[] original = message.payload();
        String fullDetail = detail;
        if (original.length > deadLetter.maxOriginalBytes()) {
            fullDetail = detail + " (original payload truncated to " + deadLetter.maxOriginalBytes() + " of "
                    + original.length + " bytes)";
            original = Arrays.copyOf(original, deadLetter.maxOriginalBytes());
        }
        return DeadLetterRecord.newBuilder()
                .setOriginalBytes(ByteBuffer.wrap(original))
                .setSourceKind(DeadLetterSource.MQTT)
                .setSourceTopic(message.topic())
                .setReasonCode(reason.name())
                .setReasonDetail(fullDetail)
                .setFailedAt(clock.instant())
                .setRobotId(robotId)
                .setHeaders(Map.copyOf(message.userProperties()))
                .build();
    }

    private void acknowledge(IncomingMessage message, MessageTrace trace) {
        message.acknowledge().run();
        metrics.acknowledged(message.receivedNanos());
        window.release();
        trace.acknowledged();
    }

    /** Gives the slot back without acknowledging: the broker redelivers the message to the next session. */
    private void abandon(MessageTrace trace) {
        window.release();
        trace.abandoned();
    }

    /** Collects the confirmations of the records one message turned into. */
    private final class Delivery {
        private final IncomingMessage message;
        private final MessageTrace trace;
        private final Route route;
        private final String robotId;
        private final int records;
        private final AtomicInteger pending;
        private final AtomicReference<Exception> rejection = new AtomicReference<>();

        Delivery(IncomingMessage message, MessageTrace trace, Route route, String robotId, int records) {
            this.message = message;
            this.trace = trace;
            this.route = route;
            this.robotId = robotId;
            this.records = records;
            this.pending = new AtomicInteger(records);
        }

        void recordConfirmed() {
            if (pending.decrementAndGet() == 0) {
                complete();
            }
        }

        void recordRejected(Exception error) {
            rejection.compareAndSet(null, error);
            recordConfirmed();
        }

        private void complete() {
            Exception error = rejection.get();
            if (error != null) {
                deadLetter(message, trace, robotId, RejectReason.KAFKA_REJECTED, error.toString());
                return;
            }
            metrics.recordsOut(route.payload().configName(), records);
            acknowledge(message, trace);
        }
    }
}
