package io.fleetstream.platform.objectstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import io.fleetstream.platform.ArtifactVersions;
import io.fleetstream.platform.LocalMavenRepository;

/**
 * Finds s3proxy's self-contained jar ({@code s3proxy-VERSION-jar-with-dependencies.jar}): an explicit path, system
 * property {@value #JAR_PROPERTY}, env {@value #JAR_ENV}, else the local Maven repository, where this module's
 * build puts it.
 */
public final class S3ProxyDistribution {
    public static final String JAR_PROPERTY = "fleetstream.s3proxy.jar";
    public static final String JAR_ENV = "FLEETSTREAM_S3PROXY_JAR";

    private S3ProxyDistribution() {
    }

    public static Path locateJar(Optional<Path> explicit) {
        Path jar = explicit.orElseGet(S3ProxyDistribution::configuredOrLocalRepository);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy jar not found at " + jar + ". Build the platform module once "
                    + "(mvn -B -pl infra/platform generate-resources), which downloads it, or set " + JAR_PROPERTY
                    + " / " + JAR_ENV + ".");
        }
        return jar;
    }

    private static Path configuredOrLocalRepository() {
        for (String candidate : new String[] {System.getProperty(JAR_PROPERTY), System.getenv(JAR_ENV)}) {
            if (candidate != null && !candidate.isBlank()) {
                return Paths.get(candidate);
            }
        }
        return LocalMavenRepository.artifact("org.gaul", "s3proxy", ArtifactVersions.s3proxy(),
                "jar-with-dependencies", "jar");
    }
}
