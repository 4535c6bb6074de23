package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A fully connected network: inputDim → hidden widths (each followed by the activation) → outputDim (linear).
 * Every layer has weights and biases.
 */
public record MlpSpec(int inputDim, List<Integer> hiddenWidths, int outputDim, Activation activation) {

    public static final int MAX_WIDTH = 1 << 20;

    public MlpSpec {
        UserInputException.require(inputDim > 0, "input dimension must be positive, got " + inputDim);
        UserInputException.require(outputDim > 0, "output dimension must be positive, got " + outputDim);
        hiddenWidths = List.copyOf(hiddenWidths);
        for (int w : hiddenWidths) {
            UserInputException.require(w > 0 && w <= MAX_WIDTH,
                    "hidden width must be in 1.." + MAX_WIDTH + ", got " + w);
        }
        if (activation == null) {
            activation = Activation.RELU;
        }
        long params = 0;
        int fanIn = inputDim;
        for (int w : hiddenWidths) {
            params += ((long) fanIn + 1) * w;
            fanIn = w;
        }
        params += ((long) fanIn + 1) * outputDim;
        // A model's parameters live in one array (one per backend buffer).
        UserInputException.require(params <= dev.scalelab.core.task.TaskSpec.MAX_ARRAY, "the network would have "
                + params + " parameters, more than one array can hold (" + dev.scalelab.core.task.TaskSpec.MAX_ARRAY
                + ")");
    }

    /** A network with {@code depth} hidden layers of the same {@code width}. */
    public static MlpSpec uniform(int inputDim, int width, int depth, int outputDim, Activation activation) {
        UserInputException.require(depth >= 0, "depth must be non-negative, got " + depth);
        return new MlpSpec(inputDim, java.util.Collections.nCopies(depth, width), outputDim, activation);
    }

    public int layerCount() {
        return hiddenWidths.size() + 1;
    }

    /** Sizes of all layers' inputs and outputs: [inputDim, h1, ..., outputDim]. */
    public List<Integer> layerSizes() {
        List<Integer> sizes = new ArrayList<>(hiddenWidths.size() + 2);
        sizes.add(inputDim);
        sizes.addAll(hiddenWidths);
        sizes.add(outputDim);
        return sizes;
    }

    public int fanIn(int layer) {
        return layerSizes().get(layer);
    }

    public int fanOut(int layer) {
        return layerSizes().get(layer + 1);
    }

    /** Exact count of trainable parameters: weights plus biases of every layer. */
    public long parameterCount() {
        List<Integer> sizes = layerSizes();
        long total = 0;
        for (int l = 0; l + 1 < sizes.size(); l++) {
            total += (long) sizes.get(l) * sizes.get(l + 1) + sizes.get(l + 1);
        }
        return total;
    }

    /**
     * FLOPs of training this network on {@code samples} examples, counting every weight of its dense layers
     * (masked or not: the backends compute them all). See {@link #trainingFlops(long, long)}.
     */
    public double trainingFlops(long samples) {
        return trainingFlops(parameterCount(), samples);
    }

    /**
     * FLOPs of training a network of {@code parameters} parameters on {@code samples} examples: 6 per parameter
     * and sample (2 in the forward pass, 4 in the backward pass), the usual C = 6·N·D.
     */
    public static double trainingFlops(long parameters, long samples) {
        return 6.0 * parameters * samples;
    }

    /** Count of weights only (what pruning masks act on). */
    public long weightCount() {
        List<Integer> sizes = layerSizes();
        long total = 0;
        for (int l = 0; l + 1 < sizes.size(); l++) {
            total += (long) sizes.get(l) * sizes.get(l + 1);
        }
        return total;
    }

    @Override
    public String toString() {
        return layerSizes().toString().replace(", ", "→").replace("[", "").replace("]", "") + " " + activation;
    }
}
