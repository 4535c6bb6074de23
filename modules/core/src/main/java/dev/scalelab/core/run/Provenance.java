package dev.scalelab.core.run;

/**
 * provenance.json: where and how a run was made, so that a result can be traced to its code, library versions,
 * hardware and BLAS setup (results differ across platforms). {@code jobModels} is how many runs shared the
 * batched job (their wall times overlap). {@code device} is the device the run's job trained on; {@code shard}
 * the share of the sweep that ran it ({@code I/N}, with where I and N came from), null without sharding.
 */
public record Provenance(int schemaVersion, String scalelabVersion, String gitCommit, String javaVersion,
                         String javaVendor, String os, String arch, String host, String backend, String device,
                         String nd4jVersion, String blas, String openblasCoretype, String openblasCoretypeSource,
                         int threads, long seed, String started, String ended, String command, int jobModels,
                         String shard) {

    /** Provenance of an unsharded run. */
    public Provenance(int schemaVersion, String scalelabVersion, String gitCommit, String javaVersion,
                      String javaVendor, String os, String arch, String host, String backend, String device,
                      String nd4jVersion, String blas, String openblasCoretype, String openblasCoretypeSource,
                      int threads, long seed, String started, String ended, String command, int jobModels) {
        this(schemaVersion, scalelabVersion, gitCommit, javaVersion, javaVendor, os, arch, host, backend, device,
                nd4jVersion, blas, openblasCoretype, openblasCoretypeSource, threads, seed, started, ended, command,
                jobModels, null);
    }

    public Provenance withTimes(long seed, String started, String ended, int jobModels) {
        return new Provenance(schemaVersion, scalelabVersion, gitCommit, javaVersion, javaVendor, os, arch, host,
                backend, device, nd4jVersion, blas, openblasCoretype, openblasCoretypeSource, threads, seed, started,
                ended, command, jobModels, shard);
    }

    /** This provenance for a run trained on {@code device} (a sweep spread over several devices). */
    public Provenance onDevice(String device) {
        return new Provenance(schemaVersion, scalelabVersion, gitCommit, javaVersion, javaVendor, os, arch, host,
                backend, device, nd4jVersion, blas, openblasCoretype, openblasCoretypeSource, threads, seed, started,
                ended, command, jobModels, shard);
    }
}
