package dev.scalelab.engine.cuda;

import dev.scalelab.core.UserInputException;

/** An on/off environment variable: 1 or unset is on, 0 is off, anything else a one-line error. */
final class EnvironmentSwitch {
    private EnvironmentSwitch() {
    }

    /** {@code onMeaning} and {@code offMeaning} say in a few words what 1 and 0 do, for the error message. */
    static boolean parse(String variable, String value, String onMeaning, String offMeaning) {
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.trim()) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new UserInputException("$" + variable + " must be 1 (" + onMeaning + ", the default) or 0 ("
                    + offMeaning + "), got '" + value + "'");
        };
    }
}
