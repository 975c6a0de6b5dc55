package io.fleetstream.common.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readinessFollowsRegisteredChecksAndMetricsAreExposed() throws Exception {
        AtomicBoolean kafkaReachable = new AtomicBoolean(false);
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, "test-service")) {
            ops.readinessCheck("kafka", () -> kafkaReachable.get()
                    ? HealthCheck.Result.up() : HealthCheck.Result.down("no \"broker\""));
            ops.meterRegistry().counter("fleetstream_test_events").increment(3);

            HttpResponse<String> notReady = get(ops, "/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"status\":\"DOWN\"").contains("no \\\"broker\\\"");

            kafkaReachable.set(true);
            assertThat(get(ops, "/ready").statusCode()).isEqualTo(200);
            assertThat(get(ops, "/health").statusCode()).isEqualTo(200);

            String metrics = get(ops, "/metrics").body();
            assertThat(metrics).contains("fleetstream_test_events_total{service=\"test-service\"} 3.0");
            assertThat(metrics).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void failingCheckReportsDownInsteadOfBreakingTheEndpoint() throws Exception {
        try (OpsServer ops = OpsServer.start("127.0.0.1", 0, "test-service")) {
            ops.livenessCheck("worker", () -> {
                throw new IllegalStateException("worker thread died");
            });
            HttpResponse<String> response = get(ops, "/health");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("worker thread died");
        }
    }

    private HttpResponse<String> get(OpsServer ops, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ops.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
