package dev.scalelab.engine.cuda;

import dev.scalelab.core.spec.LossKind;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.engine.compute.DeviceScalars;
import dev.scalelab.engine.compute.FusedPass;
import dev.scalelab.engine.compute.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * The fused forward, loss and backward pass of K small MLPs ({@code kernels/fused_mlp.cu}), bound to their
 * parameter, batch and gradient tensors: one launch of {@code sl_fused_mlp} per step, plus one of
 * {@code sl_fused_mlp_reduce} when the plan splits each model's batch into slices. The layer table the kernels
 * read (device pointers and widths) is written once here, so a recorded step replays it unchanged.
 */
final class FusedMlp implements FusedPass {
    private static final int REDUCE_BLOCK = 256;

    private final CudaContext context;
    private final CudaMemory memory;
    private final KernelLauncher kernels;
    private final FusedMlpPlan plan;
    private final int models;
    private final int rows;
    private final int activation;
    private final int loss;
    private final long table;
    private final Tensor input;
    private final Tensor target;
    private final long partial;
    private final long lossPartial;
    private CudaScalars ownLosses;

    private FusedMlp(CudaContext context, CudaMemory memory, KernelLauncher kernels, FusedMlpPlan plan, MlpSpec spec,
                     LossKind loss, List<Tensor> weights, List<Tensor> biases, Tensor input, Tensor target,
                     List<Tensor> gradWeights, List<Tensor> gradBiases) {
        this.context = context;
        this.memory = memory;
        this.kernels = kernels;
        this.plan = plan;
        this.models = input.models();
        this.rows = input.rows();
        this.activation = KernelPrelude.activationCode(spec.activation());
        this.loss = loss == LossKind.MSE ? 0 : 1;
        this.input = input;
        this.target = target;
        int depth = spec.layerCount();
        long[] entries = new long[3 + 5 * depth];
        entries[0] = depth;
        entries[1] = spec.inputDim();
        entries[2] = plan.paramsPerModel();
        for (int l = 0; l < depth; l++) {
            entries[3 + 5 * l] = pointer(weights.get(l));
            entries[4 + 5 * l] = pointer(biases.get(l));
            entries[5 + 5 * l] = pointer(gradWeights.get(l));
            entries[6 + 5 * l] = pointer(gradBiases.get(l));
            entries[7 + 5 * l] = spec.fanOut(l);
        }
        this.table = memory.allocate(8L * entries.length, "the fused kernel's layer table");
        memory.upload(entries, table);
        long partialElements = plan.partialElements(models);
        this.partial = partialElements == 0 ? 0 : memory.allocate(partialElements * memory.elementBytes,
                "the fused kernel's per-slice gradients (" + plan.slices() + " slices of " + models + " models)");
        this.lossPartial = plan.slices() == 1 ? 0 : memory.allocate(8L * models * plan.slices(),
                "the fused kernel's per-slice losses");
    }

    /**
     * The fused pass for these tensors when {@link FusedMlpPlan} has a plan for the shape on this device; empty
     * otherwise. Shapes are checked: each tensor must be what {@code spec} and the batch say.
     */
    static Optional<FusedPass> bind(CudaContext context, CudaMemory memory, KernelLauncher kernels, MlpSpec spec,
                                    LossKind loss, List<Tensor> weights, List<Tensor> biases, Tensor input,
                                    Tensor target, List<Tensor> gradWeights, List<Tensor> gradBiases) {
        int k = input.models();
        int rows = input.rows();
        check(input, k, rows, spec.inputDim(), "input");
        check(target, k, rows, spec.outputDim(), "target");
        for (int l = 0; l < spec.layerCount(); l++) {
            check(weights.get(l), k, spec.fanIn(l), spec.fanOut(l), "W" + l);
            check(gradWeights.get(l), k, spec.fanIn(l), spec.fanOut(l), "gradient of W" + l);
            check(biases.get(l), k, 1, spec.fanOut(l), "b" + l);
            check(gradBiases.get(l), k, 1, spec.fanOut(l), "gradient of b" + l);
        }
        CudaDevice device = context.device;
        return FusedMlpPlan.of(spec, k, rows, memory.elementBytes, device.sharedMemoryPerBlock, device.multiprocessors)
                .map(plan -> new FusedMlp(context, memory, kernels, plan, spec, loss, weights, biases, input, target,
                        gradWeights, gradBiases));
    }

    private static void check(Tensor t, int models, int rows, int cols, String what) {
        if (t.models() != models || t.rows() != rows || t.cols() != cols) {
            throw new IllegalArgumentException(what + " is " + t + ", expected [" + models + ", " + rows + ", " + cols
                    + "]");
        }
    }

    private static long pointer(Tensor t) {
        return ((CudaTensor) t).pointer;
    }

    FusedMlpPlan plan() {
        return plan;
    }

    @Override
    public void queue(DeviceScalars losses) {
        context.ensureCurrent();
        if (losses.length() != models) {
            throw new IllegalArgumentException(losses.length() + " loss slots for " + models + " models");
        }
        long lossPointer = ((CudaScalars) losses).pointer();
        kernels.launch(Kernel.FUSED_MLP, models * plan.slices(), plan.threads(), plan.sharedBytes(), kernels.args()
                .raw(table).ptr(input).ptr(target).raw(partial).raw(lossPartial).raw(lossPointer).i32(rows)
                .i32(plan.chunkRows()).i32(plan.sliceRows()).i32(plan.slices()).i32(activation).i32(loss));
        if (plan.slices() > 1) {
            long n = models * plan.paramsPerModel();
            long blocks = Math.min((n + REDUCE_BLOCK - 1) / REDUCE_BLOCK, (long) context.device.multiprocessors * 32);
            kernels.launch(Kernel.FUSED_MLP_REDUCE, (int) Math.max(blocks, 1), REDUCE_BLOCK, kernels.args().raw(table)
                    .raw(partial).raw(lossPartial).raw(lossPointer).i32(models).i32(plan.slices()).i32(rows)
                    .i32(loss));
        }
    }

    @Override
    public double[] run() {
        context.ensureCurrent();
        if (ownLosses == null) {
            ownLosses = memory.scalars(models);
        }
        queue(ownLosses);
        return memory.read(ownLosses);
    }
}
