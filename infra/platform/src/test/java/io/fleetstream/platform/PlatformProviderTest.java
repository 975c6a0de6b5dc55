package io.fleetstream.platform;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.fleetstream.platform.testsupport.DockerAvailability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformProviderTest {

    @Test
    void embeddedIsTheDefault() {
        assertThat(PlatformProvider.select(null, () -> true)).isEqualTo(PlatformProvider.EMBEDDED);
        assertThat(PlatformProvider.select(" ", () -> true)).isEqualTo(PlatformProvider.EMBEDDED);
        assertThat(PlatformProvider.select("Embedded", () -> true)).isEqualTo(PlatformProvider.EMBEDDED);
        assertThat(PlatformProvider.select("testcontainers", () -> false)).isEqualTo(PlatformProvider.TESTCONTAINERS);
    }

    @Test
    void autoFallsBackToEmbeddedWhenDockerIsAbsent() {
        assertThat(PlatformProvider.select("auto", () -> false)).isEqualTo(PlatformProvider.EMBEDDED);
        assertThat(PlatformProvider.select("auto", () -> true)).isEqualTo(PlatformProvider.TESTCONTAINERS);
    }

    /** On this project's machines and CI there is a Docker client but no engine: auto must pick embedded. */
    @Test
    void autoUsesTheRealDockerProbeOnThisMachine() {
        boolean engineSocket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
        boolean available = DockerAvailability.isAvailable();
        if (!engineSocket) {
            assertThat(available).as("Docker reported available without an engine socket or DOCKER_HOST").isFalse();
        }
        assertThat(PlatformProvider.select("auto", DockerAvailability::isAvailable))
                .isEqualTo(available ? PlatformProvider.TESTCONTAINERS : PlatformProvider.EMBEDDED);
    }

    @Test
    void rejectsUnknownProviders() {
        assertThatThrownBy(() -> PlatformProvider.select("docker", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PlatformProvider.PROPERTY);
    }
}
