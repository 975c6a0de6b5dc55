package io.fleetstream.simulator.generator;

/** Receives what a {@link RobotSimulation} produces, in simulated-time order. */
@FunctionalInterface
public interface RobotEventSink {

    void publish(OutboundMessage message);

    /** The robot lost ({@code online == false}) or regained its network connection (dropout fault). */
    default void connectivityChanged(String robotId, boolean online) {
    }
}
