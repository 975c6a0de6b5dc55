package io.fleetstream.simulator;

import io.fleetstream.simulator.generator.MessageType;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of the simulator's counters. {@code generated} counts messages the robots produced; each of them is
 * then {@code published} (acknowledged with PUBACK), {@code failed} (publish errored), {@code dropped} (never sent:
 * back-pressure or stopping) or still in flight. {@code connectionFailures} counts failed connects and lost
 * connections.
 */
public record SimulatorStats(long uptimeMs, int robots, int connectedRobots, Map<MessageType, Long> generated,
                             Map<MessageType, Long> published, Map<MessageType, Long> failed,
                             Map<MessageType, Long> dropped, long publishedBytes, int inFlight,
                             long connectionFailures) {

    public long generated(MessageType type) {
        return generated.getOrDefault(type, 0L);
    }

    public long published(MessageType type) {
        return published.getOrDefault(type, 0L);
    }

    public long failed(MessageType type) {
        return failed.getOrDefault(type, 0L);
    }

    public long generatedTotal() {
        return generated.values().stream().mapToLong(Long::longValue).sum();
    }

    public long publishedTotal() {
        return published.values().stream().mapToLong(Long::longValue).sum();
    }

    public long failedTotal() {
        return failed.values().stream().mapToLong(Long::longValue).sum();
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One human-readable line; rates are computed against {@code previous} (may be null for the first line). */
    public String summaryLine(SimulatorStats previous) {
        double seconds = previous == null ? uptimeMs / 1000.0 : (uptimeMs - previous.uptimeMs) / 1000.0;
        long newMessages = publishedTotal() - (previous == null ? 0 : previous.publishedTotal());
        long newBytes = publishedBytes - (previous == null ? 0 : previous.publishedBytes);
        return String.format(Locale.ROOT,
                "[sim %5ds] robots %d/%d connected | acked %d (%.0f msg/s, %.1f KiB/s): telemetry %d, heartbeat %d,"
                        + " logs %d, pointcloud %d | failed %d | dropped %d | in-flight %d",
                uptimeMs / 1000, connectedRobots, robots, publishedTotal(),
                seconds > 0 ? newMessages / seconds : 0, seconds > 0 ? newBytes / 1024.0 / seconds : 0,
                published(MessageType.TELEMETRY), published(MessageType.HEARTBEAT), published(MessageType.LOG),
                published(MessageType.POINTCLOUD), failedTotal(), droppedTotal(), inFlight);
    }
}
