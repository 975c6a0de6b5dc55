package io.fleetstream.connectors.bridge;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces a record until Kafka confirms it. Failures that a later attempt can fix (broker down, leader moving,
 * delivery timeout, registry unreachable) are retried with exponential backoff for as long as the bridge runs,
 * because the MQTT message stays unacknowledged meanwhile and the broker holds everything behind it. Failures
 * no retry can fix (the record is too large, the topic name is invalid) are reported to the caller, which
 * dead-letters the input.
 */
final class ReliableProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReliableProducer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final Producer<String, SpecificRecord> producer;
    private final ScheduledExecutorService scheduler;
    private final Duration maxBackoff;
    private final BridgeMetrics metrics;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile String lastFailure = "";
    private volatile boolean closed;

    ReliableProducer(Producer<String, SpecificRecord> producer, ScheduledExecutorService scheduler,
            Duration maxBackoff, BridgeMetrics metrics) {
        this.producer = producer;
        this.scheduler = scheduler;
        this.maxBackoff = maxBackoff;
        this.metrics = metrics;
    }

    /**
     * Sends {@code record}; exactly one of the callbacks runs once, unless the producer is closed first (then the
     * record is abandoned and its MQTT message, never acknowledged, is redelivered to the next session).
     */
    void send(ProducerRecord<String, SpecificRecord> record, Runnable onSuccess, Consumer<Exception> onPermanentFailure) {
        attempt(record, onSuccess, onPermanentFailure, FIRST_BACKOFF);
    }

    private void attempt(ProducerRecord<String, SpecificRecord> record, Runnable onSuccess,
            Consumer<Exception> onPermanentFailure, Duration backoff) {
        if (closed) {
            return;
        }
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    if (consecutiveFailures.getAndSet(0) > 0) {
                        LOG.atInfo().addKeyValue("topic", record.topic()).log("Kafka accepts records again");
                    }
                    onSuccess.run();
                } else {
                    failed(record, error, onSuccess, onPermanentFailure, backoff);
                }
            });
        } catch (RuntimeException e) {
            failed(record, e, onSuccess, onPermanentFailure, backoff);
        }
    }

    private void failed(ProducerRecord<String, SpecificRecord> record, Exception error, Runnable onSuccess,
            Consumer<Exception> onPermanentFailure, Duration backoff) {
        if (closed) {
            return;
        }
        try {
            if (isPermanent(error)) {
                // Off the producer's I/O thread: the caller produces a dead letter, and a send from inside a
                // callback could wait for buffer memory only that thread frees.
                scheduler.execute(() -> onPermanentFailure.accept(error));
                return;
            }
            lastFailure = error.toString();
            metrics.kafkaRetry();
            retryLater(record, error, consecutiveFailures.incrementAndGet() == 1, onSuccess, onPermanentFailure,
                    backoff);
        } catch (RejectedExecutionException e) {
            // Shutting down: the unacknowledged MQTT message is redelivered to the next session.
        }
    }

    private void retryLater(ProducerRecord<String, SpecificRecord> record, Exception error, boolean firstFailure,
            Runnable onSuccess, Consumer<Exception> onPermanentFailure, Duration backoff) {
        // One warning per outage; every record of a stalled window fails the same way.
        (firstFailure ? LOG.atWarn() : LOG.atDebug()).addKeyValue("topic", record.topic()).addKeyValue("key", record.key())
                .addKeyValue("retryInMs", backoff.toMillis()).addKeyValue("error", error.toString())
                .log("Kafka send failed, retrying");
        Duration next = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        scheduler.schedule(() -> attempt(record, onSuccess, onPermanentFailure, next),
                backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean isPermanent(Throwable error) {
        return error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidTopicException;
    }

    /** Healthy while the last completed send succeeded (or none failed yet). */
    boolean healthy() {
        return consecutiveFailures.get() == 0;
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Stops retrying, then waits up to {@code timeout} for records already handed to Kafka. */
    void close(Duration timeout) {
        closed = true;
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
