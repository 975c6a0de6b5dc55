package io.fleetstream.flink.influx;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database and retention policies the points are written to. {@link #ensure} creates what is missing and
 * brings existing policies to the configured duration and default; it is idempotent, so every sink writer runs it
 * when it starts (including after a restart).
 */
public record InfluxSchema(String database, List<RetentionPolicy> retentionPolicies) implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSchema.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public InfluxSchema {
        retentionPolicies = List.copyOf(retentionPolicies);
        requireIdentifier(database);
        retentionPolicies.forEach(rp -> requireIdentifier(rp.name()));
        if (retentionPolicies.stream().filter(RetentionPolicy::isDefault).count() != 1) {
            throw new IllegalArgumentException("Exactly one retention policy must be the default: "
                    + retentionPolicies);
        }
    }

    public void ensure(InfluxDB influx) {
        run(influx, "CREATE DATABASE \"" + database + "\"");
        for (RetentionPolicy rp : retentionPolicies) {
            String spec = "ON \"" + database + "\" DURATION " + rp.influxQlDuration() + " REPLICATION 1"
                    + (rp.isDefault() ? " DEFAULT" : "");
            String createError = run(influx, "CREATE RETENTION POLICY \"" + rp.name() + "\" " + spec);
            if (createError != null) {
                // The policy exists with other settings: bring it to the configured ones.
                String alterError = run(influx, "ALTER RETENTION POLICY \"" + rp.name() + "\" " + spec);
                if (alterError != null) {
                    throw new IllegalStateException("Cannot set up retention policy " + rp + ": " + createError
                            + "; " + alterError);
                }
            }
        }
        LOG.info("InfluxDB database {} has retention policies {}", database, retentionPolicies);
    }

    /** @return the error InfluxDB reported, or null */
    private static String run(InfluxDB influx, String statement) {
        QueryResult result = influx.query(new Query(statement, null, true));
        if (result.getError() != null) {
            return result.getError();
        }
        return result.getResults() == null ? null : result.getResults().stream()
                .map(QueryResult.Result::getError).filter(e -> e != null).findFirst().orElse(null);
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain InfluxDB identifier: " + name);
        }
    }
}
