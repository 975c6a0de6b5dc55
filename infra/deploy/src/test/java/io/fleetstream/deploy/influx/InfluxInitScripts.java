package io.fleetstream.deploy.influx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** The deployments' InfluxDB init scripts ({@code infra/influxdb/init}), run against a real influxd. */
public final class InfluxInitScripts {

    private InfluxInitScripts() {
    }

    /**
     * Runs every {@code .iql} script in name order, one statement per line, as the influxdb image's entrypoint does
     * ({@code influx -execute} of a file's content executes it line by line). Fails on the first failing statement.
     */
    public static void apply(InfluxDB influx, Path scriptDir) throws IOException {
        try (var scripts = Files.list(scriptDir)) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".iql")).sorted().toList()) {
                for (String statement : Files.readAllLines(script)) {
                    if (statement.isBlank() || statement.startsWith("--")) {
                        continue;
                    }
                    QueryResult result = influx.query(new Query(statement));
                    if (result.hasError() || result.getResults().stream().anyMatch(QueryResult.Result::hasError)) {
                        throw new IllegalStateException(script + ": " + statement + " failed: " + result);
                    }
                }
            }
        }
    }

    /** The retention policies of {@code database} as "name duration default=true|false". */
    public static List<String> retentionPolicies(InfluxDB influx, String database) {
        QueryResult result = influx.query(new Query("SHOW RETENTION POLICIES ON \"" + database + "\""));
        return result.getResults().get(0).getSeries().get(0).getValues().stream()
                .map(row -> row.get(0) + " " + row.get(1) + " default=" + row.get(4))
                .toList();
    }
}
