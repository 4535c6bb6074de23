package dev.scalelab.core.util;

import java.util.SplittableRandom;

/**
 * ScaleLab's only source of randomness: a seeded SplittableRandom with our own Box–Muller normals, so that
 * every seed (0 included) reproduces the same numbers on every backend and JDK.
 */
public final class Rng {
    private final SplittableRandom random;
    private double spareNormal = Double.NaN;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** An independent stream for (seed, purpose), e.g. data vs. initialisation of the same run. */
    public static Rng forPurpose(long seed, String purpose) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < purpose.length(); i++) {
            h = (h ^ purpose.charAt(i)) * 0x100000001b3L;
        }
        return new Rng(mix(seed) ^ mix(h));
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix (also the counter hash of streamed samples). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public double uniform() {
        return random.nextDouble();
    }

    public double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public double normal() {
        if (!Double.isNaN(spareNormal)) {
            double z = spareNormal;
            spareNormal = Double.NaN;
            return z;
        }
        double u1;
        do {
            u1 = random.nextDouble();
        } while (u1 <= 0);
        double u2 = random.nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spareNormal = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Fisher–Yates shuffle of {@code 0..n-1}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
