package io.fleetstream.simulator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.common.config.Settings;
import io.fleetstream.common.tracing.TracingSettings;
import io.fleetstream.simulator.credentials.CredentialsSettings;
import io.fleetstream.simulator.generator.FleetSettings;
import io.fleetstream.simulator.generator.GeneratorSettings;
import io.fleetstream.simulator.model.Fault;
import io.fleetstream.simulator.mqtt.MqttSettings;
import io.fleetstream.simulator.mqtt.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed configuration of the fleet simulator, read from the {@code sim} section (see {@code reference.conf}) with
 * system-property and {@code FLEETSTREAM_SIM_*} environment overrides.
 *
 * @param runFor how long the standalone simulator runs; zero means until stopped
 * @param tick how often due messages are generated and published
 * @param tracing the shared {@code tracing} section: a PRODUCER span per publish, its context sent along as
 *                {@code traceparent} / {@code tracestate} user properties
 */
public record SimulatorConfig(FleetSettings fleet, MqttSettings mqtt, CredentialsSettings credentials,
                              Duration runFor, Duration tick, Duration summaryInterval, OpsSettings ops,
                              TracingSettings tracing) {

    public static final String SECTION = "sim";

    public SimulatorConfig {
        if (tick.toMillis() < 1 || summaryInterval.toMillis() < 1 || runFor.isNegative()) {
            throw new IllegalArgumentException("sim.tick and sim.summary-interval must be >= 1ms, run-for >= 0");
        }
    }

    /** The classpath configuration with system-property and environment overrides. */
    public static SimulatorConfig load() {
        return from(ConfigLoader.load());
    }

    /**
     * As {@link #load()}, with {@code overrides} (full keys such as {@code sim.mqtt.port}) taking precedence over
     * everything: how the launcher points the simulator at the broker it started.
     */
    public static SimulatorConfig load(Map<String, ?> overrides) {
        return from(ConfigFactory.parseMap(overrides, "overrides").withFallback(ConfigLoader.load()).resolve());
    }

    public static SimulatorConfig from(Config root) {
        Settings sim = Settings.of(root, SECTION);
        GeneratorSettings generator = new GeneratorSettings(
                sim.number("telemetry-hz"),
                sim.duration("heartbeat-interval"),
                sim.number("logs-per-minute"),
                sim.duration("pointcloud-interval"),
                sim.integer("lidar.rings"),
                sim.integer("lidar.columns"),
                sim.number("lidar.max-range-m"),
                sim.number("site.width-m"),
                sim.number("site.length-m"));
        FleetSettings fleet = new FleetSettings(
                sim.integer("robots"),
                list(sim, "sites"),
                sim.longValue("seed"),
                generator,
                list(sim, "faults").stream().map(Fault::parse).toList());
        Settings tls = sim.section("mqtt.tls");
        MqttSettings mqtt = new MqttSettings(
                sim.string("mqtt.host"),
                sim.integer("mqtt.port"),
                new TlsSettings(tls.flag("enabled"), tls.string("trust-store"), tls.string("trust-store-password"),
                        tls.string("trust-store-type"), tls.flag("verify-hostname")),
                sim.duration("mqtt.keep-alive"),
                sim.duration("mqtt.session-expiry"),
                sim.duration("mqtt.connect-timeout"),
                sim.integer("mqtt.max-in-flight-per-robot"));
        String file = sim.string("credentials.file");
        CredentialsSettings credentials = new CredentialsSettings(
                file.isBlank() ? CredentialsSettings.defaultFile() : Path.of(file), sim.string("credentials.secret"));
        return new SimulatorConfig(fleet, mqtt, credentials, sim.duration("run-for"), sim.duration("tick"),
                sim.duration("summary-interval"),
                new OpsSettings(sim.flag("ops.enabled"), sim.string("ops.host"), sim.integer("ops.port")),
                TracingSettings.from(root));
    }

    /** A HOCON list, or one comma-separated string as environment variables provide. */
    private static List<String> list(Settings settings, String key) {
        try {
            return settings.strings(key);
        } catch (ConfigException.WrongType notAList) {
            return Arrays.stream(settings.string(key).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .toList();
        }
    }
}
