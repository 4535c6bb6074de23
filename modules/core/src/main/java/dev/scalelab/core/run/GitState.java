package dev.scalelab.core.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The commit a git work tree is at, and whether its tracked files differ from it. */
public record GitState(String commit, boolean dirty) {

    /** The state of the repository {@code dir} is in; empty when it is in none or git is not installed. */
    public static Optional<GitState> of(Path dir) {
        String head = git(dir, "rev-parse", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{40}")) {
            return Optional.empty();
        }
        String status = git(dir, "status", "--porcelain", "--untracked-files=no");
        return Optional.of(new GitState(head, status != null && !status.isEmpty()));
    }

    private static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            // Only the directory decides which repository: not a GIT_DIR inherited from a git hook or alias.
            pb.environment().remove("GIT_DIR");
            pb.environment().remove("GIT_WORK_TREE");
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(1 << 16);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
