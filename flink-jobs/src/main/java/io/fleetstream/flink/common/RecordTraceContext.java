package io.fleetstream.flink.common;

import io.fleetstream.common.tracing.KafkaHeadersCarrier;
import io.fleetstream.common.tracing.MapCarrier;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;

/**
 * How a record's trace context travels through a job. While the source's span of a record is current
 * (OpenTelemetry's thread-local context, see {@link RegistryAvroDeserializationSchema}) the operators chained to the
 * source run for that record, so they read it with {@link #current()}; across a shuffle it travels as a W3C
 * {@code traceparent} string in the element (e.g. {@link MetricSample#traceParent}) and is made current again with
 * {@link #resume(String)} around the emission of what the record caused, which the chained Kafka sink writes into
 * the output record's headers. Without tracing no span is ever current, so nothing is carried.
 */
public final class RecordTraceContext {

    private static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private RecordTraceContext() {
    }

    /** The {@code traceparent} of the current span; null when no span is current (tracing off). */
    public static String current() {
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, MapCarrier.INSTANCE);
        return carrier.get(TRACEPARENT);
    }

    /** Makes {@code traceParent} the current context until the scope closes; a no-op scope for null. */
    public static Scope resume(String traceParent) {
        if (traceParent == null) {
            return Scope.noop();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceParent), MapCarrier.INSTANCE).makeCurrent();
    }

    /** Writes the current context into {@code headers}; nothing when no span is current. */
    static void injectCurrent(Headers headers) {
        W3C.inject(Context.current(), headers, KafkaHeadersCarrier.INSTANCE);
    }
}
