package dev.scalelab.core.run;

import dev.scalelab.core.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Merges the complete runs of several sweep directories (e.g. copied back from machines without a shared file
 * system) into one. A run id names a canonical config, so the same id in two places is the same run and is taken
 * once; but two copies whose resolved configs (config.yaml) differ - made by versions of ScaleLab that resolve a
 * config differently - are refused, as are sources that are not sweeps of the same name. Nothing is written
 * before every source has been checked. Runs are copied file by file with summary.json last (atomically), under
 * the target's directory lock; the target's index and sweep.json are then brought up to date.
 */
public final class SweepMerge {
    /** What a merge did: runs copied, runs already in the target, per source. */
    public record Result(int copied, int alreadyThere, Map<Path, Integer> bySource) {
    }

    private SweepMerge() {
    }

    public static Result merge(List<Path> sources, Path into) throws IOException {
        SweepDirectory target = new SweepDirectory(into);
        Map<String, Path> chosen = new LinkedHashMap<>();
        Map<Path, Integer> bySource = new LinkedHashMap<>();
        String name = null;
        Path nameFrom = null;
        LinkedHashSet<String> asked = new LinkedHashSet<>();
        List<SweepManifest> manifests = new ArrayList<>();
        for (Path src : sources) {
            UserInputException.require(Files.isDirectory(src), src + ": no such sweep directory");
            Path srcPath = canonical(src);
            Path intoPath = canonical(into);
            UserInputException.require(!srcPath.equals(intoPath), src + ": is the --into directory itself");
            UserInputException.require(!intoPath.startsWith(srcPath), "--into " + into + " is inside the source "
                    + src + "; merge into a directory outside every source");
            UserInputException.require(!srcPath.startsWith(intoPath), src + ": is inside the --into directory "
                    + into + "; merge into a directory outside every source");
            SweepDirectory dir = new SweepDirectory(src);
            SweepManifest m = dir.manifest();
            UserInputException.require(m != null, src + ": not a sweep directory (no " + SweepDirectory.MANIFEST
                    + ")");
            if (nameFrom == null) {
                name = m.name();
                nameFrom = src;
            } else if (!java.util.Objects.equals(name, m.name())) {
                throw new UserInputException(src + ": sweep " + m.name() + " differs from " + nameFrom + "'s sweep "
                        + name + " (" + SweepDirectory.MANIFEST + "); merge runs of one sweep only");
            }
            manifests.add(m);
            if (m.runIds() != null) {
                asked.addAll(m.runIds());
            }
            int n = 0;
            for (String id : dir.completedRunIds()) {
                Path other = chosen.get(id);
                Path here = dir.file(id, SweepDirectory.CONFIG);
                if (other == null && target.isComplete(id)) {
                    other = target.root();
                }
                if (other != null) {
                    Path there = other.resolve(id).resolve(SweepDirectory.CONFIG);
                    if (!Arrays.equals(Files.readAllBytes(here), Files.readAllBytes(there))) {
                        throw new UserInputException(here + ": run " + id + " has another config than " + there
                                + " (same id, different resolved config: made by different ScaleLab versions?); "
                                + "nothing merged");
                    }
                    continue;
                }
                chosen.put(id, src);
                n++;
            }
            bySource.put(src, n);
        }
        SweepManifest old = target.manifest();
        if (old != null && name != null && !java.util.Objects.equals(old.name(), name)) {
            throw new UserInputException(into + ": holds sweep " + old.name() + ", not " + name + "; nothing merged");
        }
        int already = 0;
        try (DirectoryLock lock = DirectoryLock.acquire(into)) {
            for (Map.Entry<String, Path> e : chosen.entrySet()) {
                copyRun(new SweepDirectory(e.getValue()), target, e.getKey());
            }
            try (SweepIndex index = target.reconcileIndex()) {
                already = index.statuses().size() - chosen.size();
            }
            LinkedHashSet<String> ids = new LinkedHashSet<>();
            if (old != null && old.runIds() != null) {
                ids.addAll(old.runIds());
            }
            ids.addAll(asked);
            SweepManifest first = manifests.get(0);
            String now = Instant.now().toString();
            target.writeManifest(new SweepManifest(RunLogs.SCHEMA_VERSION, first.name(), first.config(),
                    first.method(), first.overrides(), ids.size(), List.copyOf(ids), old != null
                    ? old.created() : now, now, List.copyOf(ids), null));
        }
        return new Result(chosen.size(), already, bySource);
    }

    /** The real path of {@code p}'s longest existing ancestor, with the rest appended (symlinks resolved). */
    private static Path canonical(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
    }

    private static void copyRun(SweepDirectory from, SweepDirectory to, String id) throws IOException {
        Path dir = to.runDir(id);
        Files.createDirectories(dir);
        for (String f : List.of(SweepDirectory.CONFIG, SweepDirectory.PROVENANCE, SweepDirectory.METRICS)) {
            Path src = from.file(id, f);
            if (Files.exists(src)) {
                Files.copy(src, dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        AtomicFiles.write(to.file(id, SweepDirectory.SUMMARY), Files.readAllBytes(from.file(id, SweepDirectory.SUMMARY)),
                false);
    }
}
