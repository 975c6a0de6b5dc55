package io.fleetstream.flink.influx;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database and retention policies the points are written to. {@link #ensure} creates what is missing and
 * brings existing policies to the configured duration and default; it is idempotent, so every sink writer runs it
 * when it starts (including after a restart). A user without admin privilege (as deployed) cannot create them: it
 * then only checks that an admin did.
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
        String createError = run(influx, "CREATE DATABASE \"" + database + "\"");
        if (createError == null) {
            createOrAlterPolicies(influx);
        } else if (lacksAdminPrivilege(createError)) {
            // Deployments write with a user that has all privileges on the database but is no admin; an admin
            // provisions the database and its policies (infra/influxdb/init).
            requireProvisioned(influx, createError);
        } else {
            throw new IllegalStateException("Cannot create InfluxDB database " + database + ": " + createError);
        }
        LOG.info("InfluxDB database {} has retention policies {}", database, retentionPolicies);
    }

    private void createOrAlterPolicies(InfluxDB influx) {
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
    }

    private void requireProvisioned(InfluxDB influx, String createError) {
        Outcome shown = execute(influx, new Query("SHOW RETENTION POLICIES ON \"" + database + "\""));
        if (shown.error() != null) {
            throw notProvisioned(createError, "cannot list its retention policies: " + shown.error());
        }
        Map<String, List<Object>> existing = new HashMap<>();
        for (QueryResult.Result r : shown.result().getResults()) {
            for (QueryResult.Series series : r.getSeries() == null ? List.<QueryResult.Series>of() : r.getSeries()) {
                for (List<Object> row : series.getValues()) {
                    existing.put(String.valueOf(row.get(0)), row);
                }
            }
        }
        for (RetentionPolicy rp : retentionPolicies) {
            List<Object> row = existing.get(rp.name());
            if (row == null) {
                throw notProvisioned(createError, "retention policy " + rp.name() + " is missing");
            }
            String duration = String.valueOf(row.get(1));
            boolean isDefault = Boolean.parseBoolean(String.valueOf(row.get(4)));
            if (!duration.equals(rp.duration().toHours() + "h0m0s") || isDefault != rp.isDefault()) {
                LOG.warn("InfluxDB retention policy {} on {} is {} (default {}), configured {} (default {}); an admin"
                        + " can ALTER it, this user cannot", rp.name(), database, duration, isDefault, rp.duration(),
                        rp.isDefault());
            }
        }
    }

    private IllegalStateException notProvisioned(String createError, String problem) {
        return new IllegalStateException("InfluxDB database " + database + " is not provisioned: " + problem
                + ", and this user may not create it (" + createError + "). Create the database and the retention"
                + " policies " + retentionPolicies + " as an admin, e.g. with infra/influxdb/init.");
    }

    /** InfluxDB 1.x: "... not authorized to execute statement '...', requires admin privilege". */
    private static boolean lacksAdminPrivilege(String error) {
        return error.contains("requires admin privilege");
    }

    /** @return the error InfluxDB reported, or null */
    private static String run(InfluxDB influx, String statement) {
        return execute(influx, new Query(statement, null, true)).error();
    }

    /** What a statement returned: its result, or (result null) the error InfluxDB reported. */
    private record Outcome(QueryResult result, String error) {
    }

    private static Outcome execute(InfluxDB influx, Query query) {
        try {
            QueryResult result = influx.query(query);
            String error = errorOf(result);
            return new Outcome(error == null ? result : null, error);
        } catch (InfluxDBException e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private static String errorOf(QueryResult result) {
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
