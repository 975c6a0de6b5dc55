package io.fleetstream.platform;

/**
 * One service of the platform. {@link #start()} returns only once the service answers its readiness probe;
 * {@link #stop()} followed by {@link #start()} brings it back on the same ports with the same data.
 */
public interface ManagedService {

    ServiceKind kind();

    /** Starts the service and waits until it is ready. No-op when already running. */
    void start();

    /** Stops the service, keeping its data. No-op when not running. */
    void stop();

    boolean isRunning();

    /** Where to look when the service misbehaves: a log file, or a note that it logs through this JVM. */
    String logLocation();
}
