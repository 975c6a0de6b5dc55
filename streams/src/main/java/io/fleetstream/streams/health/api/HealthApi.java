package io.fleetstream.streams.health.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (JSON) over the fleet health state:
 * {@code GET /robots/{id}/health}, {@code GET /sites/{site}/health}, {@code GET /fleet/health}.
 *
 * <p>Any instance answers any key: a key whose partition another instance owns is forwarded to that instance
 * once. A forwarded request that does not land on the owner (ownership moved during a rebalance) is answered
 * with 503 and Retry-After instead of being forwarded again, so requests never loop.
 */
public final class HealthApi implements HttpHandler {

    /** Marks a request forwarded by another instance; its value names that instance. */
    static final String FORWARDED_BY = "X-Fleetstream-Forwarded-By";
    /** Names the instance (application.server) whose state answered the request. */
    public static final String SERVED_BY = "X-Fleetstream-Served-By";

    private static final Logger LOG = LoggerFactory.getLogger(HealthApi.class);
    private static final String JSON = "application/json";

    private final HealthQueries queries;
    private final HostInfo self;
    private final HttpClient http;
    private final Duration forwardTimeout;

    public HealthApi(HealthQueries queries, HostInfo self, Duration forwardTimeout) {
        this.queries = queries;
        this.self = self;
        this.forwardTimeout = forwardTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(forwardTimeout).build();
    }

    /** Path prefixes to mount on the ops server. */
    public static String[] routes() {
        return new String[] {"/robots/", "/sites/", "/fleet/"};
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, AvroJson.error("only GET is supported"));
                return;
            }
            String[] segments = exchange.getRequestURI().getRawPath().split("/");
            if (segments.length == 4 && "robots".equals(segments[1]) && "health".equals(segments[3])) {
                answer(exchange, () -> queries.robot(decode(segments[2])));
            } else if (segments.length == 4 && "sites".equals(segments[1]) && "health".equals(segments[3])) {
                answer(exchange, () -> queries.site(decode(segments[2])));
            } else if (segments.length == 3 && "fleet".equals(segments[1]) && "health".equals(segments[2])) {
                answer(exchange, queries::fleet);
            } else {
                send(exchange, 404, AvroJson.error("no such resource; use /robots/{id}/health, "
                        + "/sites/{site}/health or /fleet/health"));
            }
        } catch (RuntimeException e) {
            LOG.error("health API request {} failed", exchange.getRequestURI(), e);
            send(exchange, 500, AvroJson.error(e.toString()));
        }
    }

    private void answer(HttpExchange exchange, Supplier<Lookup<? extends SpecificRecordBase>> query)
            throws IOException {
        Lookup<? extends SpecificRecordBase> result = query.get();
        if (result instanceof Lookup.Found<? extends SpecificRecordBase> found) {
            exchange.getResponseHeaders().set(SERVED_BY, self.host() + ":" + self.port());
            send(exchange, 200, AvroJson.write(found.value()));
        } else if (result instanceof Lookup.NotFound<?> notFound) {
            exchange.getResponseHeaders().set(SERVED_BY, self.host() + ":" + self.port());
            send(exchange, 404, AvroJson.error("unknown " + notFound.what()));
        } else if (result instanceof Lookup.OwnedBy<?> ownedBy) {
            forward(exchange, ownedBy.owner());
        } else {
            unavailable(exchange, ((Lookup.Unavailable<?>) result).reason());
        }
    }

    private void forward(HttpExchange exchange, HostInfo owner) throws IOException {
        String forwardedBy = exchange.getRequestHeaders().getFirst(FORWARDED_BY);
        if (forwardedBy != null) {
            unavailable(exchange, "forwarded by " + forwardedBy + " but " + owner + " owns the key now");
            return;
        }
        URI target = URI.create("http://" + owner.host() + ":" + owner.port() + exchange.getRequestURI().getRawPath());
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(forwardTimeout)
                .header(FORWARDED_BY, self.host() + ":" + self.port())
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (String header : new String[] {SERVED_BY, "Retry-After"}) {
                response.headers().firstValue(header)
                        .ifPresent(value -> exchange.getResponseHeaders().set(header, value));
            }
            send(exchange, response.statusCode(), response.body());
        } catch (IOException e) {
            LOG.warn("forwarding {} to {} failed: {}", exchange.getRequestURI(), owner, e.toString());
            send(exchange, 502, AvroJson.error("owner " + owner + " unreachable: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable(exchange, "interrupted while forwarding to " + owner);
        }
    }

    private static void unavailable(HttpExchange exchange, String reason) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 503, AvroJson.error(reason));
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
