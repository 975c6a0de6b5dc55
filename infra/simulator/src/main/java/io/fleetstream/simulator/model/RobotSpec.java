package io.fleetstream.simulator.model;

/** Identity of one simulated robot: its id, its site, and its slot among the robots of that site (its dock). */
public record RobotSpec(String robotId, String site, int slotInSite) {

    /** Robot ids look like {@code robot-0007}; numbering starts at 1. */
    public static String idOf(int number) {
        return String.format("robot-%04d", number);
    }
}
