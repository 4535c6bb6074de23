package dev.scalelab.engine.cuda;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles the kernel sources ({@code kernels/*.cu} resources) with NVRTC for the GPU's own architecture and
 * caches the binaries on disk, keyed by a hash of source + target + NVRTC version + options, under
 * {@code $SCALELAB_CACHE/kernels} or {@code ~/.cache/scalelab/kernels}.
 *
 * <p>Target: CUBIN for {@code sm_XY} when this NVRTC supports the device's compute capability; for a device
 * newer than the NVRTC, PTX for the newest {@code compute_XY} it knows (the driver JIT-compiles it). CUDA 13's
 * NVRTC dropped sm_70 (Volta): there an older NVRTC (libnvrtc.so.12) is chosen if installed.
 */
final class KernelCompiler {
    /** The kernel sources, each compiled into its own module. */
    static final List<String> SOURCES = Kernel.sources();
    static final String RESOURCE_DIR = "/dev/scalelab/engine/cuda/kernels/";

    /** A chosen NVRTC and the code it will produce. */
    record Target(NativeLibrary nvrtc, String version, String arch, boolean cubin) {
        String option() {
            return "--gpu-architecture=" + arch;
        }
    }

    private final Target target;
    private final Path cacheDir;

    KernelCompiler(Target target, Path cacheDir) {
        this.target = target;
        this.cacheDir = cacheDir;
    }

    Target target() {
        return target;
    }

    /**
     * Picks the NVRTC for a device of compute capability {@code cc} (e.g. 90): the first candidate (CUDA 13, 12,
     * 11 order) that supports it exactly; else the first one whose newest architecture is older (PTX, JIT by the
     * driver); else a one-line error.
     */
    static Target choose(List<NativeLibrary> candidates, int cc) {
        List<String> seen = new ArrayList<>();
        Target fallback = null;
        for (NativeLibrary lib : candidates) {
            int[] archs = supportedArchs(lib);
            String version = version(lib);
            if (archs.length == 0) {
                seen.add(CudaLibraries.soname(lib) + " (" + version + ": none)");
                continue;
            }
            seen.add(CudaLibraries.soname(lib) + " (" + version + ": sm_" + archs[0] + "-sm_" + archs[archs.length - 1] + ")");
            if (Arrays.stream(archs).anyMatch(a -> a == cc)) {
                return new Target(lib, version, "sm_" + cc, true);
            }
            int newest = archs[archs.length - 1];
            if (fallback == null && newest < cc) {
                fallback = new Target(lib, version, "compute_" + newest, false);
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw CudaLibraries.missing("no NVRTC can compile for this GPU's sm_" + cc + " (found " + String.join(", ",
                seen) + "); CUDA 13 dropped sm_70, install CUDA 12's NVRTC (libnvrtc.so.12)");
    }

    /** NVRTC's supported SM architectures, ascending (probed through JNA's indirect calls, before binding). */
    static int[] supportedArchs(NativeLibrary lib) {
        try {
            int[] n = new int[1];
            Function count = lib.getFunction("nvrtcGetNumSupportedArchs");
            if (count.invokeInt(new Object[] {n}) != 0 || n[0] <= 0) {
                return new int[0];
            }
            int[] archs = new int[n[0]];
            if (lib.getFunction("nvrtcGetSupportedArchs").invokeInt(new Object[] {archs}) != 0) {
                return new int[0];
            }
            Arrays.sort(archs);
            return archs;
        } catch (UnsatisfiedLinkError e) {
            return new int[0];
        }
    }

    static String version(NativeLibrary lib) {
        int[] major = new int[1];
        int[] minor = new int[1];
        try {
            if (lib.getFunction("nvrtcVersion").invokeInt(new Object[] {major, minor}) == 0) {
                return major[0] + "." + minor[0];
            }
        } catch (UnsatisfiedLinkError e) {
            // fall through
        }
        return "unknown";
    }

    /** The cache folder: $SCALELAB_CACHE/kernels, else ~/.cache/scalelab/kernels. */
    static Path defaultCacheDir() {
        String env = System.getenv("SCALELAB_CACHE");
        Path root = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "scalelab");
        return root.resolve("kernels");
    }

    /**
     * What NVRTC compiles for a source: the generated {@link KernelPrelude}, then the file, each of its
     * {@code #include "x.cuh"} lines replaced by that header beside it (so NVRTC needs no include path and the cache
     * key covers the headers); {@code #line} directives keep every file's own line numbers in NVRTC's messages.
     */
    static String source(String name) {
        StringBuilder out = new StringBuilder(KernelPrelude.text()).append("#line 1 \"").append(name).append("\"\n");
        String[] lines = resource(name).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher include = LOCAL_INCLUDE.matcher(lines[i]);
            if (include.matches()) {
                out.append("#line 1 \"").append(include.group(1)).append("\"\n").append(resource(include.group(1)))
                        .append("#line ").append(i + 2).append(" \"").append(name).append("\"\n");
            } else {
                out.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
            }
        }
        return out.toString();
    }

    private static final Pattern LOCAL_INCLUDE = Pattern.compile("\\s*#include \"([A-Za-z0-9_]+\\.cuh)\"\\s*");

    private static String resource(String name) {
        try (InputStream in = KernelCompiler.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The NVRTC options for a target; part of the cache key. */
    static List<String> options(String targetOption) {
        return List.of(targetOption, "--std=c++14", "--fmad=true");
    }

    /** Hex SHA-256 of everything that determines the binary. */
    static String cacheKey(String source, String targetOption, String nvrtcVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            for (String part : options(targetOption)) {
                sha.update((byte) 0);
                sha.update(part.getBytes(StandardCharsets.UTF_8));
            }
            sha.update((byte) 0);
            sha.update(nvrtcVersion.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The binary for one source: from the disk cache, or compiled now and cached. */
    byte[] binary(String name) {
        String source = source(name);
        String key = cacheKey(source, target.option(), target.version());
        Path file = cacheDir.resolve(name.replace(".cu", "") + "-" + target.arch() + "-" + key.substring(0, 16)
                + (target.cubin() ? ".cubin" : ".ptx"));
        try {
            if (Files.isReadable(file)) {
                return Files.readAllBytes(file);
            }
        } catch (IOException e) {
            // recompile
        }
        byte[] binary = compile(name, source);
        try {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, name, ".tmp");
            Files.write(tmp, binary);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // An unwritable cache only costs a recompilation next time.
        }
        return binary;
    }

    private byte[] compile(String name, String source) {
        long[] program = new long[1];
        Nvrtc.check(Nvrtc.nvrtcCreateProgram(program, source, name, 0, null, null), "nvrtcCreateProgram");
        try {
            List<String> options = options(target.option());
            int result = Nvrtc.nvrtcCompileProgram(program[0], options.size(),
                    new StringArray(options.toArray(new String[0])));
            if (result != 0) {
                throw new CudaException("NVRTC " + target.version() + " could not compile " + name + " for "
                        + target.arch() + ": " + Nvrtc.errorString(result) + "\n" + log(program[0]), result);
            }
            long[] size = new long[1];
            byte[] out;
            if (target.cubin()) {
                Nvrtc.check(Nvrtc.nvrtcGetCUBINSize(program[0], size), "nvrtcGetCUBINSize");
                out = new byte[(int) size[0]];
                Nvrtc.check(Nvrtc.nvrtcGetCUBIN(program[0], out), "nvrtcGetCUBIN");
            } else {
                Nvrtc.check(Nvrtc.nvrtcGetPTXSize(program[0], size), "nvrtcGetPTXSize");
                out = new byte[(int) size[0]];
                Nvrtc.check(Nvrtc.nvrtcGetPTX(program[0], out), "nvrtcGetPTX");
            }
            return out;
        } finally {
            Nvrtc.nvrtcDestroyProgram(program);
        }
    }

    private static String log(long program) {
        long[] size = new long[1];
        if (Nvrtc.nvrtcGetProgramLogSize(program, size) != 0 || size[0] <= 1) {
            return "";
        }
        byte[] log = new byte[(int) size[0]];
        Nvrtc.nvrtcGetProgramLog(program, log);
        return new String(log, 0, log.length - 1, StandardCharsets.UTF_8);
    }
}
