package io.fleetstream.flink.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** InfluxQL queries against the platform's real influxd, results as plain rows of column name to value. */
public final class InfluxTestSupport implements AutoCloseable {

    private final InfluxDB influx;
    private final String database;

    public InfluxTestSupport(String url, String database) {
        this.influx = InfluxDBFactory.connect(url);
        this.database = database;
    }

    /**
     * Rows of every series the query returns, times as epoch milliseconds; tags of grouped queries are included
     * as columns.
     */
    public List<Map<String, Object>> rows(String influxQl) {
        QueryResult result = influx.query(new Query(influxQl, database), TimeUnit.MILLISECONDS);
        if (result.hasError()) {
            throw new IllegalStateException(influxQl + ": " + result.getError());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                throw new IllegalStateException(influxQl + ": " + r.getError());
            }
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series series : r.getSeries()) {
                for (List<Object> values : series.getValues()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    if (series.getTags() != null) {
                        row.putAll(series.getTags());
                    }
                    for (int i = 0; i < series.getColumns().size(); i++) {
                        row.put(series.getColumns().get(i), values.get(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The single number a query such as {@code SELECT count(x) FROM m} returns; 0 when there are no points. */
    public long number(String influxQl) {
        List<Map<String, Object>> rows = rows(influxQl);
        if (rows.isEmpty()) {
            return 0;
        }
        Object value = rows.get(0).values().stream().skip(1).findFirst().orElseThrow();
        return ((Number) value).longValue();
    }

    @Override
    public void close() {
        influx.close();
    }
}
