package io.fleetstream.streams.health;

import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.fleetstream.streams.health.HealthEvaluator.Assessment;
import io.fleetstream.streams.health.state.RobotState;
import io.fleetstream.streams.health.state.RobotSummary;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps one {@link RobotState} per robot from its telemetry, heartbeats, logs and anomalies, and emits the
 * robot's health, its level transitions and its aggregate summary.
 *
 * <p>A wall-clock punctuation turns robots that stopped sending into OFFLINE without waiting for their next
 * message, expires recent anomalies, publishes state changes held back by the publish interval, and counts
 * robots per level. Level changes are published at once; other changes at most once per publish interval.
 * Each input record is one span ({@link HealthTracing}); what it causes carries that span's context.
 */
final class RobotHealthProcessor implements Processor<String, SpecificRecord, String, HealthOutput> {

    private final HealthRules rules;
    private final HealthEvaluator evaluator;
    private final HealthMetrics metrics;
    private final long publishIntervalMillis;
    private final long anomalyWindowMillis;
    private final HealthTracing tracing;
    /** The span of the input record being processed; the invalid span in punctuations. */
    private Span cause = Span.getInvalid();
    private ProcessorContext<String, HealthOutput> context;
    private KeyValueStore<String, RobotState> store;

    RobotHealthProcessor(HealthRules rules, HealthMetrics metrics, HealthTracing tracing) {
        this.rules = rules;
        this.tracing = tracing;
        this.evaluator = new HealthEvaluator(rules);
        this.metrics = metrics;
        this.publishIntervalMillis = rules.publishInterval().toMillis();
        this.anomalyWindowMillis = rules.anomalyRecentWindow().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, HealthOutput> context) {
        this.context = context;
        this.store = context.getStateStore(FleetHealthTopology.ROBOT_STORE);
        context.schedule(rules.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value == null) {
            return; // a tombstone carries no signal
        }
        cause = tracing.start(record, context.recordMetadata());
        try {
            update(record.key(), value);
        } catch (RuntimeException e) {
            cause.setStatus(StatusCode.ERROR, e.toString());
            throw e;
        } finally {
            cause.end();
            cause = Span.getInvalid();
        }
    }

    private void update(String key, SpecificRecord value) {
        String robotId = validRobotId(key, value);
        long now = context.currentSystemTimeMs();
        RobotState state = store.get(robotId);
        if (state == null) {
            state = new RobotState(rules.stateLayout());
        }
        if (value instanceof AnomalyEvent anomaly) {
            state.apply(anomaly, now);
        } else {
            boolean inWindow;
            if (value instanceof TelemetrySample sample) {
                inWindow = state.apply(sample, now);
            } else if (value instanceof Heartbeat heartbeat) {
                inWindow = state.apply(heartbeat, now);
            } else {
                inWindow = state.apply((LogRecord) value, now);
            }
            if (!inWindow) {
                metrics.lateEvent();
            }
        }
        if (state.isKnown()) {
            settle(robotId, state, evaluator.assess(state), now);
        }
        store.put(robotId, state);
    }

    private void punctuate(long now) {
        int[] robotsPerLevel = new int[HealthLevel.values().length];
        List<KeyValue<String, RobotState>> changed = new ArrayList<>();
        try (KeyValueIterator<String, RobotState> robots = store.all()) {
            while (robots.hasNext()) {
                KeyValue<String, RobotState> robot = robots.next();
                RobotState state = robot.value;
                if (!state.isKnown()) {
                    continue;
                }
                boolean goesOffline = state.level() != HealthLevel.OFFLINE && evaluator.isSilent(state, now);
                if (settle(robot.key, state, goesOffline ? evaluator.offline() : null, now)) {
                    changed.add(robot);
                }
                robotsPerLevel[state.level().ordinal()]++;
            }
        }
        // written after the scan: the store is not modified under an open iterator
        changed.forEach(robot -> store.put(robot.key, robot.value));
        metrics.robotsPerLevel(context.taskId(), robotsPerLevel);
    }

    /**
     * Applies an assessment (null: the level stands) and emits what changed.
     *
     * @return whether the state changed and must be written back
     */
    private boolean settle(String robotId, RobotState state, Assessment assessment, long now) {
        boolean changed = false;
        boolean levelChanged = assessment != null && assessment.level() != state.level();
        if (levelChanged) {
            context.forward(tracing.output(robotId, new HealthOutput.Transition(RobotHealthRecords.transition(
                    robotId, state.site(), state.level(), assessment.level(), assessment.reasons(), now)), now, cause));
            metrics.transition(assessment.level());
            state.enterLevel(assessment.level(), assessment.reasons(), now);
        } else if (assessment != null) {
            state.updateReasons(assessment.reasons());
        }
        if (levelChanged || state.publishDue(now, publishIntervalMillis)) {
            context.forward(tracing.output(robotId,
                    new HealthOutput.Health(RobotHealthRecords.health(robotId, state, now)), now, cause));
            state.markPublished(now);
            changed = true;
        }
        RobotSummary summary = new RobotSummary(state.site(), state.level(),
                !Double.isNaN(state.batteryPct()) && state.batteryPct() < rules.battery().lowBelowPct(),
                state.hasRecentAnomaly(now, anomalyWindowMillis), now);
        if (!summary.countsLike(state.publishedSummary())) {
            context.forward(tracing.output(robotId, new HealthOutput.Summary(summary), now, cause));
            state.markSummaryPublished(summary);
            changed = true;
        }
        return changed;
    }

    /** The robot id is the record key; the value must agree, so that state lands on the robot's partition. */
    private static String validRobotId(String key, SpecificRecord value) {
        // every input type carries robotId and site (SpecificRecordBase is a GenericRecord)
        String robotId = String.valueOf(((GenericRecord) value).get("robotId"));
        String site = String.valueOf(((GenericRecord) value).get("site"));
        if (key == null || key.isBlank()) {
            throw new InvalidHealthInputException("MISSING_FIELD", "record key (robot id) is missing; robotId in "
                    + "the value is " + robotId);
        }
        if (!key.equals(robotId)) {
            throw new InvalidHealthInputException("INVALID_FIELD",
                    "record key " + key + " does not match robotId " + robotId);
        }
        if (site.isBlank() || Topics.WHOLE_FLEET_KEY.equals(site)) {
            throw new InvalidHealthInputException("INVALID_FIELD", "invalid site '" + site + "' for " + robotId);
        }
        return key;
    }

    @Override
    public void close() {
        metrics.forgetTask(context.taskId());
    }
}
