package io.fleetstream.connectors.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.schemas.avro.TierFrameEntry;
import io.fleetstream.schemas.avro.TierKind;
import io.fleetstream.schemas.avro.TierManifest;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The index that finds tiered objects by robot and time range without listing buckets: one InfluxDB point per
 * {@link TierManifest} in measurement {@value #MEASUREMENT} of retention policy {@code tier_index} (infinite
 * duration by default, since objects outlive the 7-day raw policy).
 *
 * <p>Tags: {@code robot, site, kind (LOGS|POINTCLOUD), sensor, tier (logs|full|thinned|hot)}. Fields:
 * {@code bucket, object_key, end_time (ms), record_count, byte_size, codec, sha256, created_at (ms)} and
 * {@code frames}, the per-frame index as {@code frameId,eventTime,offset,length,full} entries separated by
 * {@code ;} (frame ids percent-encoded). The point time is the manifest's start time in nanoseconds plus a hash
 * of the object key below one millisecond, so two objects that start in the same millisecond keep distinct
 * points, while writing the same manifest again overwrites its own point (writes are idempotent).
 *
 * <p>Talks to InfluxDB's HTTP API directly (no client library) so it runs next to the MinIO client's OkHttp 5.
 */
public final class ManifestIndex {

    public static final String MEASUREMENT = "tier_manifests";
    /** Longest event-time span of one tiered object (a log file covers at most one hour). */
    public static final long MAX_OBJECT_SPAN_MILLIS = 3_600_000L;
    public static final String LOGS_TIER = "logs";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IndexSettings settings;
    private final HttpClient http;

    public ManifestIndex(IndexSettings settings) {
        for (String name : List.of(settings.database(), settings.retentionPolicy())) {
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("not a plain InfluxDB identifier: " + name);
            }
        }
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    }

    /**
     * Creates the database and the index retention policy when missing; never changes existing ones. Creating needs
     * an admin; deployments create both with infra/influxdb/init, so their non-admin users only find them here.
     */
    public void ensure() throws IOException {
        JsonNode policies;
        try {
            policies = query("SHOW RETENTION POLICIES ON \"" + settings.database() + "\"", false);
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("database not found")) {
                throw e;
            }
            provision("CREATE DATABASE \"" + settings.database() + "\"");
            policies = query("SHOW RETENTION POLICIES ON \"" + settings.database() + "\"", false);
        }
        for (JsonNode row : values(policies)) {
            if (row.get(0).asText().equals(settings.retentionPolicy())) {
                return;
            }
        }
        provision("CREATE RETENTION POLICY \"" + settings.retentionPolicy() + "\" ON \"" + settings.database()
                + "\" DURATION INF REPLICATION 1");
    }

    private void provision(String statement) throws IOException {
        try {
            query(statement, true);
        } catch (IOException e) {
            throw new IOException("The manifest index needs " + statement + ", which failed (" + e.getMessage()
                    + "); run it as an InfluxDB admin, e.g. with infra/influxdb/init", e);
        }
    }

    /** Writes (or overwrites) the index points of {@code manifests}. */
    public void write(Collection<IndexedManifest> manifests) throws IOException {
        if (manifests.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder();
        for (IndexedManifest m : manifests) {
            body.append(line(m.manifest(), m.tier())).append('\n');
        }
        String uri = settings.url() + "/write?db=" + enc(settings.database()) + "&rp=" + enc(settings.retentionPolicy())
                + "&precision=ns";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(uri))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
        if (response.statusCode() != 204) {
            throw new IOException("InfluxDB rejected index points (" + response.statusCode() + "): "
                    + response.body());
        }
    }

    /** Whether the index holds the point of {@code manifest} (written by {@link #write}). */
    public boolean contains(TierManifest manifest, String tier) throws IOException {
        String q = "SELECT count(\"byte_size\") FROM \"" + settings.retentionPolicy() + "\".\"" + MEASUREMENT
                + "\" WHERE \"robot\" = '" + quote(manifest.getRobotId()) + "' AND \"tier\" = '" + quote(tier)
                + "' AND \"object_key\" = '" + quote(manifest.getObjectKey()) + "' AND time = " + pointTime(manifest);
        return values(query(q, false)).iterator().hasNext();
    }

    /**
     * The manifests of {@code robot} of one kind (and sensor, when not null) whose time range overlaps
     * {@code [from, to]} (epoch ms, inclusive), in start-time order.
     */
    public List<IndexedManifest> find(String robot, TierKind kind, String sensor, long from, long to)
            throws IOException {
        String q = "SELECT * FROM \"" + settings.retentionPolicy() + "\".\"" + MEASUREMENT + "\" WHERE \"robot\" = '"
                + quote(robot) + "' AND \"kind\" = '" + kind.name() + "'"
                + (sensor == null ? "" : " AND \"sensor\" = '" + quote(sensor) + "'")
                + " AND time >= " + (from - MAX_OBJECT_SPAN_MILLIS) + "ms AND time <= " + to + "ms"
                + " AND \"end_time\" >= " + from;
        JsonNode result = query(q, false);
        List<IndexedManifest> found = new ArrayList<>();
        JsonNode series = result.path("results").path(0).path("series");
        for (JsonNode s : series) {
            List<String> columns = new ArrayList<>();
            s.path("columns").forEach(c -> columns.add(c.asText()));
            for (JsonNode row : s.path("values")) {
                found.add(fromRow(columns, row));
            }
        }
        found.sort(Comparator.comparing((IndexedManifest m) -> m.manifest().getStartTime())
                .thenComparing(m -> m.manifest().getObjectKey()));
        return found;
    }

    private IndexedManifest fromRow(List<String> columns, JsonNode row) {
        java.util.function.Function<String, JsonNode> col = name -> row.get(columns.indexOf(name));
        String sensor = col.apply("sensor") == null || col.apply("sensor").isNull() ? null
                : col.apply("sensor").asText();
        TierManifest manifest = TierManifest.newBuilder()
                .setBucket(col.apply("bucket").asText())
                .setObjectKey(col.apply("object_key").asText())
                .setRobotId(col.apply("robot").asText())
                .setSite(col.apply("site").asText())
                .setKind(TierKind.valueOf(col.apply("kind").asText()))
                .setSensor(sensor == null || sensor.isEmpty() ? null : sensor)
                .setStartTime(Instant.ofEpochMilli(col.apply("time").asLong()))
                .setEndTime(Instant.ofEpochMilli(col.apply("end_time").asLong()))
                .setRecordCount(col.apply("record_count").asLong())
                .setByteSize(col.apply("byte_size").asLong())
                .setCodec(col.apply("codec").asText())
                .setSha256(col.apply("sha256").asText())
                .setFrames(decodeFrames(col.apply("frames") == null ? "" : col.apply("frames").asText("")))
                .setCreatedAt(Instant.ofEpochMilli(col.apply("created_at").asLong()))
                .build();
        return new IndexedManifest(manifest, col.apply("tier").asText());
    }

    private static long pointTime(TierManifest m) {
        return m.getStartTime().toEpochMilli() * 1_000_000L + Math.floorMod(m.getObjectKey().hashCode(), 1_000_000);
    }

    static String line(TierManifest m, String tier) {
        long nanos = pointTime(m);
        StringBuilder line = new StringBuilder(MEASUREMENT)
                .append(",robot=").append(tag(m.getRobotId()))
                .append(",site=").append(tag(m.getSite()))
                .append(",kind=").append(m.getKind().name());
        if (m.getSensor() != null) {
            line.append(",sensor=").append(tag(m.getSensor()));
        }
        line.append(",tier=").append(tag(tier))
                .append(" bucket=").append(str(m.getBucket()))
                .append(",object_key=").append(str(m.getObjectKey()))
                .append(",end_time=").append(m.getEndTime().toEpochMilli()).append('i')
                .append(",record_count=").append(m.getRecordCount()).append('i')
                .append(",byte_size=").append(m.getByteSize()).append('i')
                .append(",codec=").append(str(m.getCodec()))
                .append(",sha256=").append(str(m.getSha256()))
                .append(",created_at=").append(m.getCreatedAt().toEpochMilli()).append('i')
                .append(",frames=").append(str(encodeFrames(m.getFrames())))
                .append(' ').append(nanos);
        return line.toString();
    }

    static String encodeFrames(List<TierFrameEntry> frames) {
        StringBuilder out = new StringBuilder();
        for (TierFrameEntry f : frames) {
            if (!out.isEmpty()) {
                out.append(';');
            }
            out.append(URLEncoder.encode(f.getFrameId(), StandardCharsets.UTF_8)).append(',')
                    .append(f.getEventTime().toEpochMilli()).append(',').append(f.getOffset()).append(',')
                    .append(f.getLength()).append(',').append(f.getFullResolution() ? '1' : '0');
        }
        return out.toString();
    }

    static List<TierFrameEntry> decodeFrames(String encoded) {
        List<TierFrameEntry> frames = new ArrayList<>();
        if (encoded.isEmpty()) {
            return frames;
        }
        for (String entry : encoded.split(";")) {
            String[] p = entry.split(",");
            frames.add(new TierFrameEntry(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(Long.parseLong(p[1])), Long.parseLong(p[2]), Long.parseLong(p[3]),
                    p[4].equals("1")));
        }
        return frames;
    }

    private JsonNode query(String statement, boolean post) throws IOException {
        String params = "db=" + enc(settings.database()) + "&epoch=ms&q=" + enc(statement);
        HttpRequest.Builder request = post
                ? HttpRequest.newBuilder(URI.create(settings.url() + "/query"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(params))
                : HttpRequest.newBuilder(URI.create(settings.url() + "/query?" + params)).GET();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IOException("InfluxDB query failed (" + response.statusCode() + "): " + response.body());
        }
        JsonNode json = JSON.readTree(response.body());
        for (JsonNode r : json.path("results")) {
            if (r.has("error")) {
                throw new IOException("InfluxDB: " + r.get("error").asText() + " in " + statement);
            }
        }
        if (json.has("error")) {
            throw new IOException("InfluxDB: " + json.get("error").asText() + " in " + statement);
        }
        return json;
    }

    private static Iterable<JsonNode> values(JsonNode result) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode s : result.path("results").path(0).path("series")) {
            Iterator<JsonNode> it = s.path("values").elements();
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        request.timeout(settings.requestTimeout());
        if (!settings.username().isBlank()) {
            String credentials = settings.username() + ":" + settings.password();
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while talking to InfluxDB", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    private static String tag(String s) {
        String escaped = s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
        return escaped.isEmpty() ? "_" : escaped;
    }

    private static String str(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A manifest with the retention tier (or {@code logs}, {@code bridge}) it is indexed under. */
    public record IndexedManifest(TierManifest manifest, String tier) {
    }
}
