package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogIoTest {

    private static MetricLine line(long step) {
        return new MetricLine(step, step * 10, 60.0 * step, 0.1 * step, 1.0 / step, null, null);
    }

    @Test
    void atomicWriteReplacesWholeAndLeavesNoTemporaryFile(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("summary.json");
        AtomicFiles.write(f, "first".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(f, "second".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(tmp.resolve("other"), "x".getBytes(StandardCharsets.UTF_8), false);
        assertEquals("second", Files.readString(f));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("other", "summary.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void truncatedLastLineIsToleratedAndRepairedOnAppend(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("metrics.jsonl");
        try (JsonLines.Writer w = JsonLines.open(f, true)) {
            w.append(line(1));
            w.append(line(2));
        }
        String full = Files.readString(f);
        // A kill in the middle of writing the third line:
        Files.writeString(f, full + RunLogs.line(line(3)).substring(0, 17));
        JsonLines.Read<MetricLine> read = JsonLines.read(f, MetricLine.class);
        assertEquals(2, read.records().size());
        assertTrue(read.truncatedTail());
        // Appending again cuts the partial line off first, so no record is glued to it.
        try (JsonLines.Writer w = JsonLines.open(f, false)) {
            w.append(line(3));
        }
        read = JsonLines.read(f, MetricLine.class);
        assertEquals(List.of(1L, 2L, 3L), read.records().stream().map(MetricLine::step).toList());
        assertFalse(read.truncatedTail());
    }

    @Test
    void aCompleteLastLineWithoutNewlineIsKept(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("m.jsonl");
        Files.writeString(f, RunLogs.line(line(1)) + "\n" + RunLogs.line(line(2)));
        JsonLines.Read<MetricLine> read = JsonLines.read(f, MetricLine.class);
        assertEquals(2, read.records().size());
        assertFalse(read.truncatedTail());
    }

    @Test
    void aBadLineInTheMiddleIsCorruptionNamingFileAndLine(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("m.jsonl");
        Files.writeString(f, RunLogs.line(line(1)) + "\n{\"step\":\n" + RunLogs.line(line(3)) + "\n");
        RunLogException e = assertThrows(RunLogException.class, () -> JsonLines.read(f, MetricLine.class));
        assertTrue(e.getMessage().endsWith("m.jsonl:2: not a JSON object (corrupt log)"), e.getMessage());
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedInOneLineWithoutReadingItWhole(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("m.jsonl");
        String ok = "{\"step\":1,\"samples\":1,\"flops\":1.0,\"wall\":0.1,\"train_loss\":0.5}\n";
        String huge = "{\"step\":2,\"note\":\"" + "x".repeat(JsonLines.MAX_LINE_BYTES) + "\"}\n";
        Files.writeString(f, ok + huge + ok);
        RunLogException e = assertThrows(RunLogException.class, () -> JsonLines.read(f, MetricLine.class));
        assertEquals(f + ":2: a line longer than 1 MiB (not a ScaleLab run log?)", e.getMessage());
        String justUnder = "{\"step\":2,\"samples\":1,\"flops\":1.0,\"wall\":0.1,\"train_loss\":0.5,\"x\":\""
                + "y".repeat(JsonLines.MAX_LINE_BYTES - 200) + "\"}\n";
        Files.writeString(f, ok + justUnder + ok);
        assertEquals(3, JsonLines.read(f, MetricLine.class).records().size(), "a long valid line under the limit");
    }

    @Test
    void metricLinesLeaveOutUnmeasuredFieldsAndWriteNullForNonFiniteLoss() {
        assertEquals("{\"step\":1,\"samples\":10,\"flops\":60.0,\"wall\":0.5,\"train_loss\":null}",
                RunLogs.line(new MetricLine(1, 10, 60, 0.5, RunLogs.finite(Double.NaN), null, null)));
        assertEquals("{\"step\":1,\"samples\":10,\"flops\":60.0,\"wall\":0.5,\"train_loss\":0.25,\"test_loss\":0.5}",
                RunLogs.line(new MetricLine(1, 10, 60, 0.5, 0.25, 0.5, null)));
    }

    @Test
    void secondLockNamesTheHolder(@TempDir Path tmp) throws IOException {
        try (DirectoryLock held = DirectoryLock.acquire(tmp)) {
            UserInputException e = assertThrows(UserInputException.class, () -> DirectoryLock.acquire(tmp));
            String me = DirectoryLock.self();
            assertTrue(e.getMessage().contains("is in use by process " + me), e.getMessage());
            assertTrue(e.getMessage().contains(".lock"), e.getMessage());
        }
        // Released: it can be taken again.
        DirectoryLock.acquire(tmp).close();
    }

    @Test
    void indexReconciliationAddsMissingAndDropsDuplicatesAndOrphans(@TempDir Path tmp) throws IOException {
        SweepDirectory dir = new SweepDirectory(tmp);
        RunSummary a = summary("aaaaaaaaaaaa");
        RunSummary b = summary("bbbbbbbbbbbb");
        dir.writeSummary(a);
        dir.writeSummary(b);
        // index: a twice, an orphan, and a truncated line; b missing (killed between summary and index).
        String idx = RunLogs.line(IndexEntry.of(a)) + "\n" + RunLogs.line(IndexEntry.of(a)) + "\n"
                + RunLogs.line(IndexEntry.of(summary("cccccccccccc"))) + "\n" + "{\"schema_version\":1,\"ru";
        Files.writeString(tmp.resolve(SweepDirectory.INDEX), idx);
        dir.reconcileIndex().close();
        List<String> ids = dir.readIndex().records().stream().map(IndexEntry::runId).toList();
        assertEquals(List.of("aaaaaaaaaaaa", "bbbbbbbbbbbb"), ids);
        assertFalse(dir.readIndex().truncatedTail());
    }

    private static RunSummary summary(String id) {
        return new RunSummary(1, id, "done", 21, 100, 6.0 * 21 * 100, 10, 0.5, null, 0.5, null, null, false, null,
                null, 0.1, java.util.Map.of("model.width", 4));
    }
}
