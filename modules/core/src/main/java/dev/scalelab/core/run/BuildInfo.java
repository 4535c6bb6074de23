package dev.scalelab.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What ScaleLab itself is: its version and the commit it was built from, with whether tracked files differed
 * from that commit ({@code dirty}; null when unknown). Stamped into {@value #RESOURCE} by Maven at build time
 * (modules/core/pom.xml), so a bundle without .git still says what it is.
 */
public record BuildInfo(String version, String commit, Boolean dirty) {
    public static final String RESOURCE = "scalelab-build.properties";
    public static final String UNKNOWN = "unknown";

    /** The build this class was compiled in. */
    public static BuildInfo current() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return of(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** From the stamped properties; a missing or unfiltered value (a build that did not stamp it) is unknown. */
    static BuildInfo of(Properties p) {
        String version = stamped(p.getProperty("version"));
        String commit = stamped(p.getProperty("commit"));
        String dirty = stamped(p.getProperty("dirty"));
        return new BuildInfo(version == null ? UNKNOWN : version,
                commit != null && commit.matches("[0-9a-f]{40}") ? commit : UNKNOWN,
                "true".equals(dirty) ? Boolean.TRUE : "false".equals(dirty) ? Boolean.FALSE : null);
    }

    private static String stamped(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.strip();
    }
}
