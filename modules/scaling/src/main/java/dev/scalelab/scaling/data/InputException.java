package dev.scalelab.scaling.data;

/**
 * Bad input to the fitter: an unreadable file, a missing column, a value that is not a positive finite number,
 * too few points. The message is one line naming the file, the row and the column; the CLI prints it and exits 2.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(oneLine(message));
    }

    public InputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** "FILE, row R, column 'COL': WHAT". */
    public static InputException at(String file, int row, String column, String what) {
        StringBuilder sb = new StringBuilder(file);
        if (row > 0) {
            sb.append(", row ").append(row);
        }
        if (column != null) {
            sb.append(", column '").append(column).append('\'');
        }
        return new InputException(sb.append(": ").append(what).toString());
    }

    private static String oneLine(String s) {
        return s == null ? "bad input" : s.replaceAll("[\\r\\n]+", " ").trim();
    }
}
