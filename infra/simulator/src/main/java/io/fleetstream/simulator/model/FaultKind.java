package io.fleetstream.simulator.model;

import java.util.Arrays;

/** The faults a simulated robot can be given, named as in fault specifications. */
public enum FaultKind {
    /** A parasitic drain (failing cell): the battery empties many times faster, even on the charger. */
    BATTERY_DRAIN("battery-drain"),
    /** Failed motor cooling: the motor's equilibrium temperature rises far above normal until it trips. */
    OVERHEAT("overheat"),
    /** One telemetry metric keeps reporting the value it had when the fault began. */
    STUCK_SENSOR("stuck-sensor"),
    /** The robot drops off the network: it publishes nothing, then reconnects and flushes its buffered logs. */
    DROPOUT("dropout");

    private final String specName;

    FaultKind(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static FaultKind fromSpecName(String name) {
        return Arrays.stream(values()).filter(k -> k.specName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "', expected one of "
                        + Arrays.stream(values()).map(FaultKind::specName).toList()));
    }
}
