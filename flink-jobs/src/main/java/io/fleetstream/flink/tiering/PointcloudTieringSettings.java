package io.fleetstream.flink.tiering;

import io.fleetstream.common.config.Settings;
import io.fleetstream.connectors.retrieval.FrameCodec;
import io.fleetstream.connectors.retrieval.ManifestIndex;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code flink-jobs.tiering.pointclouds} section.
 *
 * @param chunkDuration     frames of one robot and sensor are grouped into one object per this much event time
 * @param chunkMaxBytes     a chunk's object is split when its compressed frames exceed this
 * @param keepEvery         outside anomaly windows, every k-th frame (by sequence number) is kept long-term
 *                          (thinned tier); the others only for the hot window
 * @param anomalyWindow     frames within this much event time before or after an anomaly of their robot are kept
 *                          at full resolution
 * @param maxOutOfOrderness how late a frame or anomaly may arrive and still be sorted into its chunk
 * @param idleness          a Kafka partition without records for this long no longer holds back event time
 */
public record PointcloudTieringSettings(int opsPort, String groupId, String transactionalIdPrefix,
                                        Duration chunkDuration, long chunkMaxBytes, FrameCodec codec, int keepEvery,
                                        Duration anomalyWindow, Duration maxOutOfOrderness, Duration idleness,
                                        long partSize) implements Serializable {

    public PointcloudTieringSettings {
        if (chunkDuration.isZero() || chunkDuration.isNegative()
                || chunkDuration.toMillis() > ManifestIndex.MAX_OBJECT_SPAN_MILLIS) {
            throw new IllegalArgumentException("chunk-duration must be between 1 ms and 1 h: " + chunkDuration);
        }
        if (keepEvery < 1) {
            throw new IllegalArgumentException("keep-every must be at least 1: " + keepEvery);
        }
        if (codec == FrameCodec.NONE) {
            throw new IllegalArgumentException("codec must compress (shuffle-zstd, zstd or gzip)");
        }
        if (partSize < LogTieringSettings.MIN_PART_SIZE || partSize > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("part-size must be between 5 MiB and 1 GiB: " + partSize);
        }
    }

    public static PointcloudTieringSettings from(Settings pc) {
        return new PointcloudTieringSettings(pc.integer("ops-port"), pc.string("group-id"),
                pc.string("transactional-id-prefix"), pc.duration("chunk-duration"),
                TieringSettings.bytes(pc, "chunk-max-bytes"),
                FrameCodec.valueOf(pc.string("codec").toUpperCase(Locale.ROOT).replace('-', '_')), pc.integer("keep-every"),
                pc.duration("anomaly-window"), pc.duration("max-out-of-orderness"), pc.duration("idleness"),
                TieringSettings.bytes(pc, "part-size"));
    }
}
