package dev.scalelab.core.run;

/**
 * provenance.json: where and how a run was made, so that a result can be traced to its code, library versions,
 * hardware and BLAS setup (results differ across platforms). {@code jobModels} is how many runs shared the
 * batched job (their wall times overlap).
 */
public record Provenance(int schemaVersion, String scalelabVersion, String gitCommit, String javaVersion,
                         String javaVendor, String os, String arch, String host, String backend, String device,
                         String nd4jVersion, String blas, String openblasCoretype, String openblasCoretypeSource,
                         int threads, long seed, String started, String ended, String command, int jobModels) {

    public Provenance withTimes(long seed, String started, String ended, int jobModels) {
        return new Provenance(schemaVersion, scalelabVersion, gitCommit, javaVersion, javaVendor, os, arch, host,
                backend, device, nd4jVersion, blas, openblasCoretype, openblasCoretypeSource, threads, seed, started,
                ended, command, jobModels);
    }
}
