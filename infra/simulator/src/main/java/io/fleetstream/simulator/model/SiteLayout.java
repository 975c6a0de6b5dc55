package io.fleetstream.simulator.model;

import io.fleetstream.simulator.lidar.Scene;
import io.fleetstream.simulator.random.DeterministicRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor plan of one site: a warehouse hall centred on the origin with rows of racks, pillars and pallets,
 * and a row of charging docks along the west wall. Generated from the site name and the fleet seed, so every
 * robot of a site (and every run with the same seed) sees the same hall.
 */
public final class SiteLayout {

    /** A point on the floor, in metres in the site frame. */
    public record Point(double x, double y) {
    }

    static final double CEILING_M = 8;
    static final double DOCK_ZONE_M = 3.5;
    private static final double DOCK_SPACING_M = 1.5;
    private static final double WAYPOINT_CLEARANCE_M = 0.6;
    private static final double RACK_ROW_PITCH_M = 5;

    private final Scene scene;

    private SiteLayout(Scene scene) {
        this.scene = scene;
    }

    public static SiteLayout generate(String site, long seed, double widthM, double lengthM) {
        if (widthM < 20 || lengthM < 15) {
            throw new IllegalArgumentException("site must be at least 20 m x 15 m, got " + widthM + " x " + lengthM);
        }
        DeterministicRandom rng = DeterministicRandom.of(seed, "layout/" + site);
        double minX = -widthM / 2;
        double maxX = widthM / 2;
        double minY = -lengthM / 2;
        double maxY = lengthM / 2;
        List<Scene.Box> boxes = new ArrayList<>();
        int rows = (int) Math.min(8, (lengthM - 8) / RACK_ROW_PITCH_M);
        double rackStart = minX + DOCK_ZONE_M + 3;
        double rackEnd = maxX - 4;
        for (int row = 0; row < rows; row++) {
            double centreY = minY + 4 + row * RACK_ROW_PITCH_M + rng.uniform(-0.3, 0.3);
            double crossAisle = rng.uniform(rackStart + 0.35 * (rackEnd - rackStart), rackStart + 0.65 * (rackEnd - rackStart));
            double height = rng.uniform(2.5, 5.0);
            boxes.add(new Scene.Box(rackStart + rng.uniform(0, 2), centreY - 0.55, 0, crossAisle - 1.5,
                    centreY + 0.55, height, 0.70));
            boxes.add(new Scene.Box(crossAisle + 1.5, centreY - 0.55, 0, rackEnd - rng.uniform(0, 3),
                    centreY + 0.55, height, 0.70));
        }
        Scene racksOnly = new Scene(minX, minY, maxX, maxY, CEILING_M, boxes, List.of());
        List<Scene.Pillar> pillars = new ArrayList<>();
        for (double x = minX + 10; x < maxX - 5; x += 10) {
            for (double y = minY + 10; y < maxY - 5; y += 10) {
                if (racksOnly.isFree(x, y, 0.5)) {
                    pillars.add(new Scene.Pillar(x, y, 0.25, CEILING_M, 0.45));
                }
            }
        }
        Scene withPillars = new Scene(minX, minY, maxX, maxY, CEILING_M, boxes, pillars);
        for (int i = 0; i < 8; i++) {
            double x = rng.uniform(minX + DOCK_ZONE_M + 1, maxX - 1.5);
            double y = rng.uniform(minY + 1.5, maxY - 1.5);
            if (withPillars.isFree(x, y, 1.5)) {
                boxes.add(new Scene.Box(x - 0.6, y - 0.5, 0, x + 0.6, y + 0.5, rng.uniform(0.4, 1.6), 0.35));
            }
        }
        return new SiteLayout(new Scene(minX, minY, maxX, maxY, CEILING_M, boxes, pillars));
    }

    public Scene scene() {
        return scene;
    }

    /** Charging dock {@code slot} (0-based): docks line the west wall, wrapping into a second column if needed. */
    public Point dock(int slot) {
        int perColumn = Math.max(1, (int) ((scene.maxY() - scene.minY() - 2) / DOCK_SPACING_M));
        int column = slot / perColumn % 2;
        return new Point(scene.minX() + 1 + column * DOCK_SPACING_M,
                scene.minY() + 1.5 + (slot % perColumn) * DOCK_SPACING_M);
    }

    /** A random obstacle-free point outside the dock zone, where a mission can send a robot. */
    public Point randomWaypoint(DeterministicRandom rng) {
        double minX = scene.minX() + DOCK_ZONE_M + 0.5;
        for (int attempt = 0; attempt < 100; attempt++) {
            double x = rng.uniform(minX, scene.maxX() - 1);
            double y = rng.uniform(scene.minY() + 1, scene.maxY() - 1);
            if (scene.isFree(x, y, WAYPOINT_CLEARANCE_M)) {
                return new Point(x, y);
            }
        }
        return new Point(minX, (scene.minY() + scene.maxY()) / 2);
    }
}
