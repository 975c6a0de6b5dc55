package io.fleetstream.platform;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Where {@link LocalPlatformExtension} gets its services from, chosen by system property {@value #PROPERTY}:
 * {@code embedded} (default) runs {@link LocalPlatform}; {@code testcontainers} runs pinned container images;
 * {@code auto} uses containers only when a Docker engine answers, else the embedded platform.
 */
public enum PlatformProvider {
    EMBEDDED,
    TESTCONTAINERS;

    public static final String PROPERTY = "fleetstream.platform.provider";

    public static PlatformProvider select(String configured, BooleanSupplier dockerAvailable) {
        String value = configured == null ? "" : configured.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "":
            case "embedded":
                return EMBEDDED;
            case "testcontainers":
                return TESTCONTAINERS;
            case "auto":
                return dockerAvailable.getAsBoolean() ? TESTCONTAINERS : EMBEDDED;
            default:
                throw new IllegalArgumentException("Unknown " + PROPERTY + " '" + configured
                        + "': use embedded, testcontainers or auto");
        }
    }
}
