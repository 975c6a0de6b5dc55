package io.fleetstream.common.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint every Fleetstream server exposes: {@code /health} (liveness), {@code /ready}
 * (readiness) and {@code /metrics} (Prometheus text format). Services register their own checks and meters;
 * extra application routes (such as an interactive-query API) can be mounted on the same port.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private final PrometheusMeterRegistry registry;
    private final Map<String, HealthCheck> liveness = new LinkedHashMap<>();
    private final Map<String, HealthCheck> readiness = new LinkedHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(String host, int port, String serviceName) throws IOException {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", serviceName);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ops-http-" + serviceName);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health", exchange -> respondHealth(exchange, liveness));
        server.createContext("/ready", exchange -> respondHealth(exchange, readiness));
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    }

    /** Starts an ops server on {@code host:port}; port 0 picks a free port (see {@link #port()}). */
    public static OpsServer start(String host, int port, String serviceName) throws IOException {
        OpsServer ops = new OpsServer(host, port, serviceName);
        ops.server.start();
        LOG.info("ops endpoints for {} on http://{}:{}/(health|ready|metrics)", serviceName, host, ops.port());
        return ops;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    public OpsServer livenessCheck(String name, HealthCheck check) {
        synchronized (liveness) {
            liveness.put(name, check);
        }
        return this;
    }

    public OpsServer readinessCheck(String name, HealthCheck check) {
        synchronized (readiness) {
            readiness.put(name, check);
        }
        return this;
    }

    /** Mounts an application route (for example an HTTP API) on the same port. */
    public OpsServer route(String pathPrefix, HttpHandler handler) {
        server.createContext(pathPrefix, handler);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        registry.close();
    }

    private static void respondHealth(HttpExchange exchange, Map<String, HealthCheck> checks) throws IOException {
        boolean healthy = true;
        StringBuilder body = new StringBuilder("{\"checks\":{");
        synchronized (checks) {
            boolean first = true;
            for (Map.Entry<String, HealthCheck> entry : checks.entrySet()) {
                HealthCheck.Result result = safeCheck(entry.getValue());
                healthy &= result.healthy();
                if (!first) {
                    body.append(',');
                }
                first = false;
                body.append(Json.quote(entry.getKey())).append(":{\"status\":")
                        .append(result.healthy() ? "\"UP\"" : "\"DOWN\"")
                        .append(",\"detail\":").append(Json.quote(result.detail())).append('}');
            }
        }
        body.append("},\"status\":").append(healthy ? "\"UP\"" : "\"DOWN\"").append('}');
        respond(exchange, healthy ? 200 : 503, "application/json", body.toString());
    }

    private static HealthCheck.Result safeCheck(HealthCheck check) {
        try {
            return check.check();
        } catch (RuntimeException e) {
            return HealthCheck.Result.down(e.toString());
        }
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
