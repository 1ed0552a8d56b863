package io.leakresponder.dashboard;

import java.util.Locale;

/** The steps of the guided response, in order, each with the runbook section (## heading) that guides it. */
public enum RunbookStep {
    ACKNOWLEDGE("Acknowledge", "Immediate actions"), ROTATE("Rotate", "Rotate"), REPLACE("Replace consumers",
            "Replace"), CONTAIN("Confirm containment",
                    "Verify"), AUDIT("Audit usage", "Audit usage"), CLOSE("Close", "Close");

    private final String label;
    private final String section;

    RunbookStep(String label, String section) {
        this.label = label;
        this.section = section;
    }

    /** The step's name in URLs ({@code ?step=rotate}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    /** The runbook heading whose section is shown with the step. */
    public String section() {
        return section;
    }

    /** The step named in a URL, or null when the name is unknown or absent. */
    static RunbookStep parse(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        for (RunbookStep s : values()) {
            if (s.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }
}
