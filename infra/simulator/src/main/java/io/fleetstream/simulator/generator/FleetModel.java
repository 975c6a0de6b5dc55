package io.fleetstream.simulator.generator;

import io.fleetstream.simulator.model.SiteLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole simulated fleet without any transport: one {@link RobotSimulation} per robot, sharing a generated
 * {@link SiteLayout} per site. Used by the MQTT simulator, by benchmarks that need realistic payloads, and by tests.
 */
public final class FleetModel {

    private final long startEpochMs;
    private final List<RobotSimulation> robots;

    private FleetModel(long startEpochMs, List<RobotSimulation> robots) {
        this.startEpochMs = startEpochMs;
        this.robots = robots;
    }

    /** Builds the fleet; every payload's {@code ts} is {@code startEpochMs} plus the simulated elapsed time. */
    public static FleetModel create(FleetSettings settings, long startEpochMs) {
        Map<String, SiteLayout> layouts = new HashMap<>();
        GeneratorSettings generator = settings.generator();
        List<RobotSimulation> robots = settings.robotSpecs().stream().map(spec -> {
            SiteLayout layout = layouts.computeIfAbsent(spec.site(), site -> SiteLayout.generate(site,
                    settings.seed(), generator.siteWidthM(), generator.siteLengthM()));
            return new RobotSimulation(spec, layout, generator, settings.seed(),
                    settings.faults().stream().filter(f -> f.robotId().equals(spec.robotId())).toList(),
                    startEpochMs);
        }).toList();
        return new FleetModel(startEpochMs, robots);
    }

    public long startEpochMs() {
        return startEpochMs;
    }

    public List<RobotSimulation> robots() {
        return robots;
    }

    public List<String> robotIds() {
        return robots.stream().map(RobotSimulation::robotId).toList();
    }

    public RobotSimulation robot(String robotId) {
        return robots.stream().filter(r -> r.robotId().equals(robotId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no robot " + robotId + " in this fleet"));
    }

    /** Advances every robot to {@code elapsedMs}; each robot's output reaches the sink in time order. */
    public void advanceTo(long elapsedMs, RobotEventSink sink) {
        for (RobotSimulation robot : robots) {
            robot.advanceTo(elapsedMs, sink);
        }
    }
}
