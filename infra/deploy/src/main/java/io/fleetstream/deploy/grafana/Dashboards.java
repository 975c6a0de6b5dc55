package io.fleetstream.deploy.grafana;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fleetstream.deploy.grafana.DashboardQuery.Language;

/**
 * Reads provisioned Grafana dashboards and extracts every query they run: panel targets (rows and nested panels
 * included), template variable queries and annotation queries. A query whose language cannot be told from its
 * datasource, or an InfluxDB target built in the query builder instead of raw InfluxQL, is an error: every query
 * must be extractable so it can be run in tests.
 */
public final class Dashboards {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    public static List<Path> files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(Path dashboard) {
        try {
            return JSON.readTree(dashboard.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<DashboardQuery> queries(Path dashboardFile) {
        JsonNode dashboard = read(dashboardFile);
        String name = dashboardFile.getFileName().toString();
        List<DashboardQuery> queries = new ArrayList<>();
        collectPanels(name, dashboard.path("panels"), queries);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!variable.path("type").asText().equals("query")) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            queries.add(new DashboardQuery(name, "variable " + variable.path("name").asText(),
                    language(variable.path("datasource"), name), text));
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.path("builtIn").asInt(0) == 1) {
                continue;
            }
            Language language = language(annotation.path("datasource"), name);
            String text = language == Language.PROMQL ? annotation.path("expr").asText() : annotation.path("query").asText();
            queries.add(new DashboardQuery(name, "annotation " + annotation.path("name").asText(), language, text));
        }
        return queries;
    }

    private static void collectPanels(String dashboard, JsonNode panels, List<DashboardQuery> queries) {
        for (JsonNode panel : panels) {
            collectPanels(dashboard, panel.path("panels"), queries);
            for (JsonNode target : panel.path("targets")) {
                JsonNode datasource = target.has("datasource") ? target.path("datasource") : panel.path("datasource");
                Language language = language(datasource, dashboard);
                String location = "panel '" + panel.path("title").asText() + "' " + target.path("refId").asText();
                if (language == Language.INFLUXQL && !target.path("rawQuery").asBoolean(false)) {
                    throw new IllegalArgumentException(dashboard + " " + location + ": InfluxDB targets must be raw InfluxQL");
                }
                String text = language == Language.PROMQL ? target.path("expr").asText() : target.path("query").asText();
                if (text.isBlank()) {
                    throw new IllegalArgumentException(dashboard + " " + location + ": empty query");
                }
                queries.add(new DashboardQuery(dashboard, location, language, text));
            }
        }
    }

    private static Language language(JsonNode datasource, String dashboard) {
        return switch (datasource.path("type").asText()) {
            case "influxdb" -> Language.INFLUXQL;
            case "prometheus" -> Language.PROMQL;
            default -> throw new IllegalArgumentException(dashboard + ": unknown datasource " + datasource);
        };
    }
}
