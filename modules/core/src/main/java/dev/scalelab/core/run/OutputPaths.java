package dev.scalelab.core.run;

import dev.scalelab.core.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where ScaleLab may write: inside the directory the user named ({@code --out}, {@code --plot}), under names
 * that are single, portable path components. A name from a config never climbs out of its directory
 * ({@code ../x}, {@code /x}) and never exceeds what a file system accepts.
 */
public final class OutputPaths {
    /** Longest name a config may give; leaves room for a "-" and a 12-digit run id within 255 bytes. */
    public static final int MAX_NAME = 200;
    private static final int MAX_COMPONENT_BYTES = 255;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private OutputPaths() {
    }

    /** Why {@code name} cannot name a directory, or null when it can. */
    public static String nameProblem(String name) {
        if (name.length() > MAX_NAME) {
            return "longer than " + MAX_NAME + " characters (" + name.length() + ")";
        }
        if (!NAME.matcher(name).matches()) {
            return "it names a directory, so it must be letters, digits, '.', '_' and '-' only, not starting with "
                    + "'.' or '-', got \"" + shorten(name) + "\"";
        }
        return null;
    }

    /**
     * Checks a user-named output directory ({@code flag} names the option in messages) and creates it: refused in
     * one line when empty, with an over-long component, when it is a file, or when it cannot be created.
     */
    public static Path prepareDirectory(Path dir, String flag) {
        check(dir, flag);
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            throw new UserInputException(flag + ": cannot create " + dir + ": " + reason(e));
        } catch (IOException e) {
            throw new UserInputException(flag + ": cannot create " + dir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new UserInputException(flag + ": " + dir + " is not writable");
        }
        return dir;
    }

    /** The checks of {@link #prepareDirectory} that create nothing. */
    public static void check(Path dir, String flag) {
        UserInputException.require(dir != null && !dir.toString().isEmpty(), flag + ": the path is empty");
        for (Path part : dir) {
            int bytes = part.toString().getBytes(StandardCharsets.UTF_8).length;
            UserInputException.require(bytes <= MAX_COMPONENT_BYTES, flag + ": a path component is " + bytes
                    + " bytes long (at most " + MAX_COMPONENT_BYTES + "): " + shorten(part.toString()));
        }
        if (Files.isSymbolicLink(dir) && !Files.exists(dir)) {
            throw new UserInputException(flag + ": " + dir + " is a symbolic link to nothing (a missing target or a "
                    + "loop)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException(flag + ": " + dir + " exists and is not a directory");
        }
    }

    /** {@code base.resolve(name)}, refusing any result that is not strictly inside {@code base}. */
    public static Path inside(Path base, String name) {
        Path resolved;
        try {
            resolved = base.resolve(name);
        } catch (InvalidPathException e) {
            throw new UserInputException("not a valid file name: \"" + shorten(name) + "\"");
        }
        Path b = base.toAbsolutePath().normalize();
        Path r = resolved.toAbsolutePath().normalize();
        if (!r.startsWith(b) || r.equals(b)) {
            throw new UserInputException("\"" + shorten(name) + "\" would be written outside " + base);
        }
        return resolved;
    }

    /** The part of a file-system error a user can act on ("Read-only file system", "Not a directory", ...). */
    public static String reason(FileSystemException e) {
        String r = e.getReason();
        if (r != null) {
            return r;
        }
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 40) + "…(" + s.length() + " characters)";
    }
}
