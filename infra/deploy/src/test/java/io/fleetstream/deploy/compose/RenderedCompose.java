package io.fleetstream.deploy.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.RepoLayout;
import io.fleetstream.deploy.k8s.Manifests;
import io.fleetstream.deploy.tools.ExternalTool;

/**
 * infra/compose/docker-compose.yml as `docker-compose config` renders it (anchors merged, variables interpolated),
 * rendered once per test JVM with a throwaway value for every secret the file requires.
 */
public final class RenderedCompose {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?");
    private static JsonNode rendered;

    private RenderedCompose() {
    }

    public static synchronized JsonNode config() {
        if (rendered == null) {
            try {
                Path dir = Files.createTempDirectory("fleetstream-compose");
                Path envFile = writeEnvFile(dir, List.of());
                try {
                    rendered = Manifests.YAML.readTree(render(envFile).orThrow().stdout());
                } finally {
                    Files.delete(envFile);
                    Files.delete(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rendered;
    }

    /** Every variable the compose file requires, with a throwaway value, except those named in omit. */
    public static Path writeEnvFile(Path directory, List<String> omit) throws IOException {
        Matcher variables = REQUIRED_VARIABLE.matcher(Files.readString(REPO.compose()));
        StringBuilder env = new StringBuilder();
        while (variables.find()) {
            if (!omit.contains(variables.group(1))) {
                env.append(variables.group(1)).append("=test-only-").append(variables.group(1).length()).append('\n');
            }
        }
        Path file = directory.resolve("test.env");
        Files.writeString(file, env.toString());
        return file;
    }

    public static ExternalTool.Result render(Path envFile) {
        return ExternalTool.require("docker-compose").run(REPO.root(), Duration.ofMinutes(1),
                "--env-file", envFile.toString(), "-f", REPO.compose().toString(), "config");
    }
}
