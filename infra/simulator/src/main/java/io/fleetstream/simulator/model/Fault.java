package io.fleetstream.simulator.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A fault injected into one robot at a time after the simulation start, optionally for a limited duration.
 *
 * <p>Specification syntax: {@code robotId:kind[:metric]@onset[+duration]}, for example
 * {@code robot-0003:battery-drain@30s}, {@code robot-0011:stuck-sensor:motor_temp_c@20s},
 * {@code robot-0015:dropout@45s+30s}. Without a duration a fault lasts until the end of the run, except
 * {@code dropout}, which lasts {@link #DEFAULT_DROPOUT} so that the robot comes back.
 *
 * @param metric the frozen metric for {@link FaultKind#STUCK_SENSOR}, {@code null} for every other kind
 * @param duration {@code null} when the fault never ends
 */
public record Fault(String robotId, FaultKind kind, Metric metric, Duration onset, Duration duration) {

    public static final Duration DEFAULT_DROPOUT = Duration.ofSeconds(30);

    public Fault {
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(onset, "onset");
        if ((kind == FaultKind.STUCK_SENSOR) != (metric != null)) {
            throw new IllegalArgumentException("a metric is required for stuck-sensor and only for it: " + kind);
        }
        if (onset.isNegative() || (duration != null && (duration.isNegative() || duration.isZero()))) {
            throw new IllegalArgumentException("fault onset must be >= 0 and duration > 0");
        }
        if (kind == FaultKind.DROPOUT && duration == null) {
            duration = DEFAULT_DROPOUT;
        }
    }

    public static Fault parse(String spec) {
        String text = spec.trim();
        int at = text.lastIndexOf('@');
        if (at < 0) {
            throw invalid(spec, "missing '@onset'");
        }
        String[] target = text.substring(0, at).split(":");
        if (target.length < 2 || target.length > 3) {
            throw invalid(spec, "expected robotId:kind[:metric] before '@'");
        }
        String timing = text.substring(at + 1);
        int plus = timing.indexOf('+');
        try {
            FaultKind kind = FaultKind.fromSpecName(target[1]);
            Metric metric = target.length == 3 ? Metric.fromKey(target[2]) : null;
            Duration onset = SimDurations.parse(plus < 0 ? timing : timing.substring(0, plus));
            Duration duration = plus < 0 ? null : SimDurations.parse(timing.substring(plus + 1));
            return new Fault(target[0], kind, metric, onset, duration);
        } catch (IllegalArgumentException e) {
            throw invalid(spec, e.getMessage());
        }
    }

    public long onsetMs() {
        return onset.toMillis();
    }

    /** End of the fault in milliseconds since the simulation start; empty when it never ends. */
    public Optional<Long> endMs() {
        return duration == null ? Optional.empty() : Optional.of(onset.toMillis() + duration.toMillis());
    }

    public boolean activeAt(long elapsedMs) {
        return elapsedMs >= onsetMs() && endMs().map(end -> elapsedMs < end).orElse(true);
    }

    /** The specification this fault was parsed from (normalised). */
    public String spec() {
        return robotId + ":" + kind.specName() + (metric == null ? "" : ":" + metric.key())
                + "@" + SimDurations.format(onset) + (duration == null ? "" : "+" + SimDurations.format(duration));
    }

    private static IllegalArgumentException invalid(String spec, String reason) {
        return new IllegalArgumentException("invalid fault '" + spec + "': " + reason
                + " (syntax robotId:kind[:metric]@onset[+duration], e.g. robot-0015:dropout@45s+30s)");
    }
}
