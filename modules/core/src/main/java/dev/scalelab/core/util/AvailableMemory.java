package dev.scalelab.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Memory this process can still take on the host: the kernel's MemAvailable, capped by a cgroup (v2) limit
 * where one is set. Empty where neither can be read (not Linux). ND4J's buffers live outside the Java heap, so
 * the heap's own limit does not bound them.
 */
public final class AvailableMemory {
    private AvailableMemory() {
    }

    public static OptionalLong availableBytes() {
        OptionalLong meminfo = memAvailable(Path.of("/proc/meminfo"));
        OptionalLong cgroup = cgroupHeadroom(Path.of("/sys/fs/cgroup"));
        if (meminfo.isPresent() && cgroup.isPresent()) {
            return OptionalLong.of(Math.min(meminfo.getAsLong(), cgroup.getAsLong()));
        }
        return meminfo.isPresent() ? meminfo : cgroup;
    }

    /** MemAvailable of a /proc/meminfo file, in bytes. */
    static OptionalLong memAvailable(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    String[] parts = line.substring("MemAvailable:".length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: unknown
        }
        return OptionalLong.empty();
    }

    /** memory.max − memory.current of a cgroup v2 directory, when it sets a limit. */
    static OptionalLong cgroupHeadroom(Path cgroup) {
        try {
            String max = Files.readString(cgroup.resolve("memory.max")).trim();
            if (max.equals("max")) {
                return OptionalLong.empty();
            }
            long current = Long.parseLong(Files.readString(cgroup.resolve("memory.current")).trim());
            return OptionalLong.of(Math.max(0, Long.parseLong(max) - current));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
