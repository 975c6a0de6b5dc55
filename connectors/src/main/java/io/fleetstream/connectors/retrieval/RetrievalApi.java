package io.fleetstream.connectors.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.connectors.retrieval.ManifestIndex.IndexedManifest;
import io.fleetstream.schemas.avro.TierFrameEntry;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrieval HTTP API, mounted under {@value #PREFIX} on the ops server:
 * <ul>
 *   <li>{@code GET /api/v1/robots/{robot}/logs?from=&to=}: NDJSON log lines ({@code application/x-ndjson});</li>
 *   <li>{@code GET /api/v1/robots/{robot}/pointclouds?from=&to=[&sensor=]}: frames in the {@link FrameStream}
 *       format, original PCD bytes;</li>
 *   <li>{@code GET /api/v1/robots/{robot}/manifests?kind=logs|pointclouds&from=&to=}: the matching manifests as
 *       JSON.</li>
 * </ul>
 * {@code from} and {@code to} are inclusive, epoch milliseconds or ISO-8601 instants. Answers are streamed with
 * chunked encoding, from this API's own threads (at most {@code maxConcurrentStreams}; more get 503), so a
 * long download never blocks {@code /health} on the ops server's two threads. With tracing enabled each request
 * is a SERVER span ({@link RequestTrace}) that ends when its response is complete.
 */
public final class RetrievalApi implements HttpHandler, AutoCloseable {

    public static final String PREFIX = "/api/v1/";
    private static final Logger LOG = LoggerFactory.getLogger(RetrievalApi.class);
    private static final Pattern ROUTE = Pattern.compile("/api/v1/robots/([^/]+)/(logs|pointclouds|manifests)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOG_LINE_ERROR_KEY = "error";

    private final TieredDataReader reader;
    private final ManifestIndex index;
    private final Semaphore streams;
    private final ExecutorService workers;
    private final MeterRegistry meters;
    private final Tracing tracing;

    public RetrievalApi(TieredDataReader reader, ManifestIndex index, int maxConcurrentStreams, MeterRegistry meters,
            Tracing tracing) {
        this.reader = reader;
        this.index = index;
        this.streams = new Semaphore(maxConcurrentStreams);
        this.workers = Executors.newFixedThreadPool(maxConcurrentStreams, r -> {
            Thread t = new Thread(r, "retrieval-stream");
            t.setDaemon(true);
            return t;
        });
        this.meters = meters;
        this.tracing = tracing;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Matcher route = ROUTE.matcher(exchange.getRequestURI().getPath());
        boolean routed = route.matches();
        RequestTrace trace = RequestTrace.start(tracing, exchange,
                routed ? "/api/v1/robots/{robot}/" + route.group(2) : null);
        Request request = null;
        try {
            request = admit(exchange, routed ? route : null, trace);
        } finally {
            if (request == null) {
                trace.end(exchange);
            }
        }
        if (request == null) {
            return;
        }
        Request admitted = request;
        workers.execute(() -> {
            try {
                serve(exchange, admitted, trace);
            } finally {
                streams.release();
                trace.end(exchange);
                exchange.close();
            }
        });
    }

    /** The request to stream, holding a stream permit; {@code null} when it was answered already with an error. */
    private Request admit(HttpExchange exchange, Matcher route, RequestTrace trace) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            plain(exchange, 405, "only GET is supported");
            return null;
        }
        if (route == null) {
            plain(exchange, 404, "unknown resource; see GET /api/v1/robots/{robot}/(logs|pointclouds|manifests)");
            return null;
        }
        Request request;
        try {
            request = Request.parse(URLDecoder.decode(route.group(1), StandardCharsets.UTF_8), route.group(2),
                    exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            plain(exchange, 400, e.getMessage());
            return null;
        }
        trace.robot(request.robot());
        if (!streams.tryAcquire()) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            plain(exchange, 503, "too many concurrent retrievals");
            return null;
        }
        return request;
    }

    private void serve(HttpExchange exchange, Request request, RequestTrace trace) {
        String outcome = "ok";
        try {
            switch (request.resource()) {
                case "logs" -> serveLogs(exchange, request);
                case "pointclouds" -> serveFrames(exchange, request);
                default -> serveManifests(exchange, request);
            }
        } catch (IOException | RuntimeException e) {
            outcome = "error";
            trace.failed(e);
            LOG.warn("retrieval of {} failed", request, e);
        }
        meters.counter("fleetstream_retrieval_requests", "resource", request.resource(), "outcome", outcome)
                .increment();
    }

    private void serveLogs(HttpExchange exchange, Request request) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        Counter lines = meters.counter("fleetstream_retrieval_log_lines");
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 64 * 1024)) {
            try {
                reader.streamLogs(request.robot(), request.from(), request.to(), line -> {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                    lines.increment();
                });
            } catch (IOException | RuntimeException e) {
                out.write(JSON.writeValueAsBytes(JSON.createObjectNode().put(LOG_LINE_ERROR_KEY, e.toString())));
                out.write('\n');
                throw e;
            }
        }
    }

    private void serveFrames(HttpExchange exchange, Request request) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", FrameStream.CONTENT_TYPE);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 256 * 1024)) {
            FrameStream.Writer writer = new FrameStream.Writer(out);
            try {
                long frames = reader.streamFrames(request.robot(), request.sensor(), request.from(), request.to(),
                        writer::frame);
                writer.end();
                meters.counter("fleetstream_retrieval_frames").increment(frames);
            } catch (IOException | RuntimeException e) {
                writer.error(e.toString());
                throw e;
            }
        }
    }

    private void serveManifests(HttpExchange exchange, Request request) throws IOException {
        String kind = request.param("kind", "pointclouds");
        TierKind tierKind = switch (kind) {
            case "logs" -> TierKind.LOGS;
            case "pointclouds" -> TierKind.POINTCLOUD;
            default -> null;
        };
        if (tierKind == null) {
            plain(exchange, 400, "kind must be logs or pointclouds: " + kind);
            return;
        }
        ArrayNode array = JSON.createArrayNode();
        for (IndexedManifest m : index.find(request.robot(), tierKind, request.sensor(), request.from(),
                request.to())) {
            array.add(toJson(m));
        }
        byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(array);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static ObjectNode toJson(IndexedManifest indexed) {
        TierManifest m = indexed.manifest();
        ObjectNode node = JSON.createObjectNode()
                .put("tier", indexed.tier()).put("bucket", m.getBucket()).put("objectKey", m.getObjectKey())
                .put("robotId", m.getRobotId()).put("site", m.getSite()).put("kind", m.getKind().name())
                .put("sensor", m.getSensor()).put("startTime", m.getStartTime().toEpochMilli())
                .put("endTime", m.getEndTime().toEpochMilli()).put("recordCount", m.getRecordCount())
                .put("byteSize", m.getByteSize()).put("codec", m.getCodec()).put("sha256", m.getSha256())
                .put("createdAt", m.getCreatedAt().toEpochMilli());
        ArrayNode frames = node.putArray("frames");
        for (TierFrameEntry f : m.getFrames()) {
            frames.addObject().put("frameId", f.getFrameId()).put("eventTime", f.getEventTime().toEpochMilli())
                    .put("offset", f.getOffset()).put("length", f.getLength())
                    .put("fullResolution", f.getFullResolution());
        }
        return node;
    }

    private static void plain(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            // Interrupted streams end their spans on the way out, before the service flushes its traces.
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Request(String robot, String resource, long from, long to, String sensor, Map<String, String> params) {

        static Request parse(String robot, String resource, String rawQuery) {
            Map<String, String> params = new HashMap<>();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            long from = time(params, "from");
            long to = time(params, "to");
            if (to < from) {
                throw new IllegalArgumentException("to is before from");
            }
            return new Request(robot, resource, from, to, params.get("sensor"), params);
        }

        String param(String name, String fallback) {
            return params.getOrDefault(name, fallback);
        }

        private static long time(Map<String, String> params, String name) {
            String value = params.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("query parameter " + name + " is required");
            }
            return parseTime(value);
        }
    }

    /** Epoch milliseconds or an ISO-8601 instant such as {@code 2025-11-24T10:00:00Z}. */
    static long parseTime(String value) {
        try {
            return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value)
                    : Instant.parse(value).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("not epoch milliseconds or an ISO-8601 instant: " + value);
        }
    }
}
