package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sweep may find in an --out without sweep.json: what another shard starting beside it writes (locks, index
 * files, run directories, and the temp file of sweep.json's atomic write before its rename) is not the user's.
 */
class SweepDirectoryForeignEntryTest {

    @Test
    void anotherShardsFilesAreNotForeign(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve(".lock"));
        Files.createFile(dir.resolve(".lock.manifest"));
        Files.createFile(dir.resolve("index.jsonl"));
        Files.createFile(dir.resolve("index.shard-3.jsonl"));
        Files.createDirectory(dir.resolve("0123456789ab"));
        // The name AtomicFiles gives sweep.json's temp file (a shard saw one and refused --out: a flaky test).
        Files.createFile(dir.resolve(".sweep.json." + Long.toHexString(-42L) + ".tmp"));
        Files.createFile(dir.resolve(".index.jsonl." + Long.toHexString(7L) + ".tmp"));
        assertNull(new SweepDirectory(dir).foreignEntry());
    }

    @Test
    void aUsersFileIsForeign(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve(".sweep.json.abc.tmp"));
        Files.createFile(dir.resolve("notes.txt"));
        assertEquals(dir.resolve("notes.txt"), new SweepDirectory(dir).foreignEntry());
        Files.delete(dir.resolve("notes.txt"));
        Files.createFile(dir.resolve("sweep.json.tmp"));
        assertEquals(dir.resolve("sweep.json.tmp"), new SweepDirectory(dir).foreignEntry());
    }
}
