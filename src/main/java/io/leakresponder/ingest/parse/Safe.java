package io.leakresponder.ingest.parse;

import java.util.regex.Pattern;

/** Keeps report content out of messages, except short identifiers a person needs to find the record. */
final class Safe {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Safe() {
    }

    /**
     * A rule name or record id as is, when it looks like one and has no credential shape; otherwise a
     * placeholder, so a crafted "id" cannot smuggle a secret into a warning.
     */
    static String label(String value) {
        if (value == null || !LABEL.matcher(value).matches() || !TwilioShapes.scanText(value).isEmpty()) {
            return "(unnamed)";
        }
        return value;
    }
}
