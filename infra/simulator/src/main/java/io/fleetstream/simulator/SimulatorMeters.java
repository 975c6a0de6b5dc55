package io.fleetstream.simulator;

import io.fleetstream.simulator.generator.MessageType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongBiFunction;

/** Exposes a running simulator's counters as Micrometer meters (scraped from the ops server's /metrics). */
final class SimulatorMeters {

    private SimulatorMeters() {
    }

    static void bind(MeterRegistry registry, FleetSimulator simulator) {
        for (MessageType type : MessageType.values()) {
            counter(registry, simulator, "fleetstream.simulator.published", "messages acknowledged by the broker",
                    type, SimulatorStats::published);
            counter(registry, simulator, "fleetstream.simulator.failed", "publishes that failed", type,
                    SimulatorStats::failed);
            counter(registry, simulator, "fleetstream.simulator.dropped", "messages never sent (back-pressure)",
                    type, (stats, t) -> stats.dropped().getOrDefault(t, 0L));
        }
        Gauge.builder("fleetstream.simulator.robots.connected", simulator, s -> s.stats().connectedRobots())
                .description("robots with an open MQTT connection").register(registry);
        Gauge.builder("fleetstream.simulator.inflight", simulator, s -> s.stats().inFlight())
                .description("publishes awaiting PUBACK").register(registry);
    }

    private static void counter(MeterRegistry registry, FleetSimulator simulator, String name, String description,
                                MessageType type, ToLongBiFunction<SimulatorStats, MessageType> value) {
        FunctionCounter.builder(name, simulator, s -> value.applyAsLong(s.stats(), type))
                .description(description)
                .tag("type", type.topicSuffix())
                .register(registry);
    }
}
