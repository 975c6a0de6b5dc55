package io.fleetstream.streams.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;

/** Points fleet health apps, producers and consumers at the shared test platform. */
final class PlatformFixture {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final PlatformEndpoints endpoints;
    final Topics topics;

    PlatformFixture(PlatformEndpoints endpoints) {
        this.endpoints = endpoints;
        this.topics = Topics.forRegistry(endpoints.registryApiUrl());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The app's settings for the platform, HTTP on a free port. Input is read from the end of the topics (tests
     * share them within the JVM) so each app sees only what its test produces once it runs.
     */
    Map<String, String> settings(String applicationId, Path stateDir) {
        return Map.of(
                "health.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers(),
                "health.kafka.registry-url", endpoints.registryApiUrl(),
                "health.kafka.application-id", applicationId,
                "health.kafka.state-dir", stateDir.toString(),
                "health.kafka.streams.\"main.consumer.auto.offset.reset\"", "latest",
                "health.http.port", "0");
    }

    FleetHealthConfig config(String applicationId, Path stateDir, String extraHocon) {
        StringBuilder hocon = new StringBuilder(extraHocon).append('\n');
        settings(applicationId, stateDir).forEach((key, value) -> hocon.append(key).append(" = \"")
                .append(value).append("\"\n"));
        return FleetHealthConfig.from(ConfigFactory.parseString(hocon.toString())
                .withFallback(ConfigFactory.load()).resolve());
    }

    static Path stateDir(String name) {
        try {
            return Files.createDirectories(Path.of("target", "streams-state")).toAbsolutePath()
                    .resolve(unique(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** A read_committed consumer from the beginning of {@code topic}. */
    <V> KafkaConsumer<String, V> consumer(Topic<String, V> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, unique("health-test-reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Serde<V> values = topic.valueSerde();
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                values.deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    /** Polls, handing every record to {@code onRecord}, until {@code done} holds. */
    static <V> void readUntil(KafkaConsumer<String, V> consumer, Consumer<ConsumerRecord<String, V>> onRecord,
            BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the records read from " + consumer.subscription() + " in " + timeout
                        + " do not satisfy the test");
            }
            consumer.poll(Duration.ofMillis(500)).forEach(onRecord);
        }
    }

    static HttpResponse<String> get(String baseUrl, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON body of a GET that must answer 200; anything else fails as an assertion (awaitility retries). */
    static JsonNode getOk(String baseUrl, String path) {
        HttpResponse<String> response = get(baseUrl, path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a Prometheus sample, e.g. {@code fleetstream_health_robots{level="OK"}}, or NaN if absent. */
    static double metric(String scrape, String name, String labelFilter) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(labelFilter))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    static String robotId(int number) {
        return String.format(Locale.ROOT, "robot-%04d", number);
    }
}
