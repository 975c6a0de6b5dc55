package io.fleetstream.connectors.bridge;

import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.platform.PortAllocator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link BridgeMain} in a JVM of its own, configured only through {@code FLEETSTREAM_*} environment variables like
 * a container, so a test can SIGKILL it the way an OOM kill or a node loss would.
 */
final class BridgeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private final Process process;
    private final int opsPort;

    private BridgeProcess(Process process, int opsPort) {
        this.process = process;
        this.opsPort = opsPort;
    }

    /**
     * Starts a bridge JVM and waits until its {@code /ready} answers 200.
     *
     * @param settings configuration keys as in reference.conf ({@code bridge.mqtt.port}...)
     */
    static BridgeProcess start(Map<String, Object> settings, Path log) throws IOException, InterruptedException {
        int opsPort = PortAllocator.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                BridgeMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        settings.forEach((key, value) -> builder.environment().put(ConfigLoader.envName(key), String.valueOf(value)));
        builder.environment().put(ConfigLoader.envName("bridge.ops.port"), String.valueOf(opsPort));
        BridgeProcess bridge = new BridgeProcess(builder.start(), opsPort);
        bridge.awaitReady();
        return bridge;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("bridge process exited with " + process.exitValue());
            }
            if (status("/ready") == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("bridge process not ready within " + START_LIMIT);
    }

    /** Status of a GET on the ops port; 0 while nothing answers. */
    int status(String path) throws InterruptedException {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no drain, no DISCONNECT. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful shutdown path. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}
