package io.fleetstream.launcher;

import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.PlatformMain;
import io.fleetstream.platform.PlatformSettings;
import io.fleetstream.platform.PlatformStartException;
import io.fleetstream.platform.ServiceKind;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code ./fleetstream run}: starts the local platform, the MQTT→Kafka bridge and a simulated fleet, then prints
 * one summary line per second until Ctrl-C, which stops everything. Arguments {@code sim.key=value} configure the
 * simulator (for example {@code sim.robots=50 sim.telemetry-hz=5}); platform ports and the work directory come
 * from {@code FLEETSTREAM_*} variables as for {@code PlatformMain}.
 */
public final class LocalFleetMain {

    private LocalFleetMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        Map<String, Object> simulatorOverrides = parseArguments(args);
        PlatformSettings settings = PlatformSettings.fromEnvironment();
        PlatformMain.configureLogging(settings);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        LocalPlatform platform = settings.toBuilder().mqttAuthentication(true).build();
        CountDownLatch stopping = new CountDownLatch(1);
        LocalFleet[] fleet = new LocalFleet[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.countDown();
            out.println("Stopping the simulator, the bridge and the platform ...");
            if (fleet[0] != null) {
                fleet[0].close();
            }
            platform.close();
            out.println("Stopped.");
        }, "fleetstream-local-shutdown"));

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
        fleet[0] = LocalFleet.start(platform, simulatorOverrides);
        out.println("Bridge ops endpoint       " + fleet[0].bridgeOpsUrl() + "/(health|ready|metrics)");
        out.println("Simulated fleet running; Ctrl-C stops everything.");
        printSummaries(fleet[0], out, stopping);
    }

    private static void printSummaries(LocalFleet fleet, PrintStream out, CountDownLatch stopping)
            throws InterruptedException {
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
        Map<String, Object> overrides = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0 || !arg.startsWith("sim.")) {
                throw new IllegalArgumentException("expected sim.<key>=<value>, got '" + arg + "'");
            }
            overrides.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return overrides;
    }
}
