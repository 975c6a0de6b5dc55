package io.fleetstream.simulator.credentials;

/** Where each robot's MQTT password comes from; the username is always the robot id. */
@FunctionalInterface
public interface CredentialsSource {

    String password(String robotId);
}
