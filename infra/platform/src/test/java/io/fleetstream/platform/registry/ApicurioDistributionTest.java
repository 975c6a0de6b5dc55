package io.fleetstream.platform.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fleetstream.platform.LocalMavenRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApicurioDistributionTest {

    @TempDir
    Path dir;

    @Test
    void fallsBackToUnpackingTheArchiveFromTheLocalMavenRepository() {
        Path cacheRoot = dir.resolve("cache");
        List<String> unusableHomes = Arrays.asList(null, dir.resolve("missing").toString());

        Path runner = ApicurioDistribution.locateRunner(Optional.empty(), unusableHomes,
                LocalMavenRepository.root(), cacheRoot);

        assertThat(runner).startsWith(cacheRoot).isRegularFile().hasFileName("quarkus-run.jar");
        assertThat(runner.getParent().resolve("lib")).isDirectory();
        assertThat(ApicurioDistribution.locateRunner(Optional.empty(), unusableHomes, LocalMavenRepository.root(),
                cacheRoot)).as("second lookup reuses the unpacked copy").isEqualTo(runner);
    }

    @Test
    void prefersAConfiguredHome() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/apicurio"));
        Files.createFile(home.resolve("quarkus-run.jar"));
        assertThat(ApicurioDistribution.locateRunner(Optional.empty(), List.of(dir.resolve("home").toString()),
                dir.resolve("no-repo"), dir.resolve("cache"))).isEqualTo(home.resolve("quarkus-run.jar"));
    }

    @Test
    void explainsHowToGetTheServerWhenNothingIsFound() {
        assertThatThrownBy(() -> ApicurioDistribution.locateRunner(Optional.empty(), List.of(),
                dir.resolve("empty-repo"), dir.resolve("cache")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mvn -B -pl infra/platform generate-resources")
                .hasMessageContaining(ApicurioDistribution.HOME_ENV);
    }
}
