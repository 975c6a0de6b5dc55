package io.fleetstream.flink.common;

import io.fleetstream.common.config.Settings;
import io.fleetstream.common.tracing.TracingSettings;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the jobs find Kafka and the schema registry, plus pass-through client settings (security, tuning) that
 * are applied verbatim to every registry client, consumer and producer the jobs create.
 *
 * @param tracing whether the jobs continue the trace context of the records they read ({@code traceparent}
 *                headers) with their own spans, and pass it on in the headers of the records they write
 */
public record KafkaSettings(String bootstrapServers, String registryApiUrl, HashMap<String, String> registryClient,
                            Properties consumer, Properties producer, TracingSettings tracing)
        implements Serializable {

    public static KafkaSettings from(Settings kafka) {
        HashMap<String, String> registryClient = new HashMap<>();
        kafka.properties("registry-client").forEach((k, v) -> registryClient.put((String) k, (String) v));
        return new KafkaSettings(kafka.string("bootstrap-servers"), kafka.string("registry-url"), registryClient,
                kafka.properties("consumer"), kafka.properties("producer"), TracingSettings.disabled());
    }

    /** Plain settings without pass-through client configuration, e.g. for a local platform. */
    public static KafkaSettings of(String bootstrapServers, String registryApiUrl) {
        return new KafkaSettings(bootstrapServers, registryApiUrl, new HashMap<>(), new Properties(),
                new Properties(), TracingSettings.disabled());
    }

    public KafkaSettings withTracing(TracingSettings tracing) {
        return new KafkaSettings(bootstrapServers, registryApiUrl, registryClient, consumer, producer, tracing);
    }

    Map<String, String> registryClientConfig() {
        return Map.copyOf(registryClient);
    }
}
