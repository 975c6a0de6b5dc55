package io.fleetstream.flink.common;

import io.fleetstream.schemas.AvroSerdeFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Fleetstream Avro values in the Confluent wire format through the Apicurio serializer of
 * {@code fleetstream-schemas} (schema registered under {@code <topic>-value}), with a String key such as the robot
 * id, so records are partitioned exactly as the other producers of the topic partition them. With tracing on, a
 * record written while a trace context is current ({@link RecordTraceContext}) carries it in its
 * {@code traceparent} header.
 */
public final class RegistryAvroSerializationSchema<T extends SpecificRecordBase>
        implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<T> type;
    private final SerializableFunction<T, String> key;
    private final String registryApiUrl;
    private final HashMap<String, String> registryClientConfig;
    private final boolean tracing;
    private transient Serializer<T> serializer;

    public RegistryAvroSerializationSchema(String topic, Class<T> type, SerializableFunction<T, String> key,
            KafkaSettings kafka) {
        this.topic = topic;
        this.type = type;
        this.key = key;
        this.registryApiUrl = kafka.registryApiUrl();
        this.registryClientConfig = new HashMap<>(kafka.registryClientConfig());
        this.tracing = kafka.tracing().enabled();
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        serializer = AvroSerdeFactory.forRegistry(registryApiUrl, registryClientConfig).valueSerde(type).serializer();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, element));
        if (tracing) {
            RecordTraceContext.injectCurrent(record.headers());
        }
        return record;
    }
}
