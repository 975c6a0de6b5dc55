package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fleetstream.schemas.avro.FleetHealth;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.HealthScope;
import io.fleetstream.schemas.avro.HealthTransition;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.InlinePayload;
import io.fleetstream.schemas.avro.ObjectStoreReference;
import io.fleetstream.schemas.avro.PointcloudFrame;

class AvroBinaryRoundTripTest {

    static List<SpecificRecord> samples() {
        return SampleRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRecordSurvivesAvroBinaryUnchanged(SpecificRecord sample) {
        byte[] encoded = AvroBinary.write(sample);

        SpecificRecord decoded = AvroBinary.read(encoded, 0, sample.getSchema(), sample.getSchema());

        assertThat(decoded).isInstanceOf(sample.getClass()).isEqualTo(sample);
    }

    @Test
    void pointcloudPayloadKeepsItsUnionBranch() {
        PointcloudFrame inline = SampleRecords.inlineFrame();
        PointcloudFrame referenced = SampleRecords.referencedFrame();

        PointcloudFrame inlineBack = AvroBinary.read(AvroBinary.write(inline), 0, inline.getSchema(),
                inline.getSchema());
        PointcloudFrame referencedBack = AvroBinary.read(AvroBinary.write(referenced), 0, referenced.getSchema(),
                referenced.getSchema());

        assertThat(inlineBack.getPayload()).isInstanceOf(InlinePayload.class)
                .isEqualTo(inline.getPayload());
        assertThat(referencedBack.getPayload()).isInstanceOf(ObjectStoreReference.class)
                .isEqualTo(referenced.getPayload());
    }

    @Test
    void optionalFieldsTakeTheirDefaultsWhenNotSet() {
        Heartbeat heartbeat = Heartbeat.newBuilder(SampleRecords.heartbeat())
                .clearErrorCodes().clearFirmware().build();
        HealthTransition first = HealthTransition.newBuilder(SampleRecords.healthTransition())
                .clearFromLevel().clearReasons().setToLevel(HealthLevel.OK).build();
        FleetHealth fleet = FleetHealth.newBuilder(SampleRecords.siteHealth())
                .setScope(HealthScope.FLEET).clearSite().clearLowBatteryCount().build();

        assertThat(heartbeat.getErrorCodes()).isEmpty();
        assertThat(heartbeat.getFirmware()).isNull();
        assertThat(first.getFromLevel()).isNull();
        assertThat(fleet.getSite()).isNull();
        assertThat(fleet.getLowBatteryCount()).isZero();
        for (SpecificRecord record : List.<SpecificRecord>of(heartbeat, first, fleet)) {
            SpecificRecord back = AvroBinary.read(AvroBinary.write(record), 0, record.getSchema(),
                    record.getSchema());
            assertThat(back).isEqualTo(record);
        }
    }
}
