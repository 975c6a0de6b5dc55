package io.fleetstream.platform.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fleetstream.platform.AbstractManagedService;
import io.fleetstream.platform.ChildProcess;
import io.fleetstream.platform.HttpProbe;
import io.fleetstream.platform.ServiceKind;

/**
 * Apicurio Registry 3.x (a Quarkus application needing Java 21+) in its own JVM. Storage is H2 in a file under the
 * service directory, so registered schemas survive restarts just like the Kafka records that reference their ids.
 */
public final class ApicurioRegistry extends AbstractManagedService {
    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path serviceDir;
    private final Path javaExecutable;
    private final Path runnerJar;
    private final int httpPort;
    private final int managementPort;
    private ChildProcess process;

    public ApicurioRegistry(Path serviceDir, Path javaExecutable, Path runnerJar, int httpPort, int managementPort,
                            Duration readyTimeout) {
        super(readyTimeout);
        this.serviceDir = serviceDir;
        this.javaExecutable = javaExecutable;
        this.runnerJar = runnerJar;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    @Override
    public ServiceKind kind() {
        return ServiceKind.REGISTRY;
    }

    public String baseUrl() {
        return "http://" + HOST + ":" + httpPort;
    }

    public String managementUrl() {
        return "http://" + HOST + ":" + managementPort;
    }

    private Path logFile() {
        return serviceDir.resolve("registry.log");
    }

    @Override
    public String logLocation() {
        return logFile().toString();
    }

    @Override
    protected void doStart() throws Exception {
        Path tmp = Files.createDirectories(serviceDir.resolve("tmp"));
        Files.createDirectories(serviceDir.resolve("db"));
        List<String> command = new ArrayList<>(List.of(
                javaExecutable.toString(),
                // Start-up speed matters more than peak throughput for a local registry.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xms64m",
                "-Xmx512m",
                "-Djava.io.tmpdir=" + tmp,
                "-Dquarkus.http.host=" + HOST,
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=" + HOST,
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.http.access-log.enabled=false",
                "-Dquarkus.banner.enabled=false",
                "-Dapicurio.storage.kind=sql",
                "-Dapicurio.storage.sql.kind=h2",
                "-Dapicurio.datasource.url=jdbc:h2:file:" + serviceDir.resolve("db").resolve("registry").toAbsolutePath(),
                "-Dapicurio.datasource.jdbc.initial-size=2",
                "-Dapicurio.datasource.jdbc.min-size=2",
                "-Dapicurio.datasource.jdbc.max-size=20",
                "-Dapicurio.storage.snapshot.location=" + tmp,
                "-Dapicurio.import.work-dir=" + tmp,
                "-jar", runnerJar.toString()));
        process = ChildProcess.start("Apicurio Registry", command, serviceDir, logFile(), Map.of());
    }

    @Override
    protected Optional<String> deathReason() {
        return process == null ? Optional.empty()
                : process.exitCode().stream().mapToObj(code -> "process exited with code " + code).findFirst();
    }

    @Override
    protected boolean isReady() throws Exception {
        return HttpProbe.get(managementUrl() + "/health/ready") == 200;
    }

    @Override
    protected String readinessProbe() {
        return "GET " + managementUrl() + "/health/ready";
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }
}
