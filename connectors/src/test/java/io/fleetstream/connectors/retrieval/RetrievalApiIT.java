package io.fleetstream.connectors.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import io.fleetstream.common.tracing.TracingSettings;
import io.fleetstream.connectors.retrieval.ManifestIndex.IndexedManifest;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.platform.testsupport.OtlpTraceReceiver;
import io.fleetstream.platform.testsupport.OtlpTraceReceiver.ReceivedSpan;
import io.fleetstream.schemas.avro.LogLevel;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.TierFrameEntry;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrieval API and CLI against the real object store and InfluxDB, on objects laid out and indexed exactly
 * as the tiering jobs do it (through the same {@link TierLayout}, {@link FrameCodec}, {@link LogLines} and
 * {@link ManifestIndex}), and its request spans as an OTLP collector receives them.
 */
@ExtendWith(LocalPlatformExtension.class)
class RetrievalApiIT {

    private static final String ROBOT = "robot-0007";
    private static final long T0 = 1_764_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    private RetrievalSettings settings;
    private RetrievalMain service;
    private MinioClient s3;
    private ManifestIndex index;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp(PlatformEndpoints platform) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ObjectStoreSettings store = new ObjectStoreSettings(platform.s3Endpoint(), "us-east-1",
                platform.s3AccessKey(), platform.s3SecretKey(), "retrieval-it-" + suffix);
        settings = new RetrievalSettings("127.0.0.1", 0, 2, store, IndexSettings.of(platform.influxUrl(),
                "retrieval_" + suffix), new TierLifecycle(Duration.ofDays(1), Duration.ofDays(90),
                Duration.ofDays(365), Duration.ofDays(90), Duration.ofDays(1)), TracingSettings.disabled());
        s3 = store.client();
        store.ensureBucket(s3);
        index = new ManifestIndex(settings.index());
        index.ensure();
        service = RetrievalMain.start(settings);
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    @Test
    void streamsTheLogLinesOfATimeRangeAcrossFiles() throws Exception {
        tierLogs(T0, 0, 30);
        tierLogs(T0 + 30_000, 30, 30);

        HttpResponse<String> response = get("/api/v1/robots/" + ROBOT + "/logs?from=" + (T0 + 20_000)
                + "&to=" + Instant.ofEpochMilli(T0 + 39_000));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<Long> seqs = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            seqs.add(JSON.readTree(line).get("seq").asLong());
        }
        assertThat(seqs).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(20, 39).boxed().toList());
    }

    @Test
    void streamsFramesWithTheirOriginalBytesInTimeOrder() throws Exception {
        List<byte[]> frames = List.of(pcd(1), pcd(2), pcd(3));
        tierChunk("lidar-front", List.of(T0, T0 + 200, T0 + 400), frames, RetentionTier.FULL, FrameCodec.ZSTD);
        tierChunk("lidar-rear", List.of(T0 + 100), List.of(pcd(4)), RetentionTier.THINNED, FrameCodec.SHUFFLE_ZSTD);

        HttpResponse<InputStream> response = http.send(request("/api/v1/robots/" + ROBOT + "/pointclouds?from="
                + T0 + "&to=" + (T0 + 300)), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<FrameStream.ReadFrame> read = new ArrayList<>();
        try (InputStream body = response.body()) {
            FrameStream.Reader reader = new FrameStream.Reader(body);
            for (FrameStream.ReadFrame f = reader.next(); f != null; f = reader.next()) {
                read.add(f);
            }
            assertThat(reader.declaredFrames()).isEqualTo(3);
        }
        assertThat(read).extracting(f -> f.frame().eventTime()).containsExactly(T0, T0 + 100, T0 + 200);
        assertThat(read).extracting(f -> f.frame().sensor()).containsExactly("lidar-front", "lidar-rear",
                "lidar-front");
        assertThat(read.get(0).data()).isEqualTo(frames.get(0));
        assertThat(read.get(1).data()).isEqualTo(pcd(4));
        assertThat(read.get(2).data()).isEqualTo(frames.get(1));
        assertThat(read.get(0).frame().fullResolution()).isTrue();
        assertThat(read.get(1).frame().tier()).isEqualTo("thinned");

        HttpResponse<String> manifests = get("/api/v1/robots/" + ROBOT + "/manifests?kind=pointclouds&sensor="
                + "lidar-front&from=" + T0 + "&to=" + (T0 + 1_000));
        JsonNode array = JSON.readTree(manifests.body());
        assertThat(array).hasSize(1);
        assertThat(array.get(0).get("frames")).hasSize(3);
    }

    @Test
    void answersBadRequestsWithTheirStatus() throws Exception {
        assertThat(get("/api/v1/robots/" + ROBOT + "/logs?from=" + T0).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/robots/" + ROBOT + "/logs?from=yesterday&to=" + T0).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/robots/" + ROBOT + "/videos?from=1&to=2").statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/robots/" + ROBOT
                        + "/logs?from=1&to=2")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void eachRequestIsAServerSpanInTheCallersTrace() throws Exception {
        tierLogs(T0, 0, 3);
        try (OtlpTraceReceiver receiver = OtlpTraceReceiver.start();
             RetrievalMain traced = RetrievalMain.start(
                     withTracing(TracingSettings.exportingTo(receiver.tracesEndpoint())))) {
            assertThat(getLogsInTrace(traced).body().lines()).hasSize(3);
            assertThat(get(traced, "/api/v1/robots/" + ROBOT + "/logs?from=" + T0).statusCode()).isEqualTo(400);
            assertThat(get(traced, "/api/v1/robots/" + ROBOT + "/videos?from=1&to=2").statusCode()).isEqualTo(404);

            await().atMost(Duration.ofMinutes(1)).until(() -> retrievalSpans(receiver).size() == 3);
            List<ReceivedSpan> spans = retrievalSpans(receiver);
            assertThat(spans).allSatisfy(s -> assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER));
            ReceivedSpan served = spanWithStatus(spans, "200");
            assertThat(served.name()).isEqualTo("GET /api/v1/robots/{robot}/logs");
            assertThat(served.traceId()).isEqualTo(TRACE_ID);
            assertThat(served.parentSpanId()).isEqualTo(CALLER_SPAN_ID);
            assertThat(served.attributes()).containsEntry("http.request.method", "GET")
                    .containsEntry("http.route", "/api/v1/robots/{robot}/logs")
                    .containsEntry("url.path", "/api/v1/robots/" + ROBOT + "/logs")
                    .containsEntry("fleetstream.robot.id", ROBOT);
            ReceivedSpan badRequest = spanWithStatus(spans, "400");
            assertThat(badRequest.name()).isEqualTo("GET /api/v1/robots/{robot}/logs");
            assertThat(badRequest.parentSpanId()).as("a request without traceparent starts a trace").isEmpty();
            ReceivedSpan unknown = spanWithStatus(spans, "404");
            assertThat(unknown.name()).as("unrouted: the method alone, not the path").isEqualTo("GET");
            assertThat(unknown.attributes()).doesNotContainKey("http.route");
        }
    }

    @Test
    void withTracingOffNoSpanIsExported() throws Exception {
        assertThat(RetrievalSettings.load(Map.of()).tracing().enabled()).as("tracing is off by default").isFalse();
        tierLogs(T0, 0, 3);
        try (OtlpTraceReceiver receiver = OtlpTraceReceiver.start()) {
            try (RetrievalMain untraced = RetrievalMain.start(withTracing(new TracingSettings(false,
                    receiver.tracesEndpoint(), "", 1.0, Duration.ofSeconds(10))))) {
                assertThat(getLogsInTrace(untraced).body().lines()).hasSize(3);
            } // closed: an enabled service would have flushed its spans by now
            assertThat(receiver.spans()).isEmpty();
        }
    }

    @Test
    void theCliWritesEachFrameToAFileAndLogLinesToStdout(@TempDir Path dir) throws Exception {
        List<byte[]> frames = List.of(pcd(5), pcd(6));
        tierChunk("lidar-front", List.of(T0, T0 + 100), frames, RetentionTier.HOT, FrameCodec.SHUFFLE_ZSTD);
        tierLogs(T0, 0, 5);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        RetrievalCli cli = new RetrievalCli(settings, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(cli.run("pointclouds", "--robot", ROBOT, "--from", Instant.ofEpochMilli(T0).toString(), "--to",
                Long.toString(T0 + 1_000), "--out-dir", dir.toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve(T0 + "-lidar-front-frame-0.pcd"))).isEqualTo(frames.get(0));
        assertThat(Files.readAllBytes(dir.resolve((T0 + 100) + "-lidar-front-frame-1.pcd")))
                .isEqualTo(frames.get(1));

        assertThat(cli.run("logs", "--robot", ROBOT, "--from", Long.toString(T0), "--to", Long.toString(T0 + 2_000)))
                .isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
        assertThat(cli.run("logs", "--robot", ROBOT)).isEqualTo(2);
    }

    private void tierLogs(long start, long firstSeq, int count) throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (ZstdOutputStream out = new ZstdOutputStream(compressed)) {
            for (long seq = firstSeq; seq < firstSeq + count; seq++) {
                LogLines.write(LogRecord.newBuilder().setRobotId(ROBOT).setSite("site-a").setSeq(seq)
                        .setEventTime(Instant.ofEpochMilli(T0 + seq * 1_000)).setLevel(LogLevel.INFO)
                        .setSource("nav").setMessage("line " + seq).setIngestTime(Instant.ofEpochMilli(T0)).build(),
                        out);
            }
        }
        String key = TierLayout.logObjectKey("site-a", ROBOT, start, firstSeq, 0);
        put(key, compressed.toByteArray());
        index.write(List.of(new IndexedManifest(manifest(key, TierKind.LOGS, null, start,
                T0 + (firstSeq + count - 1) * 1_000, count, compressed.size(), "jsonl+zstd", List.of()),
                ManifestIndex.LOGS_TIER)));
    }

    private void tierChunk(String sensor, List<Long> times, List<byte[]> frames, RetentionTier tier,
            FrameCodec codec) throws Exception {
        ByteArrayOutputStream object = new ByteArrayOutputStream();
        List<TierFrameEntry> entries = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            byte[] compressed = codec.compress(frames.get(i));
            entries.add(new TierFrameEntry("frame-" + i, Instant.ofEpochMilli(times.get(i)), (long) object.size(),
                    (long) compressed.length, tier == RetentionTier.FULL));
            object.write(compressed);
        }
        String key = TierLayout.chunkObjectKey(tier, "site-a", ROBOT, sensor, times.get(0), 0, frames.size() - 1,
                codec);
        put(key, object.toByteArray());
        index.write(List.of(new IndexedManifest(manifest(key, TierKind.POINTCLOUD, sensor, times.get(0),
                times.get(times.size() - 1), frames.size(), object.size(), codec.manifestCodec(), entries),
                tier.segment())));
    }

    private TierManifest manifest(String key, TierKind kind, String sensor, long start, long end, long count,
            long size, String codec, List<TierFrameEntry> frames) {
        return TierManifest.newBuilder().setBucket(settings.objectStore().bucket()).setObjectKey(key)
                .setRobotId(ROBOT).setSite("site-a").setKind(kind).setSensor(sensor)
                .setStartTime(Instant.ofEpochMilli(start)).setEndTime(Instant.ofEpochMilli(end)).setRecordCount(count)
                .setByteSize(size).setCodec(codec).setSha256("00").setFrames(frames)
                .setCreatedAt(Instant.now()).build();
    }

    private void put(String key, byte[] data) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(settings.objectStore().bucket()).object(key)
                .data(data, data.length).build());
    }

    private static byte[] pcd(int seed) {
        return ("VERSION 0.7\nFIELDS x\nSIZE 4\nTYPE F\nCOUNT 1\nWIDTH 1\nHEIGHT 1\nPOINTS 1\nDATA ascii\n" + seed
                + ".5\n").getBytes(StandardCharsets.US_ASCII);
    }

    private RetrievalSettings withTracing(TracingSettings tracing) {
        return new RetrievalSettings(settings.host(), settings.port(), settings.maxConcurrentStreams(),
                settings.objectStore(), settings.index(), settings.retention(), tracing);
    }

    /** The logs of the first three seconds, requested as part of the caller's trace {@value #TRACE_ID}. */
    private HttpResponse<String> getLogsInTrace(RetrievalMain on) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(on.baseUrl() + "/api/v1/robots/" + ROBOT + "/logs?from="
                        + T0 + "&to=" + (T0 + 2_000)))
                .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
                .header("tracestate", "fleet=ops").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<ReceivedSpan> retrievalSpans(OtlpTraceReceiver receiver) {
        return receiver.spans().stream().filter(s -> s.service().equals(RetrievalMain.SERVICE_NAME)).toList();
    }

    private static ReceivedSpan spanWithStatus(List<ReceivedSpan> spans, String status) {
        return spans.stream().filter(s -> status.equals(s.attributes().get("http.response.status_code")))
                .findFirst().orElseThrow(() -> new AssertionError("no span with status " + status + ": " + spans));
    }

    private HttpRequest request(String path) {
        return request(service, path);
    }

    private static HttpRequest request(RetrievalMain on, String path) {
        return HttpRequest.newBuilder(URI.create(on.baseUrl() + path)).build();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(service, path);
    }

    private HttpResponse<String> get(RetrievalMain on, String path) throws Exception {
        return http.send(request(on, path), HttpResponse.BodyHandlers.ofString());
    }
}
