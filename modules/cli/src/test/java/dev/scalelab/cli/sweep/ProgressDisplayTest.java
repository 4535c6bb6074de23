package dev.scalelab.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.run.RunSummary;
import dev.scalelab.engine.sweep.SweepResult;
import java.io.PrintWriter;
import java.util.Map;
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
    void theClosingLineSaysWhatItSummarises() {
        StringWriter out = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(out), false, 3600);
        display.started(3, 0, 1);
        display.loss("r3", 100, 0.289);
        double[] finals = {1e-5, 2e-5, 0.289};
        for (int i = 0; i < 3; i++) {
            display.runFinished(new RunSummary(2, "r" + i, RunSummary.DONE, 10, 100, 6000, 100, finals[i], null,
                    finals[i], null, null, finals[i] < 1e-4, null, null, 1, Map.of("train.target_loss", 1e-4)));
        }
        display.finished(new SweepResult(3, 0, 3, 1, Map.of("done", 3), java.util.List.of(), 1, 1, 0, 0, 0));
        String last = out.toString().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("sweep: 3/3 runs | elapsed"), last);
        assertTrue(last.endsWith(" | median final train loss 2.00e-05 over 3 runs | reached target loss: 2 of 3"),
                last);
    }

    @Test
    void inALogANoticeIsAPlainLine() {
        StringWriter out = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(out), false, 10);
        display.notice("capped at 16 models per job");
        assertEquals("sweep: capped at 16 models per job\n", out.toString());
    }
}
