package io.fleetstream.flink.common;

/**
 * Selects the logging configuration bundled for embedded runs, unless one was chosen with
 * {@code -Dlogback.configurationFile}. Must run before the first logger is created, so this class has none.
 */
public final class EmbeddedLogging {

    private static final String LOGBACK_CONFIG = "logback.configurationFile";

    private EmbeddedLogging() {
    }

    public static void useBundledConfigUnlessSet() {
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, "fleetstream-flink-jobs-logback.xml");
        }
    }
}
