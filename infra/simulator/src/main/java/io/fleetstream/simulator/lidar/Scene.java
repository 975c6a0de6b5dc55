package io.fleetstream.simulator.lidar;

import java.util.List;

/**
 * Static 3D geometry of one site as a lidar sees it: an indoor hall (floor at z = 0, walls, ceiling) containing
 * axis-aligned boxes (racks, pallets) and vertical cylinders (pillars). Coordinates are metres in the site frame,
 * the same frame as the {@code pos_x}/{@code pos_y} telemetry.
 */
public final class Scene {

    /** An axis-aligned box standing on the floor or floating, with its surface reflectivity in [0, 1]. */
    public record Box(double minX, double minY, double minZ, double maxX, double maxY, double maxZ,
                      double reflectivity) {
    }

    /** A vertical cylinder from the floor up to {@code height}. */
    public record Pillar(double x, double y, double radius, double height, double reflectivity) {
    }

    static final double FLOOR_REFLECTIVITY = 0.30;
    static final double WALL_REFLECTIVITY = 0.55;
    static final double CEILING_REFLECTIVITY = 0.25;

    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;
    private final double ceilingZ;
    private final List<Box> boxes;
    private final List<Pillar> pillars;

    public Scene(double minX, double minY, double maxX, double maxY, double ceilingZ, List<Box> boxes,
                 List<Pillar> pillars) {
        if (minX >= maxX || minY >= maxY || ceilingZ <= 0) {
            throw new IllegalArgumentException("empty hall");
        }
        this.minX = minX;
        this.minY = minY;
        this.maxX = maxX;
        this.maxY = maxY;
        this.ceilingZ = ceilingZ;
        this.boxes = List.copyOf(boxes);
        this.pillars = List.copyOf(pillars);
    }

    public double minX() {
        return minX;
    }

    public double minY() {
        return minY;
    }

    public double maxX() {
        return maxX;
    }

    public double maxY() {
        return maxY;
    }

    /** Whether a disc of radius {@code clearance} at (x, y) lies inside the hall and touches no obstacle. */
    public boolean isFree(double x, double y, double clearance) {
        if (x - clearance < minX || x + clearance > maxX || y - clearance < minY || y + clearance > maxY) {
            return false;
        }
        for (Box b : boxes) {
            if (x > b.minX - clearance && x < b.maxX + clearance && y > b.minY - clearance && y < b.maxY + clearance) {
                return false;
            }
        }
        for (Pillar p : pillars) {
            double r = p.radius + clearance;
            if ((x - p.x) * (x - p.x) + (y - p.y) * (y - p.y) < r * r) {
                return false;
            }
        }
        return true;
    }

    /**
     * Casts a ray from origin (ox, oy, oz) along the unit direction (dx, dy, dz) and stores the nearest surface hit
     * within {@code maxRange} in {@code hit}; returns false when nothing is hit in range. Obstacles that contain the
     * origin are ignored (a robot whose random walk crossed a pallet still sees the rest of the hall).
     */
    public boolean cast(double ox, double oy, double oz, double dx, double dy, double dz, double maxRange, RayHit hit) {
        hit.reset(maxRange);
        castHall(ox, oy, oz, dx, dy, dz, hit);
        for (Box b : boxes) {
            castBox(b, ox, oy, oz, dx, dy, dz, hit);
        }
        for (Pillar p : pillars) {
            castPillar(p, ox, oy, oz, dx, dy, dz, hit);
        }
        return hit.range < maxRange;
    }

    private void castHall(double ox, double oy, double oz, double dx, double dy, double dz, RayHit hit) {
        if (dz < 0) {
            hit.offer(-oz / dz, FLOOR_REFLECTIVITY, -dz);
        } else if (dz > 0) {
            hit.offer((ceilingZ - oz) / dz, CEILING_REFLECTIVITY, dz);
        }
        if (dx != 0) {
            hit.offer(((dx > 0 ? maxX : minX) - ox) / dx, WALL_REFLECTIVITY, Math.abs(dx));
        }
        if (dy != 0) {
            hit.offer(((dy > 0 ? maxY : minY) - oy) / dy, WALL_REFLECTIVITY, Math.abs(dy));
        }
    }

    /** Slab method; the incidence cosine is the direction component along the axis of the entry face. */
    private static void castBox(Box b, double ox, double oy, double oz, double dx, double dy, double dz, RayHit hit) {
        double[] slab = hit.slab;
        slab[0] = Double.NEGATIVE_INFINITY;
        slab[1] = Double.POSITIVE_INFINITY;
        slab[2] = 0;
        if (clip(ox, dx, b.minX, b.maxX, slab) && clip(oy, dy, b.minY, b.maxY, slab)
                && clip(oz, dz, b.minZ, b.maxZ, slab) && slab[0] > 0 && slab[0] <= slab[1]) {
            hit.offer(slab[0], b.reflectivity, slab[2]);
        }
    }

    /** Narrows the [near, far] interval in {@code slab} to one axis's slab; false when the ray misses it. */
    private static boolean clip(double origin, double direction, double min, double max, double[] slab) {
        if (direction == 0) {
            return origin >= min && origin <= max;
        }
        double t1 = (min - origin) / direction;
        double t2 = (max - origin) / direction;
        double enter = Math.min(t1, t2);
        if (enter > slab[0]) {
            slab[0] = enter;
            slab[2] = Math.abs(direction);
        }
        slab[1] = Math.min(slab[1], Math.max(t1, t2));
        return true;
    }

    private static void castPillar(Pillar p, double ox, double oy, double oz, double dx, double dy, double dz,
                                   RayHit hit) {
        double fx = ox - p.x;
        double fy = oy - p.y;
        double a = dx * dx + dy * dy;
        if (a == 0) {
            return;
        }
        double b = fx * dx + fy * dy;
        double c = fx * fx + fy * fy - p.radius * p.radius;
        double discriminant = b * b - a * c;
        if (c <= 0 || discriminant < 0) {
            return;
        }
        double t = (-b - StrictMath.sqrt(discriminant)) / a;
        double z = oz + t * dz;
        if (t > 0 && z >= 0 && z <= p.height) {
            double nx = (fx + t * dx) / p.radius;
            double ny = (fy + t * dy) / p.radius;
            hit.offer(t, p.reflectivity, Math.abs(nx * dx + ny * dy));
        }
    }

    /** The nearest hit found so far along one ray; reused across rays to keep scanning allocation-free. */
    public static final class RayHit {
        final double[] slab = new double[3];
        double range;
        double reflectivity;
        double cosIncidence;

        void reset(double maxRange) {
            range = maxRange;
            reflectivity = 0;
            cosIncidence = 0;
        }

        void offer(double t, double surfaceReflectivity, double cosine) {
            if (t > 0 && t < range) {
                range = t;
                reflectivity = surfaceReflectivity;
                cosIncidence = cosine;
            }
        }

        public double range() {
            return range;
        }

        public double reflectivity() {
            return reflectivity;
        }

        public double cosIncidence() {
            return cosIncidence;
        }
    }
}
