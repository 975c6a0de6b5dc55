package io.fleetstream.platform.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fleetstream.platform.ArtifactVersions;
import io.fleetstream.platform.LocalMavenRepository;

/**
 * Finds the unpacked Apicurio Registry server ({@code quarkus-run.jar} and its {@code lib/}). Looked for, in order:
 * an explicit path, system property {@value #HOME_PROPERTY}, env {@value #HOME_ENV}, and finally the
 * {@code apicurio-registry-app-VERSION-all.tar.gz} in the local Maven repository, unpacked once into a cache dir.
 */
public final class ApicurioDistribution {
    public static final String HOME_PROPERTY = "fleetstream.apicurio.home";
    public static final String HOME_ENV = "FLEETSTREAM_APICURIO_HOME";
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioDistribution.class);
    private static final String RUNNER = "quarkus-run.jar";
    private static final int SEARCH_DEPTH = 3;

    private ApicurioDistribution() {
    }

    /** Locates {@code quarkus-run.jar}; an explicit home must contain it, the other sources are tried in turn. */
    public static Path locateRunner(Optional<Path> explicitHome) {
        return locateRunner(explicitHome, Arrays.asList(System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV)),
                LocalMavenRepository.root(), Paths.get(System.getProperty("user.home"), ".cache", "fleetstream"));
    }

    static Path locateRunner(Optional<Path> explicitHome, List<String> configuredHomes, Path repository,
                             Path cacheRoot) {
        if (explicitHome.isPresent()) {
            return findRunner(explicitHome.get()).orElseThrow(() -> new IllegalStateException(
                    "No " + RUNNER + " under the configured Apicurio Registry home " + explicitHome.get()));
        }
        List<String> tried = new ArrayList<>();
        for (String candidate : configuredHomes) {
            if (candidate != null && !candidate.isBlank()) {
                Optional<Path> runner = findRunner(Paths.get(candidate));
                if (runner.isPresent()) {
                    return runner.get();
                }
                tried.add(candidate);
            }
        }
        Path archive = LocalMavenRepository.artifact(repository, "io.apicurio", "apicurio-registry-app",
                ArtifactVersions.apicurioRegistry(), "all", "tar.gz");
        if (Files.isRegularFile(archive)) {
            Path cache = cacheRoot.resolve("apicurio-registry-app-" + ArtifactVersions.apicurioRegistry());
            return findRunner(unpackOnce(archive, cache)).orElseThrow(() -> new IllegalStateException(
                    "Unpacked " + archive + " but found no " + RUNNER + " in it"));
        }
        tried.add(archive.toString());
        throw new IllegalStateException("Apicurio Registry server not found (looked in " + String.join(", ", tried)
                + "). Build the platform module once (mvn -B -pl infra/platform generate-resources), which downloads"
                + " and unpacks it, or set " + HOME_PROPERTY + " / " + HOME_ENV + ".");
    }

    static Optional<Path> findRunner(Path home) {
        if (!Files.isDirectory(home)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(home, SEARCH_DEPTH,
                (path, attrs) -> attrs.isRegularFile() && path.getFileName().toString().equals(RUNNER))) {
            return files.findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot search " + home + " for " + RUNNER, e);
        }
    }

    private static synchronized Path unpackOnce(Path archive, Path cache) {
        if (findRunner(cache).isPresent()) {
            return cache;
        }
        LOG.info("Unpacking {} into {}", archive, cache);
        try {
            Files.createDirectories(cache.getParent());
            Path staging = Files.createTempDirectory(cache.getParent(), "apicurio-unpack");
            Process tar = new ProcessBuilder("tar", "--no-same-owner", "-xzf", archive.toString(), "-C", staging.toString())
                    .redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("tar could not unpack " + archive + ": " + output);
            }
            // Another JVM may have won the race; its copy is as good as ours.
            try {
                Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                if (findRunner(cache).isEmpty()) {
                    throw alreadyThere;
                }
            }
            return cache;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + archive + " into " + cache, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while unpacking " + archive, e);
        }
    }
}
