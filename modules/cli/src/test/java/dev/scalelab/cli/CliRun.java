package dev.scalelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.plot.Plotter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** One in-process run of the {@code scalelab} command: its arguments, exit code, stdout and stderr. */
public record CliRun(List<String> args, int code, String out, String err) {

    public static CliRun of(String... args) {
        return in(System.getenv(), args);
    }

    /** The command in the environment {@code env} (instead of this process's). */
    public static CliRun in(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Plotter.files(), env);
        return new CliRun(List.of(args), code, out.toString(), err.toString());
    }

    /** Asserts exit 2 and exactly one line on stderr, {@code error: …} containing {@code expected}. */
    public CliRun assertOneLineError(String expected) {
        String what = String.join(" ", args) + " -> ";
        assertEquals(2, code, what + "exit code; stderr: " + err + " stdout: " + out);
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), what + err);
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(expected),
                what + "expected '" + expected + "' in: " + lines.get(0));
        return this;
    }

    public CliRun assertOk() {
        assertEquals(0, code, String.join(" ", args) + " -> exit code; stderr: " + err + " stdout: " + out);
        return this;
    }
}
