package dev.scalelab.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only JSON-lines files (metrics.jsonl, index.jsonl). Reading tolerates a truncated last line (a
 * process killed mid-write); a bad line anywhere else is corruption and an error naming file and line.
 */
public final class JsonLines {
    private JsonLines() {
    }

    /** What a tolerant read found: the records, and whether an incomplete last line was dropped. */
    public record Read<T>(List<T> records, boolean truncatedTail) {
    }

    /**
     * The longest line read (1 MiB; ScaleLab writes lines of a few hundred bytes): a longer one is refused in one
     * line rather than read into memory whole.
     */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /**
     * Reads every line as a {@code type}, streaming, one line in memory at a time. A last line with no newline
     * that does not parse (cut short by a kill) is dropped and reported; any other bad line, or one longer than
     * {@link #MAX_LINE_BYTES}, is a {@link RunLogException} naming the file and line.
     */
    public static <T> Read<T> read(Path file, Class<T> type) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return new Read<>(List.of(), false);
        }
        List<T> out = new ArrayList<>();
        boolean truncated = false;
        try (in) {
            byte[] chunk = new byte[1 << 16];
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
            int number = 0;
            for (int n = in.read(chunk); ; n = in.read(chunk)) {
                int start = 0;
                for (int k = 0; k < Math.max(n, 0); k++) {
                    if (chunk[k] == '\n') {
                        append(line, chunk, start, k - start, file, number);
                        truncated |= parse(line, ++number, false, file, type, out);
                        start = k + 1;
                    }
                }
                if (n < 0) {
                    // No newline after the last line: possibly cut short.
                    truncated |= parse(line, ++number, true, file, type, out);
                    break;
                }
                append(line, chunk, start, n - start, file, number);
            }
        }
        return new Read<>(out, truncated);
    }

    /** Adds bytes of line {@code number + 1} to {@code line}, refusing it past {@link #MAX_LINE_BYTES}. */
    private static void append(java.io.ByteArrayOutputStream line, byte[] bytes, int from, int length, Path file,
                               int number) {
        if (line.size() + length > MAX_LINE_BYTES) {
            throw new RunLogException(file + ":" + (number + 1) + ": a line longer than " + MAX_LINE_BYTES / (1 << 20)
                    + " MiB (not a ScaleLab run log?)");
        }
        line.write(bytes, from, length);
    }

    /**
     * Parses (and empties) one line into {@code out}; returns whether it was a cut-short last line that was
     * dropped. A bad line before the last is corruption.
     */
    private static <T> boolean parse(java.io.ByteArrayOutputStream line, int number, boolean last, Path file,
                                     Class<T> type, List<T> out) {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (text.isEmpty()) {
            return false;
        }
        JsonNode node;
        try {
            node = RunLogs.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            if (!last) {
                throw new RunLogException(file + ":" + number + ": not a JSON object (corrupt log)");
            }
            return true;
        }
        out.add(RunLogs.convert(node, type, file + ":" + number));
        return false;
    }

    /**
     * Opens a file for appending lines. With {@code truncate} the file starts empty; otherwise an incomplete
     * last line left by a killed writer is cut off first, so the next line starts on a line of its own.
     */
    public static Writer open(Path file, boolean truncate) throws IOException {
        if (truncate) {
            return new Writer(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING));
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        ch.truncate(completeLength(ch));
        ch.position(ch.size());
        return new Writer(ch);
    }

    /** Length of the file up to and including its last newline. */
    private static long completeLength(FileChannel ch) throws IOException {
        long size = ch.size();
        java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(4096);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - one.capacity());
            one.clear().limit((int) (end - start));
            ch.read(one, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (one.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /**
     * Writes one JSON document per line. Lines reach the OS at least once a second ({@link #FLUSH_NANOS}) and on
     * close, so a live run can be followed with {@code tail -f} while tiny runs do not pay a write per line.
     */
    public static final class Writer implements Closeable {
        static final long FLUSH_NANOS = 1_000_000_000L;
        private final BufferedWriter out;
        private long lastFlush = System.nanoTime();

        private Writer(FileChannel channel) {
            this.out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8));
        }

        public void append(Object record) throws IOException {
            out.write(RunLogs.line(record));
            out.write('\n');
            long now = System.nanoTime();
            if (now - lastFlush >= FLUSH_NANOS) {
                out.flush();
                lastFlush = now;
            }
        }

        /** Writes the first half of {@code record}'s line and hands it to the OS: a torn line, for {@link TestHold}. */
        void appendTorn(Object record) throws IOException {
            String line = RunLogs.line(record);
            out.write(line, 0, line.length() / 2);
            flush();
        }

        /** Hands everything written so far to the OS. */
        public void flush() throws IOException {
            out.flush();
            lastFlush = System.nanoTime();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
