package io.fleetstream.connectors.retrieval;

import io.fleetstream.common.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Where the manifest index lives: an InfluxDB 1.x database (the platform's {@code fleet}) and the retention
 * policy that keeps index points as long as the longest-lived objects they describe.
 *
 * @param password empty when InfluxDB runs without authentication; only ever from the environment
 */
public record IndexSettings(String url, String username, String password, String database,
                            String retentionPolicy, Duration requestTimeout) implements Serializable {

    public static IndexSettings from(Settings index) {
        return new IndexSettings(index.string("url"), index.string("username"), index.string("password"),
                index.string("database"), index.string("retention-policy"), index.duration("request-timeout"));
    }

    public static IndexSettings of(String url, String database) {
        return new IndexSettings(url, "", "", database, "tier_index", Duration.ofSeconds(30));
    }

    @Override
    public String toString() {
        return "IndexSettings[" + url + ", db " + database + ", rp " + retentionPolicy
                + (username.isBlank() ? "" : ", user " + username) + "]";
    }
}
