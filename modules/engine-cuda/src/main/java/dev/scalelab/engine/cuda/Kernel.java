package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.Precision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Every kernel of ScaleLab's CUDA sources, once: the source file that defines it, its base name, the precisions
 * it is instantiated in ({@code _f32} / {@code _f64}), whether it waits at {@code __syncthreads} (the fake library
 * runs those threads as coroutines), and its C parameter types, with {@code T} for the kernel's real type: a
 * {@code T*} parameter is a tensor the kernel writes, a {@code const T*} one it reads, and {@code bf16(i)} the
 * BF16 copy of parameter i, written in the same pass (an {@code unsigned short*}, 0 outside the BF16 mode).
 * The compiler's source list, the function names a device loads, the check of every launch's packed arguments and
 * the fake CUDA library's declarations and registrations are all derived from this table: adding a kernel means
 * its {@code .cu} code and one entry here.
 */
enum Kernel {
    BIAS_ACT_FORWARD("elementwise.cu", "sl_bias_act_forward", Instances.BOTH, false,
            "T*", "const T*", "T*", "ll", "int", "int", "int", "bf16(2)"),
    ACT_BACKWARD("elementwise.cu", "sl_act_backward", Instances.BOTH, false,
            "const T*", "const T*", "const T*", "T*", "ll", "int", "bf16(3)"),
    MASK("elementwise.cu", "sl_mask", Instances.BOTH, false, "T*", "const T*", "ll", "bf16(0)"),
    ADAM("elementwise.cu", "sl_adam", Instances.BOTH, false, "T*", "const T*", "T*", "T*", "const T*", "ll", "ll",
            "T", "T", "T", "T", "T", "T", "T", "const double*", "bf16(0)"),
    ADAM_CLOCK("elementwise.cu", "sl_adam_clock", Instances.BOTH, false, "double*", "double", "double"),
    SGD("elementwise.cu", "sl_sgd", Instances.BOTH, false, "T*", "const T*", "T*", "const T*", "ll", "ll", "T",
            "int", "bf16(0)"),
    /** {@code ReluTeacher.uniform}(seed, first + i) into element i: the streamed task's inputs, drawn on the device. */
    FILL_UNIFORM("elementwise.cu", "sl_fill_uniform", Instances.BOTH, false, "T*", "ll", "ll", "ll"),
    /** FP32 to BF16 only. */
    ROUND_BF16("elementwise.cu", "sl_round_bf16", Instances.F32, false, "const T*", "unsigned short*", "ll"),
    SUM_ROWS("reductions.cu", "sl_sum_rows", Instances.BOTH, false, "const T*", "T*", "int", "int", "int"),
    MSE("reductions.cu", "sl_mse", Instances.BOTH, true, "const T*", "const T*", "T*", "double*", "int", "int"),
    SOFTMAX_CE("reductions.cu", "sl_softmax_ce", Instances.BOTH, true,
            "const T*", "const T*", "T*", "double*", "int", "int"),
    LEAST_SQUARES(CudaLeastSquares.SOURCE, "sl_least_squares", Instances.F64, true,
            "T*", "T*", "T*", "int*", "int*", "T*", "int", "int", "int"),
    FUSED_MLP("fused_mlp.cu", "sl_fused_mlp", Instances.BOTH, true, "const ll*", "const T*", "const T*", "T*",
            "double*", "double*", "int", "int", "int", "int", "int", "int"),
    FUSED_MLP_REDUCE("fused_mlp.cu", "sl_fused_mlp_reduce", Instances.BOTH, false,
            "const ll*", "const T*", "const double*", "double*", "int", "int", "int", "int"),
    STOP_CLOCK("stopping.cu", "sl_stop_clock", Instances.BOTH, false, "double*", "int"),
    STOP_RULE("stopping.cu", "sl_stop_rule", Instances.BOTH, false, "const double*", "double*", "int", "int"),
    FREEZE_STOPPED("stopping.cu", "sl_freeze_stopped", Instances.BOTH, false,
            "T*", "ll", "ll", "const double*", "int");

    /** The precisions a kernel is instantiated in. */
    enum Instances {
        F32, F64, BOTH;

        boolean has(Precision p) {
            return this == BOTH || (this == F64) == (p == Precision.FP64);
        }
    }

    /** How {@link KernelArgs} packs a parameter: what each C type needs in its slot. */
    enum Slot {
        /** a device pointer (any {@code *} type) */
        POINTER,
        /** {@code long long} */
        I64,
        /** {@code int} */
        I32,
        /** {@code double} whatever T is */
        F64,
        /** {@code T}: float or double with the kernel's precision */
        REAL;

        static Slot of(String cType) {
            if (cType.endsWith("*") || cType.startsWith("bf16(")) {
                return POINTER;
            }
            return switch (cType) {
                case "ll" -> I64;
                case "int" -> I32;
                case "double" -> F64;
                case "T" -> REAL;
                default -> throw new IllegalArgumentException("no slot for C type " + cType);
            };
        }
    }

    private final String source;
    private final String base;
    private final Instances instances;
    private final boolean syncs;
    private final List<String> params;
    // Derived once from the parameter types: every launch consults them.
    private final Slot[] slots;
    private final int[] masters;
    private final int[] copies;
    private final boolean[] written;
    private final String f32;
    private final String f64;

    Kernel(String source, String base, Instances instances, boolean syncs, String... params) {
        this.source = source;
        this.base = base;
        this.instances = instances;
        this.syncs = syncs;
        this.params = List.of(params);
        this.slots = new Slot[params.length];
        this.masters = new int[params.length];
        this.copies = new int[params.length];
        this.written = new boolean[params.length];
        java.util.Arrays.fill(copies, -1);
        for (int i = 0; i < params.length; i++) {
            slots[i] = Slot.of(params[i]);
            written[i] = params[i].equals("T*");
            String t = params[i];
            masters[i] = t.startsWith("bf16(") ? Integer.parseInt(t.substring(5, t.length() - 1)) : -1;
            if (masters[i] >= 0) {
                copies[masters[i]] = i;
            }
        }
        this.f32 = base + "_f32";
        this.f64 = base + "_f64";
    }

    String source() {
        return source;
    }

    String base() {
        return base;
    }

    boolean syncs() {
        return syncs;
    }

    /** The parameter types as written in the table ({@code T} for the real type, {@code bf16(i)} for copies). */
    List<String> params() {
        return params;
    }

    /** The C parameter types of the instance in {@code precision}. */
    List<String> cTypes(Precision precision) {
        String real = precision == Precision.FP64 ? "double" : "float";
        return params.stream().map(t -> t.startsWith("bf16(") ? "unsigned short*" : t.replace("T", real)).toList();
    }

    /** Whether parameter {@code i} is a tensor the kernel writes ({@code T*}). */
    boolean writes(int i) {
        return written[i];
    }

    /** The parameter holding the BF16 copy of parameter {@code i}, or -1 when the kernel writes none. */
    int copyOf(int i) {
        return copies[i];
    }

    /** The parameter whose BF16 copy parameter {@code i} is, or -1 when {@code i} is no copy. */
    int masterOf(int i) {
        return masters[i];
    }

    /** The function name of this kernel's instance in {@code precision}. */
    String symbol(Precision precision) {
        if (!instances.has(precision)) {
            throw new IllegalStateException(base + " has no " + precision + " instance");
        }
        return precision == Precision.FP64 ? f64 : f32;
    }

    /** The instances' precisions. */
    List<Precision> precisions() {
        List<Precision> out = new ArrayList<>();
        for (Precision p : List.of(Precision.FP32, Precision.FP64)) {
            if (instances.has(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Refuses a packing whose slots do not match the parameters (count and kind), naming the kernel. */
    void check(KernelArgs packed) {
        if (packed.count() != slots.length) {
            throw new IllegalStateException(base + " takes " + slots.length + " arguments, " + packed.count()
                    + " were packed");
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != packed.kind(i)) {
                throw new IllegalStateException(base + " argument " + i + " (" + params.get(i) + ") was packed as "
                        + packed.kind(i));
            }
        }
    }

    /** The kernel sources, in table order, each compiled into its own module. */
    static List<String> sources() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Kernel k : values()) {
            out.add(k.source);
        }
        return List.copyOf(out);
    }

    /** The function names {@code source} defines: every instance of every kernel in it. */
    static List<String> symbols(String source) {
        List<String> out = new ArrayList<>();
        for (Kernel k : values()) {
            if (k.source.equals(source)) {
                for (Precision p : k.precisions()) {
                    out.add(k.symbol(p));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(source);
        }
        return out;
    }
}
