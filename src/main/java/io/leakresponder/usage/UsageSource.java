package io.leakresponder.usage;

import java.util.Arrays;

/** What a pull reads from Twilio; each has its own table and CSV export. */
public enum UsageSource {
    /** The main account's subaccounts ({@code GET /2010-04-01/Accounts.json}). */
    SUBACCOUNTS("subaccounts", "Subaccounts"),
    /** Daily Usage Records, every category ({@code /Usage/Records/Daily.json}). */
    USAGE_RECORDS("usage-records", "Usage Records"),
    /** Messages by {@code DateSent} ({@code /Messages.json}), without bodies. */
    MESSAGES("messages", "Messages"),
    /** Calls by {@code StartTime} ({@code /Calls.json}). */
    CALLS("calls", "Calls"),
    /** Monitor Events ({@code https://monitor.twilio.com/v1/Events}). */
    MONITOR_EVENTS("monitor-events", "Monitor Events"),
    /** Monitor Alerts ({@code https://monitor.twilio.com/v1/Alerts}). */
    MONITOR_ALERTS("monitor-alerts", "Monitor Alerts");

    private final String slug;
    private final String label;

    UsageSource(String slug, String label) {
        this.slug = slug;
        this.label = label;
    }

    /** Lower-case name for URLs and file names, e.g. {@code messages} in {@code messages.csv}. */
    public String slug() {
        return slug;
    }

    /** The source of a slug or enum name; empty-handed callers get an IllegalArgumentException naming the choices. */
    public static UsageSource of(String value) {
        for (UsageSource s : values()) {
            if (s.slug.equalsIgnoreCase(value) || s.name().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown usage source '" + value + "'; one of "
                + String.join(", ", Arrays.stream(values()).map(UsageSource::slug).toList()));
    }

    /** Human name for reports. */
    public String label() {
        return label;
    }
}
