package io.fleetstream.simulator.generator;

import io.fleetstream.simulator.lidar.LidarFrame;
import io.fleetstream.simulator.lidar.LidarScanner;
import io.fleetstream.simulator.lidar.PcdEncoder;
import io.fleetstream.simulator.model.Fault;
import io.fleetstream.simulator.model.FaultKind;
import io.fleetstream.simulator.model.LogLevel;
import io.fleetstream.simulator.model.LogLine;
import io.fleetstream.simulator.model.Metric;
import io.fleetstream.simulator.model.RobotPhysics;
import io.fleetstream.simulator.model.RobotSpec;
import io.fleetstream.simulator.model.RobotStatus;
import io.fleetstream.simulator.model.SiteLayout;
import io.fleetstream.simulator.random.DeterministicRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Generates everything one robot publishes, on a simulated timeline measured in milliseconds since the simulation
 * start: telemetry, heartbeats, log lines and lidar frames, with the robot's injected faults applied.
 *
 * <p>Deterministic: the payloads depend only on the seed, the robot, the settings, the faults and the start epoch,
 * not on how {@link #advanceTo} calls are spaced. Each concern draws from its own random stream, and the physics
 * runs in fixed steps, so a fault changes nothing before its onset.
 *
 * <p>Not thread-safe: one robot is advanced by one thread at a time.
 */
public final class RobotSimulation {

    public static final String LIDAR_SENSOR = "lidar-top";
    static final int LOG_BUFFER_CAPACITY = 500;
    private static final List<String> FIRMWARE = List.of("1.4.2", "1.4.2", "1.4.2", "1.4.2", "1.3.9");

    private record PendingLog(long ts, LogLine line) {
    }

    private final RobotSpec spec;
    private final long startEpochMs;
    private final RobotPhysics physics;
    private final LidarScanner lidar;
    private final DeterministicRandom logRng;
    private final DeterministicRandom lidarRng;
    private final List<Fault> faults;
    private final long[] faultBoundaries;
    private final String firmware;
    private final long bootUptimeS;
    private final Map<MessageType, String> topics = new EnumMap<>(MessageType.class);

    private final Schedule telemetry;
    private final Schedule heartbeat;
    private final Schedule pointcloud;
    private final double meanLogGapMs;
    private long nextLogMs;
    private int nextBoundary;
    private long physicsSteps;

    private final long[] seq = new long[MessageType.values().length];
    private boolean online = true;
    private long offlineSinceMs;
    private long droppedBufferedLogs;
    private final List<PendingLog> pendingLogs = new ArrayList<>();
    private final ArrayDeque<PendingLog> offlineLogBuffer = new ArrayDeque<>();
    private final EnumMap<Metric, Double> frozenMetrics = new EnumMap<>(Metric.class);
    private final List<LogLine> stepEvents = new ArrayList<>();

    public RobotSimulation(RobotSpec spec, SiteLayout layout, GeneratorSettings settings, long seed,
                           List<Fault> faults, long startEpochMs) {
        List<Fault> foreign = faults.stream().filter(f -> !f.robotId().equals(spec.robotId())).toList();
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("faults for other robots given to " + spec.robotId() + ": " + foreign);
        }
        this.spec = spec;
        this.startEpochMs = startEpochMs;
        this.faults = List.copyOf(faults);
        String id = spec.robotId();
        DeterministicRandom scheduleRng = DeterministicRandom.of(seed, id + "/schedule");
        this.physics = new RobotPhysics(layout, spec.slotInSite(), DeterministicRandom.of(seed, id + "/physics"));
        this.logRng = DeterministicRandom.of(seed, id + "/logs");
        this.lidarRng = DeterministicRandom.of(seed, id + "/lidar");
        this.lidar = settings.pointcloudInterval().isZero() ? null : new LidarScanner(layout.scene(),
                settings.lidarRings(), settings.lidarColumns(), settings.lidarMaxRangeM());
        this.telemetry = Schedule.periodic(1000.0 / settings.telemetryHz(), scheduleRng);
        this.heartbeat = Schedule.periodic(settings.heartbeatInterval().toMillis(), scheduleRng);
        this.pointcloud = lidar == null ? Schedule.never() : Schedule.periodic(
                settings.pointcloudInterval().toMillis(), scheduleRng);
        this.firmware = scheduleRng.pick(FIRMWARE);
        this.bootUptimeS = (long) scheduleRng.uniform(600, 7 * 86_400);
        this.meanLogGapMs = settings.logsPerMinute() > 0 ? 60_000 / settings.logsPerMinute() : 0;
        this.nextLogMs = meanLogGapMs > 0 ? nextLogGap() : Long.MAX_VALUE;
        TreeSet<Long> boundaries = new TreeSet<>();
        for (Fault fault : this.faults) {
            boundaries.add(fault.onsetMs());
            fault.endMs().ifPresent(boundaries::add);
        }
        this.faultBoundaries = boundaries.stream().mapToLong(Long::longValue).toArray();
        for (MessageType type : MessageType.values()) {
            topics.put(type, type.topic(id));
        }
    }

    public String robotId() {
        return spec.robotId();
    }

    public RobotSpec spec() {
        return spec;
    }

    /**
     * Produces, in time order, everything the robot publishes up to and including {@code elapsedMs} (milliseconds
     * since the simulation start) that it has not produced yet.
     */
    public void advanceTo(long elapsedMs, RobotEventSink sink) {
        while (true) {
            long boundary = nextBoundary < faultBoundaries.length ? faultBoundaries[nextBoundary] : Long.MAX_VALUE;
            long next = Math.min(Math.min(boundary, nextLogMs),
                    Math.min(telemetry.next(), Math.min(heartbeat.next(), pointcloud.next())));
            if (next > elapsedMs) {
                return;
            }
            runPhysicsTo(next);
            if (next == boundary) {
                applyFaultBoundary(next, sink);
            }
            if (next == telemetry.next()) {
                telemetry.advance();
                if (online) {
                    emitTelemetry(next, sink);
                }
            }
            if (next == heartbeat.next()) {
                heartbeat.advance();
                if (online) {
                    emitHeartbeat(next, sink);
                }
            }
            if (next == pointcloud.next()) {
                pointcloud.advance();
                if (online) {
                    emitPointcloud(next, sink);
                }
            }
            if (next == nextLogMs) {
                pendingLogs.add(new PendingLog(epoch(next), LogCatalog.next(logRng, physics)));
                nextLogMs = next + nextLogGap();
            }
            flushLogs(next, sink);
        }
    }

    private void runPhysicsTo(long elapsedMs) {
        while ((physicsSteps + 1) * RobotPhysics.STEP_MS <= elapsedMs) {
            physicsSteps++;
            long stepMs = physicsSteps * RobotPhysics.STEP_MS;
            physics.step(faultActive(FaultKind.BATTERY_DRAIN, stepMs), faultActive(FaultKind.OVERHEAT, stepMs),
                    stepEvents);
            for (LogLine line : stepEvents) {
                pendingLogs.add(new PendingLog(epoch(stepMs), line));
            }
            stepEvents.clear();
        }
    }

    private void applyFaultBoundary(long elapsedMs, RobotEventSink sink) {
        nextBoundary++;
        boolean reachable = !faultActive(FaultKind.DROPOUT, elapsedMs);
        if (online && !reachable) {
            flushLogs(elapsedMs, sink);
            online = false;
            offlineSinceMs = elapsedMs;
            pendingLogs.add(new PendingLog(epoch(elapsedMs), new LogLine(LogLevel.WARN, "network",
                    "connection to broker lost, buffering log lines")));
            sink.connectivityChanged(spec.robotId(), false);
        } else if (!online && reachable) {
            online = true;
            int buffered = offlineLogBuffer.size();
            pendingLogs.addAll(0, offlineLogBuffer);
            offlineLogBuffer.clear();
            pendingLogs.add(new PendingLog(epoch(elapsedMs), new LogLine(LogLevel.INFO, "network", String.format(
                    Locale.ROOT, "reconnected after %.1f s offline, flushing %d buffered log lines (%d dropped)",
                    (elapsedMs - offlineSinceMs) / 1000.0, buffered, droppedBufferedLogs))));
            droppedBufferedLogs = 0;
            sink.connectivityChanged(spec.robotId(), true);
        }
        for (Fault fault : faults) {
            if (fault.kind() == FaultKind.BATTERY_DRAIN && fault.onsetMs() == elapsedMs) {
                pendingLogs.add(new PendingLog(epoch(elapsedMs), new LogLine(LogLevel.WARN, "battery",
                        String.format(Locale.ROOT, "abnormal discharge current %.1f A at load %.0f%%",
                                12 + 8 * physics.load(), 100 * physics.load()))));
            }
        }
        for (Metric metric : Metric.values()) {
            boolean stuck = faults.stream().anyMatch(f -> f.kind() == FaultKind.STUCK_SENSOR
                    && f.metric() == metric && f.activeAt(elapsedMs));
            if (!stuck) {
                frozenMetrics.remove(metric);
            } else if (!frozenMetrics.containsKey(metric)) {
                frozenMetrics.put(metric, reported(metric));
            }
        }
    }

    private void emitTelemetry(long elapsedMs, RobotEventSink sink) {
        double[] values = new double[Metric.values().length];
        for (Metric metric : Metric.values()) {
            Double frozen = frozenMetrics.get(metric);
            values[metric.ordinal()] = frozen != null ? frozen : reported(metric);
        }
        byte[] payload = JsonPayloads.telemetry(spec.robotId(), spec.site(), nextSeq(MessageType.TELEMETRY),
                epoch(elapsedMs), values, physics.status());
        sink.publish(message(MessageType.TELEMETRY, payload, Map.of(), elapsedMs));
    }

    private void emitHeartbeat(long elapsedMs, RobotEventSink sink) {
        List<String> codes = physics.errorCodes();
        String status = physics.status() == RobotStatus.ERROR ? "ERROR" : codes.isEmpty() ? "OK" : "DEGRADED";
        byte[] payload = JsonPayloads.heartbeat(spec.robotId(), spec.site(), nextSeq(MessageType.HEARTBEAT),
                epoch(elapsedMs), status, bootUptimeS + elapsedMs / 1000, codes, firmware);
        sink.publish(message(MessageType.HEARTBEAT, payload, Map.of(), elapsedMs));
    }

    private void emitPointcloud(long elapsedMs, RobotEventSink sink) {
        LidarFrame frame = lidar.scan(physics.value(Metric.POS_X), physics.value(Metric.POS_Y), physics.heading(),
                lidarRng);
        long frameSeq = nextSeq(MessageType.POINTCLOUD);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("robotId", spec.robotId());
        properties.put("site", spec.site());
        properties.put("sensor", LIDAR_SENSOR);
        properties.put("frameId", spec.robotId() + "/" + LIDAR_SENSOR + "/" + frameSeq);
        properties.put("seq", Long.toString(frameSeq));
        properties.put("ts", Long.toString(epoch(elapsedMs)));
        sink.publish(message(MessageType.POINTCLOUD, PcdEncoder.encode(frame),
                Collections.unmodifiableMap(properties), elapsedMs));
    }

    private void flushLogs(long elapsedMs, RobotEventSink sink) {
        if (pendingLogs.isEmpty()) {
            return;
        }
        if (!online) {
            for (PendingLog log : pendingLogs) {
                if (offlineLogBuffer.size() == LOG_BUFFER_CAPACITY) {
                    offlineLogBuffer.removeFirst();
                    droppedBufferedLogs++;
                }
                offlineLogBuffer.addLast(log);
            }
            pendingLogs.clear();
            return;
        }
        List<StampedLogLine> lines = new ArrayList<>(pendingLogs.size());
        for (PendingLog log : pendingLogs) {
            lines.add(new StampedLogLine(nextSeq(MessageType.LOG), log.ts(), log.line()));
        }
        pendingLogs.clear();
        sink.publish(message(MessageType.LOG, JsonPayloads.logs(spec.robotId(), spec.site(), lines), Map.of(),
                elapsedMs));
    }

    private OutboundMessage message(MessageType type, byte[] payload, Map<String, String> properties,
                                    long elapsedMs) {
        return new OutboundMessage(spec.robotId(), type, topics.get(type), payload, properties, epoch(elapsedMs));
    }

    private double reported(Metric metric) {
        return Math.round(physics.value(metric) * 100) / 100.0;
    }

    private boolean faultActive(FaultKind kind, long elapsedMs) {
        for (Fault fault : faults) {
            if (fault.kind() == kind && fault.activeAt(elapsedMs)) {
                return true;
            }
        }
        return false;
    }

    private long nextSeq(MessageType type) {
        return seq[type.ordinal()]++;
    }

    private long nextLogGap() {
        return Math.max(1, Math.round(logRng.exponential(meanLogGapMs)));
    }

    private long epoch(long elapsedMs) {
        return startEpochMs + elapsedMs;
    }

    /** A periodic event with a random phase, computed from the tick count so that rounding never drifts. */
    private static final class Schedule {
        private final double periodMs;
        private final double phaseMs;
        private long ticks;
        private long next;

        private Schedule(double periodMs, double phaseMs) {
            this.periodMs = periodMs;
            this.phaseMs = phaseMs;
            this.next = periodMs == 0 ? Long.MAX_VALUE : Math.round(phaseMs);
        }

        static Schedule periodic(double periodMs, DeterministicRandom rng) {
            return new Schedule(periodMs, rng.uniform(0, periodMs));
        }

        static Schedule never() {
            return new Schedule(0, 0);
        }

        long next() {
            return next;
        }

        void advance() {
            ticks++;
            next = Math.round(phaseMs + ticks * periodMs);
        }
    }
}
