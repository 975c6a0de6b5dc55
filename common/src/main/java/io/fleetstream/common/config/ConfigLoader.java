package io.fleetstream.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;

/**
 * Loads a service's configuration: {@code application.conf} / {@code reference.conf} from the classpath,
 * system properties on top, then environment-variable overrides on top of everything.
 *
 * <p>Every configuration key can be overridden by an environment variable named {@code FLEETSTREAM_} followed by
 * the key in upper snake case: {@code bridge.kafka.bootstrap-servers} is overridden by
 * {@code FLEETSTREAM_BRIDGE_KAFKA_BOOTSTRAP_SERVERS}. Only keys that exist in the loaded configuration can be
 * overridden, so a typo in a variable name cannot silently create a new setting.
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "FLEETSTREAM_";

    private ConfigLoader() {
    }

    /** Loads the classpath configuration with system-property and environment overrides. */
    public static Config load() {
        return load(ConfigFactory.load(), System.getenv());
    }

    /** Applies environment overrides from {@code env} to {@code base}; resolved and ready to read. */
    public static Config load(Config base, Map<String, String> env) {
        Config resolved = base.resolve();
        Config result = resolved;
        for (Map.Entry<String, ?> entry : resolved.entrySet()) {
            String key = entry.getKey();
            String override = env.get(envName(key));
            if (override != null) {
                result = result.withValue(key, ConfigValueFactory.fromAnyRef(override, "env " + envName(key)));
            }
        }
        return result;
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (char c : key.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }
}
