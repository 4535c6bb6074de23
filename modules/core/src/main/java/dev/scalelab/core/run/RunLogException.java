package dev.scalelab.core.run;

import dev.scalelab.core.UserInputException;

/** A run-log file that cannot be read (corrupt, or written by a newer schema); the message names the file. */
public final class RunLogException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public RunLogException(String message) {
        super(message);
    }
}
