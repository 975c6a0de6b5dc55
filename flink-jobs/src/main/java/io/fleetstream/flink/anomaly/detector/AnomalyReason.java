package io.fleetstream.flink.anomaly.detector;

/** Which kind of surprise dominated a sample's anomaly score. */
public enum AnomalyReason {
    /** Not enough history yet to judge; the score is 0. */
    WARMUP,
    /** Nothing unusual. */
    NORMAL,
    /** A single value far outside the expected band. */
    SPIKE,
    /** A sustained move of the level away from its baseline. */
    LEVEL_SHIFT,
    /** The spread of the recent values changed (grew or collapsed). */
    VARIANCE_CHANGE,
    /** The sensor repeats the same value for unusually long. */
    FLATLINE,
    /** The value departs from what this time of day usually looks like. */
    SEASONAL_DEVIATION,
    /** The value lies clearly beyond the range the series has covered so far. */
    OUT_OF_RANGE,
    /** The value lies clearly beyond the highest or lowest value of the recent past (weeks, for 5-minute data). */
    RECENT_EXTREME,
    /**
     * The values have stayed clearly below what this time of day (and week) usually brings for a while: activity
     * dropped, or a periodic burst did not come.
     */
    SUSTAINED_DROP
}
