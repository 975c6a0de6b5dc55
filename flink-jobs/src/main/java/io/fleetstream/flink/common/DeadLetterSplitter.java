package io.fleetstream.flink.common;

import io.fleetstream.schemas.avro.DeadLetterRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Passes decoded records on and routes the dead letters of a {@link RegistryAvroDeserializationSchema} aside. */
public final class DeadLetterSplitter<T> extends ProcessFunction<Either<T, DeadLetterRecord>, T>
        implements ResultTypeQueryable<T> {

    public static final OutputTag<DeadLetterRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetterRecord.class));

    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> type;

    public DeadLetterSplitter(TypeInformation<T> type) {
        this.type = type;
    }

    /** Splits the output of a source that decodes Avro records of class {@code type}. */
    public static <T extends org.apache.avro.specific.SpecificRecordBase> DeadLetterSplitter<T> forAvro(
            Class<T> type) {
        return new DeadLetterSplitter<>(new AvroTypeInfo<>(type));
    }

    @Override
    public void processElement(Either<T, DeadLetterRecord> value, Context ctx, Collector<T> out) {
        if (value.isLeft()) {
            out.collect(value.left());
        } else {
            ctx.output(DEAD_LETTERS, value.right());
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }
}
