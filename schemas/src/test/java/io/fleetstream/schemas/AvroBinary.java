package io.fleetstream.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Plain Avro binary encoding (no framing) with the generated classes or with generic records. */
final class AvroBinary {

    private AvroBinary() {
    }

    static byte[] write(SpecificRecord record) {
        return write(new SpecificDatumWriter<>(record.getSchema()), record);
    }

    static byte[] writeGeneric(Schema schema, Object datum) {
        return write(new GenericDatumWriter<>(schema), datum);
    }

    /** Reads data written with writerSchema into the generated class of readerSchema, resolving differences. */
    static <T> T read(byte[] data, int offset, Schema writerSchema, Schema readerSchema) {
        return read(new SpecificDatumReader<>(writerSchema, readerSchema), data, offset);
    }

    static GenericData.Record readGeneric(byte[] data, Schema writerSchema, Schema readerSchema) {
        return read(new GenericDatumReader<>(writerSchema, readerSchema), data, 0);
    }

    private static <T> byte[] write(DatumWriter<T> writer, T datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static <T> T read(DatumReader<T> reader, byte[] data, int offset) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, null);
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IllegalStateException("trailing bytes after the Avro datum");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
