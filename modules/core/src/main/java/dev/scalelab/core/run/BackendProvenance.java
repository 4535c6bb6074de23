package dev.scalelab.core.run;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a compute backend says about itself for provenance: its id ({@code nd4j-cpu}, {@code cuda}), the device
 * in words, the versions of the native libraries it runs on, its BLAS and native threads per op where those
 * apply (null otherwise), and the settings that change its results or speed (e.g. OpenBLAS's core type, CUDA
 * graphs on or off).
 */
public record BackendProvenance(String backend, String device, Map<String, String> libraries, String blas,
                                Integer threads, Map<String, String> settings) {

    public BackendProvenance {
        libraries = libraries == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(libraries));
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** A backend with no libraries, BLAS, threads or settings to report. */
    public static BackendProvenance basic(String backend, String device) {
        return new BackendProvenance(backend, device, Map.of(), null, null, Map.of());
    }
}
