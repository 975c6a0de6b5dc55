package io.fleetstream.flink.influx;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes {@link InfluxPoint}s to InfluxDB 1.x over its HTTP {@code /write} API, batched, with exponential-backoff
 * retries, and flushed completely at every checkpoint. That makes it at-least-once; since a point is identified
 * by measurement, tag set and timestamp, and a rewrite of the same point overwrites it, replays after a failure
 * leave InfluxDB exactly as one clean run would: effectively exactly-once. Each writer creates the database and
 * its retention policies when it starts.
 */
public final class InfluxDbSink implements Sink<InfluxPoint> {

    private static final long serialVersionUID = 1L;

    private final InfluxConnection connection;
    private final InfluxSchema schema;
    private final InfluxWriterSettings settings;

    public InfluxDbSink(InfluxConnection connection, InfluxSchema schema, InfluxWriterSettings settings) {
        this.connection = connection;
        this.schema = schema;
        this.settings = settings;
    }

    @Override
    public SinkWriter<InfluxPoint> createWriter(WriterInitContext context) {
        return new InfluxDbSinkWriter(connection.connect(), schema, settings, context.getProcessingTimeService(),
                context.metricGroup());
    }
}
