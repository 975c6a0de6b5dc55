package io.fleetstream.deploy.grafana;

/** One query of a dashboard: where it is (dashboard, panel or variable or annotation), its language and text. */
public record DashboardQuery(String dashboard, String location, Language language, String text) {

    public enum Language {
        INFLUXQL, PROMQL
    }

    @Override
    public String toString() {
        return dashboard + " / " + location + ": " + text;
    }
}
