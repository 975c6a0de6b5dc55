package io.fleetstream.simulator.credentials;

import java.nio.file.Path;
import java.util.Collection;

/**
 * Which {@link CredentialsSource} the simulator uses: passwords derived from {@code secret} when one is set,
 * otherwise the credentials {@code file} (created with random passwords when absent).
 */
public record CredentialsSettings(Path file, String secret) {

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".fleetstream", "simulator-credentials");
    }

    public CredentialsSource open(Collection<String> robotIds) {
        return secret != null && !secret.isEmpty() ? new DerivedCredentials(secret)
                : CredentialsFile.loadOrCreate(file, robotIds);
    }

    @Override
    public String toString() {
        return secret != null && !secret.isEmpty() ? "derived from secret" : "file " + file;
    }
}
