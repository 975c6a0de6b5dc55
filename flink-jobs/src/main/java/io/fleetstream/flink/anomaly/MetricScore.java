package io.fleetstream.flink.anomaly;

/**
 * The detector's score of one sample, emitted for every sample (not only anomalies) on the
 * {@link MetricAnomalyFunction#SCORES} side output, e.g. to compare a job run with a direct detector run on the
 * same series. A Flink POJO.
 */
public class MetricScore {

    public String robotId;
    public String site;
    public String metric;
    public long eventTime;
    public double value;
    public double score;
    public String reason;

    public MetricScore() {
    }

    public MetricScore(String robotId, String site, String metric, long eventTime, double value, double score,
            String reason) {
        this.robotId = robotId;
        this.site = site;
        this.metric = metric;
        this.eventTime = eventTime;
        this.value = value;
        this.score = score;
        this.reason = reason;
    }

    @Override
    public String toString() {
        return robotId + "/" + metric + " t=" + eventTime + " value=" + value + " score=" + score + " " + reason;
    }
}
