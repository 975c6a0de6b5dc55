package io.fleetstream.connectors.bridge;

import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.common.ops.OpsServer;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the MQTT to Kafka bridge as a service: configuration from {@code reference.conf}/{@code application.conf}
 * with {@code FLEETSTREAM_BRIDGE_*} environment overrides, {@code /health} {@code /ready} {@code /metrics} on the
 * ops port, and a graceful stop on SIGTERM.
 */
public final class BridgeMain {

    /** Logback configuration of the deployable; a host application embedding the bridge keeps its own. */
    private static final String LOGBACK_CONFIG = "bridge-logback.xml";

    private BridgeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        Logger log = LoggerFactory.getLogger(BridgeMain.class);
        BridgeConfig config = BridgeConfig.from(ConfigLoader.load());
        OpsServer ops = OpsServer.start(config.ops().host(), config.ops().port(), "mqtt-bridge");
        Bridge bridge = new Bridge(config, ops.meterRegistry());
        ops.livenessCheck("bridge", bridge.livenessCheck()).readinessCheck("bridge", bridge.readinessCheck());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutdown requested");
            bridge.stop();
            ops.close();
            stopped.countDown();
        }, "bridge-shutdown"));
        try {
            bridge.start();
        } catch (Exception e) {
            log.atError().setCause(e).log("bridge failed to start");
            System.exit(1);
        }
        stopped.await();
    }
}
