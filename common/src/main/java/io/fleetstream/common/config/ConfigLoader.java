package io.fleetstream.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Locale;
import java.util.Map;

/**
 * Loads a service's configuration: {@code application.conf} / {@code reference.conf} from the classpath,
 * system properties on top, then environment-variable overrides on top of everything.
 *
 * <p>Every configuration key can be overridden by an environment variable named {@code FLEETSTREAM_} followed by
 * the key in upper snake case: {@code bridge.kafka.bootstrap-servers} is overridden by
 * {@code FLEETSTREAM_BRIDGE_KAFKA_BOOTSTRAP_SERVERS}. Only keys that exist in the loaded configuration can be
 * overridden, so a typo in a variable name cannot silently create a new setting; the one exception are the
 * sections of Kafka client properties listed under {@value #CLIENT_PROPERTY_SECTIONS}, which take any property.
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "FLEETSTREAM_";
    /** An object whose values are the paths of client-property sections; each module's reference.conf adds its own. */
    public static final String CLIENT_PROPERTY_SECTIONS = "fleetstream.client-property-sections";

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
        return withClientProperties(result, env);
    }

    /**
     * Client-property sections (listed under {@value #CLIENT_PROPERTY_SECTIONS}) are passed verbatim to Kafka
     * clients, so the properties a deployment needs (security.protocol, sasl.jaas.config, ...) cannot all be listed
     * in reference.conf beforehand: {@code FLEETSTREAM_<SECTION>_<PROPERTY>} sets any property of such a section,
     * reading {@code _} as {@code .} as Kafka property names have no other separator
     * ({@code FLEETSTREAM_BRIDGE_KAFKA_PRODUCER_SASL_JAAS_CONFIG} sets {@code sasl.jaas.config}).
     */
    private static Config withClientProperties(Config config, Map<String, String> env) {
        if (!config.hasPath(CLIENT_PROPERTY_SECTIONS)) {
            return config;
        }
        Config result = config;
        for (ConfigValue section : config.getObject(CLIENT_PROPERTY_SECTIONS).values()) {
            String path = String.valueOf(section.unwrapped());
            String prefix = envName(path) + "_";
            for (Map.Entry<String, String> variable : env.entrySet()) {
                if (variable.getKey().startsWith(prefix) && variable.getKey().length() > prefix.length()) {
                    String property = variable.getKey().substring(prefix.length()).toLowerCase(Locale.ROOT)
                            .replace('_', '.');
                    result = result.withValue(path + ".\"" + property + "\"",
                            ConfigValueFactory.fromAnyRef(variable.getValue(), "env " + variable.getKey()));
                }
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
