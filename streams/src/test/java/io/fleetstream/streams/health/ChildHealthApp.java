package io.fleetstream.streams.health;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * {@link FleetHealthApp#main} in a child JVM configured through FLEETSTREAM_* environment variables, as it is
 * deployed, so that the test can kill it without a clean shutdown (SIGKILL).
 */
final class ChildHealthApp implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("ops endpoints on (http://\\S+)");

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private ChildHealthApp(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * @param settings configuration keys (e.g. health.offline-after); keys of reference.conf are passed as their
     *                 environment variables, free-form pass-through keys as system properties
     */
    static ChildHealthApp start(Map<String, String> settings, Path log, Duration patience) throws IOException {
        Config reference = ConfigFactory.defaultReference();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path")));
        Map<String, String> environment = new HashMap<>();
        settings.forEach((key, value) -> {
            if (reference.hasPath(key)) {
                environment.put(ConfigLoader.envName(key), value);
            } else {
                command.add("-D" + key.replace("\"", "") + "=" + value);
            }
        });
        command.add(FleetHealthApp.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            String url = Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(200))
                    .until(() -> listeningUrl(process, log), found -> found != null);
            return new ChildHealthApp(process, log, url);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("child app did not start; its log:\n" + Files.readString(log), e);
        }
    }

    private static String listeningUrl(Process process, Path log) throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("child app exited with " + process.exitValue());
        }
        Matcher matcher = LISTENING.matcher(Files.readString(log));
        return matcher.find() ? matcher.group(1) : null;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** SIGKILL: no shutdown hook runs, open transactions stay open, local state is not checkpointed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
