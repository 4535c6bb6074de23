package dev.scalelab.core.run;

import dev.scalelab.core.UserInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Locks on a sweep directory: OS locks ({@link FileChannel#tryLock}) that the OS drops when the holder dies, even
 * by kill -9, so a stale lock file never blocks. A whole-sweep run holds {@code <dir>/.lock} exclusively (its
 * content names the holder as {@code pid@host}); a shard holds {@code .lock} shared, so that shards run side by
 * side but never beside a whole-sweep run, and {@code .lock.shard-I} exclusively, so that shard I runs once at a
 * time (a requeued task waits for nothing: its predecessor's lock died with it). A live holder makes acquiring
 * fail with a message naming it.
 */
public final class DirectoryLock implements AutoCloseable {
    public static final String FILE = ".lock";
    private static final String MANIFEST_FILE = ".lock.manifest";

    /** Held locks, released in reverse order; {@code named}: its file holds our pid@host (truncated on release). */
    private record Held(FileChannel channel, FileLock lock, boolean named) {
    }

    private final List<Held> held;

    private DirectoryLock(List<Held> held) {
        this.held = held;
    }

    public static String self() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return ProcessHandle.current().pid() + "@" + host;
    }

    /** The whole directory, for one process (a run without --shard). */
    public static DirectoryLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Held h = tryLock(file, false, true);
        if (h == null) {
            String holder = readHolder(file);
            throw new UserInputException("sweep directory " + dir + " is in use by " + (holder != null
                    ? "process " + holder : "shards of a sharded run (locks " + dir.resolve(FILE) + ".shard-*)")
                    + " (lock " + file + "); wait for it to finish or stop it");
        }
        return new DirectoryLock(List.of(h));
    }

    /** Shard {@code index} of a sharded run: {@code .lock} shared, {@code .lock.shard-INDEX} exclusive. */
    public static DirectoryLock acquireShard(Path dir, int index) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Held shared = tryLock(file, true, false);
        if (shared == null) {
            String holder = readHolder(file);
            throw new UserInputException("sweep directory " + dir + " is in use by "
                    + (holder != null ? "process " + holder : "another process") + ", a run without --shard (lock "
                    + file + "); wait for it to finish or stop it");
        }
        Path shardFile = dir.resolve(FILE + ".shard-" + index);
        Held own;
        try {
            own = tryLock(shardFile, false, true);
        } catch (IOException | RuntimeException e) {
            release(shared);
            throw e;
        }
        if (own == null) {
            release(shared);
            String holder = readHolder(shardFile);
            throw new UserInputException("shard " + index + " of sweep directory " + dir + " is in use by "
                    + (holder != null ? "process " + holder : "another process") + " (lock " + shardFile
                    + "); wait for it to finish or stop it");
        }
        return new DirectoryLock(List.of(shared, own));
    }

    /**
     * A short exclusive lock for read-modify-write of sweep.json by concurrent shards; waits (blocking) for the
     * other shards' updates, which take milliseconds.
     */
    public static DirectoryLock manifest(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(MANIFEST_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new DirectoryLock(List.of(new Held(ch, ch.lock(), false)));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static Held tryLock(Path file, boolean shared, boolean name) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        if (name) {
            byte[] me = (self() + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me), 0);
            ch.force(false);
        }
        return new Held(ch, lock, name);
    }

    /** The pid@host written in a lock file, or null when it names no one. */
    private static String readHolder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException e) {
            return null;
        }
    }

    private static void release(Held h) throws IOException {
        try {
            if (h.named()) {
                h.channel().truncate(0);
            }
        } finally {
            h.lock().release();
            h.channel().close();
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        List<Held> reversed = new ArrayList<>(held);
        java.util.Collections.reverse(reversed);
        for (Held h : reversed) {
            try {
                release(h);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
