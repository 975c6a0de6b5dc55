package io.fleetstream.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import io.fleetstream.common.config.ConfigLoader;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of everything {@code ./fleetstream run} starts, as one Typesafe Config tree with the sections
 * {@code launcher}, {@code sim}, {@code bridge}, {@code health} and {@code flink-jobs}. Precedence, highest first:
 * explicit settings ({@code key=value} arguments, test settings), what the running platform dictates (its
 * endpoints and the work directory), {@code FLEETSTREAM_*} environment variables, then the modules' defaults
 * (with the few local-run exceptions of {@link #LOCAL_RUN_DEFAULTS}).
 */
public final class LauncherConfig {

    /** Sections a {@code key=value} argument may set. */
    static final List<String> SECTIONS = List.of("launcher", "sim", "bridge", "health", "flink-jobs");

    /**
     * Where a local run differs from the modules' defaults (environment variables still override these): Flink's
     * Prometheus reporter cannot be bound to loopback, so it is off (the MiniCluster's REST API serves the same
     * metrics on 127.0.0.1); a robot's log file is rolled into the object store after a minute instead of 70, so
     * a short run shows tiered logs.
     */
    private static final Map<String, Object> LOCAL_RUN_DEFAULTS = Map.of(
            "flink-jobs.runtime.prometheus-port", "",
            "flink-jobs.tiering.logs.max-file-age", "1m");

    private final Config root;

    private LauncherConfig(Config root) {
        this.root = root;
    }

    /**
     * @param settings full keys such as {@code sim.robots} or {@code flink-jobs.runtime.checkpoint-interval}
     * @param platform keys derived from the started platform, below {@code settings}
     */
    static LauncherConfig of(Map<String, ?> settings, Map<String, ?> platform, Map<String, String> env) {
        // The tiering jobs keep their defaults in a resource of their own, merged under reference.conf.
        Config defaults = ConfigFactory.parseMap(LOCAL_RUN_DEFAULTS, "launcher defaults")
                .withFallback(ConfigFactory.load())
                .withFallback(ConfigFactory.parseResources("tiering.conf"));
        Config root = ConfigFactory.parseMap(settings, "settings")
                .withFallback(ConfigFactory.parseMap(platform, "platform"))
                .withFallback(ConfigLoader.load(defaults, env))
                .resolve();
        return new LauncherConfig(root);
    }

    /** Validates {@code key=value} settings: the key must belong to a section the launcher configures. */
    static void checkKey(String key) {
        if (SECTIONS.stream().noneMatch(section -> key.startsWith(section + "."))) {
            throw new IllegalArgumentException("expected <section>.<key>=<value> with section one of " + SECTIONS
                    + ", got '" + key + "'");
        }
    }

    public Config root() {
        return root;
    }

    /** {@code launcher.jobs}: a list, or one comma-separated string as environment variables give it. */
    public Set<DownstreamJob> jobs() {
        List<String> names = root.getValue("launcher.jobs").valueType() == ConfigValueType.LIST
                ? root.getStringList("launcher.jobs")
                : Arrays.stream(root.getString("launcher.jobs").split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList();
        Set<DownstreamJob> jobs = EnumSet.noneOf(DownstreamJob.class);
        names.forEach(name -> jobs.add(DownstreamJob.named(name)));
        return jobs;
    }

    /** {@code launcher.duration}: how long the fleet runs before everything stops; empty (zero) runs until stopped. */
    public Optional<Duration> runDuration() {
        Duration duration = root.getDuration("launcher.duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("launcher.duration must not be negative, got " + duration);
        }
        return duration.isZero() ? Optional.empty() : Optional.of(duration);
    }

    public int flinkParallelism() {
        return root.getInt("launcher.flink-parallelism");
    }
}
