package io.leakresponder.dashboard;

import io.leakresponder.common.ProblemException;
import java.util.Locale;

/** Reading the dashboard's form fields the same way on every page. */
final class Forms {

    private Forms() {
    }

    /** A text field: blank (or absent) is no value; otherwise the value without surrounding spaces. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * A yes/no field: absent or empty gives the default ({@code null} lets the service choose when
     * {@code nullable}); true/on/yes and false/off/no are read, anything else is refused, naming the field.
     */
    static Boolean flag(String field, String value, boolean nullable) {
        if (value == null || value.isBlank()) {
            return nullable ? null : Boolean.FALSE;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> Boolean.TRUE;
            case "false", "off", "no" -> Boolean.FALSE;
            default -> throw ProblemException.invalidField(field, field + " must be true or false");
        };
    }

    /** A checkbox: a browser sends {@code on} when it is ticked and nothing when it is not. */
    static boolean checked(String field, String value) {
        return flag(field, value, false);
    }
}
