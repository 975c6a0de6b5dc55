package io.fleetstream.launcher;

import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.common.ops.OpsServer;
import io.fleetstream.flink.anomaly.AnomalyDetectionJob;
import io.fleetstream.flink.anomaly.AnomalyJobSettings;
import io.fleetstream.flink.common.FlinkJobsConfig;
import io.fleetstream.flink.common.KafkaConnectors;
import io.fleetstream.flink.common.StreamingJob;
import io.fleetstream.flink.influx.InfluxJobSettings;
import io.fleetstream.flink.influx.TelemetryToInfluxJob;
import io.fleetstream.flink.tiering.LogTieringJob;
import io.fleetstream.flink.tiering.LogTieringSettings;
import io.fleetstream.flink.tiering.PointcloudTieringJob;
import io.fleetstream.flink.tiering.PointcloudTieringSettings;
import io.fleetstream.flink.tiering.TieringSettings;
import io.fleetstream.flink.tiering.TieringSetup;
import io.fleetstream.schemas.avro.LogRecord;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink jobs of a local run on one embedded MiniCluster (one task manager, a slot per job and parallel
 * subtask), submitted through its REST endpoint as {@code flink run} would submit them to a cluster. Each job's
 * readiness (RUNNING) is a check on the launcher's ops endpoint; closing cancels the jobs in reverse order of
 * submission (their checkpoints are retained) and stops the cluster.
 */
final class FlinkJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkJobs.class);
    private static final long STATUS_TIMEOUT_S = 5;
    private static final long CANCEL_TIMEOUT_S = 30;
    private static final long TERMINATION_POLL_MS = 100;

    private final MiniCluster cluster;
    private final URI rest;
    private final Deque<JobClient> submitted = new ArrayDeque<>();

    private FlinkJobs(MiniCluster cluster, URI rest) {
        this.cluster = cluster;
        this.rest = rest;
    }

    /** Starts the MiniCluster and submits {@code jobs} (Flink ones only) in order. */
    static FlinkJobs start(FlinkJobsConfig config, List<DownstreamJob> jobs, int parallelism, OpsServer ops)
            throws Exception {
        // Cluster-level: the metrics reporter and the slots; the jobs bring their own checkpointing.
        Configuration flink = config.runtime().toConfiguration();
        String host = config.opsHost();
        flink.set(JobManagerOptions.ADDRESS, host);
        flink.set(JobManagerOptions.BIND_HOST, host);
        flink.set(TaskManagerOptions.HOST, host);
        flink.set(TaskManagerOptions.BIND_HOST, host);
        flink.set(RestOptions.ADDRESS, host);
        flink.set(RestOptions.BIND_ADDRESS, host);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(flink)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(Math.max(1, parallelism * jobs.size()))
                .setCommonBindAddress(host)
                .withRandomPorts()
                .build());
        cluster.start();
        FlinkJobs running;
        try {
            running = new FlinkJobs(cluster, cluster.getRestAddress().get());
        } catch (Exception e) {
            cluster.closeAsync();
            throw e;
        }
        try {
            URI rest = running.rest;
            KafkaConnectors kafka = new KafkaConnectors(config.kafka());
            for (DownstreamJob job : jobs) {
                StreamingJob streamingJob = define(job, config, kafka);
                // Job-level settings (checkpoint interval, restart strategy) travel with the job, per job.
                Configuration jobConfig = config.runtime(section(job)).toConfiguration();
                jobConfig.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
                JobClient client = streamingJob.executeAsync(
                        StreamExecutionEnvironment.createRemoteEnvironment(rest.getHost(), rest.getPort(), jobConfig));
                running.submitted.push(client);
                LOG.info("{} submitted as Flink job {}", streamingJob.name(), client.getJobID());
                ops.readinessCheck("flink-" + job.configName(), () -> running(client));
                ops.livenessCheck("flink-" + job.configName(), () -> notFailed(client));
            }
            return running;
        } catch (Exception | Error e) {
            running.close();
            throw e;
        }
    }

    /** The job's section of {@code flink-jobs}, which may set its own runtime settings. */
    private static String section(DownstreamJob job) {
        return switch (job) {
            case ANOMALY_DETECTION -> "anomaly";
            case TELEMETRY_TO_INFLUX -> "influx";
            case LOG_TIERING, POINTCLOUD_TIERING -> "tiering";
            case FLEET_HEALTH -> throw new IllegalArgumentException(job + " is not a Flink job");
        };
    }

    /** The production wiring of each job, as its main method builds it, configured from {@code config}. */
    private static StreamingJob define(DownstreamJob job, FlinkJobsConfig config, KafkaConnectors kafka)
            throws Exception {
        return switch (job) {
            case ANOMALY_DETECTION -> AnomalyDetectionJob.fromSettings(kafka,
                    AnomalyJobSettings.from(config.job("anomaly")), null);
            case TELEMETRY_TO_INFLUX -> TelemetryToInfluxJob.fromSettings(kafka,
                    InfluxJobSettings.from(config.job("influx")));
            case LOG_TIERING -> {
                TieringSettings tiering = TieringSettings.from(config.job("tiering"));
                LogTieringSettings logs = LogTieringSettings.from(config.job("tiering").section("logs"));
                TieringSetup.prepare(tiering);
                yield LogTieringJob.fromSettings(kafka, tiering, logs,
                        kafka.source(tiering.logsTopic(), LogRecord.class, logs.groupId()));
            }
            case POINTCLOUD_TIERING -> {
                TieringSettings tiering = TieringSettings.from(config.job("tiering"));
                TieringSetup.prepare(tiering);
                yield PointcloudTieringJob.fromSettings(kafka, tiering,
                        PointcloudTieringSettings.from(config.job("tiering").section("pointclouds")), false);
            }
            case FLEET_HEALTH -> throw new IllegalArgumentException(job + " is not a Flink job");
        };
    }

    /** Flink's REST API (job status, checkpoints, metrics), as a cluster's JobManager serves it. */
    String restUrl() {
        return rest.toString();
    }

    private static HealthCheck.Result running(JobClient client) {
        JobStatus status = status(client);
        return status == JobStatus.RUNNING ? HealthCheck.Result.up(status.name())
                : HealthCheck.Result.down("Flink job is " + (status == null ? "unknown" : status.name()));
    }

    private static HealthCheck.Result notFailed(JobClient client) {
        JobStatus status = status(client);
        return status == null || status.isGloballyTerminalState()
                ? HealthCheck.Result.down("Flink job is " + (status == null ? "unknown" : status.name()))
                : HealthCheck.Result.up(status.name());
    }

    private static JobStatus status(JobClient client) {
        try {
            return client.getJobStatus().get(STATUS_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Cancels every job, waits until each has reached a terminal state (a cancel request is acknowledged before
     * the job's tasks stop; closing the cluster under them makes its components fail), then stops the cluster.
     */
    @Override
    public void close() {
        List<JobClient> cancelled = new ArrayList<>();
        while (!submitted.isEmpty()) {
            JobClient client = submitted.pop();
            try {
                client.cancel().get(CANCEL_TIMEOUT_S, TimeUnit.SECONDS);
                cancelled.add(client);
            } catch (Exception e) {
                LOG.warn("could not cancel Flink job {}", client.getJobID(), e);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CANCEL_TIMEOUT_S);
        for (JobClient client : cancelled) {
            JobStatus status = status(client);
            while (status != null && !status.isGloballyTerminalState() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(TERMINATION_POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                status = status(client);
            }
            if (status != null && !status.isGloballyTerminalState()) {
                LOG.warn("Flink job {} is still {} after being cancelled", client.getJobID(), status);
            }
        }
        try {
            cluster.closeAsync().get(CANCEL_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the Flink MiniCluster did not stop cleanly", e);
        }
    }
}
