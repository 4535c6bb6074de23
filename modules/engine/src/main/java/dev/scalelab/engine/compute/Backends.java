package dev.scalelab.engine.compute;

import dev.scalelab.core.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Creates a compute backend from its user-facing name. Every backend is a {@link BackendProvider} found through
 * {@link ServiceLoader}: {@code cpu} (ND4J, this module), {@code cuda} and its modes ({@code scalelab-engine-cuda}).
 * No backend's library is loaded unless that backend is the one asked for.
 */
public final class Backends {
    /** For help texts (a compile-time constant); {@link #available()} lists what this installation has. */
    public static final String AVAILABLE = "cpu (alias nd4j), cuda (NVIDIA GPU, when installed)";

    /** The backend used when none is named; listed first. */
    public static final String DEFAULT = "cpu";

    private Backends() {
    }

    public static ComputeBackend create(String name, Precision precision) {
        return provider(name).create(precision);
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
        String key = name == null ? DEFAULT : name.trim().toLowerCase(Locale.ROOT);
        for (BackendProvider p : providers()) {
            if (p.names().contains(key)) {
                return p;
            }
        }
        throw new UserInputException("--backend: unknown backend '" + name + "' (available: " + available() + ")");
    }

    /** The backends of this installation, e.g. {@code cpu (alias nd4j), cuda, cuda-tf32}. */
    public static String available() {
        StringBuilder s = new StringBuilder();
        for (BackendProvider p : providers()) {
            s.append(s.isEmpty() ? "" : ", ").append(p.name());
            if (p.names().size() > 1) {
                s.append(" (alias ").append(p.names().get(1)).append(')');
            }
        }
        return s.toString();
    }

    /** The providers, the default first, the others in class-path order; a broken one is skipped, not fatal. */
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
        found.sort(java.util.Comparator.comparing(p -> !p.name().equals(DEFAULT)));
        return found;
    }
}
