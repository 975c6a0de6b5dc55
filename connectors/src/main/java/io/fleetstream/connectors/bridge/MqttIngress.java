package io.fleetstream.connectors.bridge;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's MQTT 5 connections. Each connection has a persistent session (clean start off, a session expiry), so
 * the broker keeps its subscriptions and queues messages while the bridge is down, and acknowledges manually, so
 * a message the bridge has not finished is redelivered after a crash. Messages of one connection are handled in
 * arrival order on that connection's own thread.
 */
final class MqttIngress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngress.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final BridgeConfig.Mqtt config;
    private final Consumer<IncomingMessage> handler;
    private final Clock clock;
    private final List<Connection> connections = new ArrayList<>();

    MqttIngress(BridgeConfig.Mqtt config, Consumer<IncomingMessage> handler, Clock clock) {
        this.config = config;
        this.handler = handler;
        this.clock = clock;
    }

    /** Connects every connection and subscribes; messages start flowing to the handler. */
    void start() throws Exception {
        TrustManagerFactory trust = config.tls().enabled() ? trustManagers(config.tls()) : null;
        for (int i = 0; i < config.connections(); i++) {
            Connection connection = new Connection(config.clientId() + "-" + i, trust);
            connections.add(connection);
            connection.start();
        }
    }

    /**
     * True when every connection is up and has its subscriptions: before the first SUBACK the broker keeps no
     * session messages for the bridge, so a bridge that is "connected" but not yet subscribed must not count as ready.
     */
    boolean connected() {
        return !connections.isEmpty()
                && connections.stream().allMatch(c -> c.subscribed && c.client.getState().isConnected());
    }

    String describeState() {
        return connections.stream().map(c -> c.clientId + "=" + c.client.getState())
                .reduce((a, b) -> a + ", " + b).orElse("not started");
    }

    /** Disconnects normally; the sessions (subscriptions, unacknowledged messages) stay with the broker. */
    @Override
    public void close() {
        for (Connection connection : connections) {
            connection.close();
        }
    }

    private final class Connection {
        private final String clientId;
        private final Mqtt5AsyncClient client;
        private final ExecutorService executor;
        private volatile boolean subscribed;
        private volatile boolean closing;
        private volatile Throwable lastConnectError;

        Connection(String clientId, TrustManagerFactory trust) {
            this.clientId = clientId;
            // Deliveries the client still hands over after close are dropped: unacknowledged, they are redelivered.
            this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "bridge-mqtt-" + clientId);
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());
            Mqtt5ClientBuilder builder = Mqtt5Client.builder()
                    .identifier(clientId)
                    .serverHost(config.host())
                    .serverPort(config.port())
                    .automaticReconnect()
                    .initialDelay(200, TimeUnit.MILLISECONDS)
                    .maxDelay(10, TimeUnit.SECONDS)
                    .applyAutomaticReconnect()
                    .addConnectedListener(context -> onConnected())
                    .addDisconnectedListener(this::onDisconnected);
            if (trust != null) {
                builder = builder.sslConfig().trustManagerFactory(trust).applySslConfig();
            }
            this.client = builder.buildAsync();
        }

        void start() throws Exception {
            // Registered before connecting: messages the broker queued for the session arrive right after CONNACK,
            // and a message with no registered flow would be acknowledged by the client unseen.
            // The callback runs on the client's event loop and only queues the message for this connection's thread
            // (receive-maximum bounds that queue). Not the client's executor variant: it hands over through a
            // 128-message buffer, and while that is full the client re-walks its unacknowledged messages on arrivals
            // and acknowledgements (MqttIncomingPublishService.drain), a cost that grows with the bridge's lag.
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> executor.execute(() -> received(publish)), true);
            Mqtt5ConnectBuilder.Send<CompletableFuture<Mqtt5ConnAck>> connect =
                    client.connectWith()
                            .cleanStart(false)
                            .sessionExpiryInterval(config.sessionExpiry().toSeconds())
                            .keepAlive((int) config.keepAlive().toSeconds())
                            .restrictions().receiveMaximum(config.receiveMaximum()).applyRestrictions();
            if (!config.username().isEmpty()) {
                connect = connect.simpleAuth()
                        .username(config.username())
                        .password(config.password().orElse("").getBytes(StandardCharsets.UTF_8))
                        .applySimpleAuth();
            }
            Mqtt5ConnAck connAck;
            try {
                connAck = connect.send().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("MQTT connect of " + clientId + " to " + config.host() + ":"
                        + config.port() + " failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("MQTT connect of " + clientId + " to " + config.host() + ":"
                        + config.port() + " not established within " + CONNECT_TIMEOUT + ", last error: "
                        + lastConnectError, lastConnectError);
            }
            LOG.atInfo().addKeyValue("client", clientId).addKeyValue("sessionPresent", connAck.isSessionPresent())
                    .addKeyValue("broker", config.host() + ":" + config.port()).log("MQTT connected");
            subscribe().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            subscribed = true;
        }

        private void onDisconnected(MqttClientDisconnectedContext context) {
            if (closing) {
                context.getReconnector().reconnect(false);
                return;
            }
            if (!subscribed) {
                lastConnectError = context.getCause();
                if (isPermanent(context.getCause())) {
                    // Refused at the first attempt (bad credentials, untrusted certificate): retrying cannot help.
                    context.getReconnector().reconnect(false);
                    return;
                }
            }
            if (context.getSource() != MqttDisconnectSource.USER) {
                LOG.atWarn().addKeyValue("client", clientId).addKeyValue("cause", String.valueOf(context.getCause()))
                        .log("MQTT connection lost, reconnecting");
            }
        }

        private void onConnected() {
            // A reconnect may land on a fresh session (expired, or a broker without persistence): subscribing again
            // is idempotent and makes sure the subscriptions exist.
            if (subscribed) {
                subscribe().whenComplete((ack, error) -> {
                    if (error != null) {
                        LOG.atError().addKeyValue("client", clientId).addKeyValue("error", error.toString())
                                .log("re-subscribing after reconnect failed");
                    }
                });
            }
        }

        private CompletableFuture<Mqtt5SubAck> subscribe() {
            List<Mqtt5Subscription> subscriptions = config.subscriptions().stream()
                    .map(filter -> Mqtt5Subscription.builder()
                            .topicFilter(config.subscriptionFilter(filter))
                            .qos(MqttQos.AT_LEAST_ONCE)
                            // Retained messages are old news re-sent on every subscribe: never ingest them twice.
                            .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND)
                            .build())
                    .toList();
            return client.subscribeWith().addSubscriptions(subscriptions).send().thenApply(subAck -> {
                List<Mqtt5SubAckReasonCode> codes = subAck.getReasonCodes();
                for (int i = 0; i < codes.size(); i++) {
                    if (codes.get(i).isError()) {
                        throw new IllegalStateException("broker refused subscription "
                                + subscriptions.get(i).getTopicFilter() + ": " + codes.get(i));
                    }
                }
                LOG.atInfo().addKeyValue("client", clientId).addKeyValue("filters", subscriptions.stream()
                        .map(s -> s.getTopicFilter().toString()).toList()).log("MQTT subscribed");
                return subAck;
            });
        }

        private void received(Mqtt5Publish publish) {
            Map<String, String> properties = new LinkedHashMap<>();
            publish.getUserProperties().asList()
                    .forEach(p -> properties.put(p.getName().toString(), p.getValue().toString()));
            handler.accept(new IncomingMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(), properties,
                    clock.instant(), System.nanoTime(), publish::acknowledge));
        }

        void close() {
            closing = true;
            try {
                if (client.getState().isConnected()) {
                    client.disconnect().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                LOG.atWarn().addKeyValue("client", clientId).addKeyValue("error", e.toString())
                        .log("MQTT disconnect failed");
            } finally {
                executor.shutdownNow();
            }
        }
    }

    private static boolean isPermanent(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof Mqtt5ConnAckException || cause instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static TrustManagerFactory trustManagers(BridgeConfig.Tls tls) throws IOException,
            GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (tls.trustStore().isEmpty()) {
            factory.init((KeyStore) null);
            return factory;
        }
        KeyStore store = KeyStore.getInstance(tls.trustStoreType());
        try (InputStream in = Files.newInputStream(Path.of(tls.trustStore()))) {
            store.load(in, tls.trustStorePassword().toCharArray());
        }
        factory.init(store);
        return factory;
    }
}
