package dev.scalelab.engine.compute;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.nd4j.Nd4jBackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Creates a compute backend from its user-facing name: {@code cpu} (ND4J) is built in; other backends (e.g.
 * {@code cuda} from {@code scalelab-engine-cuda}) are found through {@link ServiceLoader} as
 * {@link BackendProvider}s. No ND4J class is loaded unless the ND4J backend is the one asked for.
 */
public final class Backends {
    /** For help texts (a compile-time constant); {@link #available()} lists what this installation has. */
    public static final String AVAILABLE = "cpu (alias nd4j), cuda (NVIDIA GPU, when installed)";

    private Backends() {
    }

    public static ComputeBackend create(String name, Precision precision) {
        String key = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        List<BackendProvider> plugins = providers();
        if (Nd4jBackendProvider.NAMES.contains(key)) {
            return new Nd4jBackendProvider(key, plugins, available()).create(precision);
        }
        for (BackendProvider p : plugins) {
            if (p.name().equals(key)) {
                return p.create(precision);
            }
        }
        throw new UserInputException("--backend: unknown backend '" + name + "' (available: " + available() + ")");
    }

    /** The backend {@code name} on device {@code device} ({@code sweep run --devices}). */
    public static ComputeBackend create(String name, Precision precision, int device) {
        return provider(name).create(precision, device);
    }

    /** How many devices backend {@code name} has here; a one-line error for the CPU or a machine without GPUs. */
    public static int deviceCount(String name) {
        return provider(name).deviceCount();
    }

    private static BackendProvider provider(String name) {
        String key = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        if (Nd4jBackendProvider.NAMES.contains(key)) {
            throw new UserInputException("--devices: --backend " + key + " runs on the CPU; --devices pins workers "
                    + "to GPUs (use --backend cuda; available: " + available() + ")");
        }
        for (BackendProvider p : providers()) {
            if (p.name().equals(key)) {
                return p;
            }
        }
        throw new UserInputException("--backend: unknown backend '" + name + "' (available: " + available() + ")");
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
}
