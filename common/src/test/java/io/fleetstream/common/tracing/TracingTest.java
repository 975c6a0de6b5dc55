package io.fleetstream.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.config.ConfigLoader;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TracingTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void tracingIsOffByDefaultAndTurnedOnByTheFleetstreamVariable() {
        assertThat(TracingSettings.from(ConfigFactory.load(), Map.of()).enabled()).isFalse();
        Config overridden = ConfigLoader.load(ConfigFactory.load(), Map.of("FLEETSTREAM_TRACING_ENABLED", "true",
                "FLEETSTREAM_TRACING_ENDPOINT", "http://tempo:4318/v1/traces"));
        TracingSettings settings = TracingSettings.from(overridden, Map.of());
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.endpoint()).isEqualTo("http://tempo:4318/v1/traces");
    }

    @Test
    void aBlankEndpointFallsBackOnTheStandardOtlpVariables() {
        Config defaults = ConfigFactory.load();
        assertThat(TracingSettings.from(defaults, Map.of()).endpoint())
                .isEqualTo("http://localhost:4318/v1/traces");
        assertThat(TracingSettings.from(defaults, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"))
                .endpoint()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(TracingSettings.from(defaults, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://jaeger:4318/v1/traces")).endpoint())
                .isEqualTo("http://jaeger:4318/v1/traces");
    }

    @Test
    void rejectsASampleRatioOutsideZeroToOne() {
        Config config = ConfigFactory.parseString("tracing.sample-ratio = 1.5").withFallback(ConfigFactory.load());
        assertThatThrownBy(() -> TracingSettings.from(config, Map.of()))
                .hasMessageContaining("tracing.sample-ratio");
    }

    @Test
    void disabledTracingNeitherReadsNorWritesTraceContext() {
        try (Tracing tracing = Tracing.start(TracingSettings.disabled(), "test")) {
            assertThat(tracing.enabled()).isFalse();
            Context extracted = tracing.propagator().extract(Context.root(), Map.of("traceparent", TRACEPARENT),
                    MapCarrier.INSTANCE);
            assertThat(Span.fromContext(extracted).getSpanContext().isValid()).isFalse();
            Map<String, String> carrier = new HashMap<>();
            tracing.propagator().inject(Context.root().with(tracing.tracer().spanBuilder("x").startSpan()), carrier,
                    MapCarrier.INSTANCE);
            assertThat(carrier).isEmpty();
        }
    }

    @Test
    void kafkaHeadersCarryW3cContextAndAResetReplacesTheOldValue() {
        try (Tracing tracing = Tracing.start(TracingSettings.exportingTo("http://127.0.0.1:1/v1/traces"), "test")) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("traceparent", "00-00000000000000000000000000000001-0000000000000001-01"
                    .getBytes(StandardCharsets.UTF_8));
            Context remote = tracing.propagator().extract(Context.root(), Map.of("traceparent", TRACEPARENT),
                    MapCarrier.INSTANCE);
            tracing.propagator().inject(remote, headers, KafkaHeadersCarrier.INSTANCE);
            assertThat(headers.headers("traceparent")).hasSize(1);
            assertThat(KafkaHeadersCarrier.INSTANCE.get(headers, "traceparent")).isEqualTo(TRACEPARENT);
        }
    }
}
