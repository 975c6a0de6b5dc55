package io.fleetstream.platform.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;

import io.fleetstream.platform.AbstractManagedService;
import io.fleetstream.platform.ServiceKind;

/**
 * HiveMQ Community Edition embedded in this JVM. Its config.xml is written before every start: one TCP listener on
 * 127.0.0.1, file persistence under the service directory, no usage statistics sent anywhere.
 */
public final class EmbeddedMqttBroker extends AbstractManagedService {
    public static final String HOST = "127.0.0.1";

    private final Path confDir;
    private final Path dataDir;
    private final Path extensionsDir;
    private final int port;
    private final Optional<MqttAuthentication> authentication;
    private EmbeddedHiveMQ hivemq;
    private CompletableFuture<Void> startFuture;

    public EmbeddedMqttBroker(Path serviceDir, int port, Optional<MqttAuthentication> authentication,
                              Duration readyTimeout) {
        super(readyTimeout);
        this.confDir = serviceDir.resolve("conf");
        this.dataDir = serviceDir.resolve("data");
        this.extensionsDir = serviceDir.resolve("extensions");
        this.port = port;
        this.authentication = authentication;
    }

    @Override
    public ServiceKind kind() {
        return ServiceKind.MQTT;
    }

    public int port() {
        return port;
    }

    @Override
    public String logLocation() {
        return "this JVM's log (loggers com.hivemq.*), config in " + confDir.resolve("config.xml");
    }

    /**
     * Unacknowledged QoS 1/2 messages HiveMQ CE lets one subscriber connection have in flight. CE caps this at a
     * hard-coded 50 whatever the client's receive-maximum ({@code InternalConfigurations}, no config.xml key): a
     * subscriber that acknowledges only after downstream work, like the bridge after Kafka's {@code acks=all}, is
     * then limited to 50 messages per acknowledgement round trip (see benchmarks/RESULTS.md, "MQTT -> Kafka
     * ingest"). Above this cap the client's receive-maximum is the window, as MQTT 5 intends.
     */
    public static final int MAX_INFLIGHT_WINDOW = 10_000;

    /**
     * Sets the per-connection in-flight cap of every HiveMQ CE embedded in this JVM (a JVM-wide static in CE);
     * takes effect for connections made after the call.
     */
    public static void setMaxInflightWindow(int messages) {
        InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = messages;
    }

    @Override
    protected void doStart() throws Exception {
        writeConfig();
        setMaxInflightWindow(MAX_INFLIGHT_WINDOW);
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(confDir)
                .withDataFolder(dataDir)
                .withExtensionsFolder(extensionsDir)
                // The host application owns the logging configuration.
                .withoutLoggingBootstrap();
        authentication.ifPresent(auth -> builder.withEmbeddedExtension(auth.embeddedExtension()));
        hivemq = builder.build();
        startFuture = hivemq.start();
    }

    @Override
    protected Optional<String> deathReason() {
        if (startFuture == null || !startFuture.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            startFuture.join();
            return Optional.empty();
        } catch (CompletionException | CancellationException e) {
            return Optional.of("HiveMQ start failed: " + (e.getCause() == null ? e : e.getCause()));
        }
    }

    /**
     * HiveMQ CE's default of 1000 queued QoS 1 messages per session silently discards the rest while a subscriber
     * (the bridge) is down or held back by a Kafka outage; the queue must cover publish rate x longest outage.
     */
    static final int MAX_QUEUED_MESSAGES_PER_CLIENT = 2_000_000;

    private void writeConfig() throws IOException {
        Files.createDirectories(confDir);
        Files.createDirectories(dataDir);
        Files.createDirectories(extensionsDir);
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<hivemq xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"config.xsd\">\n"
                + "    <listeners>\n"
                + "        <tcp-listener>\n"
                + "            <port>" + port + "</port>\n"
                + "            <bind-address>" + HOST + "</bind-address>\n"
                + "        </tcp-listener>\n"
                + "    </listeners>\n"
                + "    <mqtt>\n"
                + "        <queued-messages>\n"
                + "            <max-queue-size>" + MAX_QUEUED_MESSAGES_PER_CLIENT + "</max-queue-size>\n"
                + "            <strategy>discard</strategy>\n"
                + "        </queued-messages>\n"
                + "    </mqtt>\n"
                + "    <persistence>\n"
                + "        <mode>file</mode>\n"
                + "    </persistence>\n"
                + "    <anonymous-usage-statistics>\n"
                + "        <enabled>false</enabled>\n"
                + "    </anonymous-usage-statistics>\n"
                + "</hivemq>\n";
        Files.writeString(confDir.resolve("config.xml"), xml, StandardCharsets.UTF_8);
    }

    @Override
    protected boolean isReady() throws IOException {
        MqttConnectProbe probe = new MqttConnectProbe(HOST, port);
        String clientId = "fleetstream-readiness-" + UUID.randomUUID();
        Optional<MqttAuthentication.Credentials> credentials = authentication.map(MqttAuthentication::probeCredentials);
        return probe.connect(clientId, credentials.map(MqttAuthentication.Credentials::username),
                credentials.map(MqttAuthentication.Credentials::password)) == 0;
    }

    @Override
    protected String readinessProbe() {
        return "MQTT CONNECT to " + HOST + ":" + port;
    }

    @Override
    protected void doStop() throws Exception {
        if (hivemq != null) {
            try {
                hivemq.stop().get(60, TimeUnit.SECONDS);
            } finally {
                hivemq.close();
                hivemq = null;
                startFuture = null;
            }
        }
    }
}
