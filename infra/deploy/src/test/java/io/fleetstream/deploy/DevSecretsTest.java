package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.k8s.Manifest;
import io.fleetstream.deploy.k8s.RenderedOverlays;
import io.fleetstream.deploy.tools.ExternalTool;

/**
 * The Secrets the manifests reference are exactly those the dev-secrets script creates (with the same keys) plus the
 * ones Strimzi creates, and the script's compose .env satisfies the compose file.
 */
class DevSecretsTest {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();
    private static final Path SCRIPT = REPO.root().resolve("infra/deploy/bin/create-dev-secrets.sh");

    @Test
    void everyReferencedSecretIsCreatedByTheScriptOrByStrimzi() throws IOException {
        Map<String, Set<String>> created = new TreeMap<>(scriptSecrets());
        for (Manifest user : RenderedOverlays.ofKind("base", "KafkaUser")) {
            created.put(user.name(), Set.of("password", "sasl.jaas.config"));
        }
        created.put("fleetstream-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));

        Map<String, Set<String>> referenced = referencedSecrets();

        assertThat(created.keySet()).containsAll(referenced.keySet());
        referenced.forEach((name, keys) -> assertThat(created.get(name)).as(name).containsAll(keys));
        assertThat(referenced.keySet()).containsAll(scriptSecrets().keySet());
    }

    @Test
    void generatedComposeEnvironmentSatisfiesTheComposeFile(@TempDir Path dir) {
        Path env = dir.resolve("generated.env");
        ExternalTool.require("bash").run(REPO.root(), Duration.ofSeconds(30), SCRIPT.toString(), "compose", "--env-file", env.toString())
                .orThrow();

        ExternalTool.Result config = ExternalTool.require("docker-compose").run(REPO.root(), Duration.ofMinutes(1),
                "--env-file", env.toString(), "-f", REPO.compose().toString(), "config", "-q");
        assertThat(config.exitCode()).as(config.describe()).isZero();
    }

    private static Map<String, Set<String>> scriptSecrets() throws IOException {
        Map<String, Set<String>> secrets = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^\\s+create_secret (\\S+) (.+)$").matcher(Files.readString(SCRIPT));
        while (line.find()) {
            secrets.put(line.group(1), new TreeSet<>(List.of(line.group(2).trim().split(" "))));
        }
        return secrets;
    }

    private static Map<String, Set<String>> referencedSecrets() {
        Map<String, Set<String>> referenced = new TreeMap<>();
        for (Manifest manifest : RenderedOverlays.render("base")) {
            for (JsonNode ref : manifest.node().findValues("secretKeyRef")) {
                referenced.computeIfAbsent(ref.path("name").asText(), k -> new TreeSet<>()).add(ref.path("key").asText());
            }
            for (JsonNode volume : manifest.node().findValues("secret")) {
                if (volume.has("secretName")) {
                    Set<String> keys = referenced.computeIfAbsent(volume.path("secretName").asText(), k -> new TreeSet<>());
                    volume.path("items").forEach(item -> keys.add(item.path("key").asText()));
                }
            }
        }
        return referenced;
    }
}
