package io.fleetstream.connectors.retrieval;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Object keys of tiered data. Keys are Hive-style partitions (readable by Spark, Trino, DuckDB...), in UTC:
 * <pre>
 * logs/site=S/robot=R/date=YYYY-MM-DD/hour=HH/R-FIRSTSEQ.jsonl.zst
 * pointclouds/TIER/site=S/robot=R/sensor=X/date=YYYY-MM-DD/hour=HH/R-X-STARTMILLIS-FIRSTSEQ-LASTSEQ.pcd.CODEC
 * </pre>
 * The date and hour partitions of a log file are those of the event time of its records (a file never spans two
 * hours); those of a chunk are its first frame's. Identifiers are reduced to {@code [A-Za-z0-9._-]} so that a
 * robot id can neither add path levels nor escape its partition.
 */
public final class TierLayout {

    public static final String LOGS_PREFIX = "logs/";
    public static final String POINTCLOUDS_PREFIX = "pointclouds/";
    public static final String LOG_SUFFIX = ".jsonl.zst";

    private TierLayout() {
    }

    /** The start of the UTC hour an event time falls into: the partition of a log record. */
    public static long hourStart(long eventTimeMillis) {
        return Math.floorDiv(eventTimeMillis, 3_600_000L) * 3_600_000L;
    }

    /** Key prefix of one robot's logs of one hour, ending with {@code /}. */
    public static String logHourPrefix(String site, String robot, long eventTimeMillis) {
        return LOGS_PREFIX + "site=" + safe(site) + "/robot=" + safe(robot) + "/" + datePartitions(eventTimeMillis);
    }

    /**
     * @param discriminator 0 normally; a small counter when a file with the natural name already exists (a
     *                      duplicated first record)
     */
    public static String logObjectKey(String site, String robot, long firstEventTime, long firstSeq,
            int discriminator) {
        return logHourPrefix(site, robot, firstEventTime) + safe(robot) + "-" + firstSeq
                + (discriminator == 0 ? "" : "-" + discriminator) + LOG_SUFFIX;
    }

    /** Key prefix of one retention tier, ending with {@code /}. */
    public static String tierPrefix(RetentionTier tier) {
        return POINTCLOUDS_PREFIX + tier.segment() + "/";
    }

    public static String chunkObjectKey(RetentionTier tier, String site, String robot, String sensor,
            long startTime, long firstSeq, long lastSeq, FrameCodec codec) {
        return tierPrefix(tier) + "site=" + safe(site) + "/robot=" + safe(robot) + "/sensor=" + safe(sensor) + "/"
                + datePartitions(startTime) + safe(robot) + "-" + safe(sensor) + "-" + startTime + "-" + firstSeq
                + "-" + lastSeq + ".pcd." + codec.extension();
    }

    private static String datePartitions(long eventTimeMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(eventTimeMillis).atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "date=%04d-%02d-%02d/hour=%02d/", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour());
    }

    public static String safe(String part) {
        String cleaned = part.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.') ? "_" + cleaned : cleaned;
    }
}
