package io.leakresponder.usage;

/** What a pull reads from Twilio; each has its own table and CSV export. */
public enum UsageSource {
    /** The main account's subaccounts ({@code GET /2010-04-01/Accounts.json}). */
    SUBACCOUNTS("subaccounts"),
    /** Daily Usage Records, every category ({@code /Usage/Records/Daily.json}). */
    USAGE_RECORDS("usage-records"),
    /** Messages by {@code DateSent} ({@code /Messages.json}), without bodies. */
    MESSAGES("messages"),
    /** Calls by {@code StartTime} ({@code /Calls.json}). */
    CALLS("calls"),
    /** Monitor Events ({@code https://monitor.twilio.com/v1/Events}). */
    MONITOR_EVENTS("monitor-events"),
    /** Monitor Alerts ({@code https://monitor.twilio.com/v1/Alerts}). */
    MONITOR_ALERTS("monitor-alerts");

    private final String slug;

    UsageSource(String slug) {
        this.slug = slug;
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
        throw new IllegalArgumentException("unknown usage source '" + value + "'; one of subaccounts, usage-records, "
                + "messages, calls, monitor-events, monitor-alerts");
    }

    /** Human name for reports. */
    public String label() {
        return switch (this) {
            case SUBACCOUNTS -> "Subaccounts";
            case USAGE_RECORDS -> "Usage Records";
            case MESSAGES -> "Messages";
            case CALLS -> "Calls";
            case MONITOR_EVENTS -> "Monitor Events";
            case MONITOR_ALERTS -> "Monitor Alerts";
        };
    }
}
