package io.fleetstream.streams.health.state;

import io.fleetstream.schemas.avro.AnomalyEvent;
import io.fleetstream.schemas.avro.HealthLevel;
import io.fleetstream.schemas.avro.Heartbeat;
import io.fleetstream.schemas.avro.LogRecord;
import io.fleetstream.schemas.avro.TelemetrySample;
import io.fleetstream.streams.health.state.RateWindow.Counter;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the fleet health app remembers about one robot: the latest signals it sent, its message and log
 * rates, its battery trend, and the health level last derived from them. One value per robot in the robot state
 * store, restored from its changelog after a restart.
 *
 * <p>Event-time rules: the newest value of a signal wins by the robot's event time, so a reordered older message
 * never overwrites a newer reading; a message older than the rate window (relative to the robot's newest event)
 * is late and only proves that the robot is alive.
 */
public final class RobotState {

    public static final long NEVER = Long.MIN_VALUE;

    private final StateLayout layout;
    private final RateWindow rates;
    private final BatteryTrend batteryTrend;

    private String site;
    private long activeSince = NEVER;
    private long lastSeenEventTime = NEVER;
    private long lastSeenWallTime = NEVER;
    private double batteryPct = Double.NaN;
    private long batteryEventTime = NEVER;
    private String status;
    private long statusEventTime = NEVER;
    private List<String> errorCodes = List.of();
    private long errorCodesEventTime = NEVER;
    private long lastAnomalyEventTime = NEVER;
    private long lastAnomalyWallTime = NEVER;

    private HealthLevel level;
    private List<String> reasons = List.of();
    private long levelSince = NEVER;
    private long lastPublishedWallTime = NEVER;
    private boolean publishPending;
    private RobotSummary publishedSummary;

    public RobotState(StateLayout layout) {
        this.layout = layout;
        this.rates = new RateWindow(layout.bucketMillis(), layout.buckets());
        this.batteryTrend = new BatteryTrend(layout.trendWindowMillis(), layout.trendPoints(),
                layout.trendMinSpanMillis());
    }

    /** @return false when the sample was late (older than the rate window) */
    public boolean apply(TelemetrySample sample, long wallTime) {
        long eventTime = sample.getEventTime().toEpochMilli();
        if (!observe(eventTime, wallTime, sample.getSite())) {
            return false;
        }
        rates.count(eventTime, Counter.TELEMETRY);
        Double battery = sample.getMetrics().get("battery_pct");
        if (battery != null && !battery.isNaN() && eventTime >= batteryEventTime) {
            if (eventTime > batteryEventTime) {
                batteryTrend.add(eventTime, battery);
            }
            batteryPct = battery;
            batteryEventTime = eventTime;
        }
        updateStatus(sample.getStatus(), eventTime);
        return true;
    }

    /** @return false when the heartbeat was late (older than the rate window) */
    public boolean apply(Heartbeat heartbeat, long wallTime) {
        long eventTime = heartbeat.getEventTime().toEpochMilli();
        if (!observe(eventTime, wallTime, heartbeat.getSite())) {
            return false;
        }
        updateStatus(heartbeat.getStatus(), eventTime);
        if (eventTime >= errorCodesEventTime) {
            errorCodes = List.copyOf(heartbeat.getErrorCodes());
            errorCodesEventTime = eventTime;
        }
        return true;
    }

    /** @return false when the log line was late (older than the rate window) */
    public boolean apply(LogRecord log, long wallTime) {
        long eventTime = log.getEventTime().toEpochMilli();
        if (!observe(eventTime, wallTime, log.getSite())) {
            return false;
        }
        switch (log.getLevel()) {
            case WARN -> rates.count(eventTime, Counter.WARN_LOGS);
            case ERROR, FATAL -> rates.count(eventTime, Counter.ERROR_LOGS);
            default -> {
                // lower levels only show that the robot is alive
            }
        }
        return true;
    }

    /** An anomaly is about the robot, not from it: it does not count as the robot being seen. */
    public void apply(AnomalyEvent anomaly, long wallTime) {
        if (site == null) {
            site = anomaly.getSite();
        }
        long eventTime = anomaly.getEventTime().toEpochMilli();
        if (eventTime > lastAnomalyEventTime) {
            lastAnomalyEventTime = eventTime;
            lastAnomalyWallTime = wallTime;
        }
    }

    private boolean observe(long eventTime, long wallTime, String reportedSite) {
        if (lastSeenEventTime == NEVER || eventTime - lastSeenEventTime >= rates.windowMillis()) {
            // first message, or back after a gap longer than the window: rates restart from here
            activeSince = eventTime;
        }
        boolean inWindow = rates.advance(eventTime);
        if (inWindow && eventTime < activeSince) {
            activeSince = Math.max(eventTime, rates.start());
        }
        if (eventTime >= lastSeenEventTime) {
            lastSeenEventTime = eventTime;
            site = reportedSite;
        }
        lastSeenWallTime = Math.max(lastSeenWallTime, wallTime);
        publishPending = true;
        return inWindow;
    }

    private void updateStatus(String reported, long eventTime) {
        if (eventTime >= statusEventTime) {
            status = reported;
            statusEventTime = eventTime;
        }
    }

    /** Whether the robot itself sent anything yet (an anomaly about it does not count). */
    public boolean isKnown() {
        return lastSeenEventTime != NEVER;
    }

    public String site() {
        return site;
    }

    public long lastSeenEventTime() {
        return lastSeenEventTime;
    }

    public long lastSeenWallTime() {
        return lastSeenWallTime;
    }

    /** Latest battery reading in percent; NaN before the first one. */
    public double batteryPct() {
        return batteryPct;
    }

    /** Battery change in percentage points per minute of event time; NaN until enough readings exist. */
    public double batteryTrendPctPerMinute() {
        return Double.isNaN(batteryPct) ? Double.NaN : batteryTrend.pctPerMinute(batteryEventTime, batteryPct);
    }

    /** Seconds until 0% at the current trend; null when not discharging or the trend is unknown. */
    public Long batteryTimeToEmptySeconds() {
        double trend = batteryTrendPctPerMinute();
        if (Double.isNaN(trend) || trend >= 0) {
            return null;
        }
        return Math.round(Math.max(batteryPct, 0) / -trend * 60);
    }

    public String status() {
        return status;
    }

    public List<String> errorCodes() {
        return errorCodes;
    }

    public double errorLogsPerMinute() {
        return rates.total(Counter.ERROR_LOGS) * 60_000.0 / rates.windowMillis();
    }

    public double warnLogsPerMinute() {
        return rates.total(Counter.WARN_LOGS) * 60_000.0 / rates.windowMillis();
    }

    /**
     * Telemetry samples per second over the part of the window the robot was active in, so that a robot that
     * appeared mid-window is not reported slower than it is. While the robot is newer than the window its first
     * message opens the span, so n samples at a steady rate span n - 1 intervals.
     */
    public double telemetryPerSecond() {
        int samples = rates.total(Counter.TELEMETRY);
        long from = Math.max(activeSince, rates.start());
        long span = lastSeenEventTime - from;
        if (from == activeSince && samples > 1 && span >= 1_000L) {
            return (samples - 1) * 1_000.0 / span;
        }
        return samples * 1_000.0 / Math.max(span, 1_000L);
    }

    /** Whether the robot has been active for a whole window, so that a low rate is not just a recent start. */
    public boolean activeForWholeWindow() {
        return isKnown() && activeSince <= rates.start();
    }

    /**
     * Whether the newest anomaly is younger than {@code windowMillis}. Its age is measured both on the robot's
     * event-time clock (so replayed history ages correctly) and on the wall clock (so it expires while the robot
     * is silent); the larger of the two counts.
     */
    public boolean hasRecentAnomaly(long wallNow, long windowMillis) {
        if (lastAnomalyEventTime == NEVER) {
            return false;
        }
        long eventAge = lastSeenEventTime == NEVER ? 0 : lastSeenEventTime - lastAnomalyEventTime;
        long wallAge = wallNow - lastAnomalyWallTime;
        return Math.max(eventAge, wallAge) < windowMillis;
    }

    public long silentMillis(long wallNow) {
        return wallNow - lastSeenWallTime;
    }

    public HealthLevel level() {
        return level;
    }

    public List<String> reasons() {
        return reasons;
    }

    public long levelSince() {
        return levelSince;
    }

    public void enterLevel(HealthLevel newLevel, List<String> newReasons, long wallNow) {
        level = newLevel;
        reasons = List.copyOf(newReasons);
        levelSince = wallNow;
        publishPending = true;
    }

    public void updateReasons(List<String> newReasons) {
        if (!reasons.equals(newReasons)) {
            reasons = List.copyOf(newReasons);
            publishPending = true;
        }
    }

    /** Whether a change is waiting to be published and the last publication is at least {@code interval} old. */
    public boolean publishDue(long wallNow, long intervalMillis) {
        return publishPending && (lastPublishedWallTime == NEVER || wallNow - lastPublishedWallTime >= intervalMillis);
    }

    public void markPublished(long wallNow) {
        lastPublishedWallTime = wallNow;
        publishPending = false;
    }

    public RobotSummary publishedSummary() {
        return publishedSummary;
    }

    public void markSummaryPublished(RobotSummary summary) {
        publishedSummary = summary;
    }

    public static CompactSerde<RobotState> serde(StateLayout layout) {
        return new CompactSerde<>("RobotState", 1, RobotState::writeTo, in -> readFrom(in, layout));
    }

    private static void writeTo(RobotState s, CompactWriter out) {
        out.writeString(s.site)
                .writeLong(s.activeSince).writeLong(s.lastSeenEventTime).writeLong(s.lastSeenWallTime)
                .writeDouble(s.batteryPct).writeLong(s.batteryEventTime)
                .writeString(s.status).writeLong(s.statusEventTime);
        writeStrings(s.errorCodes, out);
        out.writeLong(s.errorCodesEventTime)
                .writeLong(s.lastAnomalyEventTime).writeLong(s.lastAnomalyWallTime)
                .writeByte(s.level == null ? -1 : s.level.ordinal());
        writeStrings(s.reasons, out);
        out.writeLong(s.levelSince).writeLong(s.lastPublishedWallTime).writeBoolean(s.publishPending);
        out.writeBoolean(s.publishedSummary != null);
        if (s.publishedSummary != null) {
            RobotSummary.writeTo(s.publishedSummary, out);
        }
        s.rates.writeTo(out);
        s.batteryTrend.writeTo(out);
    }

    private static RobotState readFrom(CompactReader in, StateLayout layout) {
        RobotState s = new RobotState(layout);
        s.site = in.readString();
        s.activeSince = in.readLong();
        s.lastSeenEventTime = in.readLong();
        s.lastSeenWallTime = in.readLong();
        s.batteryPct = in.readDouble();
        s.batteryEventTime = in.readLong();
        s.status = in.readString();
        s.statusEventTime = in.readLong();
        s.errorCodes = readStrings(in);
        s.errorCodesEventTime = in.readLong();
        s.lastAnomalyEventTime = in.readLong();
        s.lastAnomalyWallTime = in.readLong();
        int levelOrdinal = in.readByte();
        s.level = levelOrdinal < 0 ? null : HealthLevel.values()[levelOrdinal];
        s.reasons = readStrings(in);
        s.levelSince = in.readLong();
        s.lastPublishedWallTime = in.readLong();
        s.publishPending = in.readBoolean();
        if (in.readBoolean()) {
            s.publishedSummary = RobotSummary.readFrom(in);
        }
        s.rates.readFrom(in);
        s.batteryTrend.readFrom(in);
        return s;
    }

    private static void writeStrings(List<String> values, CompactWriter out) {
        out.writeInt(values.size());
        values.forEach(out::writeString);
    }

    private static List<String> readStrings(CompactReader in) {
        int n = in.readInt();
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readString());
        }
        return List.copyOf(values);
    }
}
