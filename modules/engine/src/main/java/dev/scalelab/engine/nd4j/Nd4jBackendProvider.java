package dev.scalelab.engine.nd4j;

import dev.scalelab.core.UserInputException;
import dev.scalelab.engine.compute.BackendProvider;
import dev.scalelab.engine.compute.Backends;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.Precision;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * {@code --backend cpu} (aliases {@code nd4j}, {@code nd4j-cpu}): the ND4J backend. Loading this class loads no
 * ND4J class; {@link #create} checks that ND4J and its natives are installed before it touches one, so a bundle
 * without ND4J gets a one-line error instead of a {@link NoClassDefFoundError}.
 */
public final class Nd4jBackendProvider implements BackendProvider {
    /** The names that select this backend; the first is its user-facing name. */
    public static final List<String> NAMES = List.of("cpu", "nd4j", "nd4j-cpu");

    private static final String ND4J_API = "org.nd4j.linalg.factory.Nd4j";
    private static final String ND4J_CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    private static final String ND4J_CPU_NATIVES = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    @Override
    public String name() {
        return NAMES.get(0);
    }

    @Override
    public List<String> names() {
        return NAMES;
    }

    @Override
    public ComputeBackend create(Precision precision) {
        checkInstalled();
        return new Nd4jBackend(precision);
    }

    @Override
    public ComputeBackend create(Precision precision, int device) {
        throw onTheCpu();
    }

    @Override
    public int deviceCount() {
        throw onTheCpu();
    }

    private static UserInputException onTheCpu() {
        return new UserInputException("--devices: --backend cpu runs on the CPU; --devices pins workers to GPUs (use "
                + "--backend cuda; available: " + Backends.available() + ")");
    }

    /**
     * ND4J loads its natives lazily and fails deep inside with a long trace; say in one line what is wrong
     * instead. With ND4J's CUDA backend on the class path (a {@code -Pcuda} build), let {@link Nd4jCudaVeto}s veto
     * the GPU first: nd4j-cuda-11.6 has no kernels for compute capability 9.0 and newer.
     */
    private void checkInstalled() {
        ClassLoader loader = Nd4jBackendProvider.class.getClassLoader();
        if (!present(ND4J_API, loader)) {
            throw new UserInputException("--backend cpu: ND4J is not in this installation (a GPU-only "
                    + "bundle?); use --backend cuda, or a build with it (available: " + Backends.available() + ")");
        }
        if (present(ND4J_CUDA_BACKEND, loader)) {
            for (Nd4jCudaVeto veto : ServiceLoader.load(Nd4jCudaVeto.class, loader)) {
                veto.check();
            }
        } else if (!nativesPresent(loader)) {
            throw new UserInputException("--backend cpu: ND4J's CPU native libraries are not in this "
                    + "installation (a GPU-only bundle?); use --backend cuda, or a build with them (available: "
                    + Backends.available() + ")");
        }
    }

    /** Whether ND4J's CPU backend is installed, and what was found; read without loading any ND4J class. */
    public record Installation(boolean present, String detail) {
    }

    /** What {@code --backend cpu} would find, checked as {@link #create} checks it but without creating it. */
    public static Installation installation() {
        ClassLoader loader = Nd4jBackendProvider.class.getClassLoader();
        if (!present(ND4J_API, loader)) {
            return new Installation(false, "not in this installation");
        }
        String platform = javacppPlatform();
        if (!present(ND4J_CUDA_BACKEND, loader) && !nativesPresent(loader)) {
            return new Installation(false, "ND4J classes present, but no native libraries for " + platform);
        }
        Package p = loader.getDefinedPackage("org.nd4j.linalg.factory");
        String version = p != null && p.getImplementationVersion() != null ? " " + p.getImplementationVersion() : "";
        return new Installation(true, "ND4J" + version + (present(ND4J_CUDA_BACKEND, loader)
                ? " with its CUDA backend (-Pcuda)" : " with native libraries for " + platform));
    }

    private static boolean nativesPresent(ClassLoader loader) {
        String platform = javacppPlatform();
        return platform == null || loader.getResource(ND4J_CPU_NATIVES + platform + "/") != null;
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
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
}
