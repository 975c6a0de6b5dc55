package io.fleetstream.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the deployment artifacts inside the repository, found from any directory below its root. */
public final class RepoLayout {

    private final Path root;

    private RepoLayout(Path root) {
        this.root = root;
    }

    /** The repository containing the working directory (Maven runs tests in infra/deploy). */
    public static RepoLayout fromWorkingDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("infra/kubernetes")) && Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return new RepoLayout(candidate);
            }
        }
        throw new IllegalStateException("no Fleetstream repository (infra/kubernetes + pom.xml) above " + dir);
    }

    public Path root() {
        return root;
    }

    public Path kustomization(String relativeDir) {
        return root.resolve("infra/kubernetes").resolve(relativeDir);
    }

    public Path dockerfiles() {
        return root.resolve("infra/docker");
    }

    public Path compose() {
        return root.resolve("infra/compose/docker-compose.yml");
    }

    public Path grafanaDashboards() {
        return root.resolve("infra/grafana/dashboards");
    }

    public Path grafanaDatasources() {
        return root.resolve("infra/grafana/provisioning/datasources/datasources.yaml");
    }

    public Path prometheus() {
        return root.resolve("infra/prometheus");
    }

    public Path influxInit() {
        return root.resolve("infra/influxdb/init");
    }

    public Path dockerignore() {
        return root.resolve(".dockerignore");
    }

    public Path ciWorkflow() {
        return root.resolve(".github/workflows/ci.yml");
    }
}
