package dev.scalelab.core;

/**
 * A problem with what the user gave us (a flag, a config file, a data file). Its message is one line that
 * names the offending flag, file, field or value; the CLI prints it without a stack trace and exits with 2.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }

    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new UserInputException(message);
        }
    }

    /** As {@link #require(boolean, String)}, naming the config {@code field} at fault ({@link Field}). */
    public static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new Field(field, message);
        }
    }

    /** A problem with one named config field (e.g. {@code task.test_size}), for callers that report the key. */
    public static final class Field extends UserInputException {
        private static final long serialVersionUID = 1L;
        private final String field;

        public Field(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
