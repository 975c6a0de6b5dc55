package io.fleetstream.connectors.bridge;

import io.fleetstream.common.tracing.KafkaHeadersCarrier;
import io.fleetstream.common.tracing.MapCarrier;
import io.fleetstream.common.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The bridge's span of one MQTT message: a CONSUMER span, child of the robot's publish span when the message
 * carries {@code traceparent} user properties, from receipt until the message is acknowledged (Kafka confirmed
 * its records or its dead letter) or abandoned. Every record the message turns into, dead letters included,
 * carries this span's context in its headers, so the jobs downstream continue the same trace.
 * {@link #NONE} (tracing disabled) does nothing and adds no header.
 */
class MessageTrace {

    static final MessageTrace NONE = new MessageTrace();

    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("fleetstream.outcome");
    static final AttributeKey<String> DLQ_REASON = AttributeKey.stringKey("fleetstream.dlq.reason");

    private MessageTrace() {
    }

    /** Starts the span of {@code message}; {@link #NONE} when tracing is disabled. */
    static MessageTrace start(Tracing tracing, IncomingMessage message) {
        if (!tracing.enabled()) {
            return NONE;
        }
        TextMapPropagator propagator = tracing.propagator();
        Context parent = propagator.extract(Context.root(), message.userProperties(), MapCarrier.INSTANCE);
        Span span = tracing.tracer().spanBuilder("bridge ingest")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(Tracing.MESSAGING_SYSTEM, "mqtt")
                .setAttribute(Tracing.MESSAGING_DESTINATION, message.topic())
                .startSpan();
        return new Recording(span, propagator);
    }

    /** {@code record} with this span's context in its headers. */
    <K, V> ProducerRecord<K, V> inject(ProducerRecord<K, V> record) {
        return record;
    }

    void deadLettered(RejectReason reason) {
    }

    /** The message was acknowledged: its records or its dead letter are in Kafka. */
    void acknowledged() {
    }

    /** The message was given up unacknowledged; the broker redelivers it (a new span then). */
    void abandoned() {
    }

    private static final class Recording extends MessageTrace {
        private final Span span;
        private final Context context;
        private final TextMapPropagator propagator;
        private volatile String outcome = "produced";

        Recording(Span span, TextMapPropagator propagator) {
            this.span = span;
            this.context = Context.root().with(span);
            this.propagator = propagator;
        }

        @Override
        <K, V> ProducerRecord<K, V> inject(ProducerRecord<K, V> record) {
            propagator.inject(context, record.headers(), KafkaHeadersCarrier.INSTANCE);
            return record;
        }

        @Override
        void deadLettered(RejectReason reason) {
            outcome = "dead-lettered";
            span.setAttribute(DLQ_REASON, reason.name());
            span.setStatus(StatusCode.ERROR, "dead-lettered: " + reason.name());
        }

        @Override
        void acknowledged() {
            span.setAttribute(OUTCOME, outcome);
            span.end();
        }

        @Override
        void abandoned() {
            span.setAttribute(OUTCOME, "abandoned");
            span.end();
        }
    }
}
