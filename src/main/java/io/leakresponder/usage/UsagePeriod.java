package io.leakresponder.usage;

/** Which part of the audit a pull or a row belongs to. */
public enum UsagePeriod {
    /** The compromised window. */
    WINDOW,
    /** The period of the window's length (capped) just before it, to compare against. */
    BASELINE,
    /** Both at once: daily Usage Records are read in one pass and each day is assigned afterwards. */
    BASELINE_AND_WINDOW
}
