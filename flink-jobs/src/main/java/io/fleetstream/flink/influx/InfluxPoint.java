package io.fleetstream.flink.influx;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One InfluxDB point ready to write: the retention policy it goes to and its line protocol (millisecond
 * precision). A Flink POJO of two strings, cheap to ship between operators and to buffer in the sink.
 */
public class InfluxPoint {

    public static final TypeInformation<InfluxPoint> TYPE = TypeInformation.of(InfluxPoint.class);

    public String retentionPolicy;
    public String line;

    public InfluxPoint() {
    }

    public InfluxPoint(String retentionPolicy, String line) {
        this.retentionPolicy = retentionPolicy;
        this.line = line;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfluxPoint p && Objects.equals(retentionPolicy, p.retentionPolicy)
                && Objects.equals(line, p.line);
    }

    @Override
    public int hashCode() {
        return Objects.hash(retentionPolicy, line);
    }

    @Override
    public String toString() {
        return retentionPolicy + ": " + line;
    }
}
