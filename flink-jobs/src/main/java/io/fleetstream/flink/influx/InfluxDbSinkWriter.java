package io.fleetstream.flink.influx;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects points into batches on the task thread and hands full batches to one sender thread, so the task keeps
 * processing while a batch is on the wire. Accepted-but-unwritten points are bounded by a semaphore: when the
 * bound is reached {@link #write} blocks, which is how a slow InfluxDB back-pressures the job. A processing-time
 * timer (run on the task's mailbox thread, like {@link #write}) hands over a partial batch once it is as old as the
 * flush interval; {@link #flush} (called before every checkpoint and at end of input)
 * hands over the open batch and waits until everything is written, so a completed checkpoint implies that all
 * points before it are in InfluxDB.
 */
final class InfluxDbSinkWriter implements SinkWriter<InfluxPoint> {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxDbSinkWriter.class);

    private final InfluxDB influx;
    private final String database;
    private final InfluxWriterSettings settings;
    private final ProcessingTimeService timers;
    private final Semaphore capacity;
    private final ExecutorService sender;
    private final Deque<Future<?>> inFlight = new ArrayDeque<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Counter pointsWritten;
    private final Counter pointsRejected;
    private final Counter writeRetries;
    private final Counter writeRequests;

    private List<InfluxPoint> batch;
    private long batchOpenedAt;
    private boolean flushTimerPending;
    private boolean closed;

    InfluxDbSinkWriter(InfluxDB influx, InfluxSchema schema, InfluxWriterSettings settings,
            ProcessingTimeService timers, SinkWriterMetricGroup metrics) {
        this.influx = influx;
        this.database = schema.database();
        this.settings = settings;
        this.timers = timers;
        this.capacity = new Semaphore(settings.maxBufferedPoints());
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "influxdb-sink-sender");
            t.setDaemon(true);
            return t;
        });
        this.batch = new ArrayList<>(settings.batchSize());
        this.pointsWritten = metrics.getNumRecordsSendCounter();
        this.pointsRejected = metrics.getNumRecordsSendErrorsCounter();
        this.writeRetries = metrics.counter("writeRetries");
        // With numRecordsSend, gives the points per request: how well batching amortises writes.
        this.writeRequests = metrics.counter("writeRequests");
        metrics.gauge("bufferedPoints", this::bufferedPoints);
        schema.ensure(influx);
    }

    @Override
    public void write(InfluxPoint point, Context context) throws IOException, InterruptedException {
        rethrowFailure();
        capacity.acquire();
        if (batch.isEmpty()) {
            batchOpenedAt = timers.getCurrentProcessingTime();
            if (!flushTimerPending) {
                scheduleFlushTimer(batchOpenedAt + settings.flushInterval().toMillis());
            }
        }
        batch.add(point);
        if (batch.size() >= settings.batchSize()) {
            handOver();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        handOver();
        while (!inFlight.isEmpty()) {
            try {
                inFlight.peekFirst().get();
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
            inFlight.removeFirst();
        }
        rethrowFailure();
    }

    private void handOver() {
        if (batch.isEmpty()) {
            return;
        }
        List<InfluxPoint> full = batch;
        batch = new ArrayList<>(settings.batchSize());
        inFlight.addLast(sender.submit(() -> send(full)));
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            inFlight.removeFirst();
        }
    }

    private void send(List<InfluxPoint> points) {
        try {
            Map<String, List<String>> linesByPolicy = new LinkedHashMap<>();
            for (InfluxPoint p : points) {
                linesByPolicy.computeIfAbsent(p.retentionPolicy, rp -> new ArrayList<>()).add(p.line);
            }
            for (Map.Entry<String, List<String>> lines : linesByPolicy.entrySet()) {
                writeWithRetries(lines.getKey(), lines.getValue());
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            capacity.release(points.size());
        }
    }

    private void writeWithRetries(String retentionPolicy, List<String> lines) throws InterruptedException {
        long backoff = settings.initialBackoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                influx.write(database, retentionPolicy, InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
                pointsWritten.inc(lines.size());
                writeRequests.inc();
                return;
            } catch (InfluxDBException e) {
                if (isRejectionOfSomePoints(e)) {
                    // InfluxDB stored the valid points of the batch; resending cannot fix the others.
                    pointsRejected.inc();
                    LOG.warn("InfluxDB rejected points of a batch of {} to {}.{}: {}", lines.size(), database,
                            retentionPolicy, e.getMessage());
                    return;
                }
                if (!e.isRetryWorth() || attempt >= settings.maxRetries()) {
                    throw e;
                }
                writeRetries.inc();
                LOG.warn("Write of {} points to InfluxDB failed (attempt {}), retrying in {} ms: {}", lines.size(),
                        attempt + 1, backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
            }
        }
    }

    private static boolean isRejectionOfSomePoints(InfluxDBException e) {
        return e instanceof InfluxDBException.FieldTypeConflictException
                || e instanceof InfluxDBException.PointsBeyondRetentionPolicyException
                || e instanceof InfluxDBException.UnableToParseException;
    }

    /** One timer at a time, due when the open batch reaches the flush interval: no batch waits longer. */
    private void scheduleFlushTimer(long due) {
        flushTimerPending = true;
        timers.registerTimer(due, this::onFlushTimer);
    }

    private void onFlushTimer(long now) {
        flushTimerPending = false;
        if (closed || batch.isEmpty()) {
            return;
        }
        long due = batchOpenedAt + settings.flushInterval().toMillis();
        if (now >= due) {
            handOver();
        } else {
            // The batch this timer was set for was handed over when full; a younger one is open now.
            scheduleFlushTimer(due);
        }
    }

    /** Points accepted by {@link #write} and not yet written (open batch and batches in flight). */
    int bufferedPoints() {
        return settings.maxBufferedPoints() - capacity.availablePermits();
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure.get();
        if (t != null) {
            throw new IOException("Writing to InfluxDB database " + database + " failed", t);
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        sender.shutdownNow();
        sender.awaitTermination(settings.maxBackoff().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        influx.close();
    }
}
