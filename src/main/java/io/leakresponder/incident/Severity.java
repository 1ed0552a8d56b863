package io.leakresponder.incident;

/** How urgent an incident is; ordered from most to least urgent. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO
}
