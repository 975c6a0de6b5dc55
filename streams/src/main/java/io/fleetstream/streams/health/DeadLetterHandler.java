package io.fleetstream.streams.health;

import io.fleetstream.schemas.Topics;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.DeadLetterSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends input records the app cannot use to {@value Topics#INGEST_DLQ} as {@link DeadLetterRecord}s with the
 * reason, and lets processing continue. Kafka Streams produces the dead letters in the same transaction as the
 * task's other output, so under exactly-once a bad record is dead-lettered exactly once.
 *
 * <p>Undeserializable records and {@link InvalidHealthInputException}s are dead-lettered; any other processing
 * exception is a bug and stops the app rather than silently dropping data.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Streams config key holding the {@code Serializer<DeadLetterRecord>} instance to use. */
    public static final String SERIALIZER_CONFIG = "fleetstream.dead-letter.serializer";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private Serializer<DeadLetterRecord> serializer;

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(SERIALIZER_CONFIG);
        if (!(configured instanceof Serializer<?>)) {
            throw new ConfigException(SERIALIZER_CONFIG, configured, "must be a Serializer<DeadLetterRecord>");
        }
        serializer = (Serializer<DeadLetterRecord>) configured;
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
            ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, record.key(),
                record.value(), "DESERIALIZATION_FAILED", exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
            Exception exception) {
        if (!(exception instanceof InvalidHealthInputException invalid)) {
            return ProcessingExceptionHandler.Response.fail();
        }
        return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context, context.sourceRawKey(),
                context.sourceRawValue(), invalid.reasonCode(), exception)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
            String reasonCode, Exception exception) {
        String robotId = key == null ? null : new String(key, StandardCharsets.UTF_8);
        LOG.warn("dead-lettering {}-{}@{} (robot {}): {} {}", context.topic(), context.partition(), context.offset(),
                robotId, reasonCode, exception.toString());
        DeadLetterRecord letter = DeadLetterRecord.newBuilder()
                .setOriginalBytes(ByteBuffer.wrap(value == null ? new byte[0] : value))
                .setSourceKind(DeadLetterSource.KAFKA)
                .setSourceTopic(context.topic())
                .setSourcePartition(context.partition())
                .setSourceOffset(context.offset())
                .setReasonCode(reasonCode)
                .setReasonDetail(detail(exception))
                .setFailedAt(Instant.now())
                .setRobotId(robotId)
                .setHeaders(headers(context.headers()))
                .build();
        return new ProducerRecord<>(Topics.INGEST_DLQ, key, serializer.serialize(Topics.INGEST_DLQ, letter));
    }

    private static String detail(Throwable exception) {
        StringBuilder detail = new StringBuilder(String.valueOf(exception.getMessage()));
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            detail.append("; caused by ").append(cause);
        }
        return detail.toString();
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> decoded = new LinkedHashMap<>();
        if (headers != null) {
            for (Header header : headers) {
                decoded.put(header.key(), header.value() == null ? "" : new String(header.value(),
                        StandardCharsets.UTF_8));
            }
        }
        return decoded;
    }
}
