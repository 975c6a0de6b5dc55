package io.fleetstream.simulator.model;

import java.util.Arrays;

/** The telemetry metrics of the JSON contract, in the order they are written. */
public enum Metric {
    BATTERY_PCT("battery_pct"),
    MOTOR_TEMP_C("motor_temp_c"),
    CPU_PCT("cpu_pct"),
    POS_X("pos_x"),
    POS_Y("pos_y"),
    VELOCITY_MPS("velocity_mps");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    /** The name used in the telemetry JSON and in fault specifications. */
    public String key() {
        return key;
    }

    public static Metric fromKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + key + "', expected one of "
                        + Arrays.stream(values()).map(Metric::key).toList()));
    }
}
