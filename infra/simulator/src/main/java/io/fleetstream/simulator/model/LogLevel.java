package io.fleetstream.simulator.model;

/** Severity of a robot log line, as written in the {@code level} field. */
public enum LogLevel {
    INFO, WARN, ERROR
}
