package dev.scalelab.pruning.subsetsum;

/**
 * Exact subset sum by meet in the middle (Horowitz–Sahni): the subset of {@code values} whose sum is closest to
 * the target. Ties in |sum − target| go to the subset with fewer elements, then to the lexicographically
 * smallest sorted index list (equivalently: the first index where two subsets differ is in the winner).
 *
 * <p>Both halves' subset sums are enumerated in sorted order by merging (O(2^h) per half, no comparison sort),
 * then one pass with a pointer moving down the second half visits, for every sum of the first half, the two
 * runs of second-half sums whose rounded totals are nearest to the target from below and from above. O(2^(n/2)) time and memory.
 * A subset's sum is always evaluated as (sum of its first-half values in index order) + (sum of its second-half
 * values in index order), so results are reproducible bit for bit.
 *
 * <p>Not thread-safe: one solver per thread (it reuses its buffers).
 */
public final class SubsetSum {
    /** Largest supported instance (2^25 subsets per half, about 800 MB of buffers). */
    public static final int MAX_N = 50;

    /** The chosen subset: bit i of {@code mask} set when values[i] is in it. */
    public record Solution(long mask, double sum, double error) {
        public int size() {
            return Long.bitCount(mask);
        }
    }

    private double[] aSums = new double[0];
    private long[] aMasks = new long[0];
    private double[] bSums = new double[0];
    private long[] bMasks = new long[0];
    private double[] tmpSums = new double[0];
    private long[] tmpMasks = new long[0];

    public Solution solve(double[] values, double target) {
        return solve(values, values.length, target);
    }

    /** Solves over the first {@code n} entries of {@code values}. */
    public Solution solve(double[] values, int n, double target) {
        if (n < 0 || n > values.length || n > MAX_N) {
            throw new IllegalArgumentException("subset sum supports 0..." + MAX_N + " values, got " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
            }
        }
        int h = n / 2;
        int na = enumerate(values, 0, h, true);
        int nb = enumerate(values, h, n, false);

        double bestError = Double.POSITIVE_INFINITY;
        long bestMask = 0;
        double bestSum = 0;
        // j: the largest index with aSums[i] + bSums[j] <= target. The rounded sum is monotone in bSums[j] and in
        // aSums[i], so j only moves down; the nearest sums are the run of equal rounded sums ending at j and the
        // run starting at j + 1.
        int j = nb - 1;
        for (int i = 0; i < na; i++) {
            double a = aSums[i];
            while (j >= 0 && a + bSums[j] > target) {
                j--;
            }
            for (int side = 0; side < 2; side++) {
                int p = side == 0 ? j : j + 1;
                if (p < 0 || p >= nb) {
                    continue;
                }
                double sum = a + bSums[p];
                double error = Math.abs(sum - target);
                if (error > bestError) {
                    continue;
                }
                int lo = p;
                while (lo > 0 && a + bSums[lo - 1] == sum) {
                    lo--;
                }
                int hi = p;
                while (hi + 1 < nb && a + bSums[hi + 1] == sum) {
                    hi++;
                }
                for (int q = lo; q <= hi; q++) {
                    long mask = aMasks[i] | bMasks[q];
                    if (error < bestError || better(mask, bestMask)) {
                        bestError = error;
                        bestMask = mask;
                        bestSum = sum;
                    }
                }
            }
        }
        return new Solution(bestMask, bestSum, bestError);
    }

    /** Fewer elements first; then the subset holding the first index where the two differ. */
    static boolean better(long mask, long than) {
        int a = Long.bitCount(mask);
        int b = Long.bitCount(than);
        if (a != b) {
            return a < b;
        }
        long diff = mask ^ than;
        return diff != 0 && (mask & Long.lowestOneBit(diff)) != 0;
    }

    /**
     * All 2^(to − from) subset sums of values[from, to) in ascending order (ties: insertion order, which is
     * deterministic), built by merging S and S + v for each value in turn.
     */
    private int enumerate(double[] values, int from, int to, boolean first) {
        int count = 1 << (to - from);
        double[] ts = tmpSums;
        long[] tm = tmpMasks;
        if (ts.length < count) {
            ts = new double[count];
            tm = new long[count];
        }
        double[] sums = first ? aSums : bSums;
        long[] masks = first ? aMasks : bMasks;
        if (sums.length < count) {
            sums = new double[count];
            masks = new long[count];
        }
        sums[0] = 0.0;
        masks[0] = 0L;
        int size = 1;
        for (int idx = from; idx < to; idx++) {
            double v = values[idx];
            long bit = 1L << idx;
            // Merge sums[0..size) with sums[0..size) + v into ts/tm, from both ends at once: the front takes the
            // smallest (x first on ties), the back the largest (y last on ties), size steps each. This is the one
            // stable merge, with two independent dependency chains and no data-dependent branches (the
            // comparisons are coin flips; mispredicted branches and load latency dominated a plain merge).
            int x = 0;
            int y = 0;
            int xb = size - 1;
            int yb = size - 1;
            int back = 2 * size - 1;
            for (int out = 0; out < size; out++, back--) {
                double sx = sums[x];
                double sy = sums[y] + v;
                boolean takeX = sx <= sy;
                ts[out] = takeX ? sx : sy;
                tm[out] = takeX ? masks[x] : masks[y] | bit;
                x += takeX ? 1 : 0;
                y += takeX ? 0 : 1;
                double bx = sums[xb];
                double by = sums[yb] + v;
                boolean takeY = by >= bx;
                ts[back] = takeY ? by : bx;
                tm[back] = takeY ? masks[yb] | bit : masks[xb];
                yb -= takeY ? 1 : 0;
                xb -= takeY ? 0 : 1;
            }
            size *= 2;
            double[] s2 = sums;
            long[] m2 = masks;
            sums = ts;
            masks = tm;
            ts = s2;
            tm = m2;
        }
        tmpSums = ts;
        tmpMasks = tm;
        if (first) {
            aSums = sums;
            aMasks = masks;
        } else {
            bSums = sums;
            bMasks = masks;
        }
        return size;
    }
}
