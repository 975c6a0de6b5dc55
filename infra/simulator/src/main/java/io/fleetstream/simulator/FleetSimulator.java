package io.fleetstream.simulator;

import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.simulator.credentials.CredentialsSource;
import io.fleetstream.simulator.generator.FleetModel;
import io.fleetstream.simulator.generator.FleetSettings;
import io.fleetstream.simulator.generator.MessageType;
import io.fleetstream.simulator.generator.RobotSimulation;
import io.fleetstream.simulator.model.RobotSpec;
import io.fleetstream.simulator.mqtt.PublishCounters;
import io.fleetstream.simulator.mqtt.RobotConnection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running fleet simulator: every robot connected with its own MQTT client, a single scheduler thread advancing
 * the {@link FleetModel} to wall-clock time every tick and handing due messages to the robots' asynchronous
 * clients (whose network I/O runs on the HiveMQ client's shared event loop).
 *
 * <pre>{@code
 * try (FleetSimulator simulator = FleetSimulator.start(SimulatorConfig.load(Map.of("sim.mqtt.port", port)))) {
 *     ... simulator.stats().summaryLine(previous) ...
 * }
 * }</pre>
 */
public final class FleetSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);
    private static final long DRAIN_TIMEOUT_MS = 5_000;

    private final SimulatorConfig config;
    private final FleetModel model;
    private final List<RobotConnection> connections;
    private final PublishCounters counters;
    private final ScheduledExecutorService scheduler;
    private final Tracing tracing;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledFuture<?> ticker;

    private FleetSimulator(SimulatorConfig config, FleetModel model, List<RobotConnection> connections,
                           PublishCounters counters, ScheduledExecutorService scheduler, Tracing tracing) {
        this.config = config;
        this.model = model;
        this.connections = connections;
        this.counters = counters;
        this.scheduler = scheduler;
        this.tracing = tracing;
    }

    /** Starts with the credentials configured in {@code config} (file or derived from a secret). */
    public static FleetSimulator start(SimulatorConfig config) {
        List<String> robotIds = config.fleet().robotSpecs().stream().map(RobotSpec::robotId).toList();
        return start(config, config.credentials().open(robotIds));
    }

    /**
     * Connects every robot (waiting up to the configured connect timeout), then starts publishing. Fails when no
     * robot could connect; robots whose first attempt failed keep retrying in the background.
     */
    public static FleetSimulator start(SimulatorConfig config, CredentialsSource credentials) {
        FleetSettings fleet = config.fleet();
        PublishCounters counters = new PublishCounters();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fleet-simulator");
            thread.setDaemon(true);
            return thread;
        });
        Tracing tracing = Tracing.start(config.tracing(), "fleetstream-simulator");
        List<RobotConnection> connections = new ArrayList<>();
        List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
        for (RobotSpec spec : fleet.robotSpecs()) {
            RobotConnection connection = RobotConnection.create(spec.robotId(), credentials.password(spec.robotId()),
                    config.mqtt(), counters, tracing);
            connections.add(connection);
            attempts.add(connection.start());
        }
        long connected = awaitFirstAttempts(attempts, config.mqtt().connectTimeout().toMillis());
        if (connected == 0) {
            connections.forEach(RobotConnection::stop);
            CompletableFuture.allOf(connections.stream().map(RobotConnection::disconnect)
                    .toArray(CompletableFuture[]::new)).join();
            scheduler.shutdownNow();
            tracing.close();
            throw new IllegalStateException("no robot could connect to the MQTT broker at "
                    + config.mqtt().address() + " (credentials: " + config.credentials() + ")");
        }
        if (connected < connections.size()) {
            LOG.warn("{} of {} robots connected to {}; the others keep retrying", connected, connections.size(),
                    config.mqtt().address());
        }
        FleetModel model = FleetModel.create(fleet, System.currentTimeMillis());
        LOG.info("simulating {} robots on {} (seed {}, {} Hz telemetry, faults {}) via {}", fleet.robots(),
                fleet.sites(), fleet.seed(), fleet.generator().telemetryHz(),
                fleet.faults().stream().map(f -> f.spec()).toList(), config.mqtt().address());
        FleetSimulator simulator = new FleetSimulator(config, model, connections, counters, scheduler, tracing);
        simulator.ticker = scheduler.scheduleAtFixedRate(simulator::tick, 0, config.tick().toMillis(),
                TimeUnit.MILLISECONDS);
        return simulator;
    }

    private static long awaitFirstAttempts(List<CompletableFuture<Boolean>> attempts, long timeoutMs) {
        try {
            CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new)).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("not every robot finished connecting within {} ms", timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return attempts.stream().filter(a -> a.getNow(false)).count();
    }

    private void tick() {
        long elapsedMs = System.currentTimeMillis() - model.startEpochMs();
        List<RobotSimulation> robots = model.robots();
        for (int i = 0; i < robots.size(); i++) {
            try {
                robots.get(i).advanceTo(elapsedMs, connections.get(i));
            } catch (RuntimeException e) {
                // one broken robot must not stop the fleet (an exception would cancel the periodic task)
                LOG.error("simulating {} failed", robots.get(i).robotId(), e);
            }
        }
    }

    /** The simulated fleet; payload timestamps are {@link FleetModel#startEpochMs()} + simulated time. */
    public FleetModel model() {
        return model;
    }

    public SimulatorConfig config() {
        return config;
    }

    public List<String> robotIds() {
        return model.robotIds();
    }

    public SimulatorStats stats() {
        return new SimulatorStats(System.currentTimeMillis() - model.startEpochMs(), connections.size(),
                (int) connections.stream().filter(RobotConnection::isConnected).count(),
                perType(counters::generated), perType(counters::published), perType(counters::failed), perType(counters::dropped),
                counters.publishedBytes(), connections.stream().mapToInt(RobotConnection::inFlight).sum(),
                counters.connectionFailures());
    }

    /**
     * Stops generating, waits (bounded) for outstanding PUBACKs, and disconnects every robot. Idempotent; safe to
     * call from a shutdown hook.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ticker.cancel(false);
        try {
            scheduler.submit(() -> connections.forEach(RobotConnection::stop)).get();
            long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MS;
            while (connections.stream().anyMatch(c -> c.inFlight() > 0) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            CompletableFuture.allOf(connections.stream().map(RobotConnection::disconnect)
                    .toArray(CompletableFuture[]::new)).get(DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("not every robot disconnected cleanly: {}", e.toString());
        } finally {
            scheduler.shutdownNow();
            tracing.close();
        }
        LOG.info("simulator stopped: {}", stats().summaryLine(null));
    }

    private static Map<MessageType, Long> perType(ToLongFunction<MessageType> counter) {
        Map<MessageType, Long> values = new EnumMap<>(MessageType.class);
        for (MessageType type : MessageType.values()) {
            values.put(type, counter.applyAsLong(type));
        }
        return values;
    }
}
