package io.fleetstream.streams.health;

import io.fleetstream.common.config.Settings;
import io.fleetstream.streams.health.state.StateLayout;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The thresholds that turn a robot's signals into a health level, read from the {@code health} configuration
 * section. Validated on load so that a contradictory setting (a critical battery threshold above the degraded
 * one, a window that is not a whole number of buckets) fails at start-up rather than producing odd levels.
 */
public record HealthRules(
        Duration offlineAfter,
        Duration punctuateInterval,
        Duration publishInterval,
        Window window,
        Battery battery,
        Statuses status,
        Set<String> criticalErrorCodes,
        LogRates logs,
        double minTelemetryRatePerSec,
        Duration anomalyRecentWindow) {

    /** Event-time sliding window of the rates; it advances one bucket at a time. */
    public record Window(Duration size, Duration bucket) {
        public Window {
            requirePositive("window.bucket", bucket);
            if (size.toMillis() % bucket.toMillis() != 0 || size.compareTo(bucket) < 0) {
                throw new IllegalArgumentException(
                        "health.window.size (" + size + ") must be a whole number of buckets (" + bucket + ")");
            }
        }

        public int buckets() {
            return (int) (size.toMillis() / bucket.toMillis());
        }
    }

    public record Battery(double lowBelowPct, double criticalBelowPct, Duration trendWindow, int trendPoints,
            Duration trendMinSpan, Duration degradedTimeToEmpty, Duration criticalTimeToEmpty) {
        public Battery {
            if (criticalBelowPct > lowBelowPct) {
                throw new IllegalArgumentException("health.battery.critical-below-pct (" + criticalBelowPct
                        + ") must not exceed low-below-pct (" + lowBelowPct + ")");
            }
            if (criticalTimeToEmpty.compareTo(degradedTimeToEmpty) > 0) {
                throw new IllegalArgumentException(
                        "health.battery.critical-time-to-empty must not exceed degraded-time-to-empty");
            }
            if (trendPoints < 3) {
                throw new IllegalArgumentException("health.battery.trend-points must be at least 3: " + trendPoints);
            }
            requirePositive("battery.trend-window", trendWindow);
        }
    }

    /** Status names, upper-cased so that matching ignores case. */
    public record Statuses(Set<String> degraded, Set<String> critical) {
        public Statuses {
            degraded = upperCase(degraded);
            critical = upperCase(critical);
        }
    }

    public record LogRates(double errorDegradedPerMin, double errorCriticalPerMin, double warnDegradedPerMin) {
        public LogRates {
            if (errorCriticalPerMin < errorDegradedPerMin) {
                throw new IllegalArgumentException("health.logs.error-rate-critical-per-min must not be below "
                        + "error-rate-degraded-per-min");
            }
        }
    }

    public HealthRules {
        requirePositive("offline-after", offlineAfter);
        requirePositive("punctuate-interval", punctuateInterval);
        requirePositive("anomalies.recent-window", anomalyRecentWindow);
        if (publishInterval.isNegative()) {
            throw new IllegalArgumentException("health.publish-interval must not be negative: " + publishInterval);
        }
        criticalErrorCodes = Set.copyOf(criticalErrorCodes);
    }

    public static HealthRules from(Settings health) {
        Settings window = health.section("window");
        Settings battery = health.section("battery");
        Settings status = health.section("status");
        Settings logs = health.section("logs");
        return new HealthRules(
                health.duration("offline-after"),
                health.duration("punctuate-interval"),
                health.duration("publish-interval"),
                new Window(window.duration("size"), window.duration("bucket")),
                new Battery(
                        battery.number("low-below-pct"),
                        battery.number("critical-below-pct"),
                        battery.duration("trend-window"),
                        battery.integer("trend-points"),
                        battery.duration("trend-min-span"),
                        battery.duration("degraded-time-to-empty"),
                        battery.duration("critical-time-to-empty")),
                new Statuses(stringSet(status, "degraded"), stringSet(status, "critical")),
                stringSet(health.section("error-codes"), "critical"),
                new LogRates(
                        logs.number("error-rate-degraded-per-min"),
                        logs.number("error-rate-critical-per-min"),
                        logs.number("warn-rate-degraded-per-min")),
                health.section("telemetry").number("min-rate-per-sec"),
                health.section("anomalies").duration("recent-window"));
    }

    /** Dimensions of the per-robot state these rules need. */
    public StateLayout stateLayout() {
        return new StateLayout(window.bucket().toMillis(), window.buckets(), battery.trendWindow().toMillis(),
                battery.trendPoints(), battery.trendMinSpan().toMillis());
    }

    /**
     * A list setting; an environment override arrives as one string, so "A,B" is accepted for ["A", "B"].
     */
    static Set<String> stringSet(Settings settings, String key) {
        List<String> values;
        try {
            values = settings.strings(key);
        } catch (com.typesafe.config.ConfigException.WrongType overriddenByEnvironment) {
            values = Arrays.asList(settings.string(key).split(","));
        }
        return values.stream().map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<String> upperCase(Set<String> values) {
        return values.stream().map(v -> v.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("health." + key + " must be positive: " + value);
        }
    }
}
