package io.fleetstream.flink.common;

import com.typesafe.config.Config;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.common.config.Settings;
import io.fleetstream.common.tracing.TracingSettings;

/**
 * The {@code flink-jobs} configuration section (reference.conf of this module, application.conf, system
 * properties, then {@code FLEETSTREAM_FLINK_JOBS_*} environment variables), with the parts every job shares.
 */
public final class FlinkJobsConfig {

    public static final String SECTION = "flink-jobs";

    private final Settings jobs;
    private final TracingSettings tracing;

    private FlinkJobsConfig(Settings jobs, TracingSettings tracing) {
        this.jobs = jobs;
        this.tracing = tracing;
    }

    public static FlinkJobsConfig load() {
        return of(ConfigLoader.load());
    }

    public static FlinkJobsConfig of(Config root) {
        return new FlinkJobsConfig(Settings.of(root, SECTION), TracingSettings.from(root));
    }

    /** Kafka, with the shared {@code tracing} section deciding whether the jobs' Kafka records are traced. */
    public KafkaSettings kafka() {
        return KafkaSettings.from(jobs.section("kafka")).withTracing(tracing);
    }

    public FlinkRuntimeSettings runtime() {
        return FlinkRuntimeSettings.from(jobs.section("runtime"));
    }

    /**
     * The shared runtime settings with the job's own {@code checkpoint-interval} when its section sets one: with a
     * transactional sink the interval is the job's output latency, while for others it only trades checkpoint
     * overhead against replay on recovery, so it is chosen per job.
     */
    public FlinkRuntimeSettings runtime(String job) {
        Settings section = job(job);
        FlinkRuntimeSettings shared = runtime();
        return section.has("checkpoint-interval")
                ? shared.withCheckpointInterval(section.duration("checkpoint-interval")) : shared;
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
