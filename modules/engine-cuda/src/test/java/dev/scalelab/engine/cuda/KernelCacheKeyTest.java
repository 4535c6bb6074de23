package dev.scalelab.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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

    @Test
    void cacheLivesUnderScalelabCacheOrHome() {
        Path dir = KernelCompiler.defaultCacheDir();
        String env = System.getenv("SCALELAB_CACHE");
        Path expected = env != null && !env.isBlank() ? Path.of(env, "kernels")
                : Path.of(System.getProperty("user.home"), ".cache", "scalelab", "kernels");
        assertEquals(expected, dir);
    }
}
