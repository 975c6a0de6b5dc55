package io.fleetstream.flink.common;

import io.fleetstream.common.tracing.KafkaHeadersCarrier;
import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.common.tracing.TracingSettings;
import io.fleetstream.schemas.AvroSerdeFactory;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.DeadLetterSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Fleetstream Avro values in the Confluent wire format through the Apicurio deserializer of
 * {@code fleetstream-schemas} (Flink's own registry format is built on the Confluent client and cannot talk to
 * Apicurio's native API). A record that cannot be decoded does not fail the job: it comes out as the right side,
 * a {@link DeadLetterRecord} carrying the original bytes and the reason, for the job to send to the dead-letter
 * topic. Tombstones (null values on compacted topics) are skipped.
 *
 * <p>With tracing on, each record gets a CONSUMER span, child of the context in its {@code traceparent} header,
 * that is current while the operators chained to the source process the record ({@link RecordTraceContext}).
 * With tracing off no header is read.
 */
public final class RegistryAvroDeserializationSchema<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<Either<T, DeadLetterRecord>> {

    public static final String DESERIALIZATION_FAILED = "DESERIALIZATION_FAILED";
    /** Header added to dead letters naming the consumer that rejected the record. */
    public static final String CONSUMER_HEADER = "fleetstream.consumer";

    private static final long serialVersionUID = 1L;
    private static final AttributeKey<String> CONSUMER_GROUP =
            AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> PARTITION =
            AttributeKey.stringKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

    private final Class<T> type;
    private final String registryApiUrl;
    private final HashMap<String, String> registryClientConfig;
    private final String consumerName;
    private final TracingSettings tracingSettings;
    private transient Deserializer<T> deserializer;
    /** Null when tracing is off. */
    private transient Tracer tracer;
    private transient TextMapPropagator propagator;

    /**
     * @param consumerName names the reading job in the dead letters it produces, since several jobs read the same
     *                     topic
     */
    public RegistryAvroDeserializationSchema(Class<T> type, KafkaSettings kafka, String consumerName) {
        this.type = type;
        this.registryApiUrl = kafka.registryApiUrl();
        this.registryClientConfig = new HashMap<>(kafka.registryClientConfig());
        this.consumerName = consumerName;
        this.tracingSettings = kafka.tracing();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        deserializer = AvroSerdeFactory.forRegistry(registryApiUrl, registryClientConfig).valueSerde(type)
                .deserializer();
        Tracing tracing = FlinkTracing.shared(tracingSettings, context.getUserCodeClassLoader());
        tracer = tracing.enabled() ? tracing.tracer() : null;
        propagator = tracing.propagator();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<T, DeadLetterRecord>> out) {
        if (record.value() == null) {
            return;
        }
        if (tracer == null) {
            decode(record, out);
            return;
        }
        Span span = tracer.spanBuilder(record.topic() + " process")
                .setParent(propagator.extract(Context.root(), record.headers(), KafkaHeadersCarrier.INSTANCE))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(Tracing.MESSAGING_SYSTEM, "kafka")
                .setAttribute(Tracing.MESSAGING_DESTINATION, record.topic())
                .setAttribute(CONSUMER_GROUP, consumerName)
                .setAttribute(PARTITION, String.valueOf(record.partition()))
                .setAttribute(OFFSET, record.offset())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            decode(record, out);
        } finally {
            span.end();
        }
    }

    private void decode(ConsumerRecord<byte[], byte[]> record, Collector<Either<T, DeadLetterRecord>> out) {
        T value;
        try {
            value = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            Span.current().setStatus(StatusCode.ERROR, DESERIALIZATION_FAILED);
            out.collect(Either.Right(deadLetter(record, e)));
            return;
        }
        out.collect(Either.Left(value));
    }

    private DeadLetterRecord deadLetter(ConsumerRecord<byte[], byte[]> record, RuntimeException cause) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        headers.put(CONSUMER_HEADER, consumerName);
        return DeadLetterRecord.newBuilder()
                .setOriginalBytes(ByteBuffer.wrap(record.value()))
                .setSourceKind(DeadLetterSource.KAFKA)
                .setSourceTopic(record.topic())
                .setSourcePartition(record.partition())
                .setSourceOffset(record.offset())
                .setReasonCode(DESERIALIZATION_FAILED)
                .setReasonDetail(describe(cause))
                .setFailedAt(java.time.Instant.now())
                .setRobotId(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8))
                .setHeaders(headers)
                .build();
    }

    private static String describe(Throwable e) {
        StringBuilder detail = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            detail.append("; caused by ").append(cause);
        }
        return detail.toString();
    }

    @Override
    public TypeInformation<Either<T, DeadLetterRecord>> getProducedType() {
        return new EitherTypeInfo<>(new AvroTypeInfo<>(type), new AvroTypeInfo<>(DeadLetterRecord.class));
    }
}
