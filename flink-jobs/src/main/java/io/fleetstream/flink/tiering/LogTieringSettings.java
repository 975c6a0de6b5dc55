package io.fleetstream.flink.tiering;

import io.fleetstream.common.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * The {@code flink-jobs.tiering.logs} section: how log files are cut.
 *
 * @param partSize           compressed bytes per multipart-upload part (S3 needs at least 5 MiB for every part
 *                           but the last); also the most a file holds in memory and in checkpoint state
 * @param maxFileSize        a file is rolled when its compressed size reaches this
 * @param inactivityInterval a file is rolled when no record arrived for this long: this is what closes an hour's
 *                           file shortly after the hour ends
 * @param maxFileAge         a file is rolled at the latest this long after it was opened, bounding how late logs
 *                           become visible
 */
public record LogTieringSettings(int opsPort, String groupId, String transactionalIdPrefix, long partSize,
                                 long maxFileSize, Duration inactivityInterval, Duration maxFileAge)
        implements Serializable {

    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    public LogTieringSettings {
        if (partSize < MIN_PART_SIZE || partSize > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("part-size must be between 5 MiB and 1 GiB: " + partSize);
        }
        if (maxFileSize < 1) {
            throw new IllegalArgumentException("max-file-size must be positive: " + maxFileSize);
        }
    }

    public static LogTieringSettings from(Settings logs) {
        return new LogTieringSettings(logs.integer("ops-port"), logs.string("group-id"),
                logs.string("transactional-id-prefix"), TieringSettings.bytes(logs, "part-size"),
                TieringSettings.bytes(logs, "max-file-size"),
                logs.duration("inactivity-interval"), logs.duration("max-file-age"));
    }
}
