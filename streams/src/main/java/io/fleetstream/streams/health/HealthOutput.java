package io.fleetstream.streams.health;

import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.streams.health.state.RobotSummary;

/** What the robot health processor emits; the topology routes each kind to its own topic or table. */
sealed interface HealthOutput {

    /** A robot's current health, for the compacted fleet.health.robot topic. */
    record Health(RobotHealth value) implements HealthOutput {
    }

    /** A change of a robot's level, for fleet.health.transitions. */
    record Transition(HealthTransition value) implements HealthOutput {
    }

    /** A change of what the site and fleet aggregates count for a robot. */
    record Summary(RobotSummary value) implements HealthOutput {
    }
}
