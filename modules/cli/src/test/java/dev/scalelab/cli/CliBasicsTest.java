package dev.scalelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.run.BuildInfo;
import org.junit.jupiter.api.Test;

/** What a new user meets first: --version, shell completion, help texts without picocli warnings, sawtooth's table. */
class CliBasicsTest {

    @Test
    void versionNamesTheBuildCommitAndWhetherItWasDirty() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.code());
        BuildInfo b = BuildInfo.current();
        assertTrue(r.out().startsWith("ScaleLab " + b.version() + ", built from commit " + b.commit()), r.out());
        if (b.dirty() != null) {
            assertTrue(r.out().contains(b.dirty() ? "(dirty" : "(clean)"), r.out());
        }
    }

    @Test
    void completionPrintsABashScriptWithEverySubcommand() {
        CliRun r = CliRun.of("completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out().substring(0, 100));
        assertTrue(r.out().contains("complete -F _complete_scalelab"), "registers the completion function");
        for (String sub : new String[] {"memorize", "sweep", "report", "table", "fit", "prune", "doctor"}) {
            assertTrue(r.out().contains(sub), sub);
        }
    }

    @Test
    void helpTextsFormatWithoutWarnings() {
        for (String[] args : new String[][] {{"sweep", "plot", "--help"}, {"sweep", "report", "--help"},
            {"sweep", "table", "--help"}, {"completion", "--help"}, {"--help"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertFalse((r.out() + r.err()).contains("WARN"), String.join(" ", args) + ": " + r.out() + r.err());
        }
        assertTrue(CliRun.of("sweep", "plot", "--help").out().contains("95% confidence interval"));
    }

    @Test
    void sawtoothOnANonDyadicGridIsExactUpToInputRoundingTimesTheSlope() {
        CliRun r = CliRun.of("sawtooth", "--max-k", "10", "--grid", "100003");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("exact: every k within 2^k float32 ulps"), r.out());
        assertFalse(r.out().contains("| 10 | 61 | 1024 | 0 |"), "rounding shows on this grid: " + r.out());
    }

    @Test
    void sawtoothPrintsExactZerosAndAPlainHeader() {
        CliRun r = CliRun.of("sawtooth", "--max-k", "2", "--grid", "257");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("| k | parameters (6k + 1) | linear pieces (2^k) | largest error against Δ^k on "
                + "257 points |"), r.out());
        assertFalse(r.out().contains("\\|"), r.out());
        assertTrue(r.out().contains("| 1 | 7 | 2 | 0 |\n"), r.out());
        assertFalse(r.out().contains("0.00"), r.out());
    }
}
