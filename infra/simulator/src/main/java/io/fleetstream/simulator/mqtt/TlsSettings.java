package io.fleetstream.simulator.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS towards the broker: when enabled, the broker certificate is verified against {@code trustStore} (or the JVM's
 * default trust store when none is given), and its host name against the certificate unless
 * {@code verifyHostname} is off (only for self-signed development certificates).
 */
public record TlsSettings(boolean enabled, String trustStore, String trustStorePassword, String trustStoreType,
                          boolean verifyHostname) {

    /** The trust managers for the configured store; the JVM defaults when no store is configured. */
    public TrustManagerFactory trustManagerFactory() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustStore == null || trustStore.isEmpty()) {
                factory.init((KeyStore) null);
                return factory;
            }
            KeyStore store = KeyStore.getInstance(trustStoreType);
            try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
                store.load(in, trustStorePassword == null || trustStorePassword.isEmpty() ? null
                        : trustStorePassword.toCharArray());
            }
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load MQTT trust store " + trustStore + " (" + trustStoreType
                    + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return enabled ? "TLS(trustStore=" + (trustStore.isEmpty() ? "JVM default" : trustStore) + ")" : "plain";
    }
}
