package dev.scalelab.engine.cuda;

import dev.scalelab.engine.compute.Precision;
import java.util.List;

/**
 * The fake CUDA library's kernel declarations and registrations, generated from {@link Kernel}'s table: for each
 * instance an {@code extern "C"} declaration and an entry that unpacks its parameters from the launch's slots.
 */
final class FakeKernels {
    private FakeKernels() {
    }

    static String text() {
        StringBuilder decls = new StringBuilder("// Generated from Kernel.java by FakeKernels: do not edit.\n");
        StringBuilder regs = new StringBuilder("static void registerKernels() {\n    if (kernels.empty()) {\n");
        for (Kernel k : Kernel.values()) {
            for (Precision p : k.precisions()) {
                List<String> types = k.cTypes(p);
                String symbol = k.symbol(p);
                decls.append("extern \"C\" void ").append(symbol).append('(').append(String.join(", ", types))
                        .append(");\n");
                regs.append("        kernels.push_back({\"").append(symbol).append("\", ").append(types.size())
                        .append(", ").append(k.syncs()).append(", [](void** params) { ").append(symbol).append('(');
                for (int i = 0; i < types.size(); i++) {
                    regs.append(i == 0 ? "" : ", ").append("P(").append(types.get(i)).append(", ").append(i)
                            .append(')');
                }
                regs.append("); }});\n");
            }
        }
        return decls.append('\n').append(regs).append("    }\n}\n").toString();
    }
}
