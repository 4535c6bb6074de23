package dev.scalelab.core.geometry;

/**
 * Each point's Euclidean distance to its nearest ({@code first[i]}) and second-nearest ({@code second[i]}) other
 * point; {@code first[i]} is 0 where point i has a duplicate. The arrays are shared, not copied.
 */
public record NeighbourDistances(double[] first, double[] second) {
    public NeighbourDistances {
        if (first.length != second.length) {
            throw new IllegalArgumentException("first and second distances differ in length: " + first.length
                    + " vs " + second.length);
        }
    }

    public int size() {
        return first.length;
    }
}
