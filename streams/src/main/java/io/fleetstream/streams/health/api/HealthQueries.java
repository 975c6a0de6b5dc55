package io.fleetstream.streams.health.api;

import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthScope;
import io.fleetstream.schemas.avro.RobotHealth;
import io.fleetstream.streams.health.FleetHealthTopology;
import io.fleetstream.streams.health.RobotHealthRecords;
import io.fleetstream.streams.health.state.RobotState;
import io.fleetstream.streams.health.state.SiteCounts;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the app's state stores. A key is answered from the local store only if this instance
 * hosts the active task of the key's partition (Kafka Streams' queryMetadataForKey); otherwise the owner is
 * named so the request can be forwarded to it.
 */
public final class HealthQueries {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LongSupplier wallClock;
    private final Serializer<String> keySerializer = new StringSerializer();

    public HealthQueries(KafkaStreams streams, HostInfo self, LongSupplier wallClock) {
        this.streams = streams;
        this.self = self;
        this.wallClock = wallClock;
    }

    public Lookup<RobotHealth> robot(String robotId) {
        return lookup(FleetHealthTopology.ROBOT_STORE, robotId, "robot " + robotId, (RobotState state) ->
                state.isKnown() ? RobotHealthRecords.health(robotId, state, wallClock.getAsLong()) : null);
    }

    public Lookup<FleetHealth> site(String site) {
        return lookup(FleetHealthTopology.SITE_STORE, site, "site " + site,
                (SiteCounts counts) -> counts.toFleetHealth(HealthScope.SITE, site));
    }

    public Lookup<FleetHealth> fleet() {
        return lookup(FleetHealthTopology.FLEET_STORE, Topics.WHOLE_FLEET_KEY, "fleet health",
                (SiteCounts counts) -> counts.toFleetHealth(HealthScope.FLEET, null));
    }

    private <V, T> Lookup<T> lookup(String store, String key, String what, Function<V, T> view) {
        try {
            KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, keySerializer);
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                return new Lookup.Unavailable<>("no instance hosts " + store + " yet (state " + streams.state() + ")");
            }
            if (!self.equals(owner.activeHost())) {
                return new Lookup.OwnedBy<>(owner.activeHost());
            }
            ReadOnlyKeyValueStore<String, V> local = streams.store(StoreQueryParameters
                    .fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())
                    .withPartition(owner.partition()));
            V value = local.get(key);
            T result = value == null ? null : view.apply(value);
            return result == null ? new Lookup.NotFound<>(what) : new Lookup.Found<>(result);
        } catch (StreamsException | IllegalStateException e) {
            return new Lookup.Unavailable<>(store + " is not queryable now: " + e.getMessage());
        }
    }
}
