package io.fleetstream.launcher;

import com.typesafe.config.ConfigException;
import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.PlatformMain;
import io.fleetstream.platform.PlatformSettings;
import io.fleetstream.platform.PlatformStartException;
import io.fleetstream.platform.ServiceKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import sun.misc.Signal;

/**
 * {@code ./fleetstream run}: starts the local platform, then the whole pipeline on it ({@link LocalFleet}: fleet
 * health, the Flink jobs, the MQTT→Kafka bridge and a simulated fleet), then prints one summary line per second
 * until Ctrl-C (SIGINT), SIGTERM or the end of {@code launcher.duration}, then stops everything in reverse order
 * and exits. Arguments {@code section.key=value} configure the parts (for example
 * {@code sim.robots=50 launcher.jobs=fleet-health}, see {@link LauncherConfig}); platform ports and the work
 * directory come from {@code FLEETSTREAM_*} variables as for {@code PlatformMain}.
 *
 * <p>SIGINT and SIGTERM are handled here instead of starting the JVM's shutdown: the shutdown hooks of Flink's
 * MiniCluster and of the platform's child processes would otherwise run concurrently with the orderly stop and
 * pull the blob store and InfluxDB from under jobs that are still running. The hook remains for other exits.
 */
public final class LocalFleetMain {

    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    /** What has been started, closed in reverse order by the shutdown hook. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final PrintStream out = System.out;

    public static void main(String[] args) throws InterruptedException {
        Map<String, Object> settings;
        Optional<Duration> duration;
        try {
            settings = parseArguments(args);
            duration = LauncherConfig.of(settings, Map.of(), System.getenv()).runDuration();
        } catch (IllegalArgumentException | ConfigException e) {
            System.err.println("Invalid setting: " + e.getMessage());
            System.exit(2);
            return;
        }
        PlatformSettings platformSettings = PlatformSettings.fromEnvironment();
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, "io/fleetstream/launcher/launcher-logback.xml");
        }
        PlatformMain.configureLogging(platformSettings);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(new LocalFleetMain().run(platformSettings, settings, duration));
    }

    /** Runs until stopped or for {@code duration}, stops everything and returns the exit status. */
    private int run(PlatformSettings settings, Map<String, Object> fleetSettings, Optional<Duration> duration)
            throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "fleetstream-local-shutdown"));
        for (String signal : List.of("INT", "TERM")) {
            Signal.handle(new Signal(signal), s -> stopping.countDown());
        }
        Optional<LocalFleet> fleet;
        try {
            fleet = start(settings, fleetSettings);
        } catch (PlatformStartException e) {
            System.err.println(e.getMessage());
            stopAll();
            return 1;
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(LocalFleetMain.class).error("the local fleet failed to start", e);
            stopAll();
            return 1;
        }
        if (fleet.isPresent()) {
            printSummaries(fleet.get(), duration.map(d -> System.nanoTime() + d.toNanos()));
        }
        stopAll();
        return 0;
    }

    /** Starts the platform and the pipeline; empty when a signal came while the platform was starting. */
    private Optional<LocalFleet> start(PlatformSettings settings, Map<String, Object> fleetSettings) {
        LocalPlatform platform = settings.toBuilder().mqttAuthentication(true).build();
        started(platform);
        out.println("Starting the Fleetstream local platform in " + platform.workDir() + " ...");
        platform.start();
        if (stopping.getCount() == 0) {
            return Optional.empty();
        }
        out.println("Platform ready in " + platform.startupTime().orElseThrow().toMillis() + " ms:");
        out.println(platform.endpoints());
        if (platform.enabledServices().contains(ServiceKind.OBJECT_STORE)) {
            out.println("S3 secret key             " + platform.endpoints().s3SecretKey()
                    + " (generated for this run)");
        }
        OpsServer ops = started(PlatformMain.startOps(settings, platform, out));
        out.println("Starting the pipeline ...");
        LocalFleet fleet = started(LocalFleet.start(platform, ops, fleetSettings));
        fleet.fleetHealthUrl().ifPresent(url -> out.println("Fleet health API         " + url));
        fleet.flinkRestUrl().ifPresent(url -> out.println("Flink REST API           " + url));
        out.println("Simulated fleet running; Ctrl-C stops everything.");
        return Optional.of(fleet);
    }

    private synchronized <T extends AutoCloseable> T started(T resource) {
        started.push(resource);
        return resource;
    }

    private synchronized void stopAll() {
        stopping.countDown();
        if (started.isEmpty()) {
            return;
        }
        out.println("Stopping the simulator, the bridge, the jobs and the platform ...");
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                out.println("while stopping: " + e);
            }
        }
        out.println("Stopped.");
    }

    /** One line a second until a signal or the deadline ({@link System#nanoTime()}), if any. */
    private void printSummaries(LocalFleet fleet, Optional<Long> deadline) throws InterruptedException {
        FleetSummary previous = null;
        while (!stopping.await(1, TimeUnit.SECONDS)
                && deadline.map(d -> System.nanoTime() - d < 0).orElse(true)) {
            try {
                FleetSummary current = fleet.summary();
                out.println(current.line(previous));
                previous = current;
            } catch (RuntimeException e) {
                // A service that is slow to answer (or gone) costs one line, not the run.
                out.println("summary unavailable: " + e.getMessage());
            }
        }
    }

    static Map<String, Object> parseArguments(String[] args) {
        Map<String, Object> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected <section>.<key>=<value>, got '" + arg + "'");
            }
            LauncherConfig.checkKey(arg.substring(0, eq));
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return settings;
    }
}
