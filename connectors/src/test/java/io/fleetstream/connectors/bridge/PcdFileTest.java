package io.fleetstream.connectors.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstream.schemas.avro.PcdDataEncoding;
import io.fleetstream.schemas.avro.PcdField;
import io.fleetstream.schemas.avro.PcdFieldType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PcdFileTest {

    @Test
    void binaryFileExposesItsLayout() throws Exception {
        PcdFile file = PcdFile.parse(Pcd.binary(100));

        assertThat(file.points()).isEqualTo(100);
        assertThat(file.width()).isEqualTo(100);
        assertThat(file.height()).isEqualTo(1);
        assertThat(file.encoding()).isEqualTo(PcdDataEncoding.BINARY);
        assertThat(file.pointSize()).isEqualTo(16);
        assertThat(file.fields()).containsExactly(
                new PcdField("x", PcdFieldType.FLOAT, 4, 1), new PcdField("y", PcdFieldType.FLOAT, 4, 1),
                new PcdField("z", PcdFieldType.FLOAT, 4, 1), new PcdField("intensity", PcdFieldType.FLOAT, 4, 1));
    }

    @Test
    void asciiFileIsCountedLineByLine() throws Exception {
        PcdFile file = PcdFile.parse(Pcd.ascii(42));

        assertThat(file.points()).isEqualTo(42);
        assertThat(file.encoding()).isEqualTo(PcdDataEncoding.ASCII);
    }

    @Test
    void binaryCompressedIsCheckedThroughItsSizePrefix() throws Exception {
        byte[] header = Pcd.header(10, "binary_compressed").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[37];
        ByteBuffer file = ByteBuffer.allocate(header.length + 8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put(header).putInt(body.length).putInt(10 * 16).put(body);

        assertThat(PcdFile.parse(file.array()).encoding()).isEqualTo(PcdDataEncoding.BINARY_COMPRESSED);

        ByteBuffer wrong = ByteBuffer.allocate(header.length + 8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        wrong.put(header).putInt(body.length).putInt(9 * 16).put(body);
        assertRejected(wrong.array(), RejectReason.POINT_COUNT_MISMATCH);
    }

    @Test
    void dataShorterOrLongerThanDeclaredIsAPointCountMismatch() {
        assertRejected(Pcd.binaryWithBody(Pcd.header(100, "binary"), 99), RejectReason.POINT_COUNT_MISMATCH);
        assertRejected(Pcd.binaryWithBody(Pcd.header(100, "binary"), 101), RejectReason.POINT_COUNT_MISMATCH);
        String ascii = new String(Pcd.ascii(5), StandardCharsets.US_ASCII);
        assertRejected((ascii + "1 2 3 4\n").getBytes(StandardCharsets.US_ASCII), RejectReason.POINT_COUNT_MISMATCH);
        assertRejected((ascii + "1 2 3\n").getBytes(StandardCharsets.US_ASCII), RejectReason.POINT_COUNT_MISMATCH);
    }

    @Test
    void malformedHeadersAreInvalid() {
        assertRejected(ascii(Pcd.header(3, "binary").replace("VERSION 0.7", "VERSION 0.5")), RejectReason.INVALID_PCD);
        assertRejected(ascii(Pcd.header(3, "binary").replace("SIZE 4 4 4 4", "SIZE 4 4 4")), RejectReason.INVALID_PCD);
        assertRejected(ascii(Pcd.header(3, "binary").replace("TYPE F F F F", "TYPE F F F Q")), RejectReason.INVALID_PCD);
        assertRejected(ascii(Pcd.header(3, "binary").replace("WIDTH 3", "WIDTH 4")), RejectReason.INVALID_PCD);
        assertRejected(ascii(Pcd.header(3, "binary").replace("DATA binary", "DATA zip")), RejectReason.INVALID_PCD);
        assertRejected(ascii(Pcd.header(3, "binary").replace("POINTS 3\n", "")), RejectReason.INVALID_PCD);
        assertRejected(ascii("this is not a point cloud"), RejectReason.INVALID_PCD);
        assertRejected(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2}, RejectReason.INVALID_PCD);
        assertRejected(new byte[0], RejectReason.EMPTY_PAYLOAD);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertRejected(byte[] pcd, RejectReason reason) {
        assertThatThrownBy(() -> PcdFile.parse(pcd))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
