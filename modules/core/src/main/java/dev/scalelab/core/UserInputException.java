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
}
