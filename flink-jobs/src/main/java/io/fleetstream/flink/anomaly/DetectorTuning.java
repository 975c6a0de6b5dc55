package io.fleetstream.flink.anomaly;

import io.fleetstream.flink.anomaly.detector.DetectorConfig;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link DetectorConfig}: the detector's defaults with some parameters overridden by name, in the serializable
 * form Flink ships to its tasks. Parameters are named like the config's record components in kebab case
 * ({@code warmupSamples} is {@code warmup-samples}), so new detector parameters become configurable without
 * changes here; unknown names and invalid values fail when the tuning is created, not on a task manager.
 */
public final class DetectorTuning implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final HashMap<String, String> overrides;

    private DetectorTuning(Map<String, String> overrides) {
        this.overrides = new HashMap<>(overrides);
        toConfig();
    }

    public static DetectorTuning defaults() {
        return new DetectorTuning(Map.of());
    }

    /** @param overrides kebab-case parameter name to value, e.g. {@code warmup-samples -> 50} */
    public static DetectorTuning of(Map<?, ?> overrides) {
        return new DetectorTuning(overrides.entrySet().stream()
                .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()))));
    }

    public DetectorConfig toConfig() {
        DetectorConfig defaults = DetectorConfig.defaults();
        RecordComponent[] components = DetectorConfig.class.getRecordComponents();
        Map<String, RecordComponent> byName = Arrays.stream(components)
                .collect(Collectors.toMap(c -> kebab(c.getName()), c -> c));
        for (String name : overrides.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("Unknown detector parameter '" + name + "', known: "
                        + byName.keySet());
            }
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                String override = overrides.get(kebab(c.getName()));
                values[i] = override == null ? c.getAccessor().invoke(defaults) : parse(c, override);
            }
            return DetectorConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException("Invalid detector tuning " + overrides + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build DetectorConfig", e);
        }
    }

    private static Object parse(RecordComponent component, String value) {
        Class<?> type = component.getType();
        try {
            if (type == int.class) {
                return Integer.parseInt(value.trim());
            }
            if (type == long.class) {
                return Long.parseLong(value.trim());
            }
            if (type == double.class) {
                return Double.parseDouble(value.trim());
            }
            if (type == boolean.class) {
                return Boolean.parseBoolean(value.trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Detector parameter " + kebab(component.getName()) + " needs a "
                    + type + ", got '" + value + "'", e);
        }
        throw new IllegalStateException("Unsupported detector parameter type " + type);
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "DetectorTuning" + overrides;
    }
}
