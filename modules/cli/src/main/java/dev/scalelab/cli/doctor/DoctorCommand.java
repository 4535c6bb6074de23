package dev.scalelab.cli.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.cuda.CudaInventory;
import dev.scalelab.engine.selftest.BackendSelfTest;
import dev.scalelab.engine.selftest.Check;
import dev.scalelab.engine.selftest.SelfTestSettings;
import dev.scalelab.engine.selftest.SelfTestTargets;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.cpu.CpuFusedSetting;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scalelab doctor}: what this machine can run, and with {@code --gpu-test} / {@code --cpu-test} a self-test
 * of the GPU / the CPU backend.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Says what this machine can run: Java, CPU, the ND4J CPU backend, the NVIDIA driver, NVRTC, "
                + "cuBLAS, each GPU and the kernel cache.",
            "With --gpu-test, checks the GPU that $SCALELAB_CUDA_DEVICE selects (default 0) against a plain-Java "
                + "float64 implementation of every primitive, and exits 0 only when every check passes (1 "
                + "otherwise).",
            "With --cpu-test, the same checks on the CPU backend: its fused kernels and one-pass optimizer "
                + "($SCALELAB_CPU_FUSED=1), then ND4J's primitives ($SCALELAB_CPU_FUSED=0)."})
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--gpu-test", description = "run the GPU self-test (about a minute)")
    private boolean gpuTest;

    @Option(names = "--cpu-test", description = "run the same self-test on the CPU backend (about a minute)")
    private boolean cpuTest;

    @Option(names = "--steps", description = "training steps of each self-test run (default ${DEFAULT-VALUE})",
            defaultValue = "200")
    private int steps;

    @Option(names = "--models", description = "K of the batched-equals-one-by-one check (default ${DEFAULT-VALUE})",
            defaultValue = "64")
    private int models;

    @Option(names = "--json", description = "print one JSON document instead of the report")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        UserInputException.require(steps >= 1, "--steps must be ≥ 1, got " + steps);
        UserInputException.require(models >= 1, "--models must be ≥ 1, got " + models);
        PrintWriter out = spec.commandLine().getOut();
        MachineFacts facts = MachineFacts.probe();
        if (!json) {
            DoctorReport.printFacts(facts, out);
            out.flush();
        }
        List<Check> checks = null;
        String tested = null;
        String noGpu = null;
        if (gpuTest) {
            checks = new ArrayList<>();
            int ordinal = CudaTargets.selectedOrdinal();
            CudaInventory.Gpu gpu = facts.cuda().gpus().stream().filter(g -> g.ordinal() == ordinal).findFirst()
                    .orElse(null);
            if (gpu == null) {
                noGpu = facts.cuda().gpus().isEmpty()
                        ? "no GPU: this machine has no usable CUDA GPU, so there is nothing to test"
                                + (facts.cuda().problems().isEmpty() ? ""
                                        : " (" + String.join("; ", facts.cuda().problems()) + ")")
                        : "no GPU " + ordinal + " ($SCALELAB_CUDA_DEVICE): this machine has GPU "
                                + String.join(", ", facts.cuda().gpus().stream().map(g -> "" + g.ordinal()).toList());
                if (!json) {
                    out.println();
                    out.println(noGpu);
                }
            } else {
                tested = "GPU " + gpu.ordinal() + " (" + gpu.name() + ")";
                checks.addAll(selfTest(CudaTargets.of(gpu), out));
            }
        }
        List<Check> cpuChecks = null;
        String noCpu = cpuTest && !facts.nd4j().present()
                ? "no CPU backend: this installation has no ND4J (a GPU bundle), so there is nothing to test" : null;
        if (noCpu != null && !json) {
            out.println();
            out.println(noCpu);
        }
        if (cpuTest && noCpu == null) {
            cpuChecks = new ArrayList<>();
            for (SelfTestTargets target : List.of(
                    cpuTarget("CPU, fused kernels ($SCALELAB_CPU_FUSED=1)", CpuFusedSetting.ON),
                    cpuTarget("CPU, ND4J primitives ($SCALELAB_CPU_FUSED=0)", CpuFusedSetting.OFF))) {
                cpuChecks.addAll(selfTest(target, out));
            }
        }
        boolean gpuPassed = noGpu == null && (checks == null || checks.stream().noneMatch(Check::failed));
        boolean cpuPassed = noCpu == null && (cpuChecks == null || cpuChecks.stream().noneMatch(Check::failed));
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>(DoctorReport.factsJson(facts));
            if (checks != null) {
                Map<String, Object> test = new LinkedHashMap<>();
                test.put("device", tested);
                test.put("passed", gpuPassed);
                if (noGpu != null) {
                    test.put("error", noGpu);
                }
                test.put("checks", checks);
                doc.put("gpu_test", test);
            }
            if (cpuTest) {
                Map<String, Object> test = new LinkedHashMap<>();
                test.put("passed", cpuPassed);
                if (noCpu != null) {
                    test.put("error", noCpu);
                }
                test.put("checks", cpuChecks == null ? List.of() : cpuChecks);
                doc.put("cpu_test", test);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            if (checks != null && noGpu == null) {
                DoctorReport.printVerdict(checks, out);
            }
            if (cpuChecks != null) {
                DoctorReport.printVerdict(cpuChecks, out);
            }
        }
        out.flush();
        return gpuPassed && cpuPassed ? 0 : 1;
    }

    /** Runs the self-test on {@code targets}, printing each check as it ends (unless --json). */
    private List<Check> selfTest(SelfTestTargets targets, PrintWriter out) {
        if (!json) {
            out.println();
            out.println("Self-test of " + targets.device() + " against the float64 reference:");
            DoctorReport.printCheckHeader(out);
            out.flush();
        }
        return new BackendSelfTest(new SelfTestSettings(steps, models, Math.min(steps, 50))).run(targets, c -> {
            if (!json) {
                DoctorReport.printCheck(c, out);
                out.flush();
            }
        });
    }

    private static SelfTestTargets cpuTarget(String name, CpuFusedSetting setting) {
        return new SelfTestTargets(name, () -> new Nd4jBackend(Precision.FP32, setting), null, null, null);
    }
}
