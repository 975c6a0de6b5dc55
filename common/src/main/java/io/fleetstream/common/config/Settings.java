package io.fleetstream.common.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Typed accessors over one section of a {@link Config}, used by each service's config record to read its fields
 * with clear errors ("missing bridge.kafka.bootstrap-servers") instead of casts scattered through the code.
 */
public final class Settings {

    private final Config config;
    private final String path;

    private Settings(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    public static Settings of(Config root, String path) {
        if (!root.hasPath(path)) {
            throw new IllegalArgumentException("configuration section '" + path + "' is missing");
        }
        return new Settings(root.getConfig(path), path);
    }

    public Settings section(String key) {
        return new Settings(config.getConfig(key), path + "." + key);
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    public String string(String key) {
        return config.getString(key);
    }

    public String string(String key, String fallback) {
        return config.hasPath(key) ? config.getString(key) : fallback;
    }

    public int integer(String key) {
        return config.getInt(key);
    }

    public long longValue(String key) {
        return config.getLong(key);
    }

    public double number(String key) {
        return config.getDouble(key);
    }

    public boolean flag(String key) {
        return config.getBoolean(key);
    }

    public Duration duration(String key) {
        return config.getDuration(key);
    }

    public List<String> strings(String key) {
        return config.getStringList(key);
    }

    /**
     * A free-form section as {@link Properties}, for pass-through client settings such as
     * {@code bridge.kafka.producer { linger.ms = 5 }}. Quoted keys keep their dots.
     */
    public Properties properties(String key) {
        Properties props = new Properties();
        if (config.hasPath(key)) {
            config.getConfig(key).entrySet().forEach(e -> props.setProperty(
                    unquote(e.getKey()), String.valueOf(e.getValue().unwrapped())));
        }
        return props;
    }

    public String path() {
        return path;
    }

    private static String unquote(String key) {
        return key.replace("\"", "");
    }
}
