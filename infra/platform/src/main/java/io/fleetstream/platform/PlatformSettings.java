package io.fleetstream.platform;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Typed platform settings for {@link PlatformMain}: each key {@code a.b} is read from system property
 * {@code fleetstream.a.b}, else environment variable {@code FLEETSTREAM_A_B}, else its default. Ports default to
 * the services' well-known ports.
 */
public final class PlatformSettings {
    static final String WORK_DIR = "work.dir";
    static final String SERVICES = "services";
    static final String MQTT_AUTH = "mqtt.auth";

    private final Map<String, String> environment;
    private final Properties systemProperties;

    PlatformSettings(Map<String, String> environment, Properties systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    public static PlatformSettings fromEnvironment() {
        return new PlatformSettings(System.getenv(), System.getProperties());
    }

    public Path workDir() {
        return Paths.get(value(WORK_DIR, "./work"));
    }

    /** Port of the platform's own /health, /ready and /metrics endpoint. */
    public int opsPort() {
        return port("ops.port", 9190);
    }

    public LocalPlatform.Builder toBuilder() {
        return LocalPlatform.builder()
                .workDir(workDir())
                .services(services())
                .kafkaPort(port("kafka.port", 9092))
                .kafkaControllerPort(port("kafka.controller.port", 9093))
                .mqttPort(port("mqtt.port", 1883))
                .registryPort(port("registry.port", 8080))
                .registryManagementPort(port("registry.management.port", 9000))
                .s3Port(port("s3.port", 9010))
                .influxPort(port("influx.port", 8086))
                .influxRpcPort(port("influx.rpc.port", 8088))
                .mqttAuthentication(Boolean.parseBoolean(value(MQTT_AUTH, "false")));
    }

    Set<ServiceKind> services() {
        String configured = value(SERVICES, "");
        if (configured.isBlank()) {
            return EnumSet.allOf(ServiceKind.class);
        }
        Set<ServiceKind> services = EnumSet.noneOf(ServiceKind.class);
        for (String name : configured.split(",")) {
            services.add(serviceNamed(name.trim().toLowerCase(Locale.ROOT)));
        }
        return services;
    }

    private static ServiceKind serviceNamed(String name) {
        switch (name) {
            case "kafka": return ServiceKind.KAFKA;
            case "mqtt": return ServiceKind.MQTT;
            case "registry": return ServiceKind.REGISTRY;
            case "s3": return ServiceKind.OBJECT_STORE;
            case "influxdb": return ServiceKind.INFLUXDB;
            default: throw new IllegalArgumentException("Unknown service '" + name
                    + "' in " + propertyName(SERVICES) + ": use kafka, mqtt, registry, s3, influxdb");
        }
    }

    int port(String key, int defaultPort) {
        String raw = value(key, Integer.toString(defaultPort));
        try {
            int port = Integer.parseInt(raw.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(propertyName(key) + " / " + envName(key) + " must be a port (0 = free port), got '" + raw + "'");
        }
    }

    String value(String key, String defaultValue) {
        String property = systemProperties.getProperty(propertyName(key));
        if (property != null) {
            return property;
        }
        return environment.getOrDefault(envName(key), defaultValue);
    }

    static String propertyName(String key) {
        return "fleetstream." + key;
    }

    static String envName(String key) {
        return "FLEETSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
