package dev.scalelab.cli.cluster;

import java.util.List;
import java.util.regex.Pattern;

/** POSIX shell quoting for generated scripts: words that need it go in single quotes. */
final class ShellQuote {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {
    }

    static String word(String s) {
        if (!s.isEmpty() && PLAIN.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String words(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(word(w));
        }
        return sb.toString();
    }
}
