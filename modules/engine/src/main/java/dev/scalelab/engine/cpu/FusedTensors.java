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
}
