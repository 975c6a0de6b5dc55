package io.fleetstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.k8s.Manifests;

/** The GitHub workflow builds what exists: the install script, every image's Dockerfile, the deployed overlay. */
class CiWorkflowTest {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();

    @Test
    void testsRunAfterTheirToolsAreInstalled() throws IOException {
        List<String> steps = runSteps("build-and-test");
        int install = indexOf(steps, "infra/deploy/bin/install-tools.sh");
        int verify = indexOf(steps, "mvn -B verify");

        assertThat(install).isNotNegative().isLessThan(verify);
        assertThat(REPO.root().resolve("infra/deploy/bin/install-tools.sh")).isExecutable();
    }

    @Test
    void everyImageOfTheMatrixHasADockerfile() throws IOException {
        JsonNode matrix = workflow().path("jobs").path("images").path("strategy").path("matrix").path("image");
        List<String> images = new ArrayList<>();
        matrix.forEach(image -> images.add(image.asText()));

        assertThat(images).containsExactlyInAnyOrder("bridge", "fleet-health", "retrieval", "flink-jobs");
        images.forEach(image -> assertThat(REPO.dockerfiles().resolve(image).resolve("Dockerfile")).exists());
    }

    @Test
    void releasesDeployTheProductionOverlay() throws IOException {
        String steps = String.join("\n", runSteps("deploy-production"));

        assertThat(steps).contains("kubectl apply --server-side --field-manager=fleetstream-ci -k infra/kubernetes/overlays/production");
        assertThat(REPO.kustomization("overlays/production").resolve("kustomization.yaml")).exists();
        assertThat(workflow().path("jobs").path("deploy-production").path("if").asText()).contains("refs/tags/v");
    }

    private static JsonNode workflow() throws IOException {
        return Manifests.YAML.readTree(REPO.ciWorkflow().toFile());
    }

    private static List<String> runSteps(String job) throws IOException {
        List<String> runs = new ArrayList<>();
        workflow().path("jobs").path(job).path("steps").forEach(step -> runs.add(step.path("run").asText("")));
        return runs;
    }

    private static int indexOf(List<String> steps, String command) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).contains(command)) {
                return i;
            }
        }
        return -1;
    }
}
