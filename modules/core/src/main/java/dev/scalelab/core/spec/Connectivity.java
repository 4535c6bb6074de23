package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Which weights of a network exist. {@code DENSE}: all. {@code BINARY_TREE}: the hierarchical network of
 * Mhaskar and Poggio over d = 2^depth inputs: hidden layer l (1-based) has d/2^l nodes of {@code width} units,
 * node g seeing only nodes 2g and 2g + 1 of the layer below (the inputs themselves at the bottom); the last
 * hidden layer is one node, and the linear output reads all of it. Missing weights are fixed 0/1 masks.
 */
public enum Connectivity {
    DENSE("dense"),
    BINARY_TREE("binary_tree");

    private final String id;

    Connectivity(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The network of {@code depth} hidden layers of {@code width} (units per node, for the tree). */
    public MlpSpec spec(int inputDim, int width, int depth, int outputDim, Activation activation) {
        if (this == DENSE) {
            return MlpSpec.uniform(inputDim, width, depth, outputDim, activation);
        }
        UserInputException.require(depth >= 1 && inputDim == 1 << depth, "binary_tree connectivity needs d = "
                + "2^depth inputs (one tree level per hidden layer), got d = " + inputDim + ", depth = " + depth);
        List<Integer> widths = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            widths.add((inputDim >> l) * width);
        }
        return new MlpSpec(inputDim, widths, outputDim, activation);
    }

    /**
     * The 0/1 mask of layer {@code layer}'s weights, row-major [fan_in, fan_out], or null when the layer is
     * dense. {@code width} is the units per node.
     */
    public double[] mask(MlpSpec spec, int width, int layer) {
        if (this == DENSE || layer == spec.layerCount() - 1) {
            return null;
        }
        int in = spec.fanIn(layer);
        int out = spec.fanOut(layer);
        int inNode = layer == 0 ? 1 : width;
        double[] mask = new double[in * out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                mask[i * out + j] = (i / inNode) / 2 == j / width ? 1 : 0;
            }
        }
        return mask;
    }

    /** Every layer's mask (null for dense layers). */
    public List<double[]> masks(MlpSpec spec, int width) {
        List<double[]> masks = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            masks.add(mask(spec, width, l));
        }
        return Collections.unmodifiableList(masks);
    }

    /** Inputs each unit of a layer actually sees (the fan-in initialisation should use). */
    public int[] fanIns(MlpSpec spec, int width) {
        int[] fans = new int[spec.layerCount()];
        for (int l = 0; l < fans.length; l++) {
            double[] m = mask(spec, width, l);
            fans[l] = m == null ? spec.fanIn(l) : (int) Math.round(sum(m) / spec.fanOut(l));
        }
        return fans;
    }

    /** Trainable parameters: the unmasked weights plus every bias. */
    public long parameterCount(MlpSpec spec, int width) {
        long total = spec.parameterCount();
        for (int l = 0; l < spec.layerCount(); l++) {
            double[] m = mask(spec, width, l);
            if (m != null) {
                total -= m.length - (long) sum(m);
            }
        }
        return total;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    public static Connectivity parse(String text, String where) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Connectivity c : values()) {
            if (c.id.equals(key)) {
                return c;
            }
        }
        throw new UserInputException(where + ": unknown connectivity '" + text + "' (expected dense or binary_tree)");
    }

    @Override
    public String toString() {
        return id;
    }
}
