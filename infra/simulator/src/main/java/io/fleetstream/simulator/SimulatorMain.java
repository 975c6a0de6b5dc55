package io.fleetstream.simulator;

import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.common.ops.OpsServer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the fleet simulator standalone until stopped (Ctrl-C) or for {@code sim.run-for}, printing one summary line
 * per {@code sim.summary-interval}. Arguments of the form {@code key=value} override configuration keys
 * ({@code sim.robots=5 sim.faults=robot-0003:dropout@10s+20s}).
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "fleetstream-simulator-logback.xml");
        }
        SimulatorConfig config;
        try {
            config = SimulatorConfig.load(overrides(args));
        } catch (RuntimeException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        FleetSimulator simulator;
        try {
            simulator = FleetSimulator.start(config);
        } catch (RuntimeException e) {
            System.err.println("simulator failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        OpsServer ops = config.ops().enabled() ? startOps(config.ops(), simulator) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("final: " + simulator.stats().summaryLine(null));
            if (ops != null) {
                ops.close();
            }
            stopped.countDown();
        }, "simulator-shutdown"));

        long intervalMs = config.summaryInterval().toMillis();
        long runForMs = config.runFor().toMillis();
        SimulatorStats previous = null;
        while (!stopped.await(intervalMs, TimeUnit.MILLISECONDS)) {
            SimulatorStats stats = simulator.stats();
            System.out.println(stats.summaryLine(previous));
            previous = stats;
            if (runForMs > 0 && stats.uptimeMs() >= runForMs) {
                break;
            }
        }
        System.exit(0);
    }

    private static OpsServer startOps(OpsSettings settings, FleetSimulator simulator) throws IOException {
        OpsServer ops = OpsServer.start(settings.host(), settings.port(), "fleetstream-simulator");
        SimulatorMeters.bind(ops.meterRegistry(), simulator);
        ops.livenessCheck("simulator", () -> HealthCheck.Result.up("running"));
        ops.readinessCheck("mqtt", () -> {
            SimulatorStats stats = simulator.stats();
            String detail = stats.connectedRobots() + "/" + stats.robots() + " robots connected";
            return stats.connectedRobots() > 0 ? HealthCheck.Result.up(detail) : HealthCheck.Result.down(detail);
        });
        return ops;
    }

    private static Map<String, String> overrides(String[] args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
            }
            overrides.put(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
        }
        return overrides;
    }
}
