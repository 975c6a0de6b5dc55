package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.RetentionTier;
import java.io.Serializable;
import java.util.Collection;

/**
 * Decides where a frame is kept: at full resolution when it lies within the anomaly window of an anomaly of its
 * robot (both directions: what led to the anomaly matters as much as what followed), else in the thinned record
 * when its sequence number is a multiple of {@code keepEvery}, else only in the hot tier. Sequence numbers rather
 * than arrival order decide, so a replay makes the same choice.
 */
final class RetentionClassifier implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final int keepEvery;

    RetentionClassifier(long windowMillis, int keepEvery) {
        this.windowMillis = windowMillis;
        this.keepEvery = keepEvery;
    }

    RetentionTier classify(long eventTime, long seq, Collection<Long> anomalyTimes) {
        for (long anomaly : anomalyTimes) {
            if (Math.abs(eventTime - anomaly) <= windowMillis) {
                return RetentionTier.FULL;
            }
        }
        return Math.floorMod(seq, keepEvery) == 0 ? RetentionTier.THINNED : RetentionTier.HOT;
    }

    long windowMillis() {
        return windowMillis;
    }
}
