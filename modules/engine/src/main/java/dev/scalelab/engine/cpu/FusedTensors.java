package dev.scalelab.engine.cpu;

import java.util.List;

/**
 * The host memory a fused pass reads and writes: per layer W [K, fan_in, fan_out] and b [K, 1, fan_out], the
 * batch's input [K, rows, in] and target [K, rows, out], and per layer the gradients to write (same shapes).
 */
public record FusedTensors(List<HostMemory> weightList, List<HostMemory> biasList, HostMemory input,
                           HostMemory target, List<HostMemory> gradWeightList, List<HostMemory> gradBiasList) {

    public FusedTensors {
        weightList = List.copyOf(weightList);
        biasList = List.copyOf(biasList);
        gradWeightList = List.copyOf(gradWeightList);
        gradBiasList = List.copyOf(gradBiasList);
    }

    HostMemory weights(int layer) {
        return weightList.get(layer);
    }

    HostMemory biases(int layer) {
        return biasList.get(layer);
    }

    HostMemory gradWeights(int layer) {
        return gradWeightList.get(layer);
    }

    HostMemory gradBiases(int layer) {
        return gradBiasList.get(layer);
    }

    /** Reads model {@code k}'s parameters into per-layer {@code w[l]} [in × out] and {@code b[l]} [out]. */
    void getParameters(FusedShape shape, int k, float[][] w, float[][] b) {
        for (int l = 0; l < shape.layers(); l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            weights(l).get((long) k * in * out, w[l], 0, in * out);
            biases(l).get((long) k * out, b[l], 0, out);
        }
    }

    void getParameters(FusedShape shape, int k, double[][] w, double[][] b) {
        for (int l = 0; l < shape.layers(); l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            weights(l).get((long) k * in * out, w[l], 0, in * out);
            biases(l).get((long) k * out, b[l], 0, out);
        }
    }

    /** Writes model {@code k}'s gradients, per layer {@code gw[l]} [in × out] and {@code gb[l]} [out]. */
    void putGradients(FusedShape shape, int k, float[][] gw, float[][] gb) {
        for (int l = 0; l < shape.layers(); l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            gradWeights(l).put((long) k * in * out, gw[l], 0, in * out);
            gradBiases(l).put((long) k * out, gb[l], 0, out);
        }
    }

    void putGradients(FusedShape shape, int k, double[][] gw, double[][] gb) {
        for (int l = 0; l < shape.layers(); l++) {
            int in = shape.in(l);
            int out = shape.out(l);
            gradWeights(l).put((long) k * in * out, gw[l], 0, in * out);
            gradBiases(l).put((long) k * out, gb[l], 0, out);
        }
    }
}
