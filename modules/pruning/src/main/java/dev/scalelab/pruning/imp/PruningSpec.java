package dev.scalelab.pruning.imp;

import dev.scalelab.core.UserInputException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much one level of magnitude pruning removes. {@code rate} is the fraction of each layer's remaining
 * weights pruned per level ({@link Strategy#LAYERWISE}) or of the remaining weights pooled over all layers
 * ({@link Strategy#GLOBAL}). {@code layerRates} overrides the rate of single layers (0 = never pruned); in global
 * mode an overridden layer is pruned on its own at its own rate and left out of the pool.
 *
 * <p>Counting rule: a level prunes {@code k = round(rate · remaining)} weights (half up) of a layer (or of the
 * pool), exactly k, never k + 1. This rule reproduces the density schedule of Frankle & Carbin's LeNet-300-100
 * (20 % / 20 % / 10 %: 51.3, 21.1, 13.5, 7.0, 3.6, 2.9, 1.9 % after rounds 3, 7, 9, 12, 15, 16, 18); open_lth's
 * {@code ceil} gives 1.8 % after round 18.
 */
public record PruningSpec(Strategy strategy, double rate, Map<Integer, Double> layerRates) {

    /** Where the k smallest magnitudes are taken from. */
    public enum Strategy {
        LAYERWISE, GLOBAL;

        public static Strategy parse(String text, String where) {
            String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (key) {
                case "layerwise", "layer" -> LAYERWISE;
                case "global" -> GLOBAL;
                default -> throw new UserInputException(where + ": unknown strategy '" + text
                        + "' (expected layerwise or global)");
            };
        }
    }

    public PruningSpec {
        UserInputException.require(strategy != null, "pruning strategy must be given");
        UserInputException.require(rate >= 0 && rate < 1, "pruning rate must be in [0, 1), got " + rate);
        layerRates = new TreeMap<>(layerRates == null ? Map.of() : layerRates);
        for (Map.Entry<Integer, Double> e : layerRates.entrySet()) {
            UserInputException.require(e.getKey() >= 0, "layer index must be ≥ 0, got " + e.getKey());
            UserInputException.require(e.getValue() >= 0 && e.getValue() < 1,
                    "rate of layer " + e.getKey() + " must be in [0, 1), got " + e.getValue());
        }
        layerRates = Map.copyOf(layerRates);
    }

    public static PruningSpec layerwise(double rate, Map<Integer, Double> overrides) {
        return new PruningSpec(Strategy.LAYERWISE, rate, overrides);
    }

    public static PruningSpec global(double rate, Map<Integer, Double> overrides) {
        return new PruningSpec(Strategy.GLOBAL, rate, overrides);
    }

    /** Frankle & Carbin's LeNet-300-100 schedule: 20 % per level, the output layer at half that rate. */
    public static PruningSpec outputAtHalfRate(double rate, int layerCount) {
        return layerwise(rate, Map.of(layerCount - 1, rate / 2));
    }

    public boolean overridden(int layer) {
        return layerRates.containsKey(layer);
    }

    /** The rate of a layer: its override, or the common rate. */
    public double rateOf(int layer) {
        return layerRates.getOrDefault(layer, rate);
    }

    /** How many of {@code remaining} weights one level prunes at {@code rate}: round half up, exactly. */
    public static long pruneCount(long remaining, double rate) {
        long k = (long) Math.floor(rate * remaining + 0.5);
        return Math.max(0, Math.min(k, remaining));
    }
}
