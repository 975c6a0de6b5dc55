package io.fleetstream.streams.health;

import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.streams.health.state.RobotState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Derives a robot's health level from its state with the configured {@link HealthRules}. The live level is the
 * worst level any rule yields; the reasons list every rule that fired, the most severe first. OFFLINE is not a
 * live rule: it depends only on the wall clock and is decided by {@link #isSilent}.
 */
public final class HealthEvaluator {

    /** A level with the reasons that made it so (empty for OK). */
    public record Assessment(HealthLevel level, List<String> reasons) {
    }

    private final HealthRules rules;
    private final Assessment offline;

    public HealthEvaluator(HealthRules rules) {
        this.rules = rules;
        this.offline = new Assessment(HealthLevel.OFFLINE,
                List.of("no message for " + duration(rules.offlineAfter())));
    }

    public boolean isSilent(RobotState state, long wallNow) {
        return state.silentMillis(wallNow) >= rules.offlineAfter().toMillis();
    }

    public Assessment offline() {
        return offline;
    }

    /** The level the robot's latest signals call for, ignoring silence. */
    public Assessment assess(RobotState state) {
        Findings findings = new Findings();
        battery(state, findings);
        status(state, findings);
        errorCodes(state, findings);
        logRates(state, findings);
        telemetryRate(state, findings);
        return findings.assessment();
    }

    private void battery(RobotState state, Findings findings) {
        double pct = state.batteryPct();
        if (Double.isNaN(pct)) {
            return;
        }
        HealthRules.Battery battery = rules.battery();
        if (pct < battery.criticalBelowPct()) {
            findings.critical(String.format(Locale.ROOT, "battery %.1f%% below %s%%", pct,
                    number(battery.criticalBelowPct())));
        } else if (pct < battery.lowBelowPct()) {
            findings.degraded(String.format(Locale.ROOT, "battery %.1f%% below %s%%", pct,
                    number(battery.lowBelowPct())));
        }
        Long secondsToEmpty = state.batteryTimeToEmptySeconds();
        if (secondsToEmpty == null) {
            return;
        }
        String reason = String.format(Locale.ROOT, "battery empty in %.1f min at %.2f%%/min",
                secondsToEmpty / 60.0, state.batteryTrendPctPerMinute());
        if (secondsToEmpty < battery.criticalTimeToEmpty().toSeconds()) {
            findings.critical(reason);
        } else if (secondsToEmpty < battery.degradedTimeToEmpty().toSeconds()) {
            findings.degraded(reason);
        }
    }

    private void status(RobotState state, Findings findings) {
        String status = state.status();
        if (status == null) {
            return;
        }
        String normalized = status.toUpperCase(Locale.ROOT);
        if (rules.status().critical().contains(normalized)) {
            findings.critical("status " + status);
        } else if (rules.status().degraded().contains(normalized)) {
            findings.degraded("status " + status);
        }
    }

    private void errorCodes(RobotState state, Findings findings) {
        List<String> codes = state.errorCodes();
        if (codes.isEmpty()) {
            return;
        }
        List<String> critical = codes.stream().filter(rules.criticalErrorCodes()::contains).toList();
        if (!critical.isEmpty()) {
            findings.critical("critical error codes " + critical);
        } else {
            findings.degraded("error codes " + codes);
        }
    }

    private void logRates(RobotState state, Findings findings) {
        HealthRules.LogRates limits = rules.logs();
        double errors = state.errorLogsPerMinute();
        if (errors > 0 && errors >= limits.errorCriticalPerMin()) {
            findings.critical(rate("error logs", errors, limits.errorCriticalPerMin()));
        } else if (errors > 0 && errors >= limits.errorDegradedPerMin()) {
            findings.degraded(rate("error logs", errors, limits.errorDegradedPerMin()));
        }
        double warnings = state.warnLogsPerMinute();
        if (warnings > 0 && warnings >= limits.warnDegradedPerMin()) {
            findings.degraded(rate("warn logs", warnings, limits.warnDegradedPerMin()));
        }
    }

    private void telemetryRate(RobotState state, Findings findings) {
        double perSecond = state.telemetryPerSecond();
        if (state.activeForWholeWindow() && perSecond < rules.minTelemetryRatePerSec()) {
            findings.degraded(String.format(Locale.ROOT, "telemetry %.2f/s below %s/s", perSecond,
                    number(rules.minTelemetryRatePerSec())));
        }
    }

    private static String rate(String what, double perMinute, double limit) {
        return String.format(Locale.ROOT, "%s %.1f/min at or above %s/min", what, perMinute, number(limit));
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static final class Findings {
        private final List<String> critical = new ArrayList<>(2);
        private final List<String> degraded = new ArrayList<>(2);

        void critical(String reason) {
            critical.add(reason);
        }

        void degraded(String reason) {
            degraded.add(reason);
        }

        Assessment assessment() {
            if (critical.isEmpty() && degraded.isEmpty()) {
                return new Assessment(HealthLevel.OK, List.of());
            }
            List<String> reasons = new ArrayList<>(critical.size() + degraded.size());
            reasons.addAll(critical);
            reasons.addAll(degraded);
            return new Assessment(critical.isEmpty() ? HealthLevel.DEGRADED : HealthLevel.CRITICAL,
                    List.copyOf(reasons));
        }
    }
}
