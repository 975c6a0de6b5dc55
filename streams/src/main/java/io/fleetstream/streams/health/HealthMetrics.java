package io.fleetstream.streams.health;

import io.fleetstream.schemas.avro.HealthLevel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The app's own Prometheus metrics. Robots per level are counted per stream task on every punctuation and
 * summed here, so each instance reports the robots whose state it owns and a sum over instances is the fleet.
 */
public final class HealthMetrics {

    private final MeterRegistry registry;
    private final Map<TaskId, int[]> robotsPerLevelByTask = new ConcurrentHashMap<>();
    private final Counter lateEvents;
    private final Counter restoredRecords;
    private final Map<HealthLevel, Counter> transitions = new EnumMap<>(HealthLevel.class);

    public HealthMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (HealthLevel level : HealthLevel.values()) {
            Gauge.builder("fleetstream.health.robots", this, metrics -> metrics.robots(level))
                    .description("Robots per health level in the state this instance owns")
                    .tag("level", level.name())
                    .register(registry);
            transitions.put(level, Counter.builder("fleetstream.health.transitions")
                    .description("Health level changes emitted, by new level")
                    .tag("to", level.name())
                    .register(registry));
        }
        lateEvents = Counter.builder("fleetstream.health.late.events")
                .description("Messages older than the rate window of their robot; they only prove liveness")
                .register(registry);
        restoredRecords = Counter.builder("fleetstream.health.restored.records")
                .description("State records restored from changelog topics")
                .register(registry);
    }

    void lateEvent() {
        lateEvents.increment();
    }

    void transition(HealthLevel to) {
        transitions.get(to).increment();
    }

    void robotsPerLevel(TaskId task, int[] countsByLevelOrdinal) {
        robotsPerLevelByTask.put(task, countsByLevelOrdinal.clone());
    }

    void forgetTask(TaskId task) {
        robotsPerLevelByTask.remove(task);
    }

    private double robots(HealthLevel level) {
        return robotsPerLevelByTask.values().stream().mapToInt(counts -> counts[level.ordinal()]).sum();
    }

    /** Approximate entries of each local store, as gauge fleetstream_health_store_entries{store}. */
    public void bindStoreSizes(KafkaStreams streams, Collection<String> storeNames) {
        for (String store : storeNames) {
            Gauge.builder("fleetstream.health.store.entries", streams, s -> approximateEntries(s, store))
                    .description("Approximate number of entries in the local partitions of a state store")
                    .tag("store", store)
                    .strongReference(true)
                    .register(registry);
        }
    }

    private static double approximateEntries(KafkaStreams streams, String store) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore())
                    .enableStaleStores()).approximateNumEntries();
        } catch (InvalidStateStoreException notQueryableNow) {
            return Double.NaN;
        }
    }

    /** Counts records restored from changelogs, e.g. after a restart with lost local state. */
    public StateRestoreListener restoreListener() {
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
                // progress is counted per batch
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset,
                    long numRestored) {
                restoredRecords.increment(numRestored);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                // progress is counted per batch
            }
        };
    }
}
