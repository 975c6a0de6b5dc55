package io.fleetstream.simulator.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.simulator.generator.OutboundMessage;
import io.fleetstream.simulator.generator.RobotEventSink;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One robot's own MQTT 5 connection (client id and username = robot id), publishing everything at QoS 1 through
 * the asynchronous HiveMQ client: a publish counts as published only when its PUBACK arrives, and as failed on an
 * error or a negative PUBACK. Messages produced while a (re)connect is under way wait in order and are sent once it
 * completes. A dropout fault disconnects the robot and reconnects it when the fault ends. Failed connects and lost
 * connections are retried with exponential back-off until the connection is stopped; meanwhile the client queues
 * publishes and sends them once reconnected.
 */
public final class RobotConnection implements RobotEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(RobotConnection.class);
    private static final long FAILURE_LOG_INTERVAL_MS = 10_000;
    private static final long FIRST_RETRY_DELAY_MS = 500;
    private static final long MAX_RETRY_DELAY_MS = 10_000;

    private enum Link { CONNECTING, UP, DROPPED, CLOSED }

    private final String robotId;
    private final Mqtt5AsyncClient client;
    private final Mqtt5Connect connect;
    private final PublishCounters counters;
    private final PublishTracing tracing;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CompletableFuture<Boolean> firstAttempt = new CompletableFuture<>();
    private final ArrayDeque<OutboundMessage> waitingForConnect = new ArrayDeque<>();
    private Link link = Link.CONNECTING;
    private volatile long lastFailureLogMs;

    private RobotConnection(String robotId, String password, MqttSettings settings, PublishCounters counters,
                            Tracing tracing) {
        this.robotId = robotId;
        this.counters = counters;
        this.tracing = new PublishTracing(tracing);
        this.maxInFlight = settings.maxInFlightPerRobot();
        // Reconnects are decided by onDisconnected rather than the client's automatic reconnect, which would keep
        // retrying (a wrong password, say) after the simulator stopped.
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5()
                .identifier(robotId)
                .serverHost(settings.host())
                .serverPort(settings.port())
                // on the client, not the CONNECT message: only then does the client send it again when reconnecting
                .simpleAuth().username(robotId).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .addConnectedListener(context -> onConnected())
                .addDisconnectedListener(this::onDisconnected);
        if (settings.tls().enabled()) {
            builder = builder.sslConfig(sslConfig(settings.tls()));
        }
        this.client = builder.buildAsync();
        // cleanStart=false on every connect: after a dropout or a broken connection the broker resumes the session,
        // so QoS 1 publishes without PUBACK yet are redelivered rather than lost.
        this.connect = Mqtt5Connect.builder()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                .keepAlive((int) settings.keepAlive().toSeconds())
                .build();
    }

    /** Creates the robot's client (username = client id = robot id); nothing is sent until {@link #start()}. */
    public static RobotConnection create(String robotId, String password, MqttSettings settings,
                                         PublishCounters counters, Tracing tracing) {
        return new RobotConnection(robotId, password, settings, counters, tracing);
    }

    private static MqttClientSslConfig sslConfig(TlsSettings tls) {
        var ssl = MqttClientSslConfig.builder().trustManagerFactory(tls.trustManagerFactory());
        if (!tls.verifyHostname()) {
            ssl = ssl.hostnameVerifier((host, session) -> true);
        }
        return ssl.build();
    }

    /** Starts connecting; the future tells whether the first attempt succeeded (later attempts continue anyway). */
    public synchronized CompletableFuture<Boolean> start() {
        connectNow();
        return firstAttempt;
    }

    public String robotId() {
        return robotId;
    }

    public boolean isConnected() {
        return client.getState().isConnected();
    }

    /** Publishes sent and not yet acknowledged (including those the client queued while reconnecting). */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public synchronized void publish(OutboundMessage message) {
        counters.recordGenerated(message.type());
        switch (link) {
            case UP -> send(message);
            case CONNECTING -> {
                if (waitingForConnect.size() < maxInFlight) {
                    waitingForConnect.addLast(message);
                } else {
                    counters.recordDropped(message.type());
                }
            }
            case DROPPED, CLOSED -> counters.recordDropped(message.type());
        }
    }

    @Override
    public synchronized void connectivityChanged(String robot, boolean online) {
        if (link == Link.CLOSED) {
            return;
        }
        if (online) {
            LOG.info("{} back on the network, reconnecting", robotId);
            link = Link.CONNECTING;
            connectNow();
        } else {
            LOG.info("{} drops off the network (dropout fault)", robotId);
            link = Link.DROPPED;
            disconnect("simulated network dropout");
        }
    }

    /** Stops accepting messages; what waits for a connect is dropped (and counted). In-flight publishes continue. */
    public synchronized void stop() {
        link = Link.CLOSED;
        for (OutboundMessage message : waitingForConnect) {
            counters.recordDropped(message.type());
        }
        waitingForConnect.clear();
    }

    /** Sends DISCONNECT; completes normally also when the robot was not connected. */
    public CompletableFuture<Void> disconnect() {
        return disconnect("simulator stopping");
    }

    private CompletableFuture<Void> disconnect(String reason) {
        return client.disconnectWith().reasonString(reason).send().exceptionally(error -> null);
    }

    /**
     * Outcomes arrive through the lifecycle listeners rather than this future: after a failure the client reconnects
     * on the same future, and a connect racing a reconnect fails with a state error while the reconnect proceeds.
     */
    private void connectNow() {
        client.connect(connect).exceptionally(error -> null);
    }

    /** Called by the client after every successful connect, including reconnects. */
    private void onConnected() {
        synchronized (this) {
            if (link == Link.CONNECTING) {
                link = Link.UP;
                while (!waitingForConnect.isEmpty()) {
                    send(waitingForConnect.removeFirst());
                }
            } else if (link != Link.UP) {
                disconnect(link == Link.DROPPED ? "simulated network dropout" : "simulator stopping");
            }
        }
        firstAttempt.complete(true);
    }

    /** Called by the client after a failed connect or a lost connection, and after our own DISCONNECT. */
    private void onDisconnected(MqttClientDisconnectedContext context) {
        if (context.getSource() == MqttDisconnectSource.USER) {
            return;
        }
        counters.recordConnectionFailure();
        logFailure("connection", context.getCause());
        firstAttempt.complete(false);
        synchronized (this) {
            if (link == Link.CONNECTING || link == Link.UP) {
                int attempts = context.getReconnector().getAttempts();
                long delay = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS << Math.min(attempts, 10));
                context.getReconnector().reconnect(true).delay(delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void send(OutboundMessage message) {
        if (inFlight.get() >= maxInFlight) {
            counters.recordDropped(message.type());
            return;
        }
        inFlight.incrementAndGet();
        Span span = tracing.start(message);
        try {
            var publish = client.publishWith()
                    .topic(message.topic())
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(message.payload())
                    .contentType(message.type().contentType());
            if (message.type().isJson()) {
                publish = publish.payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8);
            }
            if (!message.userProperties().isEmpty() || PublishTracing.recording(span)) {
                Mqtt5UserPropertiesBuilder properties = Mqtt5UserProperties.builder();
                message.userProperties().forEach(properties::add);
                tracing.inject(span, properties);
                publish = publish.userProperties(properties.build());
            }
            publish.send().whenComplete((result, error) -> onPublishResult(message, span, result, error));
        } catch (RuntimeException e) {
            onPublishResult(message, span, null, e);
        }
    }

    private void onPublishResult(OutboundMessage message, Span span, Mqtt5PublishResult result, Throwable error) {
        inFlight.decrementAndGet();
        Throwable failure = error != null ? error : result.getError().orElse(null);
        PublishTracing.end(span, failure);
        if (failure == null) {
            counters.recordAcknowledged(message.type(), message.payload().length);
        } else {
            counters.recordFailure(message.type());
            logFailure("publish to " + message.topic(), failure);
        }
    }

    private void logFailure(String what, Throwable error) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLogMs >= FAILURE_LOG_INTERVAL_MS) {
            lastFailureLogMs = now;
            LOG.warn("{}: {} failed: {} (further failures of this robot are counted, logged every {} s)",
                    robotId, what, error.toString(), FAILURE_LOG_INTERVAL_MS / 1000);
        }
    }
}
