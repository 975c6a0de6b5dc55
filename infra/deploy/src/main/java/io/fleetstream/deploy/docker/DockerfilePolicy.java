package io.fleetstream.deploy.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.fleetstream.deploy.docker.Dockerfile.Instruction;
import io.fleetstream.deploy.docker.Dockerfile.Stage;
import io.fleetstream.deploy.k8s.Violation;
import io.fleetstream.deploy.k8s.policy.WorkloadPolicy;

/**
 * Image rules the linters do not enforce:
 * <ul>
 * <li>{@code multi-stage}: the build runs in its own stage, so build tools stay out of the runtime image.</li>
 * <li>{@code base-pinned}: every base image has a version tag or digest, never latest or a build ARG.</li>
 * <li>{@code non-root}: the final stage switches to a numeric non-zero user (numeric so Kubernetes can verify
 * runAsNonRoot).</li>
 * <li>{@code healthcheck}: the final stage declares a HEALTHCHECK.</li>
 * <li>{@code no-remote-add}: no ADD of URLs (unverified downloads); COPY from the context instead.</li>
 * </ul>
 */
public final class DockerfilePolicy {

    public List<Violation> check(Dockerfile dockerfile) {
        List<Violation> violations = new ArrayList<>();
        List<Stage> stages = dockerfile.stages();
        String subject = dockerfile.source();
        if (stages.size() < 2) {
            violations.add(new Violation("multi-stage", subject, "build and runtime must be separate stages"));
        }
        Set<String> aliases = stages.stream().map(Stage::alias).filter(a -> a != null).collect(Collectors.toSet());
        for (Stage stage : stages) {
            if (aliases.contains(stage.image())) {
                continue;
            }
            if (stage.image().contains("$")) {
                violations.add(new Violation("base-pinned", subject, "base image from a build argument: " + stage.image()));
                continue;
            }
            WorkloadPolicy.imageProblem(stage.image())
                    .ifPresent(problem -> violations.add(new Violation("base-pinned", subject, problem)));
        }
        if (stages.isEmpty()) {
            return violations;
        }
        Stage last = stages.get(stages.size() - 1);
        List<Instruction> users = last.all("USER");
        if (users.isEmpty()) {
            violations.add(new Violation("non-root", subject, "the final stage has no USER (runs as root)"));
        } else {
            String user = users.get(users.size() - 1).arguments().split(":")[0];
            if (!user.matches("\\d+") || Integer.parseInt(user) == 0) {
                violations.add(new Violation("non-root", subject, "USER must be a numeric non-zero uid, got " + user));
            }
        }
        List<Instruction> healthchecks = last.all("HEALTHCHECK");
        if (healthchecks.isEmpty() || healthchecks.get(healthchecks.size() - 1).arguments().equalsIgnoreCase("NONE")) {
            violations.add(new Violation("healthcheck", subject, "the final stage has no HEALTHCHECK"));
        }
        for (Stage stage : stages) {
            for (Instruction add : stage.all("ADD")) {
                if (add.arguments().matches("(?s).*\\bhttps?://.*")) {
                    violations.add(new Violation("no-remote-add", subject, "line " + add.line() + ": ADD of a URL"));
                }
            }
        }
        return violations;
    }
}
