package io.fleetstream.simulator.mqtt;

import java.time.Duration;

/**
 * How robots reach the broker. Sessions survive reconnects ({@code sessionExpiry}), so QoS 1 messages in flight
 * when a connection breaks are delivered after it comes back.
 *
 * @param maxInFlightPerRobot publishes awaiting PUBACK per robot beyond which new messages are dropped and counted,
 *                            bounding memory when the broker cannot keep up
 */
public record MqttSettings(String host, int port, TlsSettings tls, Duration keepAlive, Duration sessionExpiry,
                           Duration connectTimeout, int maxInFlightPerRobot) {

    public MqttSettings {
        if (host == null || host.isBlank() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("invalid MQTT broker address " + host + ":" + port);
        }
        if (maxInFlightPerRobot < 1) {
            throw new IllegalArgumentException("max in-flight per robot must be >= 1");
        }
    }

    public String address() {
        return host + ":" + port + (tls.enabled() ? " (TLS)" : "");
    }
}
