package dev.scalelab.scaling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input exits 2 with one line naming the file, row and column; never a stack trace. */
class BadInputTest {
    @TempDir
    Path tmp;

    private Path csv(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static void assertError(CliRunner r, String... parts) {
        assertEquals(2, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("error: "), err);
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), "no stack trace: " + err);
        for (String p : parts) {
            assertTrue(err.contains(p), "expected '" + p + "' in: " + err);
        }
        assertTrue(r.out().isEmpty(), "nothing on stdout");
    }

    @Test
    void missingColumn() throws Exception {
        Path f = csv("t.csv", "params,samples\n100,1000\n200,2000\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "loss=loss"),
                "t.csv", "row 1", "column 'loss'", "not found");
    }

    @Test
    void nonPositiveValue() throws Exception {
        Path f = csv("neg.csv", "N,L\n100,3.0\n200,2.5\n400,-2.1\n800,2.0\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=L"),
                "neg.csv", "row 3", "column 'L'", "-2.1");
    }

    @Test
    void nonFiniteValue() throws Exception {
        Path f = csv("nan.csv", "N,L\n100,3.0\nNaN,2.5\n400,2.1\n800,2.0\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=L"),
                "nan.csv", "row 2", "column 'N'");
    }

    @Test
    void notANumber() throws Exception {
        Path f = csv("txt.jsonl", "{\"N\": 100, \"L\": 3}\n{\"N\": \"big\", \"L\": 2}\n{\"N\": 300, \"L\": 2}\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=L"),
                "txt.jsonl", "row 2", "column 'N'", "not a number");
    }

    @Test
    void fewerPointsThanParameters() throws Exception {
        Path f = csv("few.csv", "params,samples,final_test_loss\n100,1000,3\n200,2000,2.8\n400,3000,2.5\n");
        assertError(CliRunner.run(f.toString(), "--form", "chinchilla"), "few.csv", "3 point(s)", "5 parameters");
    }

    @Test
    void unreadableFile() {
        assertError(CliRunner.run(tmp.resolve("absent.csv").toString(), "--form", "power"), "absent.csv");
    }

    @Test
    void ragged() throws Exception {
        Path f = csv("ragged.csv", "N,L\n100,3.0\n200\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=L"), "ragged.csv", "row 2");
    }

    @Test
    void higherSchemaVersionIsRejected() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("sweep/abcdef123456"));
        Files.writeString(run.resolve("summary.json"), "{\"schema_version\": 99, \"status\": \"done\", \"params\": 10,"
                + " \"samples\": 10, \"flops\": 600, \"final_test_loss\": 1.0}");
        assertError(CliRunner.run(tmp.resolve("sweep").toString(), "--form", "power"), "summary.json",
                "schema_version 99 is newer");
    }

    @Test
    void unknownWhereColumn() throws Exception {
        Path f = csv("w.csv", "N,L\n100,3.0\n200,2.5\n400,2.1\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=L", "--where", "width>3"),
                "w.csv", "row 1", "column 'width'");
    }
}
