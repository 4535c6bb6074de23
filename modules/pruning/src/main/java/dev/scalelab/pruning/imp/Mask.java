package dev.scalelab.pruning.imp;

import dev.scalelab.core.spec.MlpSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The weight mask of one model: per layer a boolean per weight, row-major [fan_in, fan_out] like the engine's
 * weights (true = kept). Biases are never masked. Immutable.
 */
public final class Mask {
    private final List<boolean[]> layers;

    private Mask(List<boolean[]> layers) {
        this.layers = layers;
    }

    /** Every weight kept. */
    public static Mask dense(MlpSpec spec) {
        List<boolean[]> layers = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            boolean[] keep = new boolean[spec.fanIn(l) * spec.fanOut(l)];
            Arrays.fill(keep, true);
            layers.add(keep);
        }
        return new Mask(layers);
    }

    /** A mask from per-layer arrays (copied). */
    public static Mask of(List<boolean[]> layers) {
        List<boolean[]> copy = new ArrayList<>();
        for (boolean[] l : layers) {
            copy.add(l.clone());
        }
        return new Mask(copy);
    }

    public int layerCount() {
        return layers.size();
    }

    public int size(int layer) {
        return layers.get(layer).length;
    }

    public boolean kept(int layer, int index) {
        return layers.get(layer)[index];
    }

    /** A copy of one layer's flags. */
    public boolean[] layer(int layer) {
        return layers.get(layer).clone();
    }

    public long keptCount(int layer) {
        long n = 0;
        for (boolean b : layers.get(layer)) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    public long keptCount() {
        long n = 0;
        for (int l = 0; l < layers.size(); l++) {
            n += keptCount(l);
        }
        return n;
    }

    public long totalCount() {
        long n = 0;
        for (boolean[] l : layers) {
            n += l.length;
        }
        return n;
    }

    /** Fraction of weights kept. */
    public double density() {
        return (double) keptCount() / totalCount();
    }

    /** True when every weight this mask keeps is also kept by {@code other} (this ⊆ other). */
    public boolean within(Mask other) {
        for (int l = 0; l < layers.size(); l++) {
            boolean[] a = layers.get(l);
            boolean[] b = other.layers.get(l);
            if (a.length != b.length) {
                return false;
            }
            for (int i = 0; i < a.length; i++) {
                if (a[i] && !b[i]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The 0/1 values of one layer for K models, row-major [K, fan_in, fan_out], as {@code MlpBatch.setMask} takes. */
    public static double[] stack(List<Mask> masks, int layer) {
        int size = masks.get(0).size(layer);
        double[] out = new double[masks.size() * size];
        for (int k = 0; k < masks.size(); k++) {
            boolean[] m = masks.get(k).layers.get(layer);
            for (int i = 0; i < size; i++) {
                out[k * size + i] = m[i] ? 1.0 : 0.0;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Mask other) || other.layers.size() != layers.size()) {
            return false;
        }
        for (int l = 0; l < layers.size(); l++) {
            if (!Arrays.equals(layers.get(l), other.layers.get(l))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (boolean[] l : layers) {
            h = 31 * h + Arrays.hashCode(l);
        }
        return h;
    }
}
