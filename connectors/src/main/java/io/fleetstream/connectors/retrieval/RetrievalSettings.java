package io.fleetstream.connectors.retrieval;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fleetstream.common.config.ConfigLoader;
import io.fleetstream.common.config.Settings;
import io.fleetstream.common.tracing.TracingSettings;
import java.util.Map;

/**
 * The {@code retrieval} section ({@code retrieval.conf} defaults, application.conf, system properties, env) and the
 * shared {@code tracing} section.
 */
public record RetrievalSettings(String host, int port, int maxConcurrentStreams, ObjectStoreSettings objectStore,
                                IndexSettings index, TierLifecycle retention, TracingSettings tracing) {

    public static final String SECTION = "retrieval";

    public static RetrievalSettings load() {
        return load(System.getenv());
    }

    public static RetrievalSettings load(Map<String, String> env) {
        Config base = ConfigFactory.load().withFallback(ConfigFactory.parseResources("retrieval.conf"));
        return of(ConfigLoader.load(base, env));
    }

    public static RetrievalSettings of(Config root) {
        Settings s = Settings.of(root, SECTION);
        return new RetrievalSettings(s.string("host"), s.integer("port"), s.integer("max-concurrent-streams"),
                ObjectStoreSettings.from(s.section("object-store")), IndexSettings.from(s.section("index")),
                TierLifecycle.from(s.section("retention")), TracingSettings.from(root));
    }
}
