package dev.scalelab.engine.nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J's version and BLAS, for the provenance of runs on the ND4J backend. */
final class Nd4jFacts {
    private Nd4jFacts() {
    }

    static String nd4jVersion() {
        String v = Nd4j.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = Nd4j.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    /** The BLAS vendor and, for OpenBLAS, its version (e.g. {@code OpenBLAS 0.3.19}). */
    static String blas() {
        try {
            Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            String vendor = String.valueOf(env.getOrDefault("blas.vendor", Nd4j.factory().blas().getBlasVendor()));
            return vendor.equalsIgnoreCase("OPENBLAS")
                    ? "OpenBLAS " + org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION.strip()
                            .replaceFirst("^OpenBLAS\\s+", "")
                    : vendor;
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }
}
