package io.fleetstream.platform.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, as Testcontainers sees it (DOCKER_HOST, ~/.testcontainers.properties, socket). */
public final class DockerAvailability {
    private DockerAvailability() {
    }

    public static boolean isAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
