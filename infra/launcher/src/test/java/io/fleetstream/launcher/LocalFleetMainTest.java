package io.fleetstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fleetstream run} as a process, all ports free ones: once every stage of the summary shows, SIGTERM (what
 * {@code ./fleetstream} forwards for Ctrl-C) stops the pipeline before the servers it writes to, the launcher exits
 * with status 0 and none of its server processes (influxd, the registry, s3proxy) is left.
 */
class LocalFleetMainTest {

    private static final List<String> PORT_VARIABLES = List.of("FLEETSTREAM_KAFKA_PORT",
            "FLEETSTREAM_KAFKA_CONTROLLER_PORT", "FLEETSTREAM_MQTT_PORT", "FLEETSTREAM_REGISTRY_PORT",
            "FLEETSTREAM_REGISTRY_MANAGEMENT_PORT", "FLEETSTREAM_S3_PORT", "FLEETSTREAM_INFLUX_PORT",
            "FLEETSTREAM_INFLUX_RPC_PORT", "FLEETSTREAM_OPS_PORT");

    @Test
    void sigtermStopsEverythingInOrderAndLeavesNoProcessBehind(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("launcher.out");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), LocalFleetMain.class.getName(),
                "sim.robots=3", "sim.telemetry-hz=5", "health.http.port=0")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put("FLEETSTREAM_WORK_DIR", dir.resolve("work").toString());
        PORT_VARIABLES.forEach(variable -> env.put(variable, "0"));
        Process launcher = builder.start();
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    lastSummary(output).matches(".*\\| health ok .*\\| InfluxDB points [1-9].*"
                            + "\\| tiered objects logs \\d+, pointclouds [1-9].*"));
            List<ProcessHandle> servers = launcher.descendants().toList();
            assertThat(servers).extracting(p -> p.info().command().orElse(""))
                    .anyMatch(command -> command.endsWith("influxd")).hasSizeGreaterThanOrEqualTo(3);

            launcher.destroy(); // SIGTERM

            assertThat(launcher.waitFor(3, TimeUnit.MINUTES)).as("the launcher exits").isTrue();
            assertThat(launcher.exitValue()).isZero();
            assertThat(servers).noneMatch(ProcessHandle::isAlive);
            String shutdown = afterLast(new String(Files.readAllBytes(output), StandardCharsets.UTF_8),
                    "Stopping the simulator");
            assertThat(shutdown).as(() -> "the launcher's output from the stop on; the log's errors:\n"
                            + errorsIn(dir.resolve("work").resolve("platform.log")))
                    .contains("Stopped.")
                    // The JVM's shutdown started under the running jobs, or the servers went before them:
                    .doesNotContain("Could not addJvmShutdownHook").doesNotContain("Failed to connect")
                    .doesNotContain(" ERROR ");
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private static String lastSummary(Path output) throws IOException {
        // Read leniently: the launcher may be in the middle of writing a line.
        return new String(Files.readAllBytes(output), StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("[")).reduce((a, b) -> b).orElse("");
    }

    /** Each ERROR of the log with the lines after it (its stack trace), to diagnose a failure. */
    private static String errorsIn(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            StringBuilder errors = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(" ERROR ")) {
                    lines.subList(i, Math.min(lines.size(), i + 25)).forEach(l -> errors.append(l).append('\n'));
                }
            }
            return errors.toString();
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static String afterLast(String text, String marker) {
        int at = text.lastIndexOf(marker);
        assertThat(at).as("'" + marker + "' in the launcher's output").isNotNegative();
        return text.substring(at);
    }
}
