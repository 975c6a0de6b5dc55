package io.fleetstream.streams.health;

import static io.fleetstream.streams.health.PlatformFixture.get;
import static io.fleetstream.streams.health.PlatformFixture.getOk;
import static io.fleetstream.streams.health.PlatformFixture.metric;
import static io.fleetstream.streams.health.PlatformFixture.robotId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kills the app (SIGKILL) while robots keep changing level, restarts it on an empty state directory and checks,
 * reading fleet.health.transitions with read_committed, that every input produced exactly one transition: the
 * state came back from the changelogs and the aborted transaction's output was never seen.
 */
@ExtendWith(LocalPlatformExtension.class)
class FleetHealthRestartTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final int ROBOTS = 6;
    private static final String SITE = "restart-site";

    @Test
    void killedInstanceRestoresItsStateFromChangelogsAndEmitsNoTransitionTwice(PlatformEndpoints endpoints)
            throws Exception {
        PlatformFixture platform = new PlatformFixture(endpoints);
        String applicationId = PlatformFixture.unique("fleet-health-restart");
        Path logs = PlatformFixture.stateDir("restart-logs");
        Files.createDirectories(logs);
        Map<Integer, AtomicInteger> sent = new HashMap<>();
        for (int i = 0; i < ROBOTS; i++) {
            sent.put(2001 + i, new AtomicInteger());
        }
        Topic<String, TelemetrySample> telemetry = platform.topics.telemetry();

        try (KafkaProducer<String, TelemetrySample> producer = platform.producer(telemetry)) {
            ChildHealthApp app = ChildHealthApp.start(settings(platform, applicationId, "first"),
                    logs.resolve("first.log"), PATIENCE);
            awaitReady(app);

            // every message flips its robot between OK (ACTIVE) and DEGRADED (WARN): one transition per message
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread flipper = new Thread(() -> {
                while (producing.get()) {
                    sent.forEach((number, count) -> send(producer, telemetry, number,
                            count.getAndIncrement() % 2 == 0 ? "ACTIVE" : "WARN"));
                    producer.flush();
                    sleep(50);
                }
            }, "level-flipper");
            flipper.start();
            await().atMost(PATIENCE).until(() -> robotsAnsweredBy(app) == ROBOTS);
            sleep(1_000); // a few commits in, and a transaction open

            app.kill();
            sleep(1_000); // robots keep changing while the app is down
            ChildHealthApp restarted = ChildHealthApp.start(settings(platform, applicationId, "restarted"),
                    logs.resolve("restarted.log"), PATIENCE);
            try {
                awaitReady(restarted);
                sleep(1_000);
                producing.set(false);
                flipper.join();
                sent.forEach((number, count) -> {
                    send(producer, telemetry, number, "ERROR"); // the last message makes every robot CRITICAL
                    count.incrementAndGet();
                });
                producer.flush();

                await().atMost(PATIENCE).untilAsserted(() -> sent.keySet().forEach(number -> assertThat(
                        getOk(restarted.baseUrl(), "/robots/" + robotId(number) + "/health")
                                .get("level").asText()).isEqualTo("CRITICAL")));
                assertThat(metric(get(restarted.baseUrl(), "/metrics").body(),
                        "fleetstream_health_restored_records_total", "service=")).as(restarted.log())
                        .isPositive();
            } finally {
                restarted.close();
            }
        }

        Map<String, List<HealthTransition>> byRobot = new HashMap<>();
        try (KafkaConsumer<String, HealthTransition> consumer = platform.consumer(platform.topics.healthTransitions())) {
            PlatformFixture.readUntil(consumer, r -> {
                if (r.key().compareTo(robotId(2001)) >= 0 && r.key().compareTo(robotId(2001 + ROBOTS)) < 0) {
                    byRobot.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                }
            }, () -> sent.keySet().stream().allMatch(number -> endsCritical(byRobot.get(robotId(number)))), PATIENCE);
        }
        sent.forEach((number, count) -> {
            List<HealthTransition> transitions = byRobot.get(robotId(number));
            assertChain(robotId(number), transitions);
            assertThat(transitions).as("one transition per message of %s", robotId(number)).hasSize(count.get());
        });
    }

    private static Map<String, String> settings(PlatformFixture platform, String applicationId, String name) {
        Map<String, String> settings = new HashMap<>(platform.settings(applicationId,
                PlatformFixture.stateDir("restart-" + name)));
        // only the flipping status may change levels: no offline robots while the app is down, no rate rule
        settings.put("health.offline-after", "10m");
        settings.put("health.telemetry.min-rate-per-sec", "0");
        // the killed instance leaves the consumer group sooner than the 45 s default
        settings.put("health.kafka.streams.\"main.consumer.session.timeout.ms\"", "10000");
        return settings;
    }

    private static void send(KafkaProducer<String, TelemetrySample> producer, Topic<String, TelemetrySample> topic,
            int number, String status) {
        String robot = robotId(number);
        Instant now = Instant.now();
        producer.send(new ProducerRecord<>(topic.name(), robot, TelemetrySample.newBuilder().setRobotId(robot)
                .setSite(SITE).setEventTime(now).setSeq(0).setMetrics(Map.of("cpu_pct", 20.0)).setStatus(status)
                .setIngestTime(now).build()));
    }

    private static void awaitReady(ChildHealthApp app) {
        await().atMost(PATIENCE).until(() -> get(app.baseUrl(), "/ready").statusCode() == 200);
    }

    private static long robotsAnsweredBy(ChildHealthApp app) {
        return IntStream.range(2001, 2001 + ROBOTS)
                .filter(n -> get(app.baseUrl(), "/robots/" + robotId(n) + "/health").statusCode() == 200).count();
    }

    private static boolean endsCritical(List<HealthTransition> transitions) {
        return transitions != null && transitions.get(transitions.size() - 1).getToLevel() == HealthLevel.CRITICAL;
    }

    /** First from no level, then each transition leaves the level the previous one entered. */
    private static void assertChain(String robot, List<HealthTransition> transitions) {
        assertThat(transitions.get(0).getFromLevel()).as("first transition of %s", robot).isNull();
        for (int i = 1; i < transitions.size(); i++) {
            assertThat(transitions.get(i).getFromLevel()).as("transition %d of %s", i, robot)
                    .isEqualTo(transitions.get(i - 1).getToLevel())
                    .isNotEqualTo(transitions.get(i).getToLevel());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
