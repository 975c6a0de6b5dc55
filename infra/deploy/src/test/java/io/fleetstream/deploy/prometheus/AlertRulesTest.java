package io.fleetstream.deploy.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.RepoLayout;
import io.fleetstream.deploy.k8s.Manifests;
import io.fleetstream.deploy.k8s.RenderedOverlays;
import io.fleetstream.deploy.tools.ExternalTool;

/** infra/prometheus/alerts.yml is valid, its alerts fire as specified, and Kubernetes deploys exactly those rules. */
class AlertRulesTest {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final ExternalTool promtool = ExternalTool.require("promtool");

    @Test
    void alertRulesPassPromtoolCheck() {
        ExternalTool.Result result = promtool.run(REPO.prometheus(), TIMEOUT, "check", "rules", "alerts.yml");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("SUCCESS: 5 rules found");
    }

    @Test
    void alertsFireOnTheirUnitTestSeries() {
        ExternalTool.Result result = promtool.run(REPO.prometheus(), TIMEOUT, "test", "rules", "alerts_test.yml");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout() + result.stderr()).contains("SUCCESS");
    }

    @Test
    void kubernetesPrometheusRuleCarriesExactlyTheAlertsFile() throws IOException {
        JsonNode alerts = Manifests.YAML.readTree(REPO.prometheus().resolve("alerts.yml").toFile());
        JsonNode deployed = RenderedOverlays.named("base", "PrometheusRule", "fleetstream-alerts").spec();

        assertThat(deployed.path("groups")).isEqualTo(alerts.path("groups"));
    }

    @Test
    void promtoolRejectsABrokenRule(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yml"), """
                groups:
                  - name: broken
                    rules:
                      - alert: Broken
                        expr: sum(rate(fleetstream_bridge_dlq_total[5m]) > 
                """);
        assertThat(promtool.run(dir, TIMEOUT, "check", "rules", "broken.yml").exitCode()).isNotZero();
    }
}
