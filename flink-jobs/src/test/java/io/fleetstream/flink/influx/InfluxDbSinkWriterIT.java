package io.fleetstream.flink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.flink.testing.InfluxTestSupport;
import io.fleetstream.platform.LocalPlatform;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.ManagedService;
import io.fleetstream.platform.ServiceKind;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalPlatformExtension.class)
class InfluxDbSinkWriterIT {

    private static final long T0 = (System.currentTimeMillis() / 60_000 - 60) * 60_000;

    private LocalPlatform platform;
    private String database;
    private final ManualProcessingTime time = new ManualProcessingTime();

    @BeforeEach
    void setUp(LocalPlatform platform) {
        this.platform = platform;
        this.database = "sink_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void writesAPartialBatchAfterTheFlushIntervalAndOnFlush() throws Exception {
        try (InfluxDbSinkWriter writer = writer(new InfluxWriterSettings(100, Duration.ofSeconds(1), 200, 3,
                Duration.ofMillis(50), Duration.ofMillis(200)));
             InfluxTestSupport influx = new InfluxTestSupport(platform.endpoints().influxUrl(), database)) {
            write(writer, 0, 3, 1.0);
            time.advance(1_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(influx) == 3);

            write(writer, 3, 2, 1.0);
            writer.flush(false);
            assertThat(count(influx)).as("flush returns once the points are written").isEqualTo(5);
        }
    }

    @Test
    void rewritingPointsOverwritesThemSoAReplayDuplicatesNothing() throws Exception {
        try (InfluxDbSinkWriter writer = writer(new InfluxWriterSettings(4, Duration.ofSeconds(1), 8, 3,
                Duration.ofMillis(50), Duration.ofMillis(200)));
             InfluxTestSupport influx = new InfluxTestSupport(platform.endpoints().influxUrl(), database)) {
            write(writer, 0, 10, 1.0);
            writer.flush(false);
            write(writer, 0, 10, 2.0);
            writer.flush(false);

            assertThat(count(influx)).isEqualTo(10);
            assertThat(influx.number("SELECT sum(battery_pct) FROM raw.telemetry")).isEqualTo(20);
        }
    }

    @Test
    void blocksWhenItsBufferIsFullAndRetriesUntilInfluxDbIsBack() throws Exception {
        int maxBuffered = 30;
        ManagedService influxd = platform.service(ServiceKind.INFLUXDB);
        try (InfluxDbSinkWriter writer = writer(new InfluxWriterSettings(10, Duration.ofSeconds(1), maxBuffered,
                200, Duration.ofMillis(50), Duration.ofMillis(250)));
             InfluxTestSupport influx = new InfluxTestSupport(platform.endpoints().influxUrl(), database)) {
            influxd.stop();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread task = new Thread(() -> {
                try {
                    write(writer, 0, 100, 1.0);
                    writer.flush(false);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "sink-task");
            try {
                task.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> task.getState() == Thread.State.WAITING
                        && writer.bufferedPoints() == maxBuffered);
            } finally {
                influxd.start();
            }
            task.join(Duration.ofMinutes(1).toMillis());

            assertThat(task.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
            assertThat(count(influx)).isEqualTo(100);
        }
    }

    private InfluxDbSinkWriter writer(InfluxWriterSettings settings) {
        InfluxConnection connection = new InfluxConnection(platform.endpoints().influxUrl(), "", "",
                Duration.ofSeconds(5));
        InfluxSchema schema = new InfluxSchema(database, List.of(
                new RetentionPolicy(RetentionPolicy.RAW, Duration.ofDays(7), true)));
        return new InfluxDbSinkWriter(connection.connect(), schema, settings, time,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup());
    }

    /** Points of robot-0001, one second apart from {@code first}, all with the same battery value. */
    private static void write(SinkWriter<InfluxPoint> writer, int first, int count, double battery)
            throws Exception {
        for (int i = first; i < first + count; i++) {
            writer.write(new InfluxPoint(RetentionPolicy.RAW, "telemetry,robot=robot-0001,site=site-a battery_pct="
                    + battery + " " + (T0 + i * 1_000L)), null);
        }
    }

    private static long count(InfluxTestSupport influx) {
        return influx.number("SELECT count(battery_pct) FROM raw.telemetry");
    }
}
