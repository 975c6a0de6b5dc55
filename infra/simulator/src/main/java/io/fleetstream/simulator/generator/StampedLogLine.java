package io.fleetstream.simulator.generator;

import io.fleetstream.simulator.model.LogLine;

/** A log line with its per-robot sequence number and event time, ready to be written as JSON. */
record StampedLogLine(long seq, long ts, LogLine line) {
}
