package io.fleetstream.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start/stop bookkeeping shared by every service: start, then poll a real readiness probe until it answers,
 * the service dies, or the timeout passes; on failure the half-started service is stopped again.
 */
public abstract class AbstractManagedService implements ManagedService {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractManagedService.class);
    private static final long POLL_INTERVAL_MS = 100;

    private final Duration readyTimeout;
    private boolean running;

    protected AbstractManagedService(Duration readyTimeout) {
        this.readyTimeout = readyTimeout;
    }

    /** Launches the service; may return before it is ready. */
    protected abstract void doStart() throws Exception;

    /** One readiness probe; {@code false} or an exception means not ready yet. */
    protected abstract boolean isReady() throws Exception;

    /** Names the readiness probe for error messages, e.g. "GET http://127.0.0.1:9000/health/ready". */
    protected abstract String readinessProbe();

    protected abstract void doStop() throws Exception;

    /** Why the service can no longer become ready (e.g. its process exited), if it is known to be dead. */
    protected Optional<String> deathReason() {
        return Optional.empty();
    }

    @Override
    public final synchronized void start() {
        if (running) {
            return;
        }
        long startedAt = System.nanoTime();
        try {
            running = true;
            doStart();
            awaitReady(startedAt);
        } catch (RuntimeException | Error e) {
            stopQuietly();
            throw e instanceof PlatformStartException ? (PlatformStartException) e : failure("failed to start", e);
        } catch (Exception e) {
            stopQuietly();
            throw failure("failed to start", e);
        }
        LOG.info("{} ready in {} ms", kind().displayName(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    }

    private void awaitReady(long startedAt) throws InterruptedException {
        long deadline = startedAt + readyTimeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            Optional<String> death = deathReason();
            if (death.isPresent()) {
                throw new PlatformStartException(kind().displayName() + " died before it became ready: "
                        + death.get() + "; see " + logLocation());
            }
            try {
                if (isReady()) {
                    return;
                }
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                String last = lastFailure == null ? "" : " (last probe failure: " + lastFailure + ")";
                throw new PlatformStartException(kind().displayName() + " was not ready within "
                        + describe(readyTimeout) + ": " + readinessProbe() + " did not succeed" + last
                        + "; see " + logLocation());
            }
            Thread.sleep(POLL_INTERVAL_MS);
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private PlatformStartException failure(String what, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new PlatformStartException(kind().displayName() + " " + what + ": " + cause + "; see " + logLocation(),
                cause);
    }

    @Override
    public final synchronized void stop() {
        if (!running) {
            return;
        }
        try {
            doStop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("{} did not stop cleanly; see {}", kind().displayName(), logLocation(), e);
        } finally {
            running = false;
        }
    }

    private void stopQuietly() {
        try {
            doStop();
        } catch (Exception | Error e) {
            LOG.debug("Cleanup after failed start of {} failed", kind().displayName(), e);
        } finally {
            running = false;
        }
    }

    @Override
    public final synchronized boolean isRunning() {
        return running;
    }
}
