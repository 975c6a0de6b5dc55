package io.fleetstream.flink.common;

import com.typesafe.config.Config;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.common.config.Settings;

/**
 * The {@code flink-jobs} configuration section (reference.conf of this module, application.conf, system
 * properties, then {@code FLEETSTREAM_FLINK_JOBS_*} environment variables), with the parts every job shares.
 */
public final class FlinkJobsConfig {

    public static final String SECTION = "flink-jobs";

    private final Settings jobs;

    private FlinkJobsConfig(Settings jobs) {
        this.jobs = jobs;
    }

    public static FlinkJobsConfig load() {
        return of(ConfigLoader.load());
    }

    public static FlinkJobsConfig of(Config root) {
        return new FlinkJobsConfig(Settings.of(root, SECTION));
    }

    public KafkaSettings kafka() {
        return KafkaSettings.from(jobs.section("kafka"));
    }

    public FlinkRuntimeSettings runtime() {
        return FlinkRuntimeSettings.from(jobs.section("runtime"));
    }

    /** The interface the ops endpoints of embedded jobs bind to. */
    public String opsHost() {
        return jobs.string("ops-host");
    }

    /** One job's own section, e.g. {@code anomaly}. */
    public Settings job(String name) {
        return jobs.section(name);
    }
}
