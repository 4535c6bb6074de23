package dev.scalelab.core.run;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The command line as typed, for provenance: the program name as the launcher saw it (system property
 * {@value #PROGRAM_PROPERTY}, else {@code scalelab}) and every argument, quoted for a POSIX shell where needed so
 * that the line can be pasted back.
 */
public final class Invocation {
    public static final String PROGRAM_PROPERTY = "scalelab.program";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Invocation() {
    }

    /** This process's program name followed by {@code args}. */
    public static String of(List<String> args) {
        return text(System.getProperty(PROGRAM_PROPERTY, "scalelab"), args);
    }

    public static String text(String program, List<String> args) {
        StringBuilder s = new StringBuilder(quote(program));
        for (String a : args) {
            s.append(' ').append(quote(a));
        }
        return s.toString();
    }

    static String quote(String arg) {
        if (PLAIN.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
