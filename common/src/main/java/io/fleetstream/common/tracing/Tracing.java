package io.fleetstream.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;

/**
 * A service's OpenTelemetry: spans exported over OTLP/HTTP in batches and W3C trace context ({@code traceparent},
 * {@code tracestate}) as the propagation format, or, when tracing is disabled, the no-op implementation whose
 * tracer records nothing and whose propagator neither reads nor writes any header.
 *
 * <pre>{@code
 * try (Tracing tracing = Tracing.start(TracingSettings.from(config), "fleetstream-bridge")) {
 *     Tracer tracer = tracing.tracer();
 *     ...
 * }   // flushes spans not exported yet
 * }</pre>
 */
public final class Tracing implements AutoCloseable {

    /** The robot a span is about, on every service's spans, so one robot's traces can be found across services. */
    public static final AttributeKey<String> ROBOT_ID = AttributeKey.stringKey("fleetstream.robot.id");
    /** OpenTelemetry messaging conventions, on the spans of every service that handles a message. */
    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final String INSTRUMENTATION = "io.fleetstream";

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;
    private final TracingSettings settings;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk, TracingSettings settings) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
        this.settings = settings;
    }

    /** Tracing as {@code settings} say; {@code serviceName} unless the settings name the service themselves. */
    public static Tracing start(TracingSettings settings, String serviceName) {
        if (!settings.enabled()) {
            return disabled();
        }
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(settings.endpoint())
                .setTimeout(settings.exportTimeout())
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(SERVICE_NAME, settings.serviceNameOr(serviceName)))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new Tracing(sdk, sdk, settings);
    }

    public static Tracing disabled() {
        return new Tracing(OpenTelemetry.noop(), null, TracingSettings.disabled());
    }

    public boolean enabled() {
        return sdk != null;
    }

    public Tracer tracer() {
        return openTelemetry.getTracer(INSTRUMENTATION);
    }

    /** Reads and writes trace context on message headers; the no-op propagator when tracing is disabled. */
    public TextMapPropagator propagator() {
        return openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Exports the spans still buffered, waiting at most the export timeout. */
    public void flush() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().forceFlush().join(settings.exportTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Exports the spans still buffered and stops the exporter. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().shutdown().join(settings.exportTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
