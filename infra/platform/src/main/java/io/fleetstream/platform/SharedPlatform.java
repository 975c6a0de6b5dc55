package io.fleetstream.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fleetstream.platform.testsupport.ContainerPlatform;
import io.fleetstream.platform.testsupport.DockerAvailability;

/** The one platform of a test JVM, whichever {@link PlatformProvider} runs it; closed by JUnit at the end of the run. */
final class SharedPlatform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedPlatform.class);

    private final PlatformProvider provider;
    private final LocalPlatform local;
    private final AutoCloseable resources;
    private final PlatformEndpoints endpoints;

    private SharedPlatform(PlatformProvider provider, LocalPlatform local, AutoCloseable resources,
                           PlatformEndpoints endpoints) {
        this.provider = provider;
        this.local = local;
        this.resources = resources;
        this.endpoints = endpoints;
    }

    static SharedPlatform start(PlatformProvider provider, Path baseWorkDir) {
        LOG.info("Starting the shared test platform with provider {}", provider);
        if (provider == PlatformProvider.TESTCONTAINERS) {
            ContainerPlatform containers = startContainers();
            return new SharedPlatform(provider, null, containers, containers.endpoints());
        }
        // Each test run starts from empty services; the previous run's data (and logs) are dropped only now.
        Path workDir = baseWorkDir.resolve("embedded");
        deleteRecursively(workDir);
        LocalPlatform platform = LocalPlatform.builder().workDir(workDir).build().start();
        return new SharedPlatform(provider, platform, platform, platform.endpoints());
    }

    private static ContainerPlatform startContainers() {
        try {
            return ContainerPlatform.start();
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("The testcontainers provider needs org.testcontainers:testcontainers and "
                    + "org.testcontainers:kafka on the test classpath (fleetstream-platform declares them optional)", e);
        }
    }

    static PlatformProvider configuredProvider() {
        return PlatformProvider.select(System.getProperty(PlatformProvider.PROPERTY), DockerAvailability::isAvailable);
    }

    PlatformProvider provider() {
        return provider;
    }

    Optional<LocalPlatform> localPlatform() {
        return Optional.ofNullable(local);
    }

    PlatformEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() throws Exception {
        LOG.info("Stopping the shared test platform");
        resources.close();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear the test platform work dir " + dir, e);
        }
    }
}
