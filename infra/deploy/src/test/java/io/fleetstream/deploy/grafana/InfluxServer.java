package io.fleetstream.deploy.grafana;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.fleetstream.deploy.tools.ExternalTool;

/**
 * A real InfluxDB 1.x server (Debian's influxd) on 127.0.0.1 with free ports, its data in a temporary directory.
 * Usage reporting is off and nothing listens beyond loopback.
 */
final class InfluxServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final int httpPort;
    private final Path log;

    private InfluxServer(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    static InfluxServer start(Path workDir) throws IOException, InterruptedException {
        ExternalTool influxd = ExternalTool.require("influxd");
        int httpPort = freePort();
        int rpcPort = freePort();
        Path config = workDir.resolve("influxdb.conf");
        Files.writeString(config, """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s"
                [data]
                  dir = "%s"
                  wal-dir = "%s"
                  query-log-enabled = false
                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  log-enabled = false
                [monitor]
                  store-enabled = false
                [continuous_queries]
                  enabled = false
                [logging]
                  level = "warn"
                """.formatted(rpcPort, workDir.resolve("meta"), workDir.resolve("data"), workDir.resolve("wal"), httpPort));
        Path log = workDir.resolve("influxd.log");
        Process process = new ProcessBuilder(influxd.executable().toString(), "run", "-config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        InfluxServer server = new InfluxServer(process, httpPort, log);
        server.awaitReady();
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    private void awaitReady() throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (pingSucceeds()) {
                return;
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("influxd did not answer /ping within " + STARTUP + ":\n" + Files.readString(log));
    }

    private boolean pingSucceeds() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url() + "/ping").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(1000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status == 204;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

}
