package io.fleetstream.flink.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.KafkaSettings;
import io.fleetstream.flink.common.MetricSample;
import io.fleetstream.flink.testing.CollectingSink;
import io.fleetstream.flink.testing.FailOnceSink;
import io.fleetstream.flink.testing.FlinkTestEnvironments;
import io.fleetstream.flink.testing.KafkaTestSupport;
import io.fleetstream.flink.testing.Samples;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.DeadLetterRecord;
import io.fleetstream.schemas.avro.TelemetrySample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(LocalPlatformExtension.class)
class AnomalyDetectionJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestEnvironments.miniCluster();

    /** Where the NAB corpus lives; the build passes shared/nab of the checkout. */
    private static final Path NAB = Path.of(System.getProperty("fleetstream.nab.root", "../../shared/nab"));
    private static final String NAB_FILE = "artificialWithAnomaly/art_daily_jumpsup.csv";
    private static final DetectorTuning TUNING = DetectorTuning.defaults();

    private KafkaTestSupport kafka;
    private KafkaConnectors connectors;

    @BeforeEach
    void setUp(PlatformEndpoints platform) {
        kafka = new KafkaTestSupport(platform.kafkaBootstrapServers(), platform.registryApiUrl());
        connectors = new KafkaConnectors(KafkaSettings.of(platform.kafkaBootstrapServers(),
                platform.registryApiUrl()));
    }

    @Test
    void scoresEveryRowOfANabFileExactlyAsTheDetectorRunDirectly() throws Exception {
        List<MetricSample> rows = readNab(NAB.resolve("data").resolve(NAB_FILE));
        double[] direct = SyntheticSeries.directScores(TUNING.toConfig(), rows);
        double threshold = nthHighest(direct, 20);
        assertThat(threshold).as("the detector flags some rows of " + NAB_FILE).isGreaterThan(0.0);

        String telemetry = kafka.createTopic("telemetry", 1);
        String anomalies = kafka.createTopic("anomalies", 1);
        String deadLetters = kafka.createTopic("dlq", 1);
        kafka.produce(telemetry, TelemetrySample.class, rows.stream().map(AnomalyDetectionJobIT::telemetry).toList(),
                TelemetrySample::getRobotId);

        CollectingSink<MetricScore> scores = new CollectingSink<>();
        job(telemetry, anomalies, deadLetters, scores, threshold, true)
                .execute(FlinkTestEnvironments.checkpointed());

        assertThat(scores.collected().stream().sorted(Comparator.comparingLong(s -> s.eventTime)))
                .extracting(s -> s.score)
                .containsExactly(Arrays.stream(direct).boxed().toArray(Double[]::new));
        List<Long> expectedAnomalies = IntStream.range(0, rows.size()).filter(i -> direct[i] >= threshold)
                .mapToObj(i -> rows.get(i).eventTime).toList();
        List<ConsumerRecord<String, AnomalyEvent>> events = kafka.readCommitted(anomalies, AnomalyEvent.class);
        assertThat(events).extracting(r -> r.value().getEventTime().toEpochMilli())
                .containsExactlyElementsOf(expectedAnomalies);
        assertThat(events).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("nab-robot");
            assertThat(r.value().getMetric()).isEqualTo("value");
        });
        assertThat(kafka.readCommitted(deadLetters, DeadLetterRecord.class)).isEmpty();
    }

    @Test
    void commitsEveryAnomalyExactlyOnceWhenTheJobFailsMidStreamAndRestoresFromACheckpoint() throws Exception {
        List<String> robots = List.of("robot-0001", "robot-0002", "robot-0003");
        Map<String, List<MetricSample>> series = new HashMap<>();
        for (int r = 0; r < robots.size(); r++) {
            series.put(robots.get(r), SyntheticSeries.wave(robots.get(r), "motor_temp_c", 800, 300 + 150 * r, r));
        }
        Map<String, double[]> direct = series.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> SyntheticSeries.directScores(TUNING.toConfig(), e.getValue())));
        double threshold = nthHighest(direct.values().stream().flatMapToDouble(Arrays::stream).toArray(), 60);
        List<String> expected = new ArrayList<>();
        direct.forEach((robot, scores) -> IntStream.range(0, scores.length).filter(i -> scores[i] >= threshold)
                .forEach(i -> expected.add(robot + "@" + series.get(robot).get(i).eventTime)));

        String telemetry = kafka.createTopic("telemetry", 1);
        String anomalies = kafka.createTopic("anomalies", 1);
        String deadLetters = kafka.createTopic("dlq", 1);
        CollectingSink<MetricScore> scores = new CollectingSink<>();
        FailOnceSink<MetricScore> failing = new FailOnceSink<>(scores);
        JobClient job = job(telemetry, anomalies, deadLetters, failing, threshold, false)
                .executeAsync(FlinkTestEnvironments.checkpointed());

        kafka.produce(telemetry, TelemetrySample.class, interleave(series, 0, 400), TelemetrySample::getRobotId);
        await().atMost(Duration.ofMinutes(5)).until(() -> failing.snapshots() >= 2
                && failing.recordsWritten() >= 3 * 400);
        failing.arm(300);
        kafka.produce(telemetry, TelemetrySample.class, interleave(series, 400, 800), TelemetrySample::getRobotId);

        await().atMost(Duration.ofMinutes(5)).until(() -> failing.failed()
                && kafka.readCommitted(anomalies, AnomalyEvent.class).size() >= expected.size());
        job.cancel().get();

        assertThat(failing.restoredFromCheckpoint()).as("restarted from a checkpoint").isTrue();
        List<ConsumerRecord<String, AnomalyEvent>> events = kafka.readCommitted(anomalies, AnomalyEvent.class);
        assertThat(events).extracting(r -> r.value().getRobotId() + "@" + r.value().getEventTime().toEpochMilli())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(scores.collected()).as("replayed samples get the scores of the uninterrupted run")
                .allSatisfy(s -> assertThat(s.score).isEqualTo(
                        direct.get(s.robotId)[(int) ((s.eventTime - SyntheticSeries.START) / SyntheticSeries.STEP)]));
    }

    private AnomalyDetectionJob job(String telemetry, String anomalies, String deadLetters, Sink<MetricScore> scores,
            double threshold, boolean bounded) {
        String group = "anomaly-it-" + telemetry;
        return new AnomalyDetectionJob(
                bounded ? connectors.boundedSource(telemetry, TelemetrySample.class, group)
                        : connectors.source(telemetry, TelemetrySample.class, group),
                connectors.sink(anomalies, AnomalyEvent.class, AnomalyEvent::getRobotId,
                        DeliveryGuarantee.EXACTLY_ONCE, group, Duration.ofMinutes(1)),
                connectors.deadLetterSink(deadLetters, DeliveryGuarantee.EXACTLY_ONCE, group + "-dlq",
                        Duration.ofMinutes(1)),
                scores, new MetricAnomalyFunction(TUNING, threshold, Duration.ofDays(7)));
    }

    /** Samples {@code from..to-1} of every series, one index at a time across the robots. */
    private static List<TelemetrySample> interleave(Map<String, List<MetricSample>> series, int from, int to) {
        List<TelemetrySample> samples = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (List<MetricSample> s : series.values()) {
                samples.add(telemetry(s.get(i)));
            }
        }
        return samples;
    }

    private static TelemetrySample telemetry(MetricSample m) {
        return Samples.telemetry(m.robotId, m.site, (m.eventTime - SyntheticSeries.START) / 1_000, m.eventTime,
                Map.of(m.metric, m.value));
    }

    /** A NAB file as the samples of one series: robot {@code nab-robot}, metric {@code value}. */
    private static List<MetricSample> readNab(Path file) throws Exception {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        return Files.readAllLines(file).stream().skip(1).map(line -> {
            String[] cells = line.split(",");
            long time = LocalDateTime.parse(cells[0].trim(), format).toInstant(ZoneOffset.UTC).toEpochMilli();
            return new MetricSample("nab-robot", "nab", "value", time, Double.parseDouble(cells[1].trim()));
        }).toList();
    }

    /** The n-th highest score: a threshold that turns a handful of samples into anomaly events. */
    private static double nthHighest(double[] scores, int n) {
        double[] sorted = Arrays.stream(scores).sorted().toArray();
        return sorted[Math.max(0, sorted.length - n)];
    }
}
