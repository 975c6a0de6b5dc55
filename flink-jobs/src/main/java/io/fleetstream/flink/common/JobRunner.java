package io.fleetstream.flink.common;

import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.common.ops.OpsServer;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job from its main method. Embedded (plain {@code java -cp ...}), the job runs on a local MiniCluster and
 * this process serves {@code /health}, {@code /ready} and {@code /metrics} on the ops port, health reflecting the
 * job's status; Flink's own metrics go to its Prometheus reporter. Submitted to a cluster ({@code flink run}),
 * the cluster's REST API and metrics reporters take that role and the job is simply executed.
 */
public final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private JobRunner() {
    }

    public static void run(StreamingJob job, FlinkRuntimeSettings runtime, String opsHost, int opsPort)
            throws Exception {
        StreamExecutionEnvironment env = runtime.environment();
        if (!(env instanceof LocalStreamEnvironment)) {
            job.execute(env);
            return;
        }
        try (OpsServer ops = OpsServer.start(opsHost, opsPort, job.name())) {
            JobClient client = job.executeAsync(env);
            LOG.info("{} running embedded as Flink job {}", job.name(), client.getJobID());
            ops.livenessCheck("flink-job", () -> check(client, false));
            ops.readinessCheck("flink-job", () -> check(client, true));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> cancel(client), job.name() + "-shutdown"));
            client.getJobExecutionResult().get();
        }
    }

    private static HealthCheck.Result check(JobClient client, boolean mustRun) {
        try {
            JobStatus status = client.getJobStatus().get(5, TimeUnit.SECONDS);
            boolean healthy = mustRun ? status == JobStatus.RUNNING : !status.isGloballyTerminalState();
            return new HealthCheck.Result(healthy, status.name());
        } catch (Exception e) {
            return HealthCheck.Result.down("job status unavailable: " + e);
        }
    }

    private static void cancel(JobClient client) {
        try {
            client.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Could not cancel job {} on shutdown", client.getJobID(), e);
        }
    }
}
