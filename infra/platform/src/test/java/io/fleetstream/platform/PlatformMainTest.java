package io.fleetstream.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** PlatformMain as a user runs it: prints the endpoints, and SIGTERM (as Ctrl-C) stops every service and child. */
class PlatformMainTest {

    @TempDir
    Path workDir;

    @Test
    void printsEndpointsAndStopsEverythingOnSigterm() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "-Dfleetstream.work.dir=" + workDir));
        for (String port : List.of("kafka.port", "kafka.controller.port", "mqtt.port", "registry.port",
                "registry.management.port", "s3.port", "influx.port", "influx.rpc.port", "ops.port")) {
            command.add("-Dfleetstream." + port + "=" + PortAllocator.freePort());
        }
        String apicurioHome = System.getProperty("fleetstream.apicurio.home");
        if (apicurioHome != null) {
            command.add("-Dfleetstream.apicurio.home=" + apicurioHome);
        }
        command.add(PlatformMain.class.getName());
        Path console = workDir.resolve("console.txt");
        Process main = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        try {
            assertThat(awaitLine(console, "Press Ctrl-C", main)).as("PlatformMain output:%n%s", read(console)).isTrue();
            assertThat(read(console)).contains("Kafka bootstrap servers  127.0.0.1:")
                    .contains("MQTT                     tcp://127.0.0.1:")
                    .contains("Registry ccompat API     http://127.0.0.1:")
                    .contains("S3 endpoint              http://127.0.0.1:")
                    .contains("InfluxDB                 http://127.0.0.1:")
                    .contains("Platform ops endpoint    http://127.0.0.1:");
            String opsUrl = read(console).lines().filter(line -> line.startsWith("Platform ops endpoint"))
                    .findFirst().orElseThrow().replaceAll(".*(http://[^/]+).*", "$1");
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(opsUrl + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as("platform /ready: %s", ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"kafka\"").contains("\"influxdb\"");
            List<ProcessHandle> children = main.descendants().toList();
            assertThat(children).as("registry, s3proxy and influxd child processes").hasSize(3);

            main.destroy();
            assertThat(main.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(read(console)).contains("\nStopped.");
            assertThat(main.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
            assertThat(children).noneMatch(ProcessHandle::isAlive);
        } finally {
            main.descendants().forEach(ProcessHandle::destroyForcibly);
            main.destroyForcibly();
        }
    }

    private static boolean awaitLine(Path console, String prefix, Process main) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && main.isAlive()) {
            if (read(console).lines().anyMatch(line -> line.startsWith(prefix))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static String read(Path console) throws java.io.IOException {
        return Files.readString(console, StandardCharsets.UTF_8);
    }
}
