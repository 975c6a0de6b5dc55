package io.fleetstream.platform;

import io.fleetstream.common.ops.OpsServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
        startOps(settings, platform, out);
        out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    /** Serves the platform's health and metrics until the JVM exits. */
    public static OpsServer startOps(PlatformSettings settings, LocalPlatform platform, PrintStream out) {
        try {
            OpsServer ops = OpsServer.start("127.0.0.1", settings.opsPort(), "fleetstream-local-platform");
            PlatformHealth.register(ops, platform);
            out.println("Platform ops endpoint    " + ops.baseUrl() + "/(health|ready|metrics)");
            return ops;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the platform's ops endpoint on port " + settings.opsPort(), e);
        }
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
