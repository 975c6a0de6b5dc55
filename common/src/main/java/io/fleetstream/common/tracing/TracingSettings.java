package io.fleetstream.common.tracing;

import com.typesafe.config.Config;
import io.fleetstream.common.config.Settings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code tracing} section shared by every service (see {@code reference.conf} of fleetstream-common).
 * Serializable so that Flink jobs can ship it to their task managers.
 *
 * @param endpoint    the OTLP/HTTP traces URL, already resolved against the standard {@code OTEL_EXPORTER_OTLP_*}
 *                    variables
 * @param serviceName blank for the service's own name
 */
public record TracingSettings(boolean enabled, String endpoint, String serviceName, double sampleRatio,
                              Duration exportTimeout) implements Serializable {

    public static final String SECTION = "tracing";
    static final String DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces";
    private static final long serialVersionUID = 1L;

    public TracingSettings {
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("tracing.sample-ratio must be within [0, 1]: " + sampleRatio);
        }
        if (exportTimeout.isNegative() || exportTimeout.isZero()) {
            throw new IllegalArgumentException("tracing.export-timeout must be positive: " + exportTimeout);
        }
    }

    /** Tracing off: what tests and embedded components get unless they ask for tracing. */
    public static TracingSettings disabled() {
        return new TracingSettings(false, DEFAULT_ENDPOINT, "", 1.0, Duration.ofSeconds(10));
    }

    /** Tracing on, exporting every trace to {@code endpoint}. */
    public static TracingSettings exportingTo(String endpoint) {
        return new TracingSettings(true, endpoint, "", 1.0, Duration.ofSeconds(10));
    }

    public static TracingSettings from(Config root) {
        return from(root, System.getenv());
    }

    /** Reads the {@code tracing} section; a blank endpoint falls back on the OpenTelemetry variables in {@code env}. */
    public static TracingSettings from(Config root, Map<String, String> env) {
        Settings s = Settings.of(root, SECTION);
        return new TracingSettings(s.flag("enabled"), endpoint(s.string("endpoint"), env), s.string("service-name"),
                s.number("sample-ratio"), s.duration("export-timeout"));
    }

    private static String endpoint(String configured, Map<String, String> env) {
        if (!configured.isBlank()) {
            return configured;
        }
        String traces = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (traces != null && !traces.isBlank()) {
            return traces;
        }
        String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (base != null && !base.isBlank()) {
            // The OTLP specification: the signal path is appended to the generic endpoint.
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
        }
        return DEFAULT_ENDPOINT;
    }

    /** {@code service-name} when set, otherwise {@code ownName}. */
    public String serviceNameOr(String ownName) {
        return serviceName.isBlank() ? ownName : serviceName;
    }
}
