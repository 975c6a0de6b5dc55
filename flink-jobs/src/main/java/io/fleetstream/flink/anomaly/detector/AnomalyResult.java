package io.fleetstream.flink.anomaly.detector;

/**
 * The detector's verdict on one sample.
 *
 * @param score        anomaly score in [0, 1]; 0 during warm-up
 * @param expectedLow  lower edge of the band the detector expected the value in (NaN during warm-up)
 * @param expectedHigh upper edge of that band (NaN during warm-up)
 * @param reason       the strongest contributor to the score
 */
public record AnomalyResult(double score, double expectedLow, double expectedHigh, AnomalyReason reason) {
}
