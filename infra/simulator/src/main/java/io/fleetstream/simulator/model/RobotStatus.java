package io.fleetstream.simulator.model;

/** The {@code status} field of a telemetry sample. */
public enum RobotStatus {
    ACTIVE, IDLE, CHARGING, ERROR
}
