package io.fleetstream.platform;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

import org.slf4j.LoggerFactory;

/**
 * Runs the local platform until Ctrl-C: {@code java -cp ... io.fleetstream.platform.PlatformMain}. Configured by
 * {@link PlatformSettings} (system properties {@code fleetstream.*} or env {@code FLEETSTREAM_*}); prints where each
 * service listens; a shutdown hook stops every service, child processes included.
 */
public final class PlatformMain {
    private static final String LOGBACK_CONFIG = "logback.configurationFile";
    private static final String LOG_FILE_PROPERTY = "fleetstream.platform.logFile";

    private PlatformMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PlatformSettings settings = PlatformSettings.fromEnvironment();
        configureLogging(settings);
        PrintStream out = System.out;
        LocalPlatform platform;
        try {
            platform = settings.toBuilder().build();
        } catch (RuntimeException e) {
            System.err.println("Invalid platform configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the Fleetstream local platform ...");
            platform.close();
            out.println("Stopped.");
            stopped.countDown();
        }, "fleetstream-platform-shutdown"));
        try {
            platform.start();
        } catch (PlatformStartException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        out.println("Fleetstream local platform ready in " + platform.startupTime().orElseThrow().toMillis()
                + " ms, data in " + platform.workDir());
        out.println(platform.endpoints());
        if (platform.enabledServices().contains(ServiceKind.OBJECT_STORE)) {
            out.println("S3 secret key             " + platform.endpoints().s3SecretKey() + " (generated for this run)");
        }
        out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    /** The bundled config logs warnings to the console and everything to platform.log in the work dir. */
    public static void configureLogging(PlatformSettings settings) {
        if (System.getProperty(LOGBACK_CONFIG) == null) {
            System.setProperty(LOGBACK_CONFIG, "io/fleetstream/platform/platform-main-logback.xml");
        }
        if (System.getProperty(LOG_FILE_PROPERTY) == null) {
            System.setProperty(LOG_FILE_PROPERTY, settings.workDir().resolve("platform.log").toString());
        }
        LoggerFactory.getLogger(PlatformMain.class).debug("Logging configured");
    }
}
