package io.leakresponder.usage;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Narrows a CSV export to some rows, e.g. those behind a signal ({@link AuditReport.RowLink#filter()}). Every field
 * is optional; a field the source has no column for is refused, so a link never silently exports more.
 *
 * @param period     WINDOW or BASELINE (messages, calls, usage records)
 * @param accountSid rows of one account
 * @param country    destination country: ISO 3166 alpha-2, {@code ZZ} for unknown, {@code 001} for international
 *                   networks such as +882 and +883 (messages, calls)
 * @param prefix     destination number prefix such as {@code +882} (messages, calls)
 * @param direction  {@code outbound} (every outbound kind) or an exact Twilio direction (messages, calls)
 * @param sourceIp   source IP address (monitor events)
 * @param eventType  event type such as {@code api-key.created} (monitor events)
 * @param errorCode  Twilio error code (monitor alerts)
 * @param category   usage category such as {@code totalprice} (usage records)
 * @param from       rows at or after this instant (messages, calls, monitor events, monitor alerts)
 * @param to         rows before this instant (same sources as {@code from})
 */
public record UsageExportFilter(UsagePeriod period, String accountSid, String country, String prefix,
        String direction, String sourceIp, String eventType, String errorCode,
        String category, Instant from, Instant to) {

    /** The names of the fields, as used in {@link AuditReport.RowLink#filter()} and as query parameters. */
    public static final Set<String> NAMES = Set.of("period", "accountSid", "country", "prefix", "direction",
            "sourceIp", "eventType", "errorCode", "category", "from", "to");

    public UsageExportFilter {
        if (period == UsagePeriod.BASELINE_AND_WINDOW) {
            throw new IllegalArgumentException("period must be WINDOW or BASELINE");
        }
        if (country != null && !country.matches("[A-Za-z]{2}|001")) {
            throw new IllegalArgumentException("country must be two letters (ISO 3166 alpha-2), ZZ or 001");
        }
        if (prefix != null && !prefix.matches("\\+?[0-9]{1,15}")) {
            throw new IllegalArgumentException("prefix must be digits, optionally after '+'");
        }
        country = country == null ? null : country.toUpperCase(Locale.ROOT);
        prefix = prefix == null || prefix.startsWith("+") ? prefix : "+" + prefix;
    }

    /** No narrowing: every row of the source. */
    public static UsageExportFilter none() {
        return new UsageExportFilter(null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Reads a filter from names and values (query parameters, a row link's filter); blank values are ignored.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public static UsageExportFilter of(Map<String, String> values) {
        for (String name : values.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown filter '" + name + "'; known: " + String.join(", ",
                        NAMES.stream().sorted().toList()));
            }
        }
        try {
            return new UsageExportFilter(
                    value(values, "period") == null
                            ? null
                            : UsagePeriod.valueOf(value(values, "period").toUpperCase(Locale.ROOT)),
                    value(values, "accountSid"), value(values, "country"), value(values, "prefix"),
                    value(values, "direction"), value(values, "sourceIp"), value(values, "eventType"),
                    value(values, "errorCode"), value(values, "category"), instant(values, "from"),
                    instant(values, "to"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("from and to must be ISO-8601 instants such as 2026-01-31T10:00:00Z");
        }
    }

    /** The fields that are set, by name; the inverse of {@link #of(Map)}. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "period", period == null ? null : period.name());
        put(m, "accountSid", accountSid);
        put(m, "country", country);
        put(m, "prefix", prefix);
        put(m, "direction", direction);
        put(m, "sourceIp", sourceIp);
        put(m, "eventType", eventType);
        put(m, "errorCode", errorCode);
        put(m, "category", category);
        put(m, "from", from == null ? null : from.toString());
        put(m, "to", to == null ? null : to.toString());
        return m;
    }

    /** Refuses fields the source has no column for. */
    public void requireApplicableTo(UsageSource source) {
        Set<String> allowed = Sources.descriptor(source).filters();
        for (String name : asMap().keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("filter '" + name + "' does not apply to " + source.slug());
            }
        }
    }

    private static String value(Map<String, String> values, String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Instant instant(Map<String, String> values, String name) {
        String v = value(values, name);
        return v == null ? null : Instant.parse(v);
    }

    private static void put(Map<String, String> m, String name, String value) {
        if (value != null) {
            m.put(name, value);
        }
    }
}
