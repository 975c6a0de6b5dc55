package io.fleetstream.common.tracing;

import com.sun.net.httpserver.Headers;
import io.opentelemetry.context.propagation.TextMapGetter;

/** Trace context in the request headers of an HTTP request served by the JDK HTTP server, such as the ops server. */
public enum HttpHeadersCarrier implements TextMapGetter<Headers> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Headers carrier) {
        return carrier.keySet();
    }

    @Override
    public String get(Headers carrier, String key) {
        // Headers looks names up case-insensitively, as HTTP requires.
        return carrier == null ? null : carrier.getFirst(key);
    }
}
