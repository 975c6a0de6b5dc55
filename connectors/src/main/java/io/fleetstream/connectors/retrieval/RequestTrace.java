package io.fleetstream.connectors.retrieval;

import com.sun.net.httpserver.HttpExchange;
import io.fleetstream.common.tracing.HttpHeadersCarrier;
import io.fleetstream.common.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/**
 * The retrieval API's span of one HTTP request: a SERVER span named and attributed after the OpenTelemetry HTTP
 * semantic conventions, child of the caller's {@code traceparent} / {@code tracestate} headers when present, from
 * receipt until the (streamed) response is complete. {@link #NONE} (tracing disabled) reads no header and records
 * nothing.
 */
class RequestTrace {

    static final RequestTrace NONE = new RequestTrace();

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private RequestTrace() {
    }

    /**
     * Starts the span of {@code exchange}; {@code route} is the matched route template, {@code null} when the path
     * matches none (the span is then named after the method alone, keeping span names low-cardinality).
     */
    static RequestTrace start(Tracing tracing, HttpExchange exchange, String route) {
        if (!tracing.enabled()) {
            return NONE;
        }
        String method = exchange.getRequestMethod();
        Context parent = tracing.propagator().extract(Context.root(), exchange.getRequestHeaders(),
                HttpHeadersCarrier.INSTANCE);
        Span span = tracing.tracer().spanBuilder(route == null ? method : method + " " + route)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method)
                .setAttribute(PATH, exchange.getRequestURI().getPath())
                .setAttribute(SCHEME, "http")
                .startSpan();
        if (route != null) {
            span.setAttribute(ROUTE, route);
        }
        return new Recording(span);
    }

    void robot(String robotId) {
    }

    /** The response failed after its status was sent, such as a read from the object store. */
    void failed(Exception failure) {
    }

    /** The response is complete (or abandoned): records the status {@code exchange} was answered with. */
    void end(HttpExchange exchange) {
    }

    private static final class Recording extends RequestTrace {
        private final Span span;
        private volatile boolean failed;

        Recording(Span span) {
            this.span = span;
        }

        @Override
        void robot(String robotId) {
            span.setAttribute(Tracing.ROBOT_ID, robotId);
        }

        @Override
        void failed(Exception failure) {
            failed = true;
            span.recordException(failure);
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR, failure.toString());
        }

        @Override
        void end(HttpExchange exchange) {
            int status = exchange.getResponseCode();
            if (status > 0) {
                span.setAttribute(STATUS, (long) status);
            }
            // The conventions leave 4xx unset on SERVER spans (the client's fault); 5xx are the server's.
            if (!failed && status >= 500) {
                span.setAttribute(ERROR_TYPE, Integer.toString(status));
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
