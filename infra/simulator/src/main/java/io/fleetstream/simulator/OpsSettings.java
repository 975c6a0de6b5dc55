package io.fleetstream.simulator;

/** Where the standalone simulator serves /health, /ready and /metrics. */
public record OpsSettings(boolean enabled, String host, int port) {
}
