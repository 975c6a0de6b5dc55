package io.fleetstream.flink.common;

import io.fleetstream.schemas.avro.DeadLetterRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.Function;
import org.apache.flink.types.Either;

/**
 * Event-time watermarks generated in the Kafka source, so that they are tracked per partition: bounded
 * out-of-orderness, and idleness so that a partition nobody writes to does not hold back event time forever.
 */
public final class EventTimeWatermarks {

    private EventTimeWatermarks() {
    }

    /** Extracts the event time of a decoded record. */
    @FunctionalInterface
    public interface EventTime<T> extends Function {
        long of(T value);
    }

    /**
     * Dead letters get the smallest timestamp so that they never move event time: their Kafka timestamp says
     * nothing about the event time of the stream.
     */
    public static <T> WatermarkStrategy<Either<T, DeadLetterRecord>> boundedOutOfOrderness(EventTime<T> eventTime,
            Duration maxOutOfOrderness, Duration idleness) {
        return WatermarkStrategy.<Either<T, DeadLetterRecord>>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((value, kafkaTimestamp) ->
                        value.isLeft() ? eventTime.of(value.left()) : Long.MIN_VALUE)
                .withIdleness(idleness);
    }
}
