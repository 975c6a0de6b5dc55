package io.fleetstream.simulator.model;

/** A log line a robot emits, before it is stamped with a time and a sequence number. */
public record LogLine(LogLevel level, String source, String message) {
}
