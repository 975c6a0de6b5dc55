package io.fleetstream.deploy.grafana;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes Grafana's template variables and macros the way Grafana does before sending a query, with fixed values,
 * so dashboard queries can run outside Grafana. A variable left without a value is an error.
 */
public final class GrafanaVariables {

    private static final Pattern VARIABLE = Pattern.compile("\\$(\\{[A-Za-z_][A-Za-z0-9_]*}|[A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, String> values = new LinkedHashMap<>();

    public GrafanaVariables with(String name, String value) {
        values.put(name, value);
        return this;
    }

    public String apply(String query) {
        Matcher matcher = VARIABLE.matcher(query);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).replace("{", "").replace("}", "");
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for $" + name + " in: " + query);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
