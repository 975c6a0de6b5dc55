package io.fleetstream.streams.health;

import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.HealthScope;
import io.fleetstream.streams.health.state.RobotState;
import io.fleetstream.streams.health.state.RobotSummary;
import io.fleetstream.streams.health.state.SiteCounts;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The fleet health topology:
 *
 * <pre>
 * robots.telemetry, robots.heartbeats, robots.logs, fleet.anomalies
 *   -> robot-health processor (store robot-health-state, wall-clock punctuation)
 *        -> fleet.health.robot (compacted)      -> fleet.health.transitions
 *        -> robot summaries table -> group by site -> site-health store -> fleet.health.site (key = site)
 *                                               -> group by "_fleet" -> fleet-health store -> fleet.health.site
 * </pre>
 *
 * All input topics are keyed by robot id with the same partition count, so the processor sees every message of a
 * robot in one task without repartitioning. Only the small summaries are repartitioned, by site.
 */
public final class FleetHealthTopology {

    /** Per-robot state, keyed by robot id. */
    public static final String ROBOT_STORE = "robot-health-state";
    /** Robot counts per site, keyed by site id. */
    public static final String SITE_STORE = "site-health";
    /** Robot counts of the whole fleet, one entry with key {@link Topics#WHOLE_FLEET_KEY}. */
    public static final String FLEET_STORE = "fleet-health";
    static final String SUMMARY_STORE = "robot-summary";

    /** Every store, for metrics. */
    public static final List<String> STORES = List.of(ROBOT_STORE, SUMMARY_STORE, SITE_STORE, FLEET_STORE);

    private FleetHealthTopology() {
    }

    /** The topology without tracing. */
    public static Topology build(HealthRules rules, HealthSerdes serdes, HealthMetrics metrics) {
        return build(rules, serdes, metrics, Tracing.disabled());
    }

    public static Topology build(HealthRules rules, HealthSerdes serdes, HealthMetrics metrics, Tracing tracing) {
        HealthTracing health = new HealthTracing(tracing);
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROBOT_STORE), keys,
                RobotState.serde(rules.stateLayout())).withCachingEnabled());

        KStream<String, SpecificRecord> inputs = source(builder, Topics.TELEMETRY, serdes.telemetry())
                .merge(source(builder, Topics.HEARTBEATS, serdes.heartbeats()), Named.as("merge-heartbeats"))
                .merge(source(builder, Topics.LOGS, serdes.logs()), Named.as("merge-logs"))
                .merge(source(builder, Topics.FLEET_ANOMALIES, serdes.anomalies()), Named.as("merge-anomalies"));

        Map<String, KStream<String, HealthOutput>> outputs = inputs
                .process(() -> new RobotHealthProcessor(rules, metrics, health), Named.as("robot-health"), ROBOT_STORE)
                .split(Named.as("output-"))
                .branch((robot, out) -> out instanceof HealthOutput.Health, Branched.as("health"))
                .branch((robot, out) -> out instanceof HealthOutput.Transition, Branched.as("transition"))
                .defaultBranch(Branched.as("summary"));

        outputs.get("output-health")
                .mapValues(out -> ((HealthOutput.Health) out).value(), Named.as("robot-health-record"))
                .to(Topics.FLEET_HEALTH_ROBOT, Produced.with(keys, serdes.robotHealth()).withName("robot-health-sink"));
        outputs.get("output-transition")
                .mapValues(out -> ((HealthOutput.Transition) out).value(), Named.as("transition-record"))
                .to(Topics.FLEET_HEALTH_TRANSITIONS,
                        Produced.with(keys, serdes.transitions()).withName("transition-sink"));

        Serde<RobotSummary> summarySerde = RobotSummary.serde();
        Serde<SiteCounts> countsSerde = SiteCounts.serde();
        KTable<String, RobotSummary> summaries = outputs.get("output-summary")
                .mapValues(out -> ((HealthOutput.Summary) out).value(), Named.as("summary-record"))
                .toTable(Named.as("robot-summaries"), Materialized.<String, RobotSummary, KeyValueStore<Bytes, byte[]>>as(
                        SUMMARY_STORE).withKeySerde(keys).withValueSerde(summarySerde));

        KTable<String, SiteCounts> sites = summaries
                .groupBy((robot, summary) -> KeyValue.pair(summary.site(), summary),
                        Grouped.with("summaries-by-site", keys, summarySerde))
                .aggregate(SiteCounts::empty,
                        (site, summary, counts) -> counts.add(summary),
                        (site, summary, counts) -> counts.remove(summary),
                        Named.as("site-counts"),
                        Materialized.<String, SiteCounts, KeyValueStore<Bytes, byte[]>>as(SITE_STORE)
                                .withKeySerde(keys).withValueSerde(countsSerde));
        sites.toStream(Named.as("site-updates"))
                .mapValues((site, counts) -> counts.toFleetHealth(HealthScope.SITE, site), Named.as("site-record"))
                .to(Topics.FLEET_HEALTH_SITE, Produced.with(keys, serdes.siteHealth()).withName("site-health-sink"));

        sites.groupBy((site, counts) -> KeyValue.pair(Topics.WHOLE_FLEET_KEY, counts),
                        Grouped.with("sites-to-fleet", keys, countsSerde))
                .aggregate(SiteCounts::empty,
                        (fleet, counts, total) -> total.plus(counts),
                        (fleet, counts, total) -> total.minus(counts),
                        Named.as("fleet-counts"),
                        Materialized.<String, SiteCounts, KeyValueStore<Bytes, byte[]>>as(FLEET_STORE)
                                .withKeySerde(keys).withValueSerde(countsSerde))
                .toStream(Named.as("fleet-updates"))
                .mapValues(counts -> counts.toFleetHealth(HealthScope.FLEET, null), Named.as("fleet-record"))
                .to(Topics.FLEET_HEALTH_SITE, Produced.with(keys, serdes.siteHealth()).withName("fleet-health-sink"));

        return builder.build();
    }

    /**
     * A source whose values are seen as {@link SpecificRecord}, so the four inputs can be merged into the one
     * processor. The serde is only used to deserialize, and its deserializer yields exactly type T.
     */
    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> KStream<String, SpecificRecord> source(StreamsBuilder builder,
            String topic, Serde<T> serde) {
        return builder.stream(topic, Consumed.with(Serdes.String(), (Serde<SpecificRecord>) (Serde<?>) serde)
                .withName(topic + "-source"));
    }
}
