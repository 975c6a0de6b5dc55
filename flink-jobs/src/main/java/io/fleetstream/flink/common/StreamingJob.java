package io.fleetstream.flink.common;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A Fleetstream Flink job: its dataflow, defined on any environment (MiniCluster, test cluster, real cluster). */
public interface StreamingJob {

    /** The job name shown by Flink, also used for consumer groups and metrics. */
    String name();

    /** Adds this job's sources, operators and sinks to {@code env}. */
    void define(StreamExecutionEnvironment env);

    /** Defines the job and runs it until it finishes (bounded inputs) or fails. */
    default JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        define(env);
        return env.execute(name());
    }

    /** Defines the job and submits it; the returned client reports its status and can cancel it. */
    default JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        define(env);
        return env.executeAsync(name());
    }
}
