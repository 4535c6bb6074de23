package dev.scalelab.core.run;

import java.nio.file.Path;

/** Gathers the facts of provenance.json for this process and a backend's own facts. */
public final class ProvenanceProbe {
    private ProvenanceProbe() {
    }

    /** The part shared by every run of this process; per-run seed and times come from {@link Provenance#withTimes}. */
    public static Provenance probe(BackendProvenance backend, String command) {
        return Provenance.of(BuildInfo.current(), GitState.of(Path.of("").toAbsolutePath()).orElse(null),
                Provenance.Host.current(), backend, command);
    }
}
