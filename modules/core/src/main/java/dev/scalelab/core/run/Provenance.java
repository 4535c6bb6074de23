package dev.scalelab.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * provenance.json (schema version 2, docs/run-logs.md): what ran (ScaleLab's version and build commit), where it
 * was started (the working directory's git commit, if any), how (the command line as typed, the JVM, the host)
 * and on what (the backend's own facts: device, libraries, BLAS and threads where they apply, settings), so that
 * a result can be traced to its code and platform (results differ across them). {@code jobModels} is how many
 * runs shared the batched job (their wall times overlap); {@code shard} the share of the sweep that ran it
 * ({@code I/N}, with where I and N came from). Nulls are left out of the JSON: a field that does not apply
 * (threads on a GPU, a working directory outside git, the shard of an unsharded run) is absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(int schemaVersion, String scalelabVersion, String scalelabCommit, Boolean scalelabDirty,
                         String workingDirCommit, Boolean workingDirDirty, String javaVersion, String javaVendor,
                         String os, String arch, String host, String backend, String device,
                         Map<String, String> libraries, String blas, Integer threads,
                         Map<String, String> backendSettings, long seed, String started, String ended,
                         String command, int jobModels, String shard) {

    public Provenance {
        libraries = libraries == null ? Map.of() : libraries;
        backendSettings = backendSettings == null ? Map.of() : backendSettings;
    }

    /** The facts of one process: build, working directory, JVM and host, the backend's own, the command line. */
    public static Provenance of(BuildInfo build, GitState workingDir, Host host, BackendProvenance backend,
                                String command) {
        return new Provenance(RunLogs.SCHEMA_VERSION, build.version(), build.commit(), build.dirty(),
                workingDir == null ? null : workingDir.commit(), workingDir == null ? null : workingDir.dirty(),
                host.javaVersion(), host.javaVendor(), host.os(), host.arch(), host.name(), backend.backend(),
                backend.device(), backend.libraries(), backend.blas(), backend.threads(), backend.settings(), 0,
                null, null, command, 0, null);
    }

    public Provenance withTimes(long seed, String started, String ended, int jobModels) {
        return new Provenance(schemaVersion, scalelabVersion, scalelabCommit, scalelabDirty, workingDirCommit,
                workingDirDirty, javaVersion, javaVendor, os, arch, host, backend, device, libraries, blas, threads,
                backendSettings, seed, started, ended, command, jobModels, shard);
    }

    /** This provenance for a run of sweep shard {@code shard} (null: unsharded). */
    public Provenance withShard(String shard) {
        return new Provenance(schemaVersion, scalelabVersion, scalelabCommit, scalelabDirty, workingDirCommit,
                workingDirDirty, javaVersion, javaVendor, os, arch, host, backend, device, libraries, blas, threads,
                backendSettings, seed, started, ended, command, jobModels, shard);
    }

    /** This provenance for a run trained on {@code device} (a sweep spread over several devices). */
    public Provenance onDevice(String device) {
        return new Provenance(schemaVersion, scalelabVersion, scalelabCommit, scalelabDirty, workingDirCommit,
                workingDirDirty, javaVersion, javaVendor, os, arch, host, backend, device, libraries, blas, threads,
                backendSettings, seed, started, ended, command, jobModels, shard);
    }

    /** The JVM and machine a run was made on. */
    public record Host(String javaVersion, String javaVendor, String os, String arch, String name) {
        public static Host current() {
            String self = DirectoryLock.self();
            return new Host(System.getProperty("java.version"), System.getProperty("java.vendor"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("os.arch"), self.substring(self.indexOf('@') + 1));
        }
    }

    /** Reads provenance.json of either schema version; a version-1 file is read as {@link V1#upgrade()} says. */
    public static Provenance read(Path file) throws IOException {
        JsonNode tree = RunLogs.readTree(file);
        JsonNode version = tree.get("schema_version");
        if (version != null && version.asInt() == 1) {
            return RunLogs.convert(tree, V1.class, file.toString()).upgrade();
        }
        return RunLogs.convert(tree, Provenance.class, file.toString());
    }

    /**
     * provenance.json of schema version 1. Its {@code git_commit} was taken in {@code $SCALELAB_HOME}, else in the
     * working directory (so from a bundle it could be the working directory's commit), suffixed {@code -dirty}.
     */
    record V1(int schemaVersion, String scalelabVersion, String gitCommit, String javaVersion, String javaVendor,
              String os, String arch, String host, String backend, String device, String nd4jVersion, String blas,
              String openblasCoretype, String openblasCoretypeSource, int threads, long seed, String started,
              String ended, String command, int jobModels, String shard) {

        /**
         * As version 2 (keeping {@code schema_version} 1): {@code git_commit} becomes the ScaleLab commit and
         * dirty flag (what it was meant to be; the working-directory fields stay absent). ND4J's version, BLAS,
         * threads and OpenBLAS settings are kept for ND4J runs only: on other backends they were not the
         * backend's.
         */
        Provenance upgrade() {
            String commit = gitCommit == null ? BuildInfo.UNKNOWN : gitCommit;
            Boolean dirty = commit.endsWith("-dirty") ? Boolean.TRUE : commit.matches("[0-9a-f]{40}") ? Boolean.FALSE
                    : null;
            commit = commit.replaceFirst("-dirty$", "");
            boolean nd4j = "nd4j-cpu".equals(backend);
            Map<String, String> libraries = new LinkedHashMap<>();
            if (nd4j && nd4jVersion != null && !nd4jVersion.isEmpty() && !nd4jVersion.equals(BuildInfo.UNKNOWN)) {
                libraries.put("nd4j", nd4jVersion);
            }
            Map<String, String> settings = new LinkedHashMap<>();
            if (nd4j && openblasCoretype != null) {
                settings.put("openblas_coretype", openblasCoretype);
            }
            if (nd4j && openblasCoretypeSource != null) {
                settings.put("openblas_coretype_source", openblasCoretypeSource);
            }
            return new Provenance(1, scalelabVersion, commit, dirty, null, null, javaVersion, javaVendor, os, arch,
                    host, backend, device, libraries, nd4j ? blas : null, nd4j ? threads : null, settings, seed,
                    started, ended, command, jobModels, shard);
        }
    }
}
