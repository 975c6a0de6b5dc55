package io.fleetstream.simulator.random;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random source whose sequence depends only on its seed, on every JVM version: SplitMix64 is a specified
 * algorithm, and Gaussians use the polar method here instead of the JDK's implementation-defined one.
 */
public final class DeterministicRandom {

    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    private DeterministicRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** An independent stream for one purpose ({@code stream}) of one seed; different streams do not correlate. */
    public static DeterministicRandom of(long seed, String stream) {
        return new DeterministicRandom(mix(seed ^ mix(stream.hashCode() * 0x9E3779B97F4A7C15L)));
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    public double uniform(double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    public double gaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * factor;
        hasSpareGaussian = true;
        return u * factor;
    }

    /** Exponentially distributed waiting time with the given mean (a Poisson process's inter-arrival time). */
    public double exponential(double mean) {
        return -mean * StrictMath.log(1 - random.nextDouble());
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** Picks an index with probability proportional to {@code weights[i]}. */
    public int weighted(double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length - 1; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** SplitMix64 finaliser: spreads seeds that differ in few bits over the whole 64-bit space. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
