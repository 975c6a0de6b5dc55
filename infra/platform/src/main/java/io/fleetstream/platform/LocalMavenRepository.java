package io.fleetstream.platform;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The local Maven repository ({@code maven.repo.local} or {@code ~/.m2/repository}), where this module's build
 * leaves the server distributions it fetched, so any module's tests can find them without a network.
 */
public final class LocalMavenRepository {
    private LocalMavenRepository() {
    }

    public static Path root() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Paths.get(System.getProperty("user.home"), ".m2", "repository");
    }

    public static Path artifact(String groupId, String artifactId, String version, String classifier, String type) {
        return artifact(root(), groupId, artifactId, version, classifier, type);
    }

    public static Path artifact(Path repository, String groupId, String artifactId, String version, String classifier,
                                String type) {
        return repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + "-" + classifier + "." + type);
    }
}
