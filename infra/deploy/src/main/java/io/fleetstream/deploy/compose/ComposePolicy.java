package io.fleetstream.deploy.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.k8s.Violation;
import io.fleetstream.deploy.k8s.policy.WorkloadPolicy;

/**
 * Rules for the docker-compose topology, checked on the output of {@code docker-compose config} (anchors merged,
 * ports normalised):
 * <ul>
 * <li>{@code image-pinned}: every service names a version-tagged image (built ones too, so they can be pushed).</li>
 * <li>{@code loopback-only}: every published port is bound to 127.0.0.1.</li>
 * <li>{@code no-privileged}: no privileged mode, host network or added capabilities; all capabilities dropped and
 * no-new-privileges set.</li>
 * <li>{@code healthcheck}: long-running services pulled from a registry declare a healthcheck (built images carry
 * the HEALTHCHECK of their Dockerfile).</li>
 * </ul>
 * And on the raw file: {@code secrets-referenced}, secret-like variables take their value from the environment
 * (${VAR}), never a literal.
 */
public final class ComposePolicy {

    private static final Pattern ENV_LINE = Pattern.compile("^\\s+([A-Z][A-Z0-9_]*):\\s*(.*)$", Pattern.MULTILINE);
    private static final Pattern SECRET_LIKE =
            Pattern.compile(".*(PASSWORD|SECRET|TOKEN|ACCESS_KEY|PRIVATE_KEY|ROOT_USER|ADMIN_USER|CREDENTIAL).*");

    public List<Violation> check(JsonNode config) {
        List<Violation> violations = new ArrayList<>();
        config.path("services").fields().forEachRemaining(entry -> checkService(entry.getKey(), entry.getValue(), violations));
        return violations;
    }

    private static void checkService(String name, JsonNode service, List<Violation> violations) {
        String subject = "service " + name;
        WorkloadPolicy.imageProblem(service.path("image").asText(""))
                .ifPresent(p -> violations.add(new Violation("image-pinned", subject, p)));
        for (JsonNode port : service.path("ports")) {
            String hostIp = port.isTextual() ? hostIpOf(port.asText()) : port.path("host_ip").asText("");
            if (!hostIp.equals("127.0.0.1")) {
                violations.add(new Violation("loopback-only", subject, "port " + port + " is not bound to 127.0.0.1"));
            }
        }
        if (service.path("privileged").asBoolean(false)) {
            violations.add(new Violation("no-privileged", subject, "privileged mode"));
        }
        if (service.path("network_mode").asText("").equals("host")) {
            violations.add(new Violation("no-privileged", subject, "host network"));
        }
        if (service.path("cap_add").size() > 0) {
            violations.add(new Violation("no-privileged", subject, "added capabilities " + service.path("cap_add")));
        }
        if (!contains(service.path("cap_drop"), "ALL")) {
            violations.add(new Violation("no-privileged", subject, "cap_drop must contain ALL"));
        }
        if (!contains(service.path("security_opt"), "no-new-privileges:true")) {
            violations.add(new Violation("no-privileged", subject, "security_opt must contain no-new-privileges:true"));
        }
        boolean oneShot = service.path("restart").asText("no").equals("no");
        boolean builtHere = service.has("build");
        JsonNode healthcheck = service.path("healthcheck");
        if (!oneShot && !builtHere && (healthcheck.isMissingNode() || healthcheck.path("disable").asBoolean(false))) {
            violations.add(new Violation("healthcheck", subject, "long-running service without healthcheck"));
        }
    }

    /** "127.0.0.1:8080:8080/tcp" -> 127.0.0.1; "8080:8080" and "8080" -> "" (all interfaces). */
    private static String hostIpOf(String port) {
        String[] parts = port.split(":");
        return parts.length == 3 ? parts[0] : "";
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Secret-like environment variables in the raw compose file must be ${VAR} references. */
    public List<Violation> checkSecretReferences(String composeFile) {
        List<Violation> violations = new ArrayList<>();
        Matcher line = ENV_LINE.matcher(composeFile);
        while (line.find()) {
            String name = line.group(1);
            String value = line.group(2).strip();
            if (SECRET_LIKE.matcher(name).matches() && !value.startsWith("${")) {
                violations.add(new Violation("secrets-referenced", "variable " + name,
                        "must come from the environment (${...}), not a literal"));
            }
        }
        return violations;
    }
}
