package io.fleetstream.flink.common;

import io.fleetstream.common.tracing.Tracing;
import io.fleetstream.common.tracing.TracingSettings;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * The OpenTelemetry of the jobs on one task manager: one exporter per job class loader and settings, shared by every
 * subtask (a task manager runs many), flushed and closed when Flink releases the job's class loader, so a cancelled
 * or restarted job leaves no exporter thread behind.
 */
public final class FlinkTracing {

    public static final String SERVICE_NAME = "fleetstream-flink-jobs";
    private static final Map<ClassLoader, Map<TracingSettings, Tracing>> OPEN = new IdentityHashMap<>();

    private FlinkTracing() {
    }

    /** The shared tracing for {@code settings}; the no-op tracing when they disable it. */
    public static Tracing shared(TracingSettings settings, UserCodeClassLoader jobClassLoader) {
        if (!settings.enabled()) {
            return Tracing.disabled();
        }
        ClassLoader loader = jobClassLoader.asClassLoader();
        synchronized (OPEN) {
            Map<TracingSettings, Tracing> ofJob = OPEN.get(loader);
            if (ofJob == null) {
                ofJob = new HashMap<>();
                OPEN.put(loader, ofJob);
                jobClassLoader.registerReleaseHookIfAbsent(FlinkTracing.class.getName(), () -> release(loader));
            }
            return ofJob.computeIfAbsent(settings, s -> Tracing.start(s, SERVICE_NAME));
        }
    }

    private static void release(ClassLoader loader) {
        Map<TracingSettings, Tracing> ofJob;
        synchronized (OPEN) {
            ofJob = OPEN.remove(loader);
        }
        if (ofJob != null) {
            ofJob.values().forEach(Tracing::close);
        }
    }
}
