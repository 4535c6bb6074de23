package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The disk cache of compiled kernels is keyed by source, target architecture and NVRTC version. */
class KernelCacheKeyTest {

    @Test
    void keyChangesWithSourceArchAndNvrtcVersionOnly() {
        String src = KernelCompiler.source("elementwise.cu");
        String key = KernelCompiler.cacheKey(src, "--gpu-architecture=sm_90", "13.0");
        assertEquals(key, KernelCompiler.cacheKey(src, "--gpu-architecture=sm_90", "13.0"));
        assertEquals(64, key.length());
        assertNotEquals(key, KernelCompiler.cacheKey(src, "--gpu-architecture=sm_80", "13.0"));
        assertNotEquals(key, KernelCompiler.cacheKey(src, "--gpu-architecture=sm_90", "12.8"));
        assertNotEquals(key, KernelCompiler.cacheKey(src + " ", "--gpu-architecture=sm_90", "13.0"));
    }

    @Test
    void everySourceIsAResource() {
        for (String s : KernelCompiler.SOURCES) {
            assertTrue(KernelCompiler.source(s).contains("extern \"C\" __global__"), s);
        }
    }

    /** NVRTC gets one self-contained source: a header beside it is inlined where it is included. */
    @Test
    void localHeadersAreInlined() {
        for (String s : List.of("elementwise.cu", "fused_mlp.cu")) {
            String src = KernelCompiler.source(s);
            assertFalse(src.contains("#include \""), s);
            assertTrue(src.contains("__device__ __forceinline__ T sl_activate(int act, T z)"), s);
            assertTrue(src.contains("extern \"C\" __global__"), s);
        }
    }

    @Test
    void cacheLivesUnderScalelabCacheOrHome() {
        Path dir = KernelCompiler.defaultCacheDir();
        String env = System.getenv("SCALELAB_CACHE");
        Path expected = env != null && !env.isBlank() ? Path.of(env, "kernels")
                : Path.of(System.getProperty("user.home"), ".cache", "scalelab", "kernels");
        assertEquals(expected, dir);
    }
}
