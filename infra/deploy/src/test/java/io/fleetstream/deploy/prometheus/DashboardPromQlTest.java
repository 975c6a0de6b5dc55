package io.fleetstream.deploy.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fleetstream.deploy.RepoLayout;
import io.fleetstream.deploy.grafana.DashboardQuery;
import io.fleetstream.deploy.grafana.DashboardQuery.Language;
import io.fleetstream.deploy.grafana.Dashboards;
import io.fleetstream.deploy.grafana.GrafanaVariables;
import io.fleetstream.deploy.k8s.Manifests;
import io.fleetstream.deploy.tools.ExternalTool;

/**
 * Every PromQL expression of every dashboard parses: they are written as recording rules of a generated rule file
 * (Grafana's interval macros substituted) and checked with promtool, the same parser Prometheus uses.
 */
class DashboardPromQlTest {

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();
    private static final GrafanaVariables GRAFANA = new GrafanaVariables()
            .with("__rate_interval", "2m")
            .with("__interval", "30s")
            .with("__range", "1h");

    @Test
    void everyPromQlExpressionOfTheDashboardsIsExtracted() {
        List<String> inTheFiles = Dashboards.files(REPO.grafanaDashboards()).stream()
                .flatMap(f -> exprTexts(Dashboards.read(f)).stream()).toList();

        assertThat(inTheFiles).isNotEmpty();
        assertThat(promQlQueries()).extracting(DashboardQuery::text).containsExactlyInAnyOrderElementsOf(inTheFiles);
    }

    @Test
    void everyDashboardPromQlExpressionParses(@TempDir Path dir) throws IOException {
        List<String> expressions = promQlQueries().stream().map(q -> GRAFANA.apply(q.text())).toList();
        assertThat(expressions).isNotEmpty();

        ExternalTool.Result result = checkAsRules(dir, expressions);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).contains("SUCCESS: " + expressions.size() + " rules found");
    }

    @Test
    void aDashboardExpressionBrokenByOneCharacterIsCaught(@TempDir Path dir) throws IOException {
        List<String> expressions = new ArrayList<>(promQlQueries().stream().map(q -> GRAFANA.apply(q.text())).toList());
        String last = expressions.remove(expressions.size() - 1);
        expressions.add(last.substring(0, last.length() - 1));

        ExternalTool.Result result = checkAsRules(dir, expressions);

        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.stdout() + result.stderr()).contains("fleetstream:dashboard_expression_" + (expressions.size() - 1));
    }

    private static List<DashboardQuery> promQlQueries() {
        return Dashboards.files(REPO.grafanaDashboards()).stream()
                .flatMap(f -> Dashboards.queries(f).stream())
                .filter(q -> q.language() == Language.PROMQL)
                .toList();
    }

    /** Every {@code expr} string anywhere in a dashboard, found without knowing Grafana's layout. */
    private static List<String> exprTexts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isContainerNode()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    texts.add(field.getValue().asText());
                } else {
                    texts.addAll(exprTexts(field.getValue()));
                }
            });
            if (node.isArray()) {
                node.forEach(child -> texts.addAll(exprTexts(child)));
            }
        }
        return texts;
    }

    private static ExternalTool.Result checkAsRules(Path dir, List<String> expressions) throws IOException {
        ObjectNode file = JsonNodeFactory.instance.objectNode();
        ObjectNode group = file.putArray("groups").addObject().put("name", "grafana-dashboard-expressions");
        ArrayNode rules = group.putArray("rules");
        for (int i = 0; i < expressions.size(); i++) {
            rules.addObject().put("record", "fleetstream:dashboard_expression_" + i).put("expr", expressions.get(i));
        }
        Path rulesFile = dir.resolve("dashboard-expressions.yml");
        Files.writeString(rulesFile, Manifests.YAML.writeValueAsString(file));
        return ExternalTool.require("promtool").run(dir, Duration.ofMinutes(1), "check", "rules", rulesFile.toString());
    }
}
