package io.fleetstream.launcher;

import java.util.Map;
import java.util.TreeMap;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Points InfluxDB stored in one database since it started, per retention policy, from its own shard statistics
 * ({@code SHOW STATS FOR 'shard'}, counter {@code writePointsOk}): what InfluxDB accepted rather than what the
 * writing job believes it sent, and cheap to read every second however much data the run has written. The local
 * platform starts a fresh influxd per run, so the counts are this run's.
 */
record InfluxPointCount(Map<String, Long> byRetentionPolicy) {

    static final InfluxPointCount NONE = new InfluxPointCount(Map.of());

    long total() {
        return byRetentionPolicy.values().stream().mapToLong(Long::longValue).sum();
    }

    long in(String retentionPolicy) {
        return byRetentionPolicy.getOrDefault(retentionPolicy, 0L);
    }

    static InfluxPointCount of(InfluxDB influx, String database) {
        QueryResult result = influx.query(new Query("SHOW STATS FOR 'shard'"));
        if (result.hasError()) {
            throw new IllegalStateException("cannot read InfluxDB statistics: " + result.getError());
        }
        Map<String, Long> counts = new TreeMap<>();
        for (QueryResult.Result statement : result.getResults()) {
            if (statement.hasError()) {
                throw new IllegalStateException("cannot read InfluxDB statistics: " + statement.getError());
            }
            if (statement.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series shard : statement.getSeries()) {
                if (!database.equals(shard.getTags().get("database"))) {
                    continue;
                }
                int column = shard.getColumns().indexOf("writePointsOk");
                long points = shard.getValues().stream().mapToLong(row -> ((Number) row.get(column)).longValue())
                        .sum();
                counts.merge(shard.getTags().get("retentionPolicy"), points, Long::sum);
            }
        }
        return new InfluxPointCount(Map.copyOf(counts));
    }
}
