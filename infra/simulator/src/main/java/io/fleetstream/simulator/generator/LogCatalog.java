package io.fleetstream.simulator.generator;

import io.fleetstream.simulator.model.LogLevel;
import io.fleetstream.simulator.model.LogLine;
import io.fleetstream.simulator.model.Metric;
import io.fleetstream.simulator.model.RobotPhysics;
import io.fleetstream.simulator.random.DeterministicRandom;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Background log lines of a working robot, in realistic proportions (about 80% INFO, 15% WARN, 5% ERROR) from the
 * usual subsystems (nav, motor, battery, lidar, system), with values drawn from the robot's current state.
 */
final class LogCatalog {

    private record Template(String source, BiFunction<DeterministicRandom, RobotPhysics, String> text) {
    }

    private static final double[] LEVEL_WEIGHTS = {0.80, 0.15, 0.05};

    private static final List<Template> INFO = List.of(
            new Template("nav", (r, p) -> f("localization converged, confidence %.2f", r.uniform(0.90, 0.99))),
            new Template("nav", (r, p) -> f("pose (%.1f, %.1f), heading %.0f deg", p.value(Metric.POS_X),
                    p.value(Metric.POS_Y), Math.toDegrees(p.heading()))),
            new Template("motor", (r, p) -> f("motor controller %s, winding temperature %.1f C",
                    p.value(Metric.MOTOR_TEMP_C) < RobotPhysics.MOTOR_WARN_C ? "nominal" : "running hot",
                    p.value(Metric.MOTOR_TEMP_C))),
            new Template("motor", (r, p) -> f("wheel odometry drift %.1f cm over the last 100 m", r.uniform(0.5, 4))),
            new Template("battery", (r, p) -> f("battery %.1f%%, pack voltage %.1f V", p.value(Metric.BATTERY_PCT),
                    44 + 10 * p.value(Metric.BATTERY_PCT) / 100)),
            new Template("lidar", (r, p) -> f("scan rate 10.0 Hz, %d returns per sweep", 1800 + r.nextInt(250))),
            new Template("system", (r, p) -> f("cpu %.0f%%, memory %d MB free", p.value(Metric.CPU_PCT),
                    900 + r.nextInt(700))));

    private static final List<Template> WARN = List.of(
            new Template("nav", (r, p) -> "path blocked, waiting for clearance"),
            new Template("nav", (r, p) -> f("localization confidence low (%.2f), slowing down", r.uniform(0.5, 0.7))),
            new Template("nav", (r, p) -> "goal unreachable, replanning"),
            new Template("motor", (r, p) -> f("motor current spike %.1f A on %s wheel", r.uniform(18, 30),
                    r.chance(0.5) ? "left" : "right")),
            new Template("motor", (r, p) -> "wheel slip detected, reducing acceleration"),
            new Template("battery", (r, p) -> f("cell voltage imbalance %d mV", 35 + r.nextInt(55))),
            new Template("lidar", (r, p) -> f("%d dropped frames in the last minute", 2 + r.nextInt(10))),
            new Template("lidar", (r, p) -> f("window contamination suspected, mean intensity down %d%%",
                    10 + r.nextInt(20))),
            new Template("system", (r, p) -> f("wifi signal weak (%d dBm)", -80 + r.nextInt(8))));

    private static final List<Template> ERROR = List.of(
            new Template("nav", (r, p) -> f("planner failed to find a path after %d attempts", 3 + r.nextInt(6))),
            new Template("motor", (r, p) -> f("motor driver fault 0x%04X, cleared by controller reset",
                    r.pick(List.of(0x2310, 0x3210, 0x4310, 0x5530)))),
            new Template("lidar", (r, p) -> "packet checksum mismatch, sweep discarded"),
            new Template("battery", (r, p) -> "BMS communication timeout, retrying"),
            new Template("system", (r, p) -> "perception node watchdog timeout, restarted"));

    private LogCatalog() {
    }

    static LogLine next(DeterministicRandom rng, RobotPhysics physics) {
        LogLevel level = LogLevel.values()[rng.weighted(LEVEL_WEIGHTS)];
        List<Template> templates = switch (level) {
            case INFO -> INFO;
            case WARN -> WARN;
            case ERROR -> ERROR;
        };
        Template template = rng.pick(templates);
        return new LogLine(level, template.source(), template.text().apply(rng, physics));
    }

    private static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
