package dev.scalelab.core.geometry;

import dev.scalelab.core.UserInputException;

/**
 * How {@link TwoNn} estimates: the fraction of largest ratios μ = r2/r1 left out of the line fit (the paper's
 * default is 0.1), the number of bootstrap resamples for the interval (0: no interval), its confidence level, the
 * seed of the resampling, and the threads of the neighbour search (the result does not depend on them).
 */
public record TwoNnSettings(double discardFraction, int bootstrapSamples, double confidence, long seed, int threads) {
    public TwoNnSettings {
        UserInputException.require(discardFraction >= 0 && discardFraction < 1,
                "discardFraction must be in [0, 1), got " + discardFraction);
        UserInputException.require(bootstrapSamples >= 0, "bootstrapSamples must be non-negative, got "
                + bootstrapSamples);
        UserInputException.require(confidence > 0 && confidence < 1, "confidence must be in (0, 1), got " + confidence);
        UserInputException.require(threads >= 1, "threads must be at least 1, got " + threads);
    }

    /** Discard 10%, 1000 resamples, 95% interval, seed 0, all available processors. */
    public static TwoNnSettings defaults() {
        return new TwoNnSettings(0.1, 1000, 0.95, 0, Runtime.getRuntime().availableProcessors());
    }

    public TwoNnSettings withDiscardFraction(double fraction) {
        return new TwoNnSettings(fraction, bootstrapSamples, confidence, seed, threads);
    }

    public TwoNnSettings withBootstrap(int samples, long newSeed) {
        return new TwoNnSettings(discardFraction, samples, confidence, newSeed, threads);
    }

    public TwoNnSettings withThreads(int count) {
        return new TwoNnSettings(discardFraction, bootstrapSamples, confidence, seed, count);
    }
}
