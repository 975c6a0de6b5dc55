package io.fleetstream.flink.influx;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/**
 * How to reach InfluxDB (1.x HTTP API). Username and password are empty when authentication is off.
 *
 * @param requestTimeout bound on connecting, sending a batch and reading the answer, so a hung server turns into
 *                       a retried failure instead of a stuck sink
 */
public record InfluxConnection(String url, String username, String password, Duration requestTimeout)
        implements Serializable {

    public InfluxDB connect() {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        InfluxDB influx = username.isBlank()
                ? InfluxDBFactory.connect(url, http)
                : InfluxDBFactory.connect(url, username, password, http);
        return influx.enableGzip();
    }

    @Override
    public String toString() {
        return "InfluxConnection[" + url + (username.isBlank() ? "" : ", user " + username) + "]";
    }
}
