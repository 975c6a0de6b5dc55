package io.fleetstream.platform.kafka;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's server answers a fatal fault with {@code Exit.halt}, which would silently kill the whole JVM hosting the
 * embedded broker (a test run, the launcher). The guard turns exit and halt into a logged error and an exception on
 * the faulting thread instead. It is JVM-wide, as Kafka's {@link Exit} procedures are.
 */
final class KafkaExitGuard {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaExitGuard.class);
    private static boolean installed;

    private KafkaExitGuard() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
        Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        installed = true;
    }

    private static void refuse(String action, int status, String message) {
        String text = "Embedded Kafka asked to " + action + " the JVM with status " + status + ": " + message;
        LOG.error(text);
        throw new IllegalStateException(text);
    }
}
