package io.fleetstream.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fleetstream.platform.influx.InfluxDbServer;
import io.fleetstream.platform.kafka.EmbeddedKafkaBroker;
import io.fleetstream.platform.mqtt.EmbeddedMqttBroker;
import io.fleetstream.platform.mqtt.MqttAuthentication;
import io.fleetstream.platform.mqtt.MqttUsers;
import io.fleetstream.platform.objectstore.S3Credentials;
import io.fleetstream.platform.objectstore.S3ProxyDistribution;
import io.fleetstream.platform.objectstore.S3ProxyObjectStore;
import io.fleetstream.platform.registry.ApicurioDistribution;
import io.fleetstream.platform.registry.ApicurioRegistry;

/**
 * The local Fleetstream platform: Kafka (KRaft), HiveMQ CE, Apicurio Registry, s3proxy and InfluxDB, all bound to
 * 127.0.0.1 and keeping all their data under one work directory. Services start in parallel and {@link #start()}
 * returns when every one answers its readiness probe; {@link #close()} stops them in reverse order. Several
 * platforms with different ports and work directories can run side by side in one JVM.
 *
 * <pre>
 * try (LocalPlatform platform = LocalPlatform.builder().workDir(dir).build().start()) {
 *     PlatformEndpoints e = platform.endpoints();
 * }
 * </pre>
 */
public final class LocalPlatform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Path workDir;
    private final Map<ServiceKind, ManagedService> services;
    private final PlatformEndpoints endpoints;
    private final Optional<MqttAuthentication> mqttAuthentication;
    private final int instance = INSTANCES.incrementAndGet();
    private Duration startupTime;
    private boolean started;

    private LocalPlatform(Builder b) {
        this.workDir = b.workDir.toAbsolutePath().normalize();
        this.mqttAuthentication = b.mqttAuthentication && b.services.contains(ServiceKind.MQTT)
                ? Optional.of(new MqttAuthentication(new MqttUsers(workDir.resolve("mqtt").resolve("credentials"))))
                : Optional.empty();
        Map<ServiceKind, ManagedService> created = new EnumMap<>(ServiceKind.class);
        PlatformEndpoints.Builder endpoints = PlatformEndpoints.builder();
        Ports ports = new Ports(b);
        for (ServiceKind kind : b.services) {
            Path dir = workDir.resolve(directoryName(kind));
            switch (kind) {
                case KAFKA: {
                    EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(dir, ports.kafka, ports.kafkaController,
                            b.kafkaProperties, b.readyTimeout);
                    endpoints.kafka(kafka.bootstrapServers());
                    created.put(kind, kafka);
                    break;
                }
                case MQTT: {
                    EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker(dir, ports.mqtt, mqttAuthentication, b.readyTimeout);
                    endpoints.mqtt(EmbeddedMqttBroker.HOST, mqtt.port());
                    created.put(kind, mqtt);
                    break;
                }
                case REGISTRY: {
                    ApicurioRegistry registry = new ApicurioRegistry(dir, JavaRuntime.javaExecutable(b.java21Home),
                            ApicurioDistribution.locateRunner(b.apicurioHome), ports.registry, ports.registryManagement,
                            b.readyTimeout);
                    endpoints.registry(registry.baseUrl(), registry.managementUrl());
                    created.put(kind, registry);
                    break;
                }
                case OBJECT_STORE: {
                    S3ProxyObjectStore s3 = new S3ProxyObjectStore(dir, S3ProxyDistribution.locateJar(b.s3proxyJar),
                            ports.s3, S3Credentials.generate(), b.readyTimeout);
                    endpoints.s3(s3.endpoint(), s3.credentials().accessKey(), s3.credentials().secretKey());
                    created.put(kind, s3);
                    break;
                }
                case INFLUXDB: {
                    InfluxDbServer influx = new InfluxDbServer(dir, b.influxdBinary, ports.influx, ports.influxRpc,
                            b.influxAuthentication, b.readyTimeout);
                    endpoints.influx(influx.url());
                    created.put(kind, influx);
                    break;
                }
                default:
                    throw new IllegalArgumentException(String.valueOf(kind));
            }
        }
        this.services = Collections.unmodifiableMap(created);
        this.endpoints = endpoints.build();
    }

    private static String directoryName(ServiceKind kind) {
        switch (kind) {
            case KAFKA: return "kafka";
            case MQTT: return "mqtt";
            case REGISTRY: return "registry";
            case OBJECT_STORE: return "s3";
            case INFLUXDB: return "influxdb";
            default: throw new IllegalArgumentException(String.valueOf(kind));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every enabled service in parallel and waits until each answers its readiness probe.
     *
     * @throws PlatformStartException naming each service that failed and where its log is; services that did
     *                                start are stopped again
     */
    public synchronized LocalPlatform start() {
        if (started) {
            return this;
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create platform work dir " + workDir, e);
        }
        long begin = System.nanoTime();
        LOG.info("Starting local platform #{} ({}) in {}", instance, services.keySet(), workDir);
        ExecutorService executor = Executors.newFixedThreadPool(services.size(), runnable -> {
            Thread thread = new Thread(runnable, "platform-" + instance + "-start");
            thread.setDaemon(true);
            return thread;
        });
        Map<ServiceKind, Future<?>> futures = new LinkedHashMap<>();
        services.forEach((kind, service) -> futures.put(kind, executor.submit(service::start)));
        List<Throwable> failures = new ArrayList<>();
        try {
            for (Future<?> future : futures.values()) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.values().forEach(f -> f.cancel(true));
            failures.add(e);
        } finally {
            executor.shutdown();
        }
        if (!failures.isEmpty()) {
            stopAll();
            PlatformStartException error = new PlatformStartException("Local platform in " + workDir
                    + " failed to start:\n  - " + String.join("\n  - ", failures.stream().map(Throwable::getMessage)
                    .map(String::valueOf).toArray(String[]::new)), failures.get(0));
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - begin);
        started = true;
        LOG.info("Local platform #{} ready in {} ms:\n{}", instance, startupTime.toMillis(), endpoints);
        return this;
    }

    /** Where the services listen; known (ports chosen) from construction on. */
    public PlatformEndpoints endpoints() {
        return endpoints;
    }

    /** The Kafka broker, for tests that stop and restart it (same ports, same data). */
    public ManagedService kafka() {
        return service(ServiceKind.KAFKA);
    }

    public ManagedService service(ServiceKind kind) {
        ManagedService service = services.get(kind);
        if (service == null) {
            throw new IllegalStateException(kind.displayName() + " is not enabled on this platform");
        }
        return service;
    }

    public Set<ServiceKind> enabledServices() {
        return services.keySet();
    }

    /** The MQTT users the broker accepts; only when built with {@code mqttAuthentication(true)}. */
    public MqttUsers mqttUsers() {
        return mqttAuthentication.map(MqttAuthentication::users).orElseThrow(() -> new IllegalStateException(
                "MQTT authentication is not enabled; build the platform with mqttAuthentication(true)"));
    }

    public Path workDir() {
        return workDir;
    }

    /** Wall-clock time of the last successful {@link #start()}, from launch to every service ready. */
    public Optional<Duration> startupTime() {
        return Optional.ofNullable(startupTime);
    }

    /** Stops every service, in reverse start order. Data stays in the work directory. */
    @Override
    public synchronized void close() {
        stopAll();
        started = false;
    }

    private void stopAll() {
        List<ManagedService> reverse = new ArrayList<>(services.values());
        Collections.reverse(reverse);
        for (ManagedService service : reverse) {
            if (service.isRunning()) {
                long begin = System.nanoTime();
                service.stop();
                LOG.info("{} stopped in {} ms", service.kind().displayName(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            }
        }
    }

    /** Resolves every requested port (0 = free port) once, so restarts reuse them. */
    private static final class Ports {
        final int kafka;
        final int kafkaController;
        final int mqtt;
        final int registry;
        final int registryManagement;
        final int s3;
        final int influx;
        final int influxRpc;

        Ports(Builder b) {
            Set<ServiceKind> on = b.services;
            Set<Integer> explicit = new HashSet<>();
            Map<String, Integer> requested = new LinkedHashMap<>();
            if (on.contains(ServiceKind.KAFKA)) {
                requested.put("kafkaPort", b.kafkaPort);
                requested.put("kafkaControllerPort", b.kafkaControllerPort);
            }
            if (on.contains(ServiceKind.MQTT)) {
                requested.put("mqttPort", b.mqttPort);
            }
            if (on.contains(ServiceKind.REGISTRY)) {
                requested.put("registryPort", b.registryPort);
                requested.put("registryManagementPort", b.registryManagementPort);
            }
            if (on.contains(ServiceKind.OBJECT_STORE)) {
                requested.put("s3Port", b.s3Port);
            }
            if (on.contains(ServiceKind.INFLUXDB)) {
                requested.put("influxPort", b.influxPort);
                requested.put("influxRpcPort", b.influxRpcPort);
            }
            requested.forEach((name, port) -> {
                if (port != 0 && !explicit.add(port)) {
                    throw new IllegalArgumentException("Port " + port + " is configured twice (" + name + ")");
                }
            });
            Map<String, Integer> resolved = new HashMap<>();
            requested.forEach((name, port) -> resolved.put(name, PortAllocator.resolve(port)));
            kafka = resolved.getOrDefault("kafkaPort", 0);
            kafkaController = resolved.getOrDefault("kafkaControllerPort", 0);
            mqtt = resolved.getOrDefault("mqttPort", 0);
            registry = resolved.getOrDefault("registryPort", 0);
            registryManagement = resolved.getOrDefault("registryManagementPort", 0);
            s3 = resolved.getOrDefault("s3Port", 0);
            influx = resolved.getOrDefault("influxPort", 0);
            influxRpc = resolved.getOrDefault("influxRpcPort", 0);
        }
    }

    /** Typed configuration of a {@link LocalPlatform}. Every port defaults to 0, meaning "pick a free port". */
    public static final class Builder {
        private Path workDir;
        private final Set<ServiceKind> services = EnumSet.allOf(ServiceKind.class);
        private int kafkaPort;
        private int kafkaControllerPort;
        private int mqttPort;
        private int registryPort;
        private int registryManagementPort;
        private int s3Port;
        private int influxPort;
        private int influxRpcPort;
        private boolean mqttAuthentication;
        private boolean influxAuthentication;
        private final Map<String, String> kafkaProperties = new HashMap<>();
        private Optional<Path> java21Home = Optional.empty();
        private Optional<Path> apicurioHome = Optional.empty();
        private Optional<Path> influxdBinary = Optional.empty();
        private Optional<Path> s3proxyJar = Optional.empty();
        private Duration readyTimeout = Duration.ofSeconds(120);

        private Builder() {
        }

        /** Required: every service keeps its data and logs in a sub-directory of this one. */
        public Builder workDir(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
            return this;
        }

        /** Runs exactly these services (all by default). */
        public Builder services(Set<ServiceKind> enabled) {
            if (enabled.isEmpty()) {
                throw new IllegalArgumentException("At least one service must be enabled");
            }
            services.clear();
            services.addAll(enabled);
            return this;
        }

        public Builder services(ServiceKind first, ServiceKind... rest) {
            return services(EnumSet.of(first, rest));
        }

        public Builder without(ServiceKind kind) {
            services.remove(kind);
            if (services.isEmpty()) {
                throw new IllegalArgumentException("At least one service must be enabled");
            }
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** The KRaft controller listener (not for clients). */
        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        /** Registry REST APIs (v3 and ccompat). */
        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        /** Registry management interface (health, metrics). */
        public Builder registryManagementPort(int port) {
            this.registryManagementPort = port;
            return this;
        }

        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        public Builder influxPort(int port) {
            this.influxPort = port;
            return this;
        }

        /** influxd's backup/restore RPC listener. */
        public Builder influxRpcPort(int port) {
            this.influxRpcPort = port;
            return this;
        }

        /**
         * Requires MQTT clients to log in as users registered through {@link LocalPlatform#mqttUsers()}, with
         * per-robot topic permissions. Off by default: anonymous clients may do anything.
         */
        public Builder mqttAuthentication(boolean enabled) {
            this.mqttAuthentication = enabled;
            return this;
        }

        /**
         * Requires InfluxDB users with privileges, as deployments do (off by default: anyone may do anything). The
         * first request must then create an admin user, which InfluxDB 1.x allows without credentials.
         */
        public Builder influxAuthentication(boolean enabled) {
            this.influxAuthentication = enabled;
            return this;
        }

        /** Overrides or adds a Kafka broker property (e.g. {@code message.max.bytes}). */
        public Builder kafkaProperty(String key, String value) {
            kafkaProperties.put(key, value);
            return this;
        }

        /** Java 21+ for the registry; by default from FLEETSTREAM_JAVA21_HOME or Temurin 25. */
        public Builder java21Home(Path home) {
            this.java21Home = Optional.of(home);
            return this;
        }

        /** The unpacked Apicurio Registry server; by default from fleetstream.apicurio.home or the local Maven repo. */
        public Builder apicurioHome(Path home) {
            this.apicurioHome = Optional.of(home);
            return this;
        }

        /** The influxd executable; by default fleetstream.influxd.path, FLEETSTREAM_INFLUXD or /usr/bin/influxd. */
        public Builder influxdBinary(Path binary) {
            this.influxdBinary = Optional.of(binary);
            return this;
        }

        /** s3proxy's jar-with-dependencies; by default fleetstream.s3proxy.jar or the local Maven repository. */
        public Builder s3proxyJar(Path jar) {
            this.s3proxyJar = Optional.of(jar);
            return this;
        }

        /** How long each service may take to become ready (default 120 s). */
        public Builder readyTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("readyTimeout must be positive");
            }
            this.readyTimeout = timeout;
            return this;
        }

        public LocalPlatform build() {
            if (workDir == null) {
                throw new IllegalStateException("LocalPlatform needs a workDir");
            }
            return new LocalPlatform(this);
        }
    }
}
