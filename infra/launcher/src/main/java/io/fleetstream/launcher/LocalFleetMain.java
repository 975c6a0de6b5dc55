package io.fleetstream.launcher;

import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.PlatformMain;
import io.fleetstream.platform.PlatformSettings;
import io.fleetstream.platform.PlatformStartException;
import io.fleetstream.platform.ServiceKind;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code ./fleetstream run}: starts the local platform, then the whole pipeline on it ({@link LocalFleet}: fleet
 * health, the Flink jobs, the MQTT→Kafka bridge and a simulated fleet), then prints one summary line per second
 * until Ctrl-C, which stops everything in reverse order. Arguments {@code section.key=value} configure the parts
 * (for example {@code sim.robots=50 launcher.jobs=fleet-health}, see {@link LauncherConfig}); platform ports and
 * the work directory come from {@code FLEETSTREAM_*} variables as for {@code PlatformMain}.
 */
public final class LocalFleetMain {

    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    /** What has been started, closed in reverse order by the shutdown hook. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final PrintStream out = System.out;

    public static void main(String[] args) throws InterruptedException {
        Map<String, Object> settings = parseArguments(args);
        PlatformSettings platformSettings = PlatformSettings.fromEnvironment();
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, "io/fleetstream/launcher/launcher-logback.xml");
        }
        PlatformMain.configureLogging(platformSettings);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        new LocalFleetMain().run(platformSettings, settings);
    }

    private void run(PlatformSettings settings, Map<String, Object> fleetSettings) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "fleetstream-local-shutdown"));
        LocalPlatform platform = settings.toBuilder().mqttAuthentication(true).build();
        started(platform);
        out.println("Starting the Fleetstream local platform in " + platform.workDir() + " ...");
        try {
            platform.start();
        } catch (PlatformStartException e) {
            System.err.println(e.getMessage());
            System.exit(1);
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
        printSummaries(fleet);
    }

    private synchronized <T extends AutoCloseable> T started(T resource) {
        started.push(resource);
        return resource;
    }

    private synchronized void stopAll() {
        stopping.countDown();
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

    private void printSummaries(LocalFleet fleet) throws InterruptedException {
        FleetSummary previous = null;
        while (!stopping.await(1, TimeUnit.SECONDS)) {
            try {
                FleetSummary current = fleet.summary();
                out.println(current.line(previous));
                previous = current;
            } catch (IllegalStateException e) {
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
