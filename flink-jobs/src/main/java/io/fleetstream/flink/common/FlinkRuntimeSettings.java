package io.fleetstream.flink.common;

import io.fleetstream.common.config.Settings;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * How a job runs: parallelism, exactly-once checkpoints to durable storage, restart strategy, and where Flink
 * publishes its metrics when the job runs embedded. On a Flink cluster, the cluster's configuration provides the
 * metrics reporters; everything else here still applies.
 *
 * @param checkpointDir   checkpoint storage URI; retained on cancellation so that a restarted job can resume
 * @param restoreFrom     checkpoint or savepoint to resume from; empty to start from committed Kafka offsets
 * @param prometheusPort  port (or range, e.g. 9249-9259) of Flink's Prometheus reporter; empty disables it
 */
public record FlinkRuntimeSettings(int parallelism, Duration checkpointInterval, String checkpointDir,
                                   String restoreFrom, int restartAttempts, Duration restartDelay,
                                   String prometheusPort) {

    public static FlinkRuntimeSettings from(Settings runtime) {
        return new FlinkRuntimeSettings(runtime.integer("parallelism"), runtime.duration("checkpoint-interval"),
                runtime.string("checkpoint-dir"), runtime.string("restore-from"), runtime.integer("restart-attempts"),
                runtime.duration("restart-delay"), runtime.string("prometheus-port"));
    }

    public FlinkRuntimeSettings withCheckpointInterval(Duration interval) {
        return new FlinkRuntimeSettings(parallelism, interval, checkpointDir, restoreFrom, restartAttempts,
                restartDelay, prometheusPort);
    }

    public Configuration toConfiguration() {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (!restoreFrom.isBlank()) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, restartDelay);
        if (!prometheusPort.isBlank()) {
            conf.setString("metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            conf.setString("metrics.reporter.prom.port", prometheusPort);
        }
        return conf;
    }

    /**
     * The environment of the current context: a local MiniCluster when the job's main runs embedded, the cluster
     * when the jar was submitted with {@code flink run}.
     */
    public StreamExecutionEnvironment environment() {
        return StreamExecutionEnvironment.getExecutionEnvironment(toConfiguration());
    }
}
