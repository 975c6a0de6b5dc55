package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class CachingAvroDatumProviderTest {

    @Test
    void everySerdeOfTheFactoryUsesTheCachingProvider() {
        AvroSerdeConfig config = new AvroSerdeConfig(
                AvroSerdeFactory.forRegistry("http://127.0.0.1:1/apis/registry/v3").serdeConfig());

        assertThat(config.getAvroDatumProvider()).isEqualTo(CachingAvroDatumProvider.class);
    }

    @Test
    void reusesTheWriterAndReaderOfASchemaInstance() {
        CachingAvroDatumProvider<SpecificRecord> provider = specificProvider();
        TelemetrySample sample = SampleRecords.telemetry();

        assertThat(provider.createDatumWriter(sample, TelemetrySample.SCHEMA$))
                .isSameAs(provider.createDatumWriter(SampleRecords.telemetry(), TelemetrySample.SCHEMA$));
        assertThat(provider.createDatumReader(TelemetrySample.SCHEMA$))
                .isSameAs(provider.createDatumReader(TelemetrySample.SCHEMA$));
    }

    @Test
    void roundTripsThroughCachedAndFreshSchemaInstances() throws IOException {
        CachingAvroDatumProvider<SpecificRecord> provider = specificProvider();
        TelemetrySample sample = SampleRecords.telemetry();
        Schema sameSchemaOtherInstance = new Schema.Parser().parse(TelemetrySample.SCHEMA$.toString());

        byte[] cached = write(provider, sample, TelemetrySample.SCHEMA$);
        byte[] cachedAgain = write(provider, sample, TelemetrySample.SCHEMA$);
        byte[] fresh = write(provider, sample, sameSchemaOtherInstance);

        assertThat(cachedAgain).isEqualTo(cached);
        assertThat(fresh).isEqualTo(cached);
        assertThat(provider.createDatumReader(TelemetrySample.SCHEMA$)
                .read(null, DecoderFactory.get().binaryDecoder(cached, null))).isEqualTo(sample);
    }

    @Test
    void keepsWorkingBeyondItsCacheBound() throws IOException {
        CachingAvroDatumProvider<SpecificRecord> provider = specificProvider();
        TelemetrySample sample = SampleRecords.telemetry();
        byte[] expected = write(provider, sample, TelemetrySample.SCHEMA$);

        for (int i = 0; i <= CachingAvroDatumProvider.MAX_CACHED; i++) {
            Schema instance = new Schema.Parser().parse(TelemetrySample.SCHEMA$.toString());
            assertThat(write(provider, sample, instance)).isEqualTo(expected);
        }
        assertThat(write(provider, sample, TelemetrySample.SCHEMA$)).isEqualTo(expected);
    }

    private static CachingAvroDatumProvider<SpecificRecord> specificProvider() {
        CachingAvroDatumProvider<SpecificRecord> provider = new CachingAvroDatumProvider<>();
        provider.setUseSpecificAvroReader(true);
        return provider;
    }

    private static byte[] write(CachingAvroDatumProvider<SpecificRecord> provider, SpecificRecord record,
            Schema schema) throws IOException {
        DatumWriter<SpecificRecord> writer = provider.createDatumWriter(record, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
