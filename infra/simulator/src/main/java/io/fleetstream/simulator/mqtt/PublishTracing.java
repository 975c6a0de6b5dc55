package io.fleetstream.simulator.mqtt;

import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.simulator.generator.OutboundMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The start of every trace: one PRODUCER span per robot publish, from handing the message to the client until its
 * PUBACK, whose context travels as the {@code traceparent} / {@code tracestate} MQTT 5 user properties to the
 * bridge. With tracing disabled no span is created and no user property added.
 */
final class PublishTracing {

    private static final TextMapSetter<Mqtt5UserPropertiesBuilder> USER_PROPERTIES =
            (properties, key, value) -> properties.add(key, value);

    private final Tracing tracing;
    private final Tracer tracer;

    PublishTracing(Tracing tracing) {
        this.tracing = tracing;
        this.tracer = tracing.tracer();
    }

    /** A started span, or the invalid span when tracing is disabled. */
    Span start(OutboundMessage message) {
        if (!tracing.enabled()) {
            return Span.getInvalid();
        }
        // Span names stay low-cardinality (the topic holds the robot id): the robot is an attribute.
        return tracer.spanBuilder("publish " + message.type().topicSuffix())
                .setSpanKind(SpanKind.PRODUCER)
                .setNoParent()
                .setAttribute(Tracing.MESSAGING_SYSTEM, "mqtt")
                .setAttribute(Tracing.MESSAGING_DESTINATION, message.topic())
                .setAttribute(Tracing.ROBOT_ID, message.robotId())
                .startSpan();
    }

    static boolean recording(Span span) {
        return span.getSpanContext().isValid();
    }

    /** Adds the span's context as user properties. */
    void inject(Span span, Mqtt5UserPropertiesBuilder properties) {
        tracing.propagator().inject(Context.root().with(span), properties, USER_PROPERTIES);
    }

    static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.toString());
        }
        span.end();
    }
}
