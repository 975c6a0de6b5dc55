package io.fleetstream.deploy.k8s;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.fleetstream.deploy.tools.ExternalTool;

/**
 * Renders a Kustomize directory with the kustomize built into kubectl (the same renderer `kubectl apply -k` uses),
 * so overlays are checked exactly as they will be applied.
 */
public final class Kustomize {

    private final ExternalTool kubectl;

    public Kustomize(ExternalTool kubectl) {
        this.kubectl = kubectl;
    }

    public static Kustomize withKubectl() {
        return new Kustomize(ExternalTool.require("kubectl"));
    }

    public List<Manifest> render(Path kustomizationDir) {
        ExternalTool.Result result = kubectl
                .run(kustomizationDir, Duration.ofMinutes(1), "kustomize", kustomizationDir.toString())
                .orThrow();
        return Manifests.parse("kustomize " + kustomizationDir.getFileName(), result.stdout());
    }
}
