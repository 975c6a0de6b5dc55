package io.fleetstream.connectors.retrieval;

import java.util.Locale;

/**
 * Where a tiered point cloud frame is kept, which decides how long it lives: the object-store lifecycle rules
 * (see {@link TierLifecycle}) expire each tier's key prefix after its own retention.
 */
public enum RetentionTier {
    /** Frames within the capture window around an anomaly of their robot: every frame, kept longest. */
    FULL,
    /** Every k-th frame outside anomaly windows: the long-term, downsampled record. */
    THINNED,
    /** The remaining frames: complete resolution only for the hot window, then expired. */
    HOT;

    /** The path segment of this tier under {@code pointclouds/}, e.g. {@code full}. */
    public String segment() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RetentionTier fromSegment(String segment) {
        return valueOf(segment.toUpperCase(Locale.ROOT));
    }
}
