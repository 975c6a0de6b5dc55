package io.fleetstream.flink.tiering;

import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.LogRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Log records as the bridge writes them. */
final class LogSamples {

    private LogSamples() {
    }

    static LogRecord record(String robot, long seq, long eventTime) {
        return LogRecord.newBuilder()
                .setRobotId(robot).setSite("site-a").setSeq(seq).setEventTime(Instant.ofEpochMilli(eventTime))
                .setLevel(seq % 10 == 0 ? LogLevel.WARN : LogLevel.INFO).setSource("nav")
                .setMessage("waypoint " + seq + " reached, \"path\" clear")
                .setIngestTime(Instant.ofEpochMilli(eventTime + 7)).build();
    }

    /** {@code count} records per robot with sequence numbers from {@code firstSeq}, {@code spacing} ms apart. */
    static List<LogRecord> fleet(List<String> robots, long start, long firstSeq, int count, long spacing) {
        List<LogRecord> records = new ArrayList<>();
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            for (String robot : robots) {
                records.add(record(robot, seq, start + seq * spacing));
            }
        }
        return records;
    }
}
