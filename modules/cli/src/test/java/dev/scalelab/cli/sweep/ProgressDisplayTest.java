package dev.scalelab.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Notices (e.g. a job split for device memory) get a line of their own, never glued to the progress bar. */
class ProgressDisplayTest {

    @Test
    void onATerminalANoticeErasesTheBarAndTakesItsOwnLine() throws InterruptedException {
        StringWriter out = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(out), true, 10);
        display.started(4, 0, 1);
        Thread.sleep(250); // the bar is redrawn at most 5 times a second
        display.loss("r1", 10, 0.5);
        String bar = out.toString();
        assertTrue(bar.startsWith("\r[") && bar.contains("0/4 runs"), bar);
        display.notice("job of 8 models did not fit in device memory; splitting into 2 jobs of 4");
        String after = out.toString().substring(bar.length());
        assertEquals("\r" + " ".repeat(bar.length() - 1) + "\rsweep: job of 8 models did not fit in device memory; "
                + "splitting into 2 jobs of 4\n", after);
    }

    @Test
    void inALogANoticeIsAPlainLine() {
        StringWriter out = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(out), false, 10);
        display.notice("capped at 16 models per job");
        assertEquals("sweep: capped at 16 models per job\n", out.toString());
    }
}
