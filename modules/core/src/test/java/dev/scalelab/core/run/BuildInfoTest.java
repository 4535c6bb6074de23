package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void thisBuildIsStamped() {
        BuildInfo b = BuildInfo.current();
        assertNotEquals(BuildInfo.UNKNOWN, b.version(), "Maven filters the version into " + BuildInfo.RESOURCE);
        assertTrue(b.commit().matches("[0-9a-f]{40}") || b.commit().equals(BuildInfo.UNKNOWN), b.commit());
        assertTrue(b.commit().equals(BuildInfo.UNKNOWN) == (b.dirty() == null), b.toString());
    }

    @Test
    void stampedValuesAreRead() {
        BuildInfo b = BuildInfo.of(props("0.3.0", "305b024fc61480f6fc17992349e7489a7ff5340d", "true"));
        assertEquals(new BuildInfo("0.3.0", "305b024fc61480f6fc17992349e7489a7ff5340d", true), b);
        assertEquals(false, BuildInfo.of(props("0.3.0", "305b024fc61480f6fc17992349e7489a7ff5340d", "false"))
                .dirty());
    }

    @Test
    void unstampedOrOddValuesAreUnknown() {
        BuildInfo b = BuildInfo.of(props("${project.version}", "${scalelab.build.commit}", "${scalelab.build.dirty}"));
        assertEquals(new BuildInfo(BuildInfo.UNKNOWN, BuildInfo.UNKNOWN, null), b);
        assertEquals(BuildInfo.UNKNOWN, BuildInfo.of(props("1", "not-a-commit", "unknown")).commit());
        assertNull(BuildInfo.of(props("1", "unknown", "unknown")).dirty());
        assertEquals(new BuildInfo(BuildInfo.UNKNOWN, BuildInfo.UNKNOWN, null), BuildInfo.of(new Properties()));
    }

    private static Properties props(String version, String commit, String dirty) {
        Properties p = new Properties();
        p.setProperty("version", version);
        p.setProperty("commit", commit);
        p.setProperty("dirty", dirty);
        return p;
    }
}
