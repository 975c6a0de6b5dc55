package io.fleetstream.simulator.generator;

import io.fleetstream.simulator.model.Fault;
import io.fleetstream.simulator.model.RobotSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Collectors;

/**
 * The simulated fleet: how many robots ({@code robot-0001} ... ), spread round-robin over the sites, the seed that
 * makes every payload reproducible, what each robot generates, and the injected faults.
 */
public record FleetSettings(int robots, List<String> sites, long seed, GeneratorSettings generator,
                            List<Fault> faults) {

    public FleetSettings {
        if (robots < 1 || robots > 9999) {
            throw new IllegalArgumentException("robots must be in [1, 9999]: " + robots);
        }
        if (sites.isEmpty() || sites.stream().anyMatch(s -> s.isBlank() || s.contains("/"))) {
            throw new IllegalArgumentException("sites must be non-empty names without '/': " + sites);
        }
        sites = List.copyOf(sites);
        faults = List.copyOf(faults);
        Set<String> ids = robotIds(robots);
        List<String> unknown = faults.stream().map(Fault::robotId).filter(id -> !ids.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("faults name robots outside the fleet of " + robots + ": " + unknown);
        }
    }

    public static FleetSettings of(int robots, long seed) {
        return new FleetSettings(robots, List.of("site-a", "site-b"), seed, GeneratorSettings.defaults(), List.of());
    }

    public FleetSettings withGenerator(GeneratorSettings settings) {
        return new FleetSettings(robots, sites, seed, settings, faults);
    }

    public FleetSettings withFaults(List<Fault> newFaults) {
        return new FleetSettings(robots, sites, seed, generator, newFaults);
    }

    public List<RobotSpec> robotSpecs() {
        List<RobotSpec> specs = new ArrayList<>(robots);
        for (int i = 0; i < robots; i++) {
            specs.add(new RobotSpec(RobotSpec.idOf(i + 1), sites.get(i % sites.size()), i / sites.size()));
        }
        return specs;
    }

    private static Set<String> robotIds(int robots) {
        return IntStream.rangeClosed(1, robots).mapToObj(RobotSpec::idOf)
                .collect(Collectors.toSet());
    }
}
