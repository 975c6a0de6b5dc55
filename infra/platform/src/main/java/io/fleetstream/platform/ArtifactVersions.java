package io.fleetstream.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of the server distributions this module was built against, filtered in from the parent pom. */
public final class ArtifactVersions {
    private static final Properties VERSIONS = load();

    private ArtifactVersions() {
    }

    public static String apicurioRegistry() {
        return get("apicurio-registry-app.version");
    }

    public static String s3proxy() {
        return get("s3proxy.version");
    }

    private static String get(String key) {
        String value = VERSIONS.getProperty(key);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException("versions.properties in fleetstream-platform lacks " + key);
        }
        return value;
    }

    private static Properties load() {
        try (InputStream in = ArtifactVersions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties missing from the fleetstream-platform jar");
            }
            Properties props = new Properties();
            props.load(in);
            return props;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
