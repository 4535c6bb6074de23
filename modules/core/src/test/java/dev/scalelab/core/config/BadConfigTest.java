package dev.scalelab.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of malformed configs: every file under src/test/resources/bad-configs/ is listed in manifest.tsv with
 * the line its error must name and a fragment of the message. Loading (and expanding) it must fail with exactly
 * one line {@code <file>:<line>: <fragment>...}.
 */
class BadConfigTest {
    private static final Path DIR = Path.of("src/test/resources/bad-configs");

    static Stream<Arguments> cases() throws IOException {
        return Files.readAllLines(DIR.resolve("manifest.tsv"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", 3))
                .map(p -> Arguments.of(p[0], Integer.parseInt(p[1]), p[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithFileLineAndKey(String file, int line, String fragment) {
        Path path = DIR.resolve(file);
        UserInputException e = assertThrows(UserInputException.class,
                () -> SweepExpander.expand(SweepConfigLoader.load(path)));
        String message = e.getMessage();
        String prefix = path + ":" + line + ": ";
        assertTrue(message.startsWith(prefix), () -> "expected prefix '" + prefix + "' in: " + message);
        assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
        assertEquals(-1, message.indexOf('\n'), "one line");
    }

    @Test
    void tableHasAtLeastFifteenFilesAndEveryFileIsListed() throws IOException {
        List<String> listed = cases().map(a -> (String) a.get()[0]).toList();
        assertTrue(listed.size() >= 15, "at least 15 bad configs");
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .sorted().toList();
            assertEquals(present, listed.stream().sorted().toList());
        }
    }
}
