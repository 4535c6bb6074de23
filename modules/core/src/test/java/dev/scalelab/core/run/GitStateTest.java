package dev.scalelab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitStateTest {

    @Test
    void commitAndDirtyFlagOfAWorkTree(@TempDir Path tmp) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Assumptions.assumeTrue(git(repo, "init", "-q") != null, "git is not installed");
        Files.writeString(repo.resolve("a.yaml"), "width: 3\n");
        git(repo, "add", "a.yaml");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
        String head = git(repo, "rev-parse", "HEAD");
        assertEquals(new GitState(head, false), GitState.of(repo).orElseThrow());
        Files.writeString(repo.resolve("untracked.txt"), "not part of the commit\n");
        assertEquals(new GitState(head, false), GitState.of(repo).orElseThrow(), "untracked files do not count");
        Files.writeString(repo.resolve("a.yaml"), "width: 4\n");
        assertEquals(new GitState(head, true), GitState.of(Files.createDirectories(repo.resolve("sub")))
                .orElseThrow(), "from a subdirectory too");
    }

    @Test
    void noRepositoryIsEmpty() {
        Path root = Path.of("/");
        Assumptions.assumeTrue(!Files.exists(root.resolve(".git")));
        assertTrue(GitState.of(root).isEmpty());
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), out);
            return out;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
