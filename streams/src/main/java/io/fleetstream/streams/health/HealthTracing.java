package io.fleetstream.streams.health;

import io.fleetstream.common.tracing.KafkaHeadersCarrier;
import io.fleetstream.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The fleet health app's span of one input record: a CONSUMER span, child of the context in the record's
 * {@code traceparent} header, covering the state update and what it emits; the health records and transitions
 * the record causes carry the span's context in their headers. With tracing disabled no header is read or written.
 */
final class HealthTracing {


    private final boolean enabled;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    HealthTracing(Tracing tracing) {
        this.enabled = tracing.enabled();
        this.tracer = tracing.tracer();
        this.propagator = tracing.propagator();
    }

    /** A started span for {@code record}; the invalid span when tracing is disabled. */
    Span start(Record<String, ?> record, Optional<RecordMetadata> metadata) {
        if (!enabled) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("fleet-health process")
                .setParent(propagator.extract(Context.root(), record.headers(), KafkaHeadersCarrier.INSTANCE))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(Tracing.MESSAGING_SYSTEM, "kafka")
                .setAttribute(Tracing.MESSAGING_DESTINATION, metadata.map(RecordMetadata::topic).orElse(""))
                .setAttribute(Tracing.ROBOT_ID, String.valueOf(record.key()))
                .startSpan();
    }

    /** An output record, carrying {@code cause}'s context when it is a recording span. */
    <V> Record<String, V> output(String key, V value, long timestamp, Span cause) {
        if (!cause.getSpanContext().isValid()) {
            return new Record<>(key, value, timestamp);
        }
        RecordHeaders headers = new RecordHeaders();
        propagator.inject(Context.root().with(cause), headers, KafkaHeadersCarrier.INSTANCE);
        return new Record<>(key, value, timestamp, headers);
    }
}
