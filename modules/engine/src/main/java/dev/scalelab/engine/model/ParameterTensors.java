package dev.scalelab.engine.model;

import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensors shaped like the parameters of K models — per layer W [K, fan_in, fan_out] and b [K, 1, fan_out] —
 * allocated as one contiguous buffer where the backend can ({@code all}, [1, 1, total], else null). Used for the
 * parameters themselves, their gradients and the optimizer's state, which therefore share one layout.
 */
public record ParameterTensors(List<Tensor> weights, List<Tensor> biases, Tensor all) {

    public ParameterTensors {
        weights = List.copyOf(weights);
        biases = List.copyOf(biases);
    }

    public static ParameterTensors allocate(ComputeBackend backend, MlpSpec spec, int models) {
        List<Tensor> pieces = new ArrayList<>();
        Tensor all = backend.allocateContiguous(shapes(spec, models), pieces);
        List<Tensor> weights = new ArrayList<>();
        List<Tensor> biases = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            weights.add(pieces.get(2 * l));
            biases.add(pieces.get(2 * l + 1));
        }
        return new ParameterTensors(weights, biases, all);
    }

    /** Like {@link #allocate}, every element set to zero. */
    public static ParameterTensors zeros(ComputeBackend backend, MlpSpec spec, int models) {
        ParameterTensors t = allocate(backend, spec, models);
        for (int l = 0; l < spec.layerCount(); l++) {
            backend.zero(t.weights.get(l));
            backend.zero(t.biases.get(l));
        }
        return t;
    }

    /** Shapes of W_0, b_0, W_1, b_1, ... for K models, in the order of the contiguous buffer. */
    public static List<int[]> shapes(MlpSpec spec, int models) {
        List<int[]> shapes = new ArrayList<>();
        for (int l = 0; l < spec.layerCount(); l++) {
            shapes.add(new int[] {models, spec.fanIn(l), spec.fanOut(l)});
            shapes.add(new int[] {models, 1, spec.fanOut(l)});
        }
        return shapes;
    }
}
