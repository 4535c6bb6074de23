package dev.scalelab.cli.bundle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DT_NEEDED entries of a 64-bit little-endian x86-64 ELF shared object: the libraries the dynamic loader must
 * find before the object can be used. Read from the section headers (the .dynamic section and the string table it
 * links to), as {@code readelf -d} prints them, with no tool installed.
 */
final class ElfNeeded {
    private static final int EM_X86_64 = 62;
    private static final int SHT_DYNAMIC = 6;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;

    private ElfNeeded() {
    }

    /** The needed sonames, or empty when the bytes are not an x86-64 ELF64 object (another platform's library). */
    static Optional<List<String>> of(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 64 || b.getInt(0) != 0x464c457f || file[4] != 2 || file[5] != 1
                || b.getShort(18) != EM_X86_64) {
            return Optional.empty();
        }
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff;
        int shnum = b.getShort(60) & 0xffff;
        List<String> needed = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int sh = Math.toIntExact(shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_DYNAMIC) {
                continue;
            }
            int offset = Math.toIntExact(b.getLong(sh + 24));
            int size = Math.toIntExact(b.getLong(sh + 32));
            int strtabHeader = Math.toIntExact(shoff + (long) b.getInt(sh + 40) * shentsize);
            int strtab = Math.toIntExact(b.getLong(strtabHeader + 24));
            for (int e = offset; e + 16 <= offset + size; e += 16) {
                long tag = b.getLong(e);
                if (tag == DT_NULL) {
                    break;
                }
                if (tag == DT_NEEDED) {
                    needed.add(string(file, strtab + Math.toIntExact(b.getLong(e + 8))));
                }
            }
        }
        return Optional.of(needed);
    }

    private static String string(byte[] file, int at) {
        int end = at;
        while (file[end] != 0) {
            end++;
        }
        return new String(file, at, end - at, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
