package io.fleetstream.common.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Admin client settings derived from a service's pass-through producer or streams properties. The admin needs the
 * cluster's connection and security settings (security.protocol, SASL, truststore) that a deployment puts there,
 * but not producer or streams tuning such as linger.ms, which Kafka would log as unknown configuration.
 */
public final class AdminClientProperties {

    private AdminClientProperties() {
    }

    public static Properties from(String bootstrapServers, Map<?, ?> clientProperties) {
        Properties admin = new Properties();
        clientProperties.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(key))) {
                admin.put(key, value);
            }
        });
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return admin;
    }
}
