package io.fleetstream.connectors.bridge;

import java.time.Instant;

/** The fields every robot message carries, validated: who sent it, in which order, and when it happened. */
record Envelope(String robotId, String site, long seq, Instant eventTime) {
}
