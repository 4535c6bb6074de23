package dev.scalelab.engine.compute;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Creates a compute backend from its user-facing name: {@code cpu} (ND4J) is built in; other backends (e.g.
 * {@code cuda} from {@code scalelab-engine-cuda}) are found through {@link ServiceLoader} as
 * {@link BackendProvider}s.
 */
public final class Backends {
    /** For help texts (a compile-time constant); {@link #available()} lists what this installation has. */
    public static final String AVAILABLE = "cpu (alias nd4j), cuda (NVIDIA GPU, when installed)";

    private static final String ND4J_CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    private static final String ND4J_CPU_NATIVES = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    private Backends() {
    }

    public static ComputeBackend create(String name, Precision precision) {
        String key = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "cpu", "nd4j", "nd4j-cpu" -> {
                checkNd4jNatives(key);
                return new Nd4jBackend(precision);
            }
            default -> {
                for (BackendProvider p : providers()) {
                    if (p.name().equals(key)) {
                        return p.create(precision);
                    }
                }
                throw new UserInputException("--backend: unknown backend '" + name + "' (available: "
                        + available() + ")");
            }
        }
    }

    /** Whether a backend name selects the ND4J CPU backend. */
    public static boolean isNd4j(String name) {
        String key = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        return key.equals("cpu") || key.equals("nd4j") || key.equals("nd4j-cpu");
    }

    /** The backends of this installation, e.g. {@code cpu (alias nd4j), cuda, cuda-tf32}. */
    public static String available() {
        StringBuilder s = new StringBuilder("cpu (alias nd4j)");
        for (BackendProvider p : providers()) {
            s.append(", ").append(p.name());
        }
        return s.toString();
    }

    /** The plugged-in providers, in class-path order; a broken provider is skipped, not fatal. */
    static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        var it = ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // A provider whose dependencies are missing (e.g. no JNA) is simply not available.
            }
        }
        return found;
    }

    /** JavaCPP's name of this platform (the folder of ND4J's natives), or null when we cannot tell. */
    private static String javacppPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macosx" : os.startsWith("windows")
                ? "windows" : null;
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            default -> null;
        };
        return o == null || a == null ? null : o + "-" + a;
    }

    /**
     * ND4J loads its natives lazily and fails deep inside with a long trace; say in one line what is wrong
     * instead. With ND4J's CUDA backend on the class path (a {@code -Pcuda} build), let the providers veto the GPU
     * first: nd4j-cuda-11.6 has no kernels for compute capability 9.0 and newer.
     */
    private static void checkNd4jNatives(String key) {
        ClassLoader loader = Backends.class.getClassLoader();
        boolean nd4jCuda;
        try {
            Class.forName(ND4J_CUDA_BACKEND, false, loader);
            nd4jCuda = true;
        } catch (ClassNotFoundException e) {
            nd4jCuda = false;
        }
        if (nd4jCuda) {
            for (BackendProvider p : providers()) {
                p.checkNd4jCuda();
            }
        } else if (javacppPlatform() != null && loader.getResource(ND4J_CPU_NATIVES + javacppPlatform() + "/") == null) {
            throw new UserInputException("--backend " + key + ": ND4J's CPU native libraries are not in this "
                    + "installation (a GPU-only bundle?); use --backend cuda, or a build with them (available: "
                    + available() + ")");
        }
    }
}
