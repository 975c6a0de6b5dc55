package io.fleetstream.streams.health.api;

import org.apache.kafka.streams.state.HostInfo;

/** Outcome of looking a key up in the app's state: here, absent, owned by another instance, or not queryable now. */
public sealed interface Lookup<T> {

    record Found<T>(T value) implements Lookup<T> {
    }

    record NotFound<T>(String what) implements Lookup<T> {
    }

    record OwnedBy<T>(HostInfo owner) implements Lookup<T> {
    }

    record Unavailable<T>(String reason) implements Lookup<T> {
    }
}
