package io.fleetstream.connectors.bridge;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Publishes telemetry for a set of robots as fast as the broker acknowledges it (QoS 1, one connection per robot,
 * a bounded number of unacknowledged publishes each), counting acknowledged messages as it goes.
 */
final class FleetPublisher implements AutoCloseable {

    private static final int OUTSTANDING_PER_ROBOT = 64;

    private final List<String> robots;
    private final List<Mqtt5AsyncClient> clients = new ArrayList<>();
    private final AtomicLong acknowledged = new AtomicLong();

    FleetPublisher(String host, int port, List<String> robots) {
        this.robots = List.copyOf(robots);
        for (String robot : robots) {
            Mqtt5AsyncClient client = Mqtt5Client.builder()
                    .identifier("publisher-" + robot + "-" + UUID.randomUUID().toString().substring(0, 6))
                    .serverHost(host)
                    .serverPort(port)
                    .buildAsync();
            client.connect().join();
            clients.add(client);
        }
    }

    static List<String> robots(String prefix, int count) {
        List<String> robots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            robots.add(String.format("%s-%04d", prefix, i));
        }
        return robots;
    }

    /**
     * Publishes seq 0..perRobot-1 for every robot, interleaved, and returns once the broker acknowledged all of
     * them. {@code progress} sees the running count of acknowledged messages after each acknowledgement.
     */
    void publish(int perRobot, LongConsumer progress) throws InterruptedException {
        publish(perRobot, 0, progress);
    }

    /** Like {@link #publish(int, LongConsumer)}, paced at {@code messagesPerSecond} overall (0: unpaced). */
    void publish(int perRobot, int messagesPerSecond, LongConsumer progress) throws InterruptedException {
        long start = System.nanoTime();
        long scheduled = 0;
        Semaphore[] windows = new Semaphore[robots.size()];
        for (int r = 0; r < robots.size(); r++) {
            windows[r] = new Semaphore(OUTSTANDING_PER_ROBOT);
        }
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long ts = System.currentTimeMillis();
        for (int seq = 0; seq < perRobot; seq++) {
            if (messagesPerSecond > 0) {
                long due = start + scheduled * 1_000_000_000L / messagesPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            scheduled += robots.size();
            for (int r = 0; r < robots.size(); r++) {
                String robot = robots.get(r);
                Semaphore window = windows[r];
                window.acquire();
                CompletableFuture<?> publishing = clients.get(r).publishWith()
                        .topic(Payloads.telemetryTopic(robot))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Payloads.telemetry(robot, seq, ts + seq).getBytes(StandardCharsets.UTF_8))
                        .send()
                        .whenComplete((ack, error) -> {
                            window.release();
                            if (error == null) {
                                progress.accept(acknowledged.incrementAndGet());
                            }
                        });
                pending.add(publishing);
            }
        }
        for (CompletableFuture<?> future : pending) {
            future.join();
        }
    }

    long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public void close() {
        clients.forEach(c -> c.disconnect().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join());
    }
}
