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

    @Test
    void singleDistinctNCannotDetermineTheExponent() throws Exception {
        Path f = csv("oneN.csv", "N,L\n1000,3.0\n1000,2.5\n1000,2.1\n1000,2.0\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=L"),
                "oneN.csv", "at least 3 distinct values of N", "the data have 1 (N = 1000)");
    }

    @Test
    void jointFormNeedsTwoDistinctD() throws Exception {
        StringBuilder text = new StringBuilder("params,samples,final_test_loss\n");
        for (int i = 1; i <= 8; i++) {
            text.append(100 * i).append(",5000,").append(3.0 - 0.1 * i).append('\n');
        }
        Path f = csv("oneD.csv", text.toString());
        assertError(CliRunner.run(f.toString(), "--form", "chinchilla"), "oneD.csv",
                "2 distinct values of D", "the D exponent", "the data have 1");
    }

    @Test
    void duplicatedHeaderColumnIsAmbiguous() throws Exception {
        Path f = csv("dup.csv", "N,L,N\n100,3.0,1\n200,2.5,2\n400,2.1,3\n800,2.0,4\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=L"),
                "dup.csv", "column 'N' appears twice");
    }

    @Test
    void duplicatedJsonKeyIsAmbiguous() throws Exception {
        Path f = csv("dup.jsonl", "{\"N\": 100, \"L\": 3, \"N\": 7}\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=N,loss=L"),
                "dup.jsonl", "row 1", "a key appears twice");
    }

    @Test
    void columnGivenTwiceOrSharedIsAmbiguous() throws Exception {
        Path f = csv("ok.csv", "a,b,L\n100,1,3.0\n200,2,2.5\n400,3,2.1\n800,4,2.0\n");
        assertError(CliRunner.run(f.toString(), "--form", "power", "--columns", "N=a,N=b,loss=L"),
                "--columns", "N is given twice");
        assertError(CliRunner.run(f.toString(), "--form", "chinchilla", "--columns", "N=a,D=a,loss=L"),
                "--columns", "N and D both read column 'a'");
    }
}
