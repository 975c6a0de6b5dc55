package io.fleetstream.connectors.bridge;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounds the MQTT messages the bridge holds unacknowledged. When it is full the receiving threads wait, the broker's
 * receive-maximum window fills up and the broker queues further messages in the persistent session instead of
 * pushing them into the bridge's memory.
 */
final class InFlightWindow {

    private static final long POLL_MILLIS = 100;

    private final int capacity;
    private final Semaphore permits;
    private final BridgeMetrics metrics;

    InFlightWindow(int capacity, BridgeMetrics metrics) {
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
        this.metrics = metrics;
    }

    /** Takes a slot, waiting while the window is full; false when {@code giveUp} turned true meanwhile. */
    boolean acquire(BooleanSupplier giveUp) throws InterruptedException {
        while (!permits.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
        }
        metrics.inFlightChanged(1);
        return true;
    }

    void release() {
        metrics.inFlightChanged(-1);
        permits.release();
    }

    int inFlight() {
        return capacity - permits.availablePermits();
    }

    /** Waits until every slot is free again; false if {@code timeout} passed first. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        if (!permits.tryAcquire(capacity, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        permits.release(capacity);
        return true;
    }
}
