package io.fleetstream.connectors.bridge;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.fleetstream.platform.PortAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A HiveMQ CE broker like the platform's, except that a persistent session may queue a deep backlog.
 *
 * <p>Why the tests that take the bridge or Kafka down need it: HiveMQ CE queues at most 1000 messages per offline
 * (or stalled) session by default and silently discards the rest, so a 50k-message publish during a bridge restart
 * or a Kafka outage would lose messages in the broker whatever the bridge does. The platform's broker does not
 * expose the queue size yet (requested from the platform owner); production brokers must be sized the same way:
 * {@code max-queue-size >= publish rate x longest bridge or Kafka outage}.
 */
final class DeepQueueMqttBroker implements AutoCloseable {

    static final int MAX_QUEUE_SIZE = 2_000_000;

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private DeepQueueMqttBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    static DeepQueueMqttBroker start(Path dir) throws Exception {
        int port = PortAllocator.freePort();
        return start(dir, port, """
                <tcp-listener>
                    <port>%d</port>
                    <bind-address>127.0.0.1</bind-address>
                </tcp-listener>""".formatted(port));
    }

    /** A broker whose only listener is TLS, with the key pair of a JKS {@code keystore}. */
    static DeepQueueMqttBroker startTls(Path dir, Path keystore, String password) throws Exception {
        int port = PortAllocator.freePort();
        return start(dir, port, """
                <tls-tcp-listener>
                    <port>%d</port>
                    <bind-address>127.0.0.1</bind-address>
                    <tls>
                        <keystore>
                            <path>%s</path>
                            <password>%s</password>
                            <private-key-password>%s</private-key-password>
                        </keystore>
                    </tls>
                </tls-tcp-listener>""".formatted(port, keystore.toAbsolutePath(), password, password));
    }

    private static DeepQueueMqttBroker start(Path dir, int port, String listener) throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("extensions"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                    %s
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                    </mqtt>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(listener, MAX_QUEUE_SIZE), StandardCharsets.UTF_8);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(dir.resolve("data"))
                .withExtensionsFolder(dir.resolve("extensions"))
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().get(60, TimeUnit.SECONDS);
        return new DeepQueueMqttBroker(hivemq, port);
    }

    String host() {
        return "127.0.0.1";
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        try {
            hivemq.stop().get(60, TimeUnit.SECONDS);
        } finally {
            hivemq.close();
        }
    }
}
